"""What the athlete's today page shows of readiness: the check-in form and the adjustment."""

from __future__ import annotations

from programs import generator
from programs.forms_readiness import ReadinessForm
from programs.selectors.readiness import checkin_on, live_adjustment_for


def readiness_context(athlete, day, session, *, form=None) -> dict:
    checkin = checkin_on(athlete, day)
    if form is None:
        initial = (
            {name: getattr(checkin, name) for name in generator.READINESS_ITEMS}
            if checkin
            else None
        )
        form = ReadinessForm(initial=initial)
    adjustment = None if session is None or session.is_rest else live_adjustment_for(session)
    return {"checkin": checkin, "readiness_form": form, "adjustment": adjustment}
