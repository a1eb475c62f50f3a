"""Program generator: turns a balance profile into a training block.

Pure Python (no Django), deterministic, no clock: `start` is passed in. Frozen dataclasses
in and out. Training facts come from ../shared/reference/strength-tests.md and are cited
where they are used.

This module holds the contract (dataclasses and vocabularies), the exercise-library loader,
the volume helpers and the input fingerprint. The plan itself is built in
`generator_plan.py` (weeks) on `generator_sessions.py`, `generator_items.py` and
`generator_choice.py`, following the rules in `generator_rules.py` (schedule, targeting,
progression, substitution), the content in `generator_content.py` and the sentences in
`generator_rationale.py`. None of them import Django.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from functools import cache
from pathlib import Path

from assessments.balance import GROUPS, BalanceProfile

CATEGORIES: tuple[str, ...] = (
    "sprint",
    "drill",  # technique drill
    "plyometric",
    "strength",
    "isometric_band",
    "intervals",
    "agility",
    "hill",
    "easy_run",
    "core",
    "mobility",  # mobility / recovery
)
CONTRACTIONS: tuple[str, ...] = ("isometric", "concentric", "eccentric", "mixed")
MUSCLE_LENGTHS: tuple[str, ...] = ("short", "middle", "long")
INTENSITIES: tuple[str, ...] = ("low", "moderate", "high")  # nervous-system load
LEVELS: tuple[str, ...] = ("novice", "intermediate", "advanced")
EVENT_FOCUSES: tuple[str, ...] = ("sprint", "field", "distance")
SESSION_KINDS: tuple[str, ...] = (
    "sprint",
    "strength",
    "hills",
    "intervals",
    "agility",
    "long_run",
    "recovery",
    "rest",
    "retest",
)
EQUIPMENT: tuple[str, ...] = (
    "band",
    "barbell",
    "dumbbells",
    "box",
    "cones",
    "ladder",
    "nordic_bench",
    "hill",
    "pool",
    "mat",
    "bench",
)
# PlanItem.section: where in the session an item sits.
SECTIONS: tuple[str, ...] = ("warmup", "main", "targeted", "cooldown", "retest")
RETEST_CODE = "retest_battery"  # one item per group in a retest session
CATALOGUE_PATH = Path(__file__).with_name("exercises.toml")

# Reference: "Drills for every warm-up (5-10 min): high knees, butt kicks, high-knee march,
# fast feet." Each warm-up item lasts sets x (seconds + rest_s); see warmup_seconds().
WARMUP_DRILLS: tuple[str, ...] = ("high_knees", "butt_kicks", "high_knee_march", "fast_feet")
WARMUP_MIN_S = 5 * 60
WARMUP_MAX_S = 10 * 60


@dataclass(frozen=True)
class ExerciseSpec:
    code: str
    name: str
    category: str  # one of CATEGORIES
    groups: tuple[str, ...]  # target muscle groups (assessments.balance.GROUPS)
    contraction: str
    equipment: tuple[str, ...]  # all needed; () means none
    unilateral: bool
    muscle_length: str | None  # isometrics: short / middle / long
    intensity: str
    sets: int | None = None  # default dose
    reps: int | None = None
    seconds: int | None = None
    distance_m: int | None = None
    rest_s: int | None = None
    cues: str = ""
    description: str = ""  # added: library text for the Django loader
    contraindications: str = ""  # added
    video_url: str = ""  # added


@dataclass(frozen=True)
class AthleteContext:
    level: str  # one of LEVELS
    sex: str  # "M" / "F"
    available_weekdays: tuple[int, ...]  # 0 = Monday
    equipment: tuple[str, ...]
    event_focus: str  # one of EVENT_FOCUSES
    excluded_categories: tuple[str, ...] = ()
    excluded_exercises: tuple[str, ...] = ()


@dataclass(frozen=True)
class Adherence:
    completed_share: float | None = None  # 0..1 over recent sessions; None: no history
    mean_rpe: float | None = None


@dataclass(frozen=True)
class PlanInput:
    athlete: AthleteContext
    profile: BalanceProfile
    catalogue: tuple[ExerciseSpec, ...]
    start: date
    weeks: int = 4  # how many weeks to plan
    block_week: int = 1  # week of the running block the plan starts at (1-based)
    block_length: int = 4  # weeks per block, the last one a deload (3:1 by default)
    adherence: Adherence = Adherence()
    # Protocol code -> the name athletes read (the retest notes); unnamed ones are left out.
    protocol_names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanItem:
    exercise_code: str
    order: int
    sets: int | None = None
    reps: int | None = None
    seconds: int | None = None  # hold or work duration
    distance_m: int | None = None
    rest_s: int | None = None
    side: str = "B"  # "L", "R" or "B"
    muscle_length: str | None = None
    emphasis: str | None = None  # the group this item targets, when it targets one
    note: str = ""  # why it is there, with numbers, for the athlete
    section: str = "main"  # added: one of SECTIONS


@dataclass(frozen=True)
class PlannedSession:
    date: date
    week: int  # 1-based week of the block
    kind: str  # one of SESSION_KINDS
    title: str
    intensity: str  # one of INTENSITIES
    purpose: str
    items: tuple[PlanItem, ...] = ()


@dataclass(frozen=True)
class ProgramPlan:
    sessions: tuple[PlannedSession, ...]
    rationale: tuple[str, ...]  # sentences with the numbers
    substitutions: tuple[str, ...] = ()


# ------------------------------------------------------------------------------- catalogue
_REQUIRED_KEYS = (
    "code",
    "name",
    "category",
    "groups",
    "contraction",
    "equipment",
    "unilateral",
    "intensity",
)
_INT_KEYS = ("sets", "reps", "seconds", "distance_m", "rest_s")
_TEXT_KEYS = ("name", "cues", "description", "contraindications", "video_url")
_CODE_RE = re.compile(r"[a-z][a-z0-9_]*")


def _check_choice(where: str, key: str, value: object, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise ValueError(f"{where}: {key} {value!r} is not one of {', '.join(allowed)}")


def parse_catalogue(entries: Sequence[Mapping[str, object]]) -> tuple[ExerciseSpec, ...]:
    """Validate raw exercise entries (as read from exercises.toml) into ExerciseSpecs.

    Raises ValueError naming the entry and the field for anything outside the vocabularies.
    """
    known = {f.name for f in fields(ExerciseSpec)}
    specs: list[ExerciseSpec] = []
    seen: set[str] = set()
    for number, raw in enumerate(entries, start=1):
        where = f"exercise #{number} ({raw.get('code', '?')})"
        missing = [k for k in _REQUIRED_KEYS if k not in raw]
        if missing:
            raise ValueError(f"{where}: missing {', '.join(missing)}")
        unknown = sorted(set(raw) - known)
        if unknown:
            raise ValueError(f"{where}: unknown field {', '.join(unknown)}")
        code = raw["code"]
        if not isinstance(code, str) or not _CODE_RE.fullmatch(code):
            raise ValueError(f"{where}: code must be snake_case")
        if code in seen:
            raise ValueError(f"{where}: duplicate code")
        seen.add(code)
        _check_choice(where, "category", raw["category"], CATEGORIES)
        _check_choice(where, "contraction", raw["contraction"], CONTRACTIONS)
        _check_choice(where, "intensity", raw["intensity"], INTENSITIES)
        if raw.get("muscle_length") is not None:
            _check_choice(where, "muscle_length", raw["muscle_length"], MUSCLE_LENGTHS)
        for key, vocab in (("groups", GROUPS), ("equipment", EQUIPMENT)):
            values = raw[key]
            if not isinstance(values, (list, tuple)):
                raise ValueError(f"{where}: {key} must be a list")
            for value in values:
                _check_choice(where, key, value, vocab)
        if not isinstance(raw["unilateral"], bool):
            raise ValueError(f"{where}: unilateral must be true or false")
        for key in _INT_KEYS:
            value = raw.get(key)
            if value is not None and (type(value) is not int or value <= 0):
                raise ValueError(f"{where}: {key} must be a positive integer")
        for key in _TEXT_KEYS:
            if not isinstance(raw.get(key, ""), str):
                raise ValueError(f"{where}: {key} must be text")
        values = {k: raw[k] for k in raw if k not in ("groups", "equipment")}
        specs.append(
            ExerciseSpec(
                **{"muscle_length": None, **values},
                groups=tuple(raw["groups"]),
                equipment=tuple(raw["equipment"]),
            )
        )
    return tuple(specs)


@cache
def standard_catalogue() -> tuple[ExerciseSpec, ...]:
    """The seeded exercise library from programs/exercises.toml, validated."""
    with CATALOGUE_PATH.open("rb") as fh:
        data = tomllib.load(fh)
    return parse_catalogue(data.get("exercise", []))


# ------------------------------------------------------------------------- volume helpers
def item_dose(item: PlanItem) -> int:
    """Work per set: seconds, else reps, else 1 (distance-only items)."""
    return item.seconds or item.reps or 1


def targeted_sets(sessions: Sequence[PlannedSession], group: str) -> int:
    """Sum of sets of the items that target `group`."""
    return sum(i.sets or 0 for s in sessions for i in s.items if i.emphasis == group)


def targeted_volume(sessions: Sequence[PlannedSession]) -> int:
    """Sum of sets x dose over all targeted items: the load the progression controls."""
    return sum(
        (i.sets or 0) * item_dose(i) for s in sessions for i in s.items if i.emphasis is not None
    )


def warmup_seconds(session: PlannedSession) -> int:
    """Duration of the warm-up: sets x (seconds + rest) over its items."""
    return sum(
        (i.sets or 1) * ((i.seconds or 0) + (i.rest_s or 0))
        for i in session.items
        if i.section == "warmup"
    )


# ------------------------------------------------------------------- fingerprint / export
def _jsonable(value: object) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_jsonable(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def plan_input_to_dict(plan_input: PlanInput) -> dict:
    """PlanInput as JSON-safe data: nested dicts and lists, dates as ISO strings.

    Same fields as dataclasses.asdict, but walks Mappings of any type (the profile's
    `groups` may be read-only) instead of deep-copying them.
    """
    result = _jsonable(plan_input)
    assert isinstance(result, dict)
    return result


def input_fingerprint(plan_input: PlanInput) -> str:
    """sha256 hex of the canonical JSON (sorted keys, no spaces) of the plan input."""
    text = json.dumps(plan_input_to_dict(plan_input), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------------------ generator
def _validate(pi: PlanInput) -> None:
    a = pi.athlete
    if a.level not in LEVELS:
        raise ValueError(f"level {a.level!r} is not one of {', '.join(LEVELS)}")
    if a.event_focus not in EVENT_FOCUSES:
        raise ValueError(f"event_focus {a.event_focus!r} is not one of {', '.join(EVENT_FOCUSES)}")
    if any(type(d) is not int or not 0 <= d <= 6 for d in a.available_weekdays):
        raise ValueError("available_weekdays must be integers 0 (Monday) to 6 (Sunday)")
    if pi.weeks < 1:
        raise ValueError("weeks must be at least 1")
    if pi.block_length < 2:
        raise ValueError("block_length must be at least 2 (build weeks plus a deload)")
    if not 1 <= pi.block_week <= pi.block_length:
        raise ValueError("block_week must be between 1 and block_length")


def generate(plan_input: PlanInput) -> ProgramPlan:
    """Build the training block: one PlannedSession per day from `start` for `weeks` x 7
    days. Deterministic: the same input gives an equal plan.

    - The week follows the reference week fitted to the available days, with at least one
      rest day and no two high-intensity days in a row (generator_rules.weekly_template).
    - Every training session starts with a 5-10 min drill warm-up (section "warmup").
    - The weakest link (generator_rules.target_order) gets band holds at three muscle
      lengths on strength days and an activation item on sprint days; the second weakest
      two lengths; the rest one maintenance hold. "act" asymmetries add a left/right pair
      with one more set on the weaker side.
    - Targeted hold times / reps rise about 10 % (at most 15 %) per build week; the last
      week of the block is a deload whose last training day is a retest (kind "retest",
      one RETEST_CODE item per group, section "retest", no sets).
    - Unavailable exercises are substituted and each substitution is reported.
    """
    _validate(plan_input)
    from programs.generator_plan import Planner  # the builder needs the classes above

    return Planner(plan_input).plan()
