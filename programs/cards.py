"""View models for the session pages: what each prescription's card shows, the headed
runs of cards a session page draws (the athlete's phone and the coach's calendar), and the
session's duration estimate. Built from rows the selectors read; no queries of their own
beyond the session's prefetched prescriptions."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from assessments.balance import GROUP_NAMES
from programs import generator
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
# The coach reads the same headings, the weakest link's named: "Weakest link: Hip flexors".
COACH_SECTION_TITLES = {**SECTION_TITLES, "targeted": "Weakest link: {group}"}


def _runs(prescriptions, title) -> list[tuple[str, list]]:
    """Consecutive prescriptions of one section as (heading, [prescription, ...])."""
    runs: list[tuple[str, list]] = []
    last = None
    for p in prescriptions:
        if p.section != last:
            runs.append((title(p), []))
            last = p.section
        runs[-1][1].append(p)
    return runs


def _athlete_title(p: Prescription) -> str:
    return SECTION_TITLES.get(p.section, p.section.capitalize())


def coach_section_title(p: Prescription) -> str:
    title = COACH_SECTION_TITLES.get(p.section, p.section.capitalize())
    group = GROUP_NAMES.get(p.emphasis, "")
    return title.format(group=group.capitalize()) if group else title.split(":")[0]


def session_sections(
    session: Session, *, editable: bool, errors_for=None
) -> list[tuple[str, list]]:
    """The session's cards in the plan's order (the coach calendar's too), a heading over
    each run of one section: the generator keeps each section one run, so "hip-flexor work
    comes first" reads first on the phone as well."""
    errors_for = errors_for or {}
    return [
        (
            title,
            [prescription_card(p, editable=editable, errors=errors_for.get(p.pk)) for p in run],
        )
        for title, run in _runs(session_prescriptions(session), _athlete_title)
    ]


def calendar_sections(prescriptions) -> list[tuple[str, list[Prescription]]]:
    """The coach calendar's rows of one session under the phone's headings."""
    return _runs(prescriptions, coach_section_title)


# How pages say the estimate is made (the rule: programs.generator.duration).
ESTIMATE_HINT = (
    "the work and rest of every set, both sides of one-sided exercises, 10 s to switch "
    "sides and 30 s to change exercise"
)


def prescription_item(p: Prescription) -> generator.PlanItem:
    """The stored prescription as the generator's item, for its duration estimate."""
    return generator.PlanItem(
        exercise_code=str(p.exercise_id),
        order=p.order,
        sets=p.sets,
        reps=p.reps,
        seconds=p.seconds,
        distance_m=p.distance_m,
        rest_s=p.rest_s,
        side=p.side,
        section=p.section,
    )


def session_estimate(prescriptions) -> int | None:
    """The session's estimate in whole minutes (the generator's rule), from its stored
    prescriptions and their exercises' unilateral flags (prefetched: no query); None
    without prescriptions."""
    pairs = [(prescription_item(p), p.exercise.unilateral) for p in prescriptions]
    return generator.estimate_minutes(pairs) if pairs else None


def calendar_view(sessions: list[Session]) -> list[Session]:
    """The coach calendar's sessions with `sections` (rows under headings) and
    `estimate_min` set, from their prefetched prescriptions."""
    for session in sessions:
        rows = list(session.prescriptions.all())
        session.sections = calendar_sections(rows)
        session.estimate_min = None if session.is_rest else session_estimate(rows)
    return sessions
