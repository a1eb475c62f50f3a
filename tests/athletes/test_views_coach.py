"""Coach athlete pages: detail, program status polling, create/edit/archive, teams."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete, Team
from programs.models import Program, SessionLog
from tests.athletes.factories import make_assessment
from tests.factories import AthleteFactory, TeamFactory, days_ago
from tests.programs.factories import (
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def _detail(athlete):
    return reverse("athletes:detail", args=[athlete.id])


# ------------------------------------------------------------------------------ detail
def test_detail_empty_state_without_assessment(coach_client, personas):
    page = coach_client.get(_detail(personas.athlete)).content.decode()
    assert "No assessment yet" in page
    assert "<svg" not in page


def test_detail_shows_profile_radar_trend_and_history(coach_client, personas):
    athlete = personas.athlete
    make_assessment(athlete, date=days_ago(60), scores={"hip_flexors": 50.0})
    latest = make_assessment(
        athlete,
        date=days_ago(2),
        scores={"hip_flexors": 62.0},
        asymmetry={"calves": (16.0, "act")},
    )
    response = coach_client.get(_detail(athlete))
    page = response.content.decode()
    assert response.context["profile"].weakest_link == "hip_flexors"
    assert re.search(r'id="weakest-link">\s*Hip flexors', page)
    assert response.context["gap"] == pytest.approx(
        round((62 + 95 + 88 + 101 + 90 + 110) / 6 - 62, 1)
    )
    assert 'class="chart radar"' in page
    assert 'class="ref-ring"' in page
    assert 'class="chart trend"' in page
    assert "62.0&nbsp;%" in page  # the accessible table
    assert "16.0&nbsp;%" in page  # the asymmetry number
    assert len(response.context["trend_rows"]) == 2
    # The trend reads the scores out of the stored profiles (oldest first).
    assert [row["scores"][0] for row in response.context["trend_rows"]] == [50.0, 62.0]
    assert response.context["trend_rows"][1]["scores"][1:] == [95.0, 88.0, 101.0, 90.0, 110.0]
    assert reverse("assessments:detail", args=[athlete.id, latest.id]) in page


def test_detail_buttons_link_the_other_apps(coach_client, personas):
    athlete = personas.other_athlete
    athlete.user = None
    athlete.save()
    page = coach_client.get(_detail(athlete)).content.decode()
    assert reverse("assessments:record", kwargs={"athlete_id": athlete.id}) in page
    assert reverse("athletes:invite_create", kwargs={"athlete_id": athlete.id}) in page
    assert reverse("programs:coach_program", args=[athlete.id]) in page
    assert reverse("athletes:edit", args=[athlete.id]) in page
    assert reverse("athletes:archive", args=[athlete.id]) in page


def test_detail_shows_compliance_and_recent_logs(coach_client, personas):
    athlete = personas.athlete
    version = ProgramVersionFactory(program=ProgramFactory(athlete=athlete))
    session = SessionFactory(version=version, date=days_ago(1), title="Speed day")
    prescription = PrescriptionFactory(session=session, order=1, sets=3)
    SessionLog.objects.create(
        session=session, athlete=athlete, rpe=7, notes="Legs heavy", completed_at=timezone.now()
    )
    from programs.models import PrescriptionLog

    PrescriptionLog.objects.create(prescription=prescription, sets_done=2, hold_seconds=20)
    loaded = PrescriptionFactory(session=session, order=2, side="L", sets=None)
    PrescriptionLog.objects.create(prescription=loaded, sets_done=4, load_kg="12.5")
    skipped = PrescriptionFactory(session=session, order=3, sets=2)
    page = coach_client.get(_detail(athlete)).content.decode()
    assert "Speed day" in page
    assert "RPE 7" in page
    assert "Legs heavy" in page
    assert f"<li>{prescription.exercise.name}: 2 of 3 sets, 20 s hold</li>" in page
    assert f"<li>{loaded.exercise.name} (L): 4 sets, 12.5 kg</li>" in page
    assert f"<li>{skipped.exercise.name}: 0 of 2 sets</li>" in page
    assert "100 % of sessions logged" in page


@pytest.mark.parametrize("history", [1, 8])
def test_detail_query_count_does_not_grow_with_history(
    coach_client, personas, history, django_assert_max_num_queries
):
    athlete = personas.athlete
    version = ProgramVersionFactory(program=ProgramFactory(athlete=athlete))
    for i in range(history):
        make_assessment(athlete, date=days_ago(10 * i + 1), scores={"hip_flexors": 50.0 + i})
        session = SessionFactory(version=version, date=days_ago(i + 1))
        PrescriptionFactory(session=session, order=1)
        SessionLog.objects.create(session=session, athlete=athlete, completed_at=timezone.now())
    ProgramVersionFactory(program=version.program, status="proposed")
    with django_assert_max_num_queries(12):
        response = coach_client.get(_detail(athlete))
    assert len(response.context["assessments"]) == history
    assert len(response.context["recent_logs"]) == min(history, 5)


@pytest.mark.parametrize(
    ("status", "polls"),
    [("pending", True), ("running", True), ("idle", False), ("failed", False)],
)
def test_program_status_polls_only_while_pending_or_running(coach_client, personas, status, polls):
    ProgramFactory(athlete=personas.athlete, regen_status=status)
    url = reverse("athletes:program_status", args=[personas.athlete.id])
    fragment = coach_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert 'id="program-status"' in fragment
    assert ('hx-trigger="every 2s"' in fragment) is polls
    full = coach_client.get(url).content.decode()
    assert "<html" in full
    detail = coach_client.get(_detail(personas.athlete)).content.decode()
    assert ('hx-trigger="every 2s"' in detail) is polls


def test_program_status_shows_a_waiting_proposal(coach_client, personas):
    program = ProgramFactory(athlete=personas.athlete)
    ProgramVersionFactory(program=program, status="active")
    ProgramVersionFactory(program=program, status="proposed", number=7)
    url = reverse("athletes:program_status", args=[personas.athlete.id])
    fragment = coach_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "proposal waiting" in fragment
    assert "Version 7 waits for your approval" in fragment


def test_program_status_before_any_version_says_there_is_none(coach_client, personas):
    # A program row exists from the athlete's creation, but nothing was built yet.
    program = ProgramFactory(athlete=personas.athlete)
    url = reverse("athletes:program_status", args=[personas.athlete.id])
    fragment = coach_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "No program yet" in fragment
    assert "up to date" not in fragment
    ProgramVersionFactory(program=program, status="active")
    fragment = coach_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "up to date" in fragment
    assert "No program yet" not in fragment


# ------------------------------------------------------------------- create and edit
def _form_data(**overrides):
    data = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": "grace@example.com",
        "external_id": "",
        "sex": "F",
        "birth_date": "2005-02-03",
        "level": "advanced",
        "event_focus": "sprint",
        "available_weekdays": ["0", "2", "4"],
        "equipment": ["band", "mat"],
    }
    data.update(overrides)
    return data


def test_create_page_and_athlete(coach_client, personas):
    team = TeamFactory(organization=personas.organization)
    foreign_team = TeamFactory(organization=personas.other_organization)
    page = coach_client.get(reverse("athletes:create")).content.decode()
    assert team.name in page
    assert foreign_team.name not in page
    response = coach_client.post(reverse("athletes:create"), _form_data(teams=[team.id]))
    athlete = Athlete.objects.get(email="grace@example.com")
    assert response.status_code == 302
    assert response.url == _detail(athlete)
    assert athlete.organization == personas.organization
    assert athlete.available_weekdays == [0, 2, 4]
    assert list(athlete.teams.all()) == [team]
    assert Program.objects.filter(athlete=athlete).exists()


def test_create_via_htmx_redirects_the_client(coach_client):
    response = coach_client.post(reverse("athletes:create"), _form_data(), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/athletes/")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"first_name": ""}, "This field is required"),
        ({"email": "not-an-email"}, "Enter a valid email"),
        ({"sex": "X"}, "Select a valid choice"),
        ({"available_weekdays": []}, "Choose at least one training day"),
        ({"equipment": ["jetpack"]}, "Select a valid choice"),
        ({"birth_date": "2999-01-01"}, "would be under 5 years old: check the year"),
        ({"birth_date": "1800-01-01"}, "would be over 100 years old: check the year"),
        ({"first_name": "Sam\x00"}, "Null characters are not allowed"),
        ({"last_name": "Lee\x07"}, "Remove the invisible control character U+0007"),
        ({"external_id": "A\x1b1"}, "Remove the invisible control character U+001B"),
    ],
)
def test_create_rejects_bad_input_and_saves_nothing(coach_client, overrides, message):
    before = Athlete.objects.count()
    response = coach_client.post(reverse("athletes:create"), _form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Athlete.objects.count() == before
    htmx = coach_client.post(
        reverse("athletes:create"), _form_data(**overrides), HTTP_HX_REQUEST="true"
    )
    assert htmx.status_code == 422
    assert "<html" not in htmx.content.decode()
    assert 'id="athlete-form"' in htmx.content.decode()


def test_create_rejects_a_duplicate_email_and_a_foreign_team(coach_client, personas):
    before = Athlete.objects.count()
    response = coach_client.post(
        reverse("athletes:create"), _form_data(email=personas.athlete.email.upper())
    )
    assert "already uses this email" in response.content.decode()
    foreign = TeamFactory(organization=personas.other_organization)
    response = coach_client.post(reverse("athletes:create"), _form_data(teams=[foreign.id]))
    assert "Select a valid choice" in response.content.decode()
    assert Athlete.objects.count() == before


def test_edit_prefills_and_saves(coach_client, personas):
    athlete = personas.athlete
    url = reverse("athletes:edit", args=[athlete.id])
    page = coach_client.get(url).content.decode()
    assert f'value="{athlete.first_name}"' in page
    response = coach_client.post(url, _form_data(first_name="Renamed", email=athlete.email))
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert athlete.first_name == "Renamed"


def test_edit_refuses_a_clash_and_keeps_the_row(coach_client, personas):
    athlete = personas.athlete
    url = reverse("athletes:edit", args=[athlete.id])
    response = coach_client.post(
        url, _form_data(first_name="Changed", email=personas.other_athlete.email)
    )
    assert "already uses this email" in response.content.decode()
    athlete.refresh_from_db()
    assert athlete.first_name != "Changed"


def test_archive_and_unarchive(coach_client, personas):
    athlete = personas.athlete
    assert coach_client.get(reverse("athletes:archive", args=[athlete.id])).status_code == 405
    response = coach_client.post(reverse("athletes:archive", args=[athlete.id]), follow=True)
    athlete.refresh_from_db()
    assert athlete.is_archived
    assert "was archived" in response.content.decode()
    assert "Unarchive" in response.content.decode()
    coach_client.post(reverse("athletes:unarchive", args=[athlete.id]))
    athlete.refresh_from_db()
    assert not athlete.is_archived


# ------------------------------------------------------------------------------- teams
def test_teams_list_create_rename_archive(coach_client, personas):
    TeamFactory(organization=personas.other_organization, name="Foreign squad")
    response = coach_client.post(reverse("athletes:teams"), {"name": "Sprinters"}, follow=True)
    page = response.content.decode()
    assert "Team Sprinters was created" in page
    assert "Foreign squad" not in page
    team = Team.objects.get(organization=personas.organization, name="Sprinters")
    edit = reverse("athletes:team_edit", args=[team.id])
    assert 'value="Sprinters"' in coach_client.get(edit).content.decode()
    coach_client.post(edit, {"name": "Sprint squad"})
    team.refresh_from_db()
    assert team.name == "Sprint squad"
    coach_client.post(reverse("athletes:team_archive", args=[team.id]))
    team.refresh_from_db()
    assert team.archived_at is not None
    assert team not in coach_client.get(reverse("athletes:teams")).context["teams"]


def test_team_create_rejects_duplicates_and_blank(coach_client, personas):
    TeamFactory(organization=personas.organization, name="Sprinters")
    response = coach_client.post(reverse("athletes:teams"), {"name": "sprinters"})
    assert "already has a team of that name" in response.content.decode()
    htmx = coach_client.post(reverse("athletes:teams"), {"name": ""}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 422
    assert 'id="team-create-form"' in htmx.content.decode()
    assert Team.objects.filter(organization=personas.organization).count() == 1


def test_team_rename_htmx_errors_return_the_fragment(coach_client, personas):
    team = TeamFactory(organization=personas.organization, name="A")
    TeamFactory(organization=personas.organization, name="B")
    url = reverse("athletes:team_edit", args=[team.id])
    response = coach_client.post(url, {"name": "b"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert 'id="team-form"' in response.content.decode()
    team.refresh_from_db()
    assert team.name == "A"


def _status(client, athlete) -> str:
    url = reverse("athletes:program_status", args=[athlete.id])
    return " ".join(client.get(url, HTTP_HX_REQUEST="true").content.decode().split())


def test_program_status_after_a_rejected_proposal_says_what_the_program_is_built_on(
    coach_client, personas
):
    """Issue #13: 'up to date' showed although the newer assessment's proposal was
    rejected and the active version still came from the older assessment."""
    older = make_assessment(personas.athlete, date=dt.date(2026, 10, 5))
    newer = make_assessment(personas.athlete, date=dt.date(2026, 11, 2))
    program = ProgramFactory(athlete=personas.athlete, locked=True)
    ProgramVersionFactory(program=program, status="active", number=1, assessment=older)
    proposal = ProgramVersionFactory(
        program=program, status="proposed", number=2, assessment=newer
    )
    status = _status(coach_client, personas.athlete)
    assert "Version 2, built from the assessment of 2 Nov 2026, waits for your approval" in status
    assert "The active version 1 was built from the assessment of 5 Oct 2026." in status
    proposal.status = "rejected"
    proposal.save()
    status = _status(coach_client, personas.athlete)
    assert "up to date" not in status
    assert "behind the latest assessment" in status
    assert "The active version 1 was built from the assessment of 5 Oct 2026." in status
    assert "The assessment of 2 Nov 2026 is not in it: version 2, built from it, was rejected" in (
        status
    )
    detail = " ".join(coach_client.get(_detail(personas.athlete)).content.decode().split())
    assert "behind the latest assessment" in detail


def test_program_status_up_to_date_names_the_assessment(coach_client, personas):
    assessment = make_assessment(personas.athlete, date=dt.date(2026, 11, 2))
    program = ProgramFactory(athlete=personas.athlete)
    ProgramVersionFactory(program=program, status="active", assessment=assessment)
    status = _status(coach_client, personas.athlete)
    assert "up to date" in status
    assert "was built from the assessment of 2 Nov 2026." in status
    # A newer assessment not yet built into a version: not up to date.
    make_assessment(personas.athlete, date=dt.date(2026, 11, 20))
    status = _status(coach_client, personas.athlete)
    assert "up to date" not in status
    assert "The assessment of 20 Nov 2026 is not in it." in status


def test_an_archived_athlete_is_not_offered_an_invitation(coach_client, personas):
    athlete = AthleteFactory(organization=personas.organization)
    invite = reverse("athletes:invite_create", args=[athlete.id])
    assert f'action="{invite}"' in coach_client.get(_detail(athlete)).content.decode()
    coach_client.post(reverse("athletes:archive", args=[athlete.id]))
    assert f'action="{invite}"' not in coach_client.get(_detail(athlete)).content.decode()
    # Posting anyway is refused and makes no link.
    response = coach_client.post(invite)
    assert "archived" in response.content.decode()
    assert not athlete.invitations.exists()


def test_the_athletes_address_leads_to_the_roster(coach_client):
    response = coach_client.get("/athletes/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("athletes:roster")
    assert response.status_code == 200
