import datetime as dt

import pytest
from django.utils import timezone

from programs.models import SessionLog
from programs.selectors import program as selectors
from programs.selectors.athlete import athlete_session_on, sessions_for_athlete_between
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
    assert athlete_session_on(athlete, TODAY) == current
    log(logged)
    assert athlete_session_on(athlete, TODAY) == logged
    assert sessions_for_athlete_between(athlete, TODAY, TODAY + dt.timedelta(days=3)) == [
        logged,
        tomorrow,
    ]
    assert athlete_session_on(athlete, TODAY + dt.timedelta(days=5)) is None
    # Another athlete's log never shows.
    assert athlete_session_on(AthleteFactory(), TODAY) is None


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


def _day(days_ago: int) -> dt.date:
    return TODAY - dt.timedelta(days=days_ago)


def _older_version_log_counts():
    program = ProgramFactory()
    ProgramVersionFactory(program=program, status="active")
    SessionFactory(version=program.versions.get(), date=_day(3))
    old = ProgramVersionFactory(program=program, status="superseded")
    log(SessionFactory(version=old, date=_day(3)), rpe=7)
    return {program.athlete: (1.0, 1.0, 7, _day(3))}


def _rest_day_not_planned():
    version = ProgramVersionFactory()
    log(SessionFactory(version=version, date=_day(3)), rpe=5)
    SessionFactory(version=version, date=_day(2), kind="rest", title="Rest")
    return {version.program.athlete: (1.0, 1.0, 5, _day(3))}


def _log_today_only_last_logged():
    version = ProgramVersionFactory()
    SessionFactory(version=version, date=_day(3))
    log(SessionFactory(version=version, date=TODAY), rpe=9)
    return {version.program.athlete: (0.0, 0.0, None, TODAY)}


def _proposed_version_not_planned():
    program = ProgramFactory()
    active = ProgramVersionFactory(program=program, status="active")
    log(SessionFactory(version=active, date=_day(3)), rpe=4)
    proposed = ProgramVersionFactory(program=program, status="proposed")
    for days_ago in (2, 4, 20):
        SessionFactory(version=proposed, date=_day(days_ago))
    return {program.athlete: (1.0, 1.0, 4, _day(3))}


def _two_logs_one_day():
    # One done day, but both logs count for the mean.
    expected = _older_version_log_counts()
    athlete = next(iter(expected))
    active = athlete.program.versions.get(status="active")
    log(active.sessions.get(date=_day(3)), rpe=6)
    return {athlete: (1.0, 1.0, 6.5, _day(3))}


def _several_athletes():
    busy = ProgramVersionFactory()
    for days_ago in (2, 4, 6, 10, 20):
        SessionFactory(version=busy, date=_day(days_ago))
    for days_ago, rpe in ((2, 6), (10, 7), (20, 9)):
        log(busy.sessions.get(date=_day(days_ago)), rpe=rpe)
    early = ProgramVersionFactory()
    log(SessionFactory(version=early, date=_day(20)), rpe=3)  # nothing planned this week
    idle = ProgramVersionFactory()
    SessionFactory(version=idle, date=_day(1))
    return {
        busy.program.athlete: (1 / 3, 3 / 5, 7.3, _day(2)),
        early.program.athlete: (None, 1.0, 3, _day(20)),
        idle.program.athlete: (0.0, 0.0, None, None),
        AthleteFactory(): (None, None, None, None),
    }


# Also the table of programs.services.generate_read.adherence_28 (test_generate_read.py).
ADHERENCE_CASES = [
    _older_version_log_counts,
    _rest_day_not_planned,
    _log_today_only_last_logged,
    _proposed_version_not_planned,
    _two_logs_one_day,
    _several_athletes,
]


@pytest.mark.parametrize(
    "scenario", ADHERENCE_CASES, ids=lambda scenario: scenario.__name__.strip("_")
)
def test_adherence_cases(scenario, django_assert_max_num_queries):
    keys = ("share_7", "share_28", "mean_rpe", "last_logged")
    expected = {
        athlete.id: dict(zip(keys, values, strict=True)) for athlete, values in scenario().items()
    }
    with django_assert_max_num_queries(3):
        stats = selectors.adherence_for_athletes(list(expected), TODAY)
    assert stats == expected  # shares computed as the same fractions: exact
