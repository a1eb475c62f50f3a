"""Availability and substitution: what the athlete can do, and the best stand-in."""

from __future__ import annotations

from programs.generator.values import AthleteContext, ExerciseSpec

EQUIPMENT_LABEL: dict[str, str] = {"nordic_bench": "Nordic bench"}
# Families of categories: a main-work exercise is only replaced within its family.
CATEGORY_FAMILY: dict[str, str] = {
    "sprint": "running",
    "hill": "running",
    "intervals": "running",
    "easy_run": "endurance",
    "drill": "drill",
    "plyometric": "jumps",
    "agility": "agility",
    "strength": "strength",
    "isometric_band": "strength",
    "core": "strength",
    "mobility": "mobility",
}
# Categories a targeted (weakest-link) slot may fall back to.
TARGETED_CATEGORIES: tuple[str, ...] = (
    "isometric_band",
    "strength",
    "core",
    "drill",
    "plyometric",
)


def unavailable_reason(spec: ExerciseSpec, athlete: AthleteContext) -> str | None:
    """Why the athlete cannot do this exercise, or None when they can."""
    if spec.code in athlete.excluded_exercises:
        return "excluded for this athlete"
    if spec.category in athlete.excluded_categories:
        return f"{spec.category.replace('_', ' ')} work excluded"
    missing = [e for e in spec.equipment if e not in athlete.equipment]
    if missing:
        return ", ".join(f"no {EQUIPMENT_LABEL.get(e, e)}" for e in missing)
    return None


def substitute_key(
    cand: ExerciseSpec, orig: ExerciseSpec, group: str | None, index: int
) -> tuple[object, ...]:
    """Sort key: the best substitute first (same category, then same family, same main
    group, same contraction, same muscle length, same sidedness, same intensity)."""
    main_group = cand.groups[0] if cand.groups else None
    return (
        cand.category != orig.category,
        CATEGORY_FAMILY.get(cand.category) != CATEGORY_FAMILY.get(orig.category),
        group is not None and main_group != group,
        cand.contraction != orig.contraction,
        cand.muscle_length != orig.muscle_length,
        cand.unilateral != orig.unilateral,
        cand.intensity != orig.intensity,
        -len(set(cand.groups) & set(orig.groups)),
        abs((cand.distance_m or 0) - (orig.distance_m or 0)),
        index,
    )


def is_candidate(cand: ExerciseSpec, orig: ExerciseSpec, group: str | None) -> bool:
    """May `cand` stand in for `orig`? Targeted slots need the same group in a training
    category; main work stays within its category family."""
    if cand.code == orig.code:
        return False
    if group is not None:  # targeted work needs a dose that can progress: seconds or reps
        dosed = cand.contraction == "isometric" or bool(cand.seconds or cand.reps)
        return dosed and group in cand.groups and cand.category in TARGETED_CATEGORIES
    return CATEGORY_FAMILY.get(cand.category) == CATEGORY_FAMILY.get(orig.category)
