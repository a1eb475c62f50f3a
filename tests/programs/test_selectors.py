import datetime as dt

import pytest
from django.utils import timezone

from programs import selectors
from programs.models import SessionLog
from tests.factories import AthleteFactory
from tests.programs.factories import (
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
    week_of_sessions,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def log(session, rpe=None, completed=True):
    return SessionLog.objects.create(
        session=session,
        athlete=session.version.program.athlete,
        rpe=rpe,
        completed_at=timezone.now() if completed else None,
    )


def test_program_and_versions():
    athlete = AthleteFactory()
    assert selectors.program_for_athlete(athlete) is None
    program = ProgramFactory(athlete=athlete)
    old = ProgramVersionFactory(program=program, number=1, status="superseded")
    active = ProgramVersionFactory(program=program, number=2, status="active")
    proposed = ProgramVersionFactory(program=program, number=3, status="proposed")
    assert selectors.program_for_athlete(athlete) == program
    assert list(selectors.version_list(program)) == [proposed, active, old]
    assert selectors.active_version(program) == active
    assert selectors.proposed_version(program) == proposed


def test_version_sessions_prefetch_everything(django_assert_num_queries):
    version = ProgramVersionFactory()
    week_of_sessions(version, TODAY)
    log(version.sessions.get(date=TODAY))
    with django_assert_num_queries(2):
        sessions = list(selectors.version_sessions(version))
        for session in sessions:
            getattr(session, "log", None)
            for p in session.prescriptions.all():
                (p.exercise.name, getattr(p, "log", None))
    assert [s.date for s in sessions] == sorted(s.date for s in sessions)
    assert len(sessions) == 7


def test_logged_session_wins_over_the_active_one():
    program = ProgramFactory()
    old = ProgramVersionFactory(program=program, number=1, status="superseded")
    active = ProgramVersionFactory(program=program, number=2, status="active")
    logged = SessionFactory(version=old, date=TODAY, title="Logged old")
    current = SessionFactory(version=active, date=TODAY, title="Current")
    tomorrow = SessionFactory(version=active, date=TODAY + dt.timedelta(days=1))
    athlete = program.athlete
    assert selectors.session_for_athlete_on(athlete, TODAY) == current
    log(logged)
    assert selectors.session_for_athlete_on(athlete, TODAY) == logged
    assert selectors.sessions_for_athlete_between(
        athlete, TODAY, TODAY + dt.timedelta(days=3)
    ) == [logged, tomorrow]
    assert selectors.session_for_athlete_on(athlete, TODAY + dt.timedelta(days=5)) is None
    # Another athlete's log never shows.
    assert selectors.session_for_athlete_on(AthleteFactory(), TODAY) is None


def test_version_diff_lists_changed_dates():
    program = ProgramFactory()
    old = ProgramVersionFactory(program=program, number=1, status="active")
    new = ProgramVersionFactory(program=program, number=2, status="proposed")
    same_old = SessionFactory(version=old, date=TODAY)
    same_new = SessionFactory(version=new, date=TODAY)
    p = PrescriptionFactory(session=same_old, order=1)
    PrescriptionFactory(session=same_new, order=1, exercise=p.exercise)
    changed_old = SessionFactory(version=old, date=TODAY + dt.timedelta(days=1))
    changed_new = SessionFactory(version=new, date=TODAY + dt.timedelta(days=1))
    kept = PrescriptionFactory(session=changed_old, order=1)
    PrescriptionFactory(session=changed_new, order=1, exercise=kept.exercise, sets=5)
    dropped = PrescriptionFactory(session=changed_old, order=2)
    added = PrescriptionFactory(session=changed_new, order=2)
    SessionFactory(version=new, date=TODAY + dt.timedelta(days=2), title="New day")

    diff = selectors.version_diff(old, new)
    assert [(d["date"], d["status"]) for d in diff] == [
        (TODAY + dt.timedelta(days=1), "changed"),
        (TODAY + dt.timedelta(days=2), "added"),
    ]
    change = diff[0]
    assert [a["code"] for a in change["added"]] == [added.exercise.code]
    assert [r["code"] for r in change["removed"]] == [dropped.exercise.code]
    assert change["changed"] == [
        {"exercise": kept.exercise.name, "old_dose": "3 × 25 s", "new_dose": "5 × 25 s"}
    ]


def test_adherence_for_athletes_in_constant_queries(django_assert_num_queries):
    athletes = []
    for index in range(5):
        version = ProgramVersionFactory(start_date=TODAY - dt.timedelta(days=14))
        sessions = week_of_sessions(version, TODAY - dt.timedelta(days=14), days=14)
        trained = [s for s in sessions if s.kind != "rest"]  # 7 training days
        for session in trained[: index + 1]:
            log(session, rpe=5 + index)
        athletes.append(version.program.athlete)
    ids = [a.id for a in athletes]
    with django_assert_num_queries(2):  # all logged in the window: no history search
        assert selectors.adherence_for_athletes(ids, TODAY)[ids[0]]["share_28"] > 0
    never = AthleteFactory()
    ids.append(never.id)
    with django_assert_num_queries(3):
        stats = selectors.adherence_for_athletes(ids, TODAY)
    first = stats[athletes[0].id]
    assert first["share_28"] == pytest.approx(1 / 7)
    assert first["share_7"] == 0.0  # the log is in the first week
    assert first["mean_rpe"] == 5
    assert first["last_logged"] == TODAY - dt.timedelta(days=14)
    assert stats[athletes[4].id]["share_28"] == pytest.approx(5 / 7)
    assert stats[never.id] == {
        "share_7": None,
        "share_28": None,
        "mean_rpe": None,
        "last_logged": None,
    }


def test_adherence_last_logged_and_window_edges():
    version = ProgramVersionFactory(start_date=TODAY - dt.timedelta(days=60))
    old = SessionFactory(version=version, date=TODAY - dt.timedelta(days=40))
    older = SessionFactory(version=version, date=TODAY - dt.timedelta(days=50))
    in_window = SessionFactory(version=version, date=TODAY - dt.timedelta(days=3))
    today = SessionFactory(version=version, date=TODAY)
    athlete = version.program.athlete
    log(older, rpe=9)
    log(old, rpe=8)
    stats = selectors.adherence_for_athletes([athlete.id], TODAY)[athlete.id]
    # Nothing logged in the last 28 days: the newest log further back is still found.
    assert stats == {
        "share_7": 0.0,
        "share_28": 0.0,
        "mean_rpe": None,
        "last_logged": old.date,
    }
    log(today, rpe=3)  # today's log counts as the last logged, not in the shares yet
    log(in_window, rpe=6)
    stats = selectors.adherence_for_athletes([athlete.id], TODAY)[athlete.id]
    assert stats == {"share_7": 1.0, "share_28": 1.0, "mean_rpe": 6, "last_logged": TODAY}
