"""View models for the athlete's session pages: what each prescription's card shows and
the headed runs of cards a session page draws. Built from rows the selectors read; no
queries of their own beyond the session's prefetched prescriptions."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from programs.models import Prescription, PrescriptionLog, Session
from programs.selectors.athlete import session_prescriptions

SIDE_LABELS = {"L": "Left", "R": "Right", "B": "Both"}


def _log_or_none(prescription: Prescription) -> PrescriptionLog | None:
    try:
        return prescription.log
    except PrescriptionLog.DoesNotExist:
        return None


@dataclass
class PrescriptionCard:
    """What one prescription's card shows: the plan, what was logged, and the set buttons."""

    prescription: Prescription
    editable: bool
    sets_done: int = 0
    hold_seconds: int | None = None
    load_kg: Decimal | None = None
    set_buttons: list[tuple[int, bool]] = field(default_factory=list)
    errors: dict = field(default_factory=dict)

    @property
    def side_label(self) -> str:
        return SIDE_LABELS.get(self.prescription.side, "")

    @property
    def wants_hold(self) -> bool:
        # Only isometric holds: a timed run, drill or stretch is done, not held.
        p = self.prescription
        return bool(p.seconds) and p.exercise.contraction == "isometric"

    @property
    def wants_load(self) -> bool:
        return self.prescription.exercise.category == "strength"

    @property
    def total_sets(self) -> int:
        return self.prescription.sets or 1

    @property
    def complete(self) -> bool:
        return self.sets_done >= self.total_sets


def prescription_card(prescription: Prescription, *, editable: bool, errors=None):
    log = _log_or_none(prescription)
    done = log.sets_done if log else 0
    # Button n posts sets_done=n: it marks every set up to n, and the service never lowers
    # the count, so a tap on a done set changes nothing. Undo is its own control.
    buttons = [(n, n <= done) for n in range(1, (prescription.sets or 1) + 1)]
    return PrescriptionCard(
        prescription=prescription,
        editable=editable,
        sets_done=done,
        hold_seconds=log.hold_seconds if log else None,
        load_kg=log.load_kg if log else None,
        set_buttons=buttons,
        errors=errors or {},
    )


SECTION_TITLES = {
    "warmup": "Warm-up",
    "main": "Main work",
    "targeted": "Your weakest link",
    "support": "Targeted work",
    "maintenance": "Maintenance holds",
    "cooldown": "Cool-down",
    "retest": "Retest",
}


def session_sections(
    session: Session, *, editable: bool, errors_for=None
) -> list[tuple[str, list]]:
    """The session's cards in the plan's order (the coach calendar's too), a heading over
    each run of one section: the generator keeps each section one run, so "hip-flexor work
    comes first" reads first on the phone as well."""
    errors_for = errors_for or {}
    runs: list[tuple[str, list]] = []
    last = None
    for p in session_prescriptions(session):
        if p.section != last:
            runs.append((SECTION_TITLES.get(p.section, p.section.capitalize()), []))
            last = p.section
        runs[-1][1].append(prescription_card(p, editable=editable, errors=errors_for.get(p.pk)))
    return runs
