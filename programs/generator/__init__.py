"""Program generator: turns a balance profile into a training block.

Pure Python (no Django), deterministic, no clock (`start` is passed in): frozen dataclasses
in and out. Training facts come from docs/references.md and are cited
where they are used. Import from here; the modules inside are, from the top down:

- `plan`: `generate`, the weeks of the block and the targeting hierarchy;
- `budget`: every session within the athlete's session budget (`duration`: the estimate);
- `sessions`: one draft per session kind (a dispatch table), the rest day, the retest;
  `rationale`: the sentences explaining the plan;
- `items`: dosed main work, targeted holds, asymmetry pairs; `choice`: the exercise for a
  slot or its substitute, with the note saying why;
- `context`: the planning context worked out once from the input (allowed exercises,
  target order, week template, warm-up);
- the rules: `schedule` (the week), `targeting`, `progression`, `substitution`, `content`
  (the reference week's work), `text`; the data: `catalogue`, `fingerprint`, `volume`;
- `readiness`: the morning check-in against the athlete's own baseline and the lighter
  session it calls for (`readiness_assess`, `readiness_adjust`);
- `values`: the frozen dataclasses; `vocabulary`: categories, levels, focuses, equipment,
  weekdays...
"""

from programs.generator.catalogue import CATALOGUE_PATH, parse_catalogue, standard_catalogue
from programs.generator.content import WARMUP_DRILLS, WARMUP_MAX_S, WARMUP_MIN_S
from programs.generator.duration import (
    estimate_minutes,
    item_seconds,
    session_minutes,
    session_seconds,
)
from programs.generator.fingerprint import (
    catalogue_fingerprint,
    catalogue_from_list,
    catalogue_to_list,
    input_fingerprint,
    plan_input_from_dict,
    plan_input_to_dict,
    stored_input_fingerprint,
)
from programs.generator.plan import generate
from programs.generator.progression import progressed_dose
from programs.generator.readiness import (
    BASELINE_DAYS,
    BASELINE_MIN_CHECKINS,
    READINESS_ITEM_LABELS,
    READINESS_ITEMS,
    Adjustment,
    CheckIn,
    ItemChange,
    Readiness,
    Replacement,
    SessionItem,
    readiness_adjust,
    readiness_assess,
)
from programs.generator.targeting import near_tie, score_noise, target_order
from programs.generator.values import (
    SESSION_BUDGET_MIN,
    SESSION_BUDGET_RANGE,
    Adherence,
    AthleteContext,
    ExerciseSpec,
    PlanInput,
    PlanItem,
    PlannedSession,
    ProgramPlan,
    TestNoise,
)
from programs.generator.vocabulary import (
    CATEGORIES,
    CONTRACTIONS,
    EQUIPMENT,
    EVENT_FOCUS_LABELS,
    EVENT_FOCUSES,
    INTENSITIES,
    LEVEL_LABELS,
    LEVELS,
    MUSCLE_LENGTHS,
    RETEST_CODE,
    SECTIONS,
    SESSION_KINDS,
    WEEKDAYS,
)
from programs.generator.volume import item_dose, targeted_sets, targeted_volume, warmup_seconds

__all__ = [
    "BASELINE_DAYS",
    "BASELINE_MIN_CHECKINS",
    "CATALOGUE_PATH",
    "CATEGORIES",
    "CONTRACTIONS",
    "EQUIPMENT",
    "EVENT_FOCUSES",
    "EVENT_FOCUS_LABELS",
    "INTENSITIES",
    "LEVELS",
    "LEVEL_LABELS",
    "MUSCLE_LENGTHS",
    "READINESS_ITEMS",
    "READINESS_ITEM_LABELS",
    "RETEST_CODE",
    "SECTIONS",
    "SESSION_BUDGET_MIN",
    "SESSION_BUDGET_RANGE",
    "SESSION_KINDS",
    "WARMUP_DRILLS",
    "WARMUP_MAX_S",
    "WARMUP_MIN_S",
    "WEEKDAYS",
    "Adherence",
    "Adjustment",
    "AthleteContext",
    "CheckIn",
    "ExerciseSpec",
    "ItemChange",
    "PlanInput",
    "PlanItem",
    "PlannedSession",
    "ProgramPlan",
    "Readiness",
    "Replacement",
    "SessionItem",
    "TestNoise",
    "catalogue_fingerprint",
    "catalogue_from_list",
    "catalogue_to_list",
    "estimate_minutes",
    "generate",
    "input_fingerprint",
    "item_dose",
    "item_seconds",
    "near_tie",
    "parse_catalogue",
    "plan_input_from_dict",
    "plan_input_to_dict",
    "progressed_dose",
    "readiness_adjust",
    "readiness_assess",
    "score_noise",
    "session_minutes",
    "session_seconds",
    "standard_catalogue",
    "stored_input_fingerprint",
    "target_order",
    "targeted_sets",
    "targeted_volume",
    "warmup_seconds",
]
