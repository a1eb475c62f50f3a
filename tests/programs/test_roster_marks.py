"""Issue 16: the roster marks partial retests by the athlete page's rule: the weakest link's
result carried from an earlier assessment (with its date), and how many groups are stale.
Stored with the assessment when its snapshot is computed, so a row costs no query."""

import importlib

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.csv_import import csv_import_commit
from assessments.models import Assessment
from assessments.services_library import protocol_library_load
from athletes.profile_marks import date_text, group_marks, weakest_carried
from programs.roster import RosterParams, roster_page
from tests.assessments.factories import FULL_RESULTS, record
from tests.factories import AthleteFactory, days_ago, make_personas

pytestmark = pytest.mark.django_db
URL = reverse("athletes:roster")
# A strong hip-flexion retest: the weakest link stays a group this retest did not test.
HIP_ONLY = [("hip_flexion_hhd", "L", 700.0), ("hip_flexion_hhd", "R", 700.0)]
MIGRATION = importlib.import_module("assessments.migrations.0007_assessment_partial_retest_marks")


@pytest.fixture(autouse=True)
def protocols():
    protocol_library_load()


@pytest.fixture
def personas():
    return make_personas()


def _row(personas, athlete):
    _page, rows = roster_page(personas.coach, RosterParams(), today=timezone.localdate())
    return next(r for r in rows if r.athlete_id == athlete.id)


def test_a_partial_retest_marks_the_carried_weakest_link_with_its_date(personas):
    athlete = personas.athlete
    record(athlete, date=days_ago(35))
    partial = record(athlete, date=days_ago(7), results=HIP_ONLY)
    weakest = partial.weakest_link
    assert weakest
    assert weakest != "hip_flexors"
    # the athlete page's mark for that group, and the stored columns
    mark = group_marks(partial.balance_profile)[weakest]
    assert mark == f"carried from {date_text(days_ago(35))}"
    partial.refresh_from_db()
    assert partial.weakest_carried == {"dates": [days_ago(35).isoformat()], "partly": False}
    assert partial.stale_group_count == 0
    row = _row(personas, athlete)
    assert row.weakest_carried == mark
    assert row.stale_groups == ""


def test_groups_older_than_the_window_are_counted_stale(personas):
    athlete = personas.athlete
    athlete.organization.profile_window_weeks = 4
    athlete.organization.save()
    record(athlete, date=days_ago(35))
    partial = record(athlete, date=days_ago(1), results=HIP_ONLY)
    assert partial.weakest_link == "hip_flexors"  # the only group in the window
    row = _row(personas, athlete)
    assert row.stale_groups == "5 groups stale"
    assert row.weakest_carried == ""  # retested today


def test_a_full_assessment_has_no_marks(personas):
    record(personas.athlete, date=days_ago(3))
    row = _row(personas, personas.athlete)
    assert (row.weakest_carried, row.stale_groups) == ("", "")


def test_the_csv_import_stores_the_marks_too(personas):
    athlete = personas.athlete
    record(athlete, date=days_ago(35))
    lines = ["athlete_email,date,body_mass_kg,protocol,side,value"]
    for code, side, value in HIP_ONLY:
        lines.append(f"{athlete.email},{days_ago(5).isoformat()},75,{code},{side},{value}")
    csv_import_commit(
        organization=athlete.organization,
        file_bytes=("\n".join(lines) + "\n").encode(),
        user=None,
        today=days_ago(0),
    )
    imported = Assessment.objects.get(athlete=athlete, date=days_ago(5))
    assert imported.weakest_carried == {"dates": [days_ago(35).isoformat()], "partly": False}


def test_the_roster_page_shows_the_marks_and_its_cached_rows_follow_them(client, personas):
    athlete = personas.athlete
    record(athlete, date=days_ago(35))
    client.force_login(personas.coach)
    cache.clear()
    assert "carried from" not in client.get(URL).content.decode()
    record(athlete, date=days_ago(7), results=HIP_ONLY)
    page = client.get(URL).content.decode()
    assert f"carried from {date_text(days_ago(35))}" in page


@pytest.mark.parametrize("extra", [0, 12])
def test_marks_cost_no_query_per_row(client, personas, extra, django_assert_max_num_queries):
    for n in range(3 + extra):
        athlete = AthleteFactory(organization=personas.organization, last_name=f"R{n:03d}")
        record(athlete, date=days_ago(35))
        record(athlete, date=days_ago(7), results=HIP_ONLY)
    client.force_login(personas.coach)
    with CaptureQueriesContext(connection) as few:
        client.get(URL + "?sort=weakest")
    with django_assert_max_num_queries(12):
        html = client.get(URL + "?sort=name").content.decode()
    assert html.count("carried from") == 3 + extra
    assert len(few.captured_queries) <= 12


def test_the_migration_backfills_what_the_service_stores(personas):
    athlete = personas.athlete
    athlete.organization.profile_window_weeks = 4
    athlete.organization.save()
    record(athlete, date=days_ago(40))
    record(athlete, date=days_ago(20), results=FULL_RESULTS[2:])  # carries hip flexion
    stale = record(athlete, date=days_ago(1), results=HIP_ONLY)  # 20 days back: all in
    for a in Assessment.objects.filter(athlete=athlete):
        profile = a.balance_profile
        assert MIGRATION.marks_from_snapshot(a.profile) == (
            weakest_carried(profile),
            len(profile.stale_groups),
        )
    assert MIGRATION.marks_from_snapshot({}) == ({}, 0)
    assert stale.balance_profile is not None
