"""The coach's program pages: calendar, proposal review, lock, regenerate, settings, edits."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from programs import cards
from programs.models import Prescription, Program, ProgramVersion, Session
from tests.programs.factories import (
    ExerciseFactory,
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
    week_of_sessions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(personas):
    program = ProgramFactory(athlete=personas.athlete)
    active = ProgramVersionFactory(program=program, status="active", number=1)
    week_of_sessions(active, timezone.localdate())
    return program


def _url(name, athlete, *args):
    return reverse(f"programs:{name}", args=[athlete.id, *args])


def _active(program):
    return program.versions.get(status="active")


def _future_prescription(program) -> Prescription:
    return Prescription.objects.filter(session__version=_active(program)).order_by("id").first()


def test_program_page_shows_the_calendar_and_rationale(coach_client, personas, program):
    p = _future_prescription(program)
    p.coach_edited = True
    p.save()
    response = coach_client.get(_url("coach_program", personas.athlete))
    page = response.content.decode()
    assert "Block 1 · week 1" in page
    assert "Strength and power" in page
    assert "3 × 25 s" in page
    assert "Hip flexors are the weakest link" in page
    assert 'title="Edited by a coach">edited' in page
    assert _url("prescription_edit", personas.athlete, p.id) in page
    assert _url("coach_version", personas.athlete, _active(program).id) in page


def test_program_page_without_a_program(coach_client, personas):
    page = coach_client.get(_url("coach_program", personas.other_athlete)).content.decode()
    assert "No program yet" in page


def test_program_page_query_count_is_bounded(
    coach_client, personas, program, django_assert_max_num_queries
):
    week_of_sessions(_active(program), timezone.localdate() + dt.timedelta(days=7))
    with django_assert_max_num_queries(20):
        coach_client.get(_url("coach_program", personas.athlete))


def _proposal(program):
    proposal = ProgramVersionFactory(program=program, status="proposed", number=2)
    week_of_sessions(proposal, timezone.localdate())
    session = proposal.sessions.order_by("date").first()
    PrescriptionFactory(session=session, order=9, exercise=ExerciseFactory(name="Nordic curl"))
    return proposal


def test_proposal_diff_and_approve(coach_client, personas, program):
    proposal = _proposal(program)
    page = coach_client.get(_url("coach_program", personas.athlete)).content.decode()
    assert "Proposal waiting: version 2" in page
    assert "+ Nordic curl" in page
    response = coach_client.post(_url("approve", personas.athlete, proposal.id), follow=True)
    assert "Version 2 was approved" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "active"


def test_reject_and_refusing_to_approve_twice(coach_client, personas, program):
    proposal = _proposal(program)
    coach_client.post(_url("reject", personas.athlete, proposal.id))
    proposal.refresh_from_db()
    assert proposal.status == "rejected"
    response = coach_client.post(_url("approve", personas.athlete, proposal.id), follow=True)
    assert "Only a proposed version can be approved" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "rejected"


def test_version_page(coach_client, personas, program):
    proposal = _proposal(program)
    page = coach_client.get(_url("coach_version", personas.athlete, proposal.id)).content.decode()
    assert "Version 2" in page
    assert "Approve" in page
    assert "+ Nordic curl" in page
    assert "Strength and power" in page


def test_lock_and_unlock(coach_client, personas, program):
    response = coach_client.post(_url("lock", personas.athlete), {"locked": "1"}, follow=True)
    assert "Program locked" in response.content.decode()
    program.refresh_from_db()
    assert program.locked
    coach_client.post(_url("lock", personas.athlete), {"locked": "0"})
    program.refresh_from_db()
    assert not program.locked


def test_regenerate_marks_pending(
    coach_client, personas, program, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = coach_client.post(_url("regenerate", personas.athlete), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == _url("coach_program", personas.athlete)
    program.refresh_from_db()
    assert program.regen_status == Program.Regeneration.PENDING
    assert len(callbacks) == 1


def test_settings_save_and_regenerate(
    coach_client, personas, program, django_capture_on_commit_callbacks
):
    url = _url("settings", personas.athlete)
    assert 'name="block_length"' in coach_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=False):
        data = {"block_length": "6", "weeks": "3", "session_budget_min": "45"}
        response = coach_client.post(url, data)
    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.block_length, program.weeks, program.session_budget_min) == (6, 3, 45)
    assert program.regen_status == Program.Regeneration.PENDING


@pytest.mark.parametrize(
    "data",
    [
        {"block_length": "99", "weeks": "3", "session_budget_min": "60"},
        {"block_length": "4", "weeks": "x", "session_budget_min": "60"},
        {"block_length": "4", "weeks": "3", "session_budget_min": "10"},
        {"block_length": "4", "weeks": "3", "session_budget_min": "151"},
    ],
)
def test_settings_reject_bad_input(coach_client, personas, program, data):
    url = _url("settings", personas.athlete)
    response = coach_client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert 'id="settings-form"' in response.content.decode()
    assert "<html" not in response.content.decode()
    program.refresh_from_db()
    assert (program.block_length, program.weeks, program.session_budget_min) == (4, 4, 60)
    assert program.regen_status == Program.Regeneration.IDLE


def test_prescription_edit_inline(coach_client, personas, program):
    p = _future_prescription(program)
    url = _url("prescription_edit", personas.athlete, p.id)
    fragment = coach_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert f'<tr id="prescription-{p.id}" class="editing">' in fragment
    assert "<html" in coach_client.get(url).content.decode()  # full page fallback
    data = {
        "exercise": p.exercise_id,
        "sets": "5",
        "seconds": "30",
        "rest_s": "90",
        "note": "Hold it",
    }
    response = coach_client.post(url, data, HTTP_HX_REQUEST="true")
    row = response.content.decode()
    assert response.status_code == 200
    assert row.strip().startswith(f'<tr id="prescription-{p.id}">')
    assert "5 × 30 s" in row
    assert "edited" in row
    p.refresh_from_db()
    assert (p.sets, p.seconds, p.rest_s, p.coach_edited) == (5, 30, 90, True)
    cancel = coach_client.get(url + "?cancel=1", HTTP_HX_REQUEST="true").content.decode()
    assert "editing" not in cancel


def test_prescription_edit_full_page_shows_the_sessions_estimate(coach_client, personas, program):
    p = _future_prescription(program)
    url = _url("prescription_edit", personas.athlete, p.id)
    assert "≈ 9 min" in coach_client.get(url).content.decode()  # 3 x 25 s and 4 x 25 s
    assert "≈ 9 min" in coach_client.post(url, {"sets": "99"}).content.decode()  # invalid
    data = {"exercise": p.exercise_id, "sets": "1", "seconds": "25", "rest_s": "60"}
    assert coach_client.post(url, data).status_code == 302  # no htmx: back to the calendar
    rows = p.session.prescriptions.select_related("exercise")
    after = cards.session_estimate(rows)  # the calendar's and the athlete's rule
    assert after < 9
    page = coach_client.get(url).content.decode()
    assert f"≈ {after} min</strong>" in page
    assert "both sides of one-sided exercises" in page  # how it is made


def test_prescription_edit_clears_an_emptied_field(coach_client, personas, program):
    p = _future_prescription(program)
    p.reps, p.seconds = 8, None
    p.save()
    form = {"exercise": p.exercise_id, "sets": "3", "reps": "", "seconds": "30", "rest_s": ""}
    response = coach_client.post(
        _url("prescription_edit", personas.athlete, p.id), form, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "3 × 30 s" in response.content.decode()
    p.refresh_from_db()
    assert (p.sets, p.reps, p.seconds, p.rest_s) == (3, None, 30, None)


def test_prescription_edit_offers_only_exercises_sharing_a_group(coach_client, personas, program):
    p = _future_prescription(program)
    ExerciseFactory(name="Band march", groups=["hip_flexors", "core"])
    other = ExerciseFactory(name="Calf raise", groups=["calves"])
    page = coach_client.get(_url("prescription_edit", personas.athlete, p.id)).content.decode()
    assert "Band march" in page
    assert "Calf raise" not in page
    response = coach_client.post(
        _url("prescription_edit", personas.athlete, p.id),
        {"exercise": other.id, "sets": "3"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    p.refresh_from_db()
    assert p.exercise_id != other.id


@pytest.mark.parametrize("data", [{"sets": "99"}, {"reps": "-1"}, {"rest_s": "abc"}])
def test_prescription_edit_rejects_bad_doses(coach_client, personas, program, data):
    p = _future_prescription(program)
    response = coach_client.post(
        _url("prescription_edit", personas.athlete, p.id),
        {"exercise": p.exercise_id, **data},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    p.refresh_from_db()
    assert (p.sets, p.reps, p.rest_s, p.coach_edited) == (3, None, 60, False)


def test_prescription_edit_refuses_past_sessions(coach_client, personas, program):
    past = SessionFactory(
        version=_active(program), date=timezone.localdate() - dt.timedelta(days=3)
    )
    p = PrescriptionFactory(session=past, order=1)
    response = coach_client.post(
        _url("prescription_edit", personas.athlete, p.id), {"exercise": p.exercise_id, "sets": "5"}
    )
    assert "Past sessions cannot be changed" in response.content.decode()
    p.refresh_from_db()
    assert p.sets == 3


def test_session_note(coach_client, personas, program):
    session = _active(program).sessions.order_by("date").first()
    url = _url("session_note", personas.athlete, session.id)
    response = coach_client.post(url, {"note": "Go easy, long day at school"}, follow=True)
    assert "Note saved" in response.content.decode()
    session.refresh_from_db()
    assert session.coach_note == "Go easy, long day at school"
    coach_client.post(url, {"note": "x" * 3000})
    session.refresh_from_db()
    assert session.coach_note == "Go easy, long day at school"


def test_ids_of_another_athlete_are_404(coach_client, personas, program):
    # A prescription of athlete A addressed under athlete B's URL.
    p = _future_prescription(program)
    other = personas.other_athlete
    assert coach_client.get(_url("prescription_edit", other, p.id)).status_code == 404
    session = Session.objects.filter(version__program=program).first()
    assert (
        coach_client.post(_url("session_note", other, session.id), {"note": "x"}).status_code
        == 404
    )
    version = ProgramVersion.objects.filter(program=program).first()
    assert coach_client.get(_url("coach_version", other, version.id)).status_code == 404


def test_program_page_shows_one_week_with_tabs_to_the_others(coach_client, personas, program):
    active = _active(program)
    week_two = week_of_sessions(active, timezone.localdate() + dt.timedelta(days=7))
    Session.objects.filter(pk__in=[s.pk for s in week_two]).update(week=2, title="Week two day")
    url = _url("coach_program", personas.athlete)
    key = week_two[0].date.isoformat()
    page = coach_client.get(url).content.decode()
    # Today's week first; the other week is a link (href and hx-get) away.
    assert 'aria-label="Block 1 · week 1"' in page
    assert "Week two day" not in page
    assert f'href="{url}?week={key}#calendar"' in page
    assert f'hx-get="{url}?week={key}"' in page
    fragment = coach_client.get(url + f"?week={key}", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div class="calendar" id="calendar">')
    assert "Week two day" in fragment
    assert "<html" not in fragment
    # Any day of a week opens that week.
    page = coach_client.get(url + f"?week={week_two[3].date}").content.decode()
    assert 'aria-label="Block 1 · week 2"' in page
    # A week without sessions, or no date at all, shows the current one, never a 500.
    for bad in ("2001-01-01", "99", "²", "２０２６-01-01", "x" * 300):
        response = coach_client.get(url, {"week": bad})
        assert response.status_code == 200
        assert 'aria-label="Block 1 · week 1"' in response.content.decode()


def test_program_calendar_tabs_are_dated_weeks_of_each_block(coach_client, personas):
    """Issue #13: a 4-week block from a start in the past gave one tab 'Week 1' spanning
    both blocks' first weeks, and the page did not open on the current week."""
    today = timezone.localdate()
    start = today - dt.timedelta(days=37)  # today is in the 6th week: block 2, week 2
    program = ProgramFactory(athlete=personas.athlete, block_length=4, weeks=8)
    version = ProgramVersionFactory(program=program, start_date=start)
    for w in range(8):
        days = week_of_sessions(version, start + dt.timedelta(days=7 * w))
        Session.objects.filter(pk__in=[s.pk for s in days]).update(
            week=w % 4 + 1, title=f"Day of plan week {w + 1}"
        )
    url = _url("coach_program", personas.athlete)
    page = coach_client.get(url).content.decode()
    at = page.index('class="row small week-tabs"')
    tabs = page[at : page.index("</nav>", at)]
    assert tabs.count("<a ") == 8
    for w in range(8):
        first = start + dt.timedelta(days=7 * w)
        last = first + dt.timedelta(days=6)
        assert f"?week={first.isoformat()}#calendar" in tabs
        assert f"Block {w // 4 + 1} · week {w % 4 + 1}" in tabs
        assert f"–{last.day} {last:%b} <span" in tabs
    # It opens on the week holding today, marked as the current tab.
    assert 'aria-label="Block 2 · week 2"' in page
    assert "Day of plan week 6" in page
    assert "Day of plan week 2" not in page
    current = f"{url}?week={(start + dt.timedelta(days=35)).isoformat()}#calendar"
    assert f'href="{current}"' in tabs
    tab = tabs[tabs.index(f'href="{current}"') :]
    assert 'aria-current="page"' in tab[: tab.index("</a>")]
