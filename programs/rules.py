"""Rules about sessions that the services enforce and the pages show, stated once.

The services raise the message; selectors and views ask whether it is None, so a page
never offers an edit or a log the service would refuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from programs.models import ProgramVersion, Session, SessionLog

# Versions an athlete never sees: a coach's pending proposal and what they rejected.
HIDDEN_FROM_ATHLETES = (ProgramVersion.Status.PROPOSED, ProgramVersion.Status.REJECTED)


def session_edit_error(session: Session, *, today: dt.date, logged: bool) -> str | None:
    """Why a coach may not edit this session (None: they may): only the active version's
    sessions from today on that nobody has logged."""
    if session.version.status != ProgramVersion.Status.ACTIVE:
        return "Only the active version of a program can be edited."
    if session.date < today:
        return "Past sessions cannot be changed."
    if logged:
        return "This session has been logged and cannot be changed."
    return None


def session_log_error(athlete, session: Session, *, today: dt.date) -> str | None:
    """Why the athlete may not log this session today (None: they may): not a rest day,
    not before its day, and after its day only with late logging allowed."""
    if session.is_rest:
        return "Rest days have nothing to log. Enjoy the rest."
    if session.date > today:
        return "You can log this session on its day, not before."
    if session.date < today and not athlete.allow_late_logging:
        return "This session has closed: past sessions are read-only."
    return None


def _athletes_log(session: Session, athlete_id: int) -> SessionLog | None:
    try:
        log = session.log
    except SessionLog.DoesNotExist:
        return None
    return log if log.athlete_id == athlete_id else None


def session_shown(sessions: Iterable[Session], *, athlete_id: int) -> Session | None:
    """Of one date's sessions of an athlete's program, the one the athlete sees: a session
    they logged wins (history is kept when a later version replaces the plan; the newest
    log if there are several), otherwise the active version's. Proposed and rejected
    versions never show.

    Each session needs `version_status` annotated (F("version__status")) and its log
    selected. `selectors.athlete.session_list_for_athlete` states this rule in SQL for
    lists that page and filter in the database; tests/programs/test_rules.py checks that
    the two agree."""
    candidates = [s for s in sessions if s.version_status not in HIDDEN_FROM_ATHLETES]
    logged = [s for s in candidates if _athletes_log(s, athlete_id) is not None]
    if logged:
        return max(logged, key=lambda s: (s.log.updated_at, s.pk))
    return next((s for s in candidates if s.version_status == ProgramVersion.Status.ACTIVE), None)


def sessions_shown_by_date(
    sessions: Iterable[Session], *, athlete_id: int
) -> dict[dt.date, Session]:
    """session_shown for each date among `sessions`, in date order."""
    by_date: dict[dt.date, list[Session]] = {}
    for session in sessions:
        by_date.setdefault(session.date, []).append(session)
    shown = {day: session_shown(group, athlete_id=athlete_id) for day, group in by_date.items()}
    return {day: shown[day] for day in sorted(shown) if shown[day] is not None}
