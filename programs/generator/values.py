"""The generator's frozen dataclasses in and out (the vocabularies are in vocabulary.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from assessments.balance import BalanceProfile


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
class TestNoise:
    """A protocol's noise, as in its library entry (assessments.balance.ProtocolSpec)."""

    sem_pct: float | None = None  # relative SEM, % of the value
    noise_abs: float | None = None  # absolute limit in the raw unit (an MDC)


SESSION_BUDGET_MIN = 60  # Weldon 2022: most S&C sessions last 46-60 min
SESSION_BUDGET_RANGE = (20, 150)


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
    # Protocol code -> its noise: decides which scores are near-ties (targeting.near_tie).
    test_noise: Mapping[str, TestNoise] = field(default_factory=dict)
    # No session's estimate (duration.session_seconds) exceeds it, but the long run (and a
    # retest whose tests alone run over: they are never cut).
    session_budget_min: int = SESSION_BUDGET_MIN


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
