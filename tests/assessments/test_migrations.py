"""Data migrations: 0004 back-fills Assessment.asymmetries from the stored profiles."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from assessments import balance
from assessments.models import Assessment
from assessments.services import profile_asymmetries
from assessments.services_library import protocol_library_load
from tests.assessments.factories import FULL_RESULTS, record
from tests.athletes.factories import make_assessment
from tests.factories import AthleteFactory, days_ago

pytestmark = pytest.mark.django_db

backfill_0004 = importlib.import_module("assessments.migrations.0004_assessment_asymmetries")


def _stored_before_0004():
    """Assessments as 0004 finds them: profiles, and the new column at its default."""
    protocol_library_load()
    athlete = AthleteFactory()
    engine = record(athlete, results=FULL_RESULTS)
    tie = make_assessment(
        athlete,
        date=days_ago(10),
        asymmetry={"core": (12.0, "watch"), "glutes": (12.0, "act"), "calves": (4.0, "none")},
    )
    empty = Assessment.objects.create(athlete=athlete, date=days_ago(20), body_mass_kg=70)
    Assessment.objects.update(asymmetries=[])
    return engine, tie, empty


def _expected(assessment):
    assessment.refresh_from_db()
    if not assessment.profile:
        return []
    return profile_asymmetries(balance.profile_from_dict(assessment.profile))


# SQLite's schema editor cannot open inside the test's transaction; its Python path is the
# one test_the_python_path_agrees_with_the_sql_one checks.
@pytest.mark.postgres_only
def test_backfill_writes_what_profile_apply_writes():
    assessments = _stored_before_0004()
    expected = [_expected(a) for a in assessments]
    assert expected[0] == [
        {"group": "hamstrings", "flag": "watch", "pct": 11.8, "weaker_side": "L"}
    ]
    assert [a["group"] for a in expected[1]] == ["glutes", "core"]  # a tie: GROUPS order
    with connection.schema_editor() as editor:
        backfill_0004.backfill(apps, editor)
    stored = dict(Assessment.objects.values_list("id", "asymmetries"))
    assert [stored[a.pk] for a in assessments] == expected


def test_the_python_path_agrees_with_the_sql_one():
    assessments = _stored_before_0004()
    expected = [_expected(a) for a in assessments]
    assert expected[2] == []  # no profile, nothing flagged
    assert [backfill_0004.asymmetries_from_snapshot(a.profile) for a in assessments] == expected
