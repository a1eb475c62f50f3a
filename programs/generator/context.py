"""The planning context: everything the plan needs that follows from the input alone,
worked out once (allowed exercises, target order, the week template, the warm-up)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from assessments.balance import BalanceProfile
from programs.generator.content import WARMUP_DRILLS, WARMUP_SETS
from programs.generator.progression import repeat_load_reasons
from programs.generator.schedule import DayPlan, weekly_template
from programs.generator.substitution import unavailable_reason
from programs.generator.targeting import SWING_PUSH_LOW, target_order
from programs.generator.text import lower_first
from programs.generator.values import AthleteContext, ExerciseSpec, PlanInput, PlanItem
from programs.generator.vocabulary import RETEST_CODE


@dataclass(frozen=True)
class PlanningContext:
    plan_input: PlanInput
    athlete: AthleteContext
    level: str
    profile: BalanceProfile
    by_code: Mapping[str, ExerciseSpec]
    index: Mapping[str, int]  # catalogue position: the last tie-break between substitutes
    allowed: tuple[ExerciseSpec, ...]  # what this athlete can do, in catalogue order
    order: tuple[str, ...]  # targeted groups, first = primary
    primary: str | None
    secondary: str | None
    weakest: str | None  # the profile's weakest link (primary, or second after a near-tie)
    swing_low: bool
    template: tuple[DayPlan, ...]
    repeat: tuple[str, ...]  # why the load is repeated; empty when it progresses
    warmup: tuple[PlanItem, ...]
    warmup_codes: frozenset[str]
    warmup_notes: tuple[str, ...]  # substitutions made in the warm-up


def planning_context(plan_input: PlanInput) -> PlanningContext:
    athlete, profile = plan_input.athlete, plan_input.profile
    by_code = {s.code: s for s in plan_input.catalogue}
    allowed = tuple(
        s
        for s in plan_input.catalogue
        if s.code != RETEST_CODE and unavailable_reason(s, athlete) is None
    )
    order = target_order(profile, athlete.event_focus, plan_input.test_noise)
    ratio = profile.swing_push_ratio
    warmup, notes = warmup_items(by_code, allowed, athlete)
    adherence = plan_input.adherence
    return PlanningContext(
        plan_input=plan_input,
        athlete=athlete,
        level=athlete.level,
        profile=profile,
        by_code=MappingProxyType(by_code),
        index=MappingProxyType({s.code: n for n, s in enumerate(plan_input.catalogue)}),
        allowed=allowed,
        order=order,
        primary=order[0] if order else None,
        secondary=order[1] if len(order) > 1 else None,
        weakest=profile.weakest_link if order else None,
        swing_low=ratio is not None and ratio < SWING_PUSH_LOW,
        template=weekly_template(
            tuple(sorted(set(athlete.available_weekdays))), athlete.event_focus
        ),
        repeat=tuple(repeat_load_reasons(adherence.completed_share, adherence.mean_rpe)),
        warmup=warmup,
        warmup_codes=frozenset(i.exercise_code for i in warmup),
        warmup_notes=notes,
    )


def warmup_items(
    by_code: Mapping[str, ExerciseSpec],
    allowed: tuple[ExerciseSpec, ...],
    athlete: AthleteContext,
) -> tuple[tuple[PlanItem, ...], tuple[str, ...]]:
    """The warm-up every training session starts with, and the substitution notes."""
    notes: list[str] = []
    spare = [
        s
        for s in allowed
        if s.category == "drill" and s.intensity == "low" and s.code not in WARMUP_DRILLS
    ]
    chosen: list[ExerciseSpec] = []
    for code in WARMUP_DRILLS:
        spec = by_code.get(code)
        reason = (
            "not in the exercise library" if spec is None else unavailable_reason(spec, athlete)
        )
        if spec is not None and reason is None:
            chosen.append(spec)
            continue
        name = spec.name if spec else code.replace("_", " ").capitalize()
        sub = next((s for s in spare if s not in chosen), None)
        if sub is not None:
            chosen.append(sub)
            notes.append(f"{name} unavailable: {reason}; using {lower_first(sub.name)}.")
        else:
            notes.append(f"{name} unavailable: {reason}; left out of the warm-up.")
    note = "Warm-up drill."
    if not chosen:  # no drills at all: mobility, then an easy jog
        chosen = [s for s in allowed if s.category == "mobility" and (s.seconds or 0) <= 60]
        chosen = chosen[:4]
        note = "Warm-up (no drills available)."
    if not chosen:
        jog = [s for s in allowed if s.category == "easy_run" and (s.seconds or 0) <= 600]
        if not jog:
            notes.append("No warm-up exercise is available: warm up with 5-10 min easy movement.")
            return (), tuple(notes)
        item = PlanItem(jog[0].code, 1, sets=1, seconds=300, rest_s=0, note=note, section="warmup")
        return (item,), tuple(notes)
    sets = WARMUP_SETS[len(chosen)]
    items = tuple(
        PlanItem(s.code, n, sets=sets, seconds=30, rest_s=30, note=note, section="warmup")
        for n, s in enumerate(chosen, start=1)
    )
    return items, tuple(notes)
