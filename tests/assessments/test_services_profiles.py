"""Partial retests through the services (issue #16 §1): what an assessment carries from
earlier ones, the organization's window, the CSV import's snapshots, constant queries."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import balance
from assessments.csv_import import csv_import_commit
from assessments.models import Assessment
from assessments.services_library import protocol_library_load
from tests.assessments.factories import FULL_RESULTS, record
from tests.factories import AthleteFactory, CoachFactory, days_ago

pytestmark = pytest.mark.django_db

HIP_ONLY = [("hip_flexion_hhd", "L", 360.0), ("hip_flexion_hhd", "R", 370.0)]


@pytest.fixture(autouse=True)
def protocols():
    protocol_library_load()


@pytest.fixture
def athlete():
    return AthleteFactory()


def test_a_hip_flexion_retest_keeps_every_other_group_from_the_full_test(athlete):
    full = record(athlete, date=days_ago(35))
    partial = record(athlete, date=days_ago(7), results=HIP_ONLY)
    profile = partial.balance_profile
    assert all(profile.groups[g].tested for g in balance.GROUPS)
    assert profile.groups["glutes"] == full.balance_profile.groups["glutes"]
    carried = {(c.protocol_code, c.side): c.date for c in profile.carried}
    assert set(carried) == {(c, s) for c, s, _ in FULL_RESULTS if c != "hip_flexion_hhd"}
    assert set(carried.values()) == {days_ago(35)}
    assert {c.protocol_code for c in profile.changes} == {"hip_flexion_hhd"}
    # the stored snapshot carries the marks (JSON: ISO dates)
    partial.refresh_from_db()
    assert partial.profile["carried"][0]["date"] == days_ago(35).isoformat()
    assert partial.profile["stale_groups"] == []
    assert partial.weakest_link == profile.weakest_link


def test_results_older_than_the_window_are_not_used_and_their_groups_are_stale(athlete):
    athlete.organization.profile_window_weeks = 4
    athlete.organization.save()
    record(athlete, date=days_ago(35))
    profile = record(athlete, date=days_ago(1), results=HIP_ONLY).balance_profile
    assert profile.carried == ()
    assert [g for g in balance.GROUPS if profile.groups[g].tested] == ["hip_flexors"]
    assert profile.stale_groups == tuple(g for g in balance.GROUPS if g != "hip_flexors")


def test_only_earlier_assessments_are_carried_never_later_ones(athlete):
    record(athlete, date=days_ago(3))
    backdated = record(athlete, date=days_ago(10), results=HIP_ONLY).balance_profile
    assert backdated.carried == ()


def test_the_window_is_bounded_in_the_database(athlete):
    org = athlete.organization
    org.profile_window_weeks = 105
    with pytest.raises(ValidationError):
        org.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(org).objects.filter(pk=org.pk).update(profile_window_weeks=0)


def test_recording_reads_the_history_in_constant_queries(athlete):
    other = AthleteFactory(organization=athlete.organization)
    record(athlete, date=days_ago(60))
    for n in (50, 40, 30, 20):
        record(other, date=days_ago(n))
    record(other, date=days_ago(60), results=HIP_ONLY)
    counts = []
    for who in (athlete, other):
        with CaptureQueriesContext(connection) as ctx:
            record(who, date=days_ago(2), results=HIP_ONLY)
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_csv_import_of_a_partial_retest_carries_the_earlier_results(athlete):
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
    profile = imported.balance_profile
    assert all(profile.groups[g].tested for g in balance.GROUPS)
    assert {c.date for c in profile.carried} == {days_ago(35)}
    assert {c.protocol_code for c in profile.changes} == {"hip_flexion_hhd"}


def test_pages_mark_carried_results_with_their_date(client, athlete):
    coach = CoachFactory(organization=athlete.organization)
    full = record(athlete, date=days_ago(35))
    partial = record(athlete, date=days_ago(7), results=HIP_ONLY)
    client.force_login(coach)
    when = days_ago(35)
    mark = f"carried from {when.day} {when:%b %Y}"
    page = client.get(reverse("athletes:detail", args=[athlete.id])).content.decode()
    assert page.count(mark) == len(balance.GROUPS) - 1  # every group but hip flexors
    assert 'id="carried-note"' in page
    detail = client.get(
        reverse("assessments:detail", args=[athlete.id, partial.id])
    ).content.decode()
    assert 'id="carried"' in detail
    assert detail.count(f"carried from {when:%-d %b %Y}") >= len(full.balance_profile.groups) - 1
    # the full test itself carries nothing
    first = client.get(reverse("assessments:detail", args=[athlete.id, full.id])).content
    assert b"carried from" not in first


def test_pages_name_stale_groups(client, athlete):
    athlete.organization.profile_window_weeks = 2
    athlete.organization.save()
    record(athlete, date=days_ago(35))
    partial = record(athlete, date=days_ago(7), results=HIP_ONLY)
    client.force_login(CoachFactory(organization=athlete.organization))
    page = client.get(reverse("athletes:detail", args=[athlete.id])).content.decode()
    assert "Not used (last tested more than 2 weeks before): glutes" in page
    detail = client.get(reverse("assessments:detail", args=[athlete.id, partial.id]))
    assert b'id="stale-groups"' in detail.content
