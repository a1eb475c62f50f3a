"""Program reads for the token API (exports). The caller scoped the athlete."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from programs.models import Prescription, SessionLog


def session_logs_for_athlete(
    athlete, *, since: dt.date | None = None, until: dt.date | None = None
) -> QuerySet[SessionLog]:
    """The athlete's completion logs by session date, with what was done per prescription."""
    prescriptions = Prescription.objects.select_related("exercise", "log").order_by("order")
    logs = SessionLog.objects.filter(athlete=athlete, session__version__program__athlete=athlete)
    if since is not None:
        logs = logs.filter(session__date__gte=since)
    if until is not None:
        logs = logs.filter(session__date__lte=until)
    return (
        logs.select_related("session")
        .prefetch_related(Prefetch("session__prescriptions", queryset=prescriptions))
        .order_by("session__date", "id")
    )
