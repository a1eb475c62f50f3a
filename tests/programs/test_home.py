"""The coach's home page "Today": sections, scoping, team filter, query count."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import Program, ProgramVersion, ReadinessCheckIn, SessionLog
from programs.services.readiness import readiness_record
from tests.athletes.factories import make_assessment
from tests.factories import AthleteFactory, TeamFactory
from tests.programs.factories import (
    ExerciseFactory,
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
)
from tests.programs.test_readiness import BAD, baseline

pytestmark = pytest.mark.django_db
URL = reverse("programs:coach_home")


@pytest.fixture
def today():
    return timezone.localdate()


def page_of(client, user, query=""):
    client.force_login(user)
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def test_every_section_says_why_and_links_to_act(client, personas, today):
    org = personas.organization
    # Proposal waiting.
    proposed = AthleteFactory(organization=org, first_name="Pia", last_name="Proposed")
    program = ProgramFactory(athlete=proposed, locked=True)
    ProgramVersionFactory(program=program, number=1, status="active")
    version = ProgramVersionFactory(program=program, number=2, status="proposed")
    make_assessment(proposed, date=today - dt.timedelta(days=3))
    # Failed regeneration.
    failed = AthleteFactory(organization=org, first_name="Fay", last_name="Failed")
    ProgramFactory(athlete=failed, regen_status="failed", regen_error="Boom: no catalogue")
    make_assessment(failed, date=today - dt.timedelta(days=3))
    # Tested, no program.
    bare = AthleteFactory(organization=org, first_name="Bo", last_name="Bare")
    make_assessment(bare, date=today - dt.timedelta(days=3))
    # Never tested: p.athlete and p.other_athlete.
    # Stale test and an asymmetry at "act".
    stale = AthleteFactory(organization=org, first_name="Sam", last_name="Stale")
    make_assessment(
        stale, date=today - dt.timedelta(weeks=14), asymmetry={"hamstrings": (20, "act")}
    )
    ProgramVersionFactory(program=ProgramFactory(athlete=stale), status="active")
    # Low compliance and rising RPE.
    lazy = AthleteFactory(organization=org, first_name="Lou", last_name="Lazy")
    make_assessment(lazy, date=today - dt.timedelta(days=3))
    lazy_version = ProgramVersionFactory(program=ProgramFactory(athlete=lazy), status="active")
    for n in range(1, 27):
        session = SessionFactory(version=lazy_version, date=today - dt.timedelta(days=n))
        if n in (1, 2, 10, 12, 20, 22):
            SessionLog.objects.create(
                session=session, athlete=lazy, rpe=9 if n <= 2 else 5, completed_at=timezone.now()
            )
    page = page_of(client, personas.coach)
    assert "Program version 2 is proposed and waits for approval." in page
    assert reverse("programs:coach_version", args=[proposed.pk, version.pk]) in page
    assert "Regeneration failed: Boom: no catalogue" in page
    assert "Tested, but no active program." in page
    assert page.count("No strength test yet") == 2
    assert reverse("assessments:record", args=[personas.athlete.pk]) in page
    assert "Last test 14 weeks ago" in page
    assert "left side 20 % weaker" in page
    assert "Logged 29 % over 7 days and 23 % over 28 days (below 70 %)." in page
    assert "Session RPE 9.0 this week, 5.0 in the 3 weeks before." in page


def test_low_readiness_lists_the_athlete_with_an_undo(client, personas, today):
    version = ProgramVersionFactory(program=ProgramFactory(athlete=personas.athlete))
    session = SessionFactory(version=version, date=today)
    PrescriptionFactory(
        session=session,
        section="main",
        sets=4,
        exercise=ExerciseFactory(code="sq", name="Squat", category="strength", intensity="high"),
    )
    baseline(personas.athlete, today)
    _, _, adjustment = readiness_record(athlete=personas.athlete, date=today, **BAD)
    page = page_of(client, personas.coach)
    assert "Low readiness today" in page
    assert "Readiness 11/25 is" in page
    assert "below their 28-day baseline" in page
    assert "your" not in page.lower().split("low readiness today")[1].split("</section>")[0]
    assert "Today&#x27;s session was made lighter." in page
    assert reverse("programs:adjustment_undo", args=[personas.athlete.pk, adjustment.pk]) in page


def test_low_readiness_on_a_rest_day_is_listed_without_undo(client, personas, today):
    baseline(personas.athlete, today)
    readiness_record(athlete=personas.athlete, date=today, **BAD)
    page = page_of(client, personas.coach)
    assert "No session was changed." in page
    assert "below their 28-day baseline" in page
    assert "Undo the lighter session" not in page


def test_other_organization_sees_nothing_of_ours(client, personas, today):
    make_assessment(personas.athlete, date=today - dt.timedelta(weeks=20))
    baseline(personas.athlete, today)
    ReadinessCheckIn.objects.create(athlete=personas.athlete, date=today, **BAD)
    page = page_of(client, personas.other_coach)
    assert personas.athlete.last_name not in page
    assert "Last test" not in page
    assert "1 athlete" in page  # their own outside_athlete


def test_athlete_gets_404(client, personas):
    client.force_login(personas.athlete.user)
    assert client.get(URL).status_code == 404


def test_team_filter(client, personas, today):
    sprint = TeamFactory(organization=personas.organization, name="Sprint")
    personas.athlete.teams.add(sprint)
    page = page_of(client, personas.coach, f"?team={sprint.pk}")
    assert personas.athlete.last_name in page
    assert personas.other_athlete.last_name not in page
    # Another organization's team id is ignored: all of ours.
    foreign = TeamFactory(organization=personas.other_organization)
    page = page_of(client, personas.coach, f"?team={foreign.pk}")
    assert personas.other_athlete.last_name in page
    htmx = client.get(URL + f"?team={sprint.pk}", HTTP_HX_REQUEST="true").content.decode()
    assert htmx.lstrip().startswith('<div id="home-body">')


def test_squad_pictures(client, personas, today):
    make_assessment(personas.athlete, date=today - dt.timedelta(days=40), scores={"calves": 50.0})
    make_assessment(
        personas.other_athlete, date=today - dt.timedelta(days=3), scores={"calves": 55.0}
    )
    page = page_of(client, personas.coach)
    assert "Athletes per weakest group" in page
    assert '<text x="90" y="' in page  # group labels right-aligned before the bars
    assert "Squad balance level by month" in page
    assert "style=" not in page


def _squad(org, n, today):
    team = TeamFactory(organization=org)
    for i in range(n):
        athlete = AthleteFactory(organization=org)
        athlete.teams.add(team)
        make_assessment(athlete, date=today - dt.timedelta(days=10 + i % 100))
        version = ProgramVersionFactory(program=ProgramFactory(athlete=athlete))
        session = SessionFactory(version=version, date=today - dt.timedelta(days=1))
        if i % 2:
            SessionLog.objects.create(
                session=session, athlete=athlete, rpe=6, completed_at=timezone.now()
            )
        ReadinessCheckIn.objects.create(athlete=athlete, date=today, **BAD)
    return team


@pytest.mark.parametrize("n", [10, 200])
def test_query_count_does_not_grow_with_athletes(
    client, personas, today, n, django_assert_max_num_queries
):
    _squad(personas.organization, n, today)
    client.force_login(personas.coach)
    with django_assert_max_num_queries(16):
        response = client.get(URL)
    assert response.status_code == 200
    assert Program.objects.count() == n
    assert ProgramVersion.objects.count() == n


def test_tests_out_of_date_follow_the_organizations_window(client, personas, today):
    make_assessment(personas.athlete, date=today - dt.timedelta(weeks=8))
    assert "Last test 8 weeks ago" not in page_of(client, personas.coach)  # 12-week default
    personas.organization.profile_window_weeks = 6
    personas.organization.save()
    assert "Last test 8 weeks ago" in page_of(client, personas.coach)
