"""Rules about sessions that the services enforce and the pages show, stated once.

The services raise the message; selectors and views ask whether it is None, so a page
never offers an edit or a log the service would refuse.
"""

from __future__ import annotations

import datetime as dt

from programs.models import ProgramVersion, Session


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
