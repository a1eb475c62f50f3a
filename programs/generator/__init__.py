"""Program generator: turns a balance profile into a training block.

Pure Python (no Django), deterministic, no clock (`start` is passed in): frozen dataclasses
in and out. Training facts come from ../shared/reference/strength-tests.md and are cited
where they are used. Import from here; the modules inside are, from the top down:

- `plan`: `generate`, the weeks of the block and the targeting hierarchy;
- `sessions`: one draft per session kind (a dispatch table), the rest day, the retest;
  `rationale`: the sentences explaining the plan;
- `items`: dosed main work, targeted holds, asymmetry pairs; `choice`: the exercise for a
  slot or its substitute, with the note saying why;
- `context`: the planning context worked out once from the input (allowed exercises,
  target order, week template, warm-up);
- the rules: `schedule` (the week), `targeting`, `progression`, `substitution`, `content`
  (the reference week's work), `text`; the data: `catalogue`, `fingerprint`, `volume`;
- `values`: the frozen dataclasses; `vocabulary`: categories, levels, focuses, equipment,
  weekdays...
"""

from programs.generator.catalogue import CATALOGUE_PATH, parse_catalogue, standard_catalogue
from programs.generator.content import WARMUP_DRILLS, WARMUP_MAX_S, WARMUP_MIN_S
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
from programs.generator.targeting import FOCUS_MARGIN, target_order
from programs.generator.values import (
    Adherence,
    AthleteContext,
    ExerciseSpec,
    PlanInput,
    PlanItem,
    PlannedSession,
    ProgramPlan,
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
    "CATALOGUE_PATH",
    "CATEGORIES",
    "CONTRACTIONS",
    "EQUIPMENT",
    "EVENT_FOCUSES",
    "EVENT_FOCUS_LABELS",
    "FOCUS_MARGIN",
    "INTENSITIES",
    "LEVELS",
    "LEVEL_LABELS",
    "MUSCLE_LENGTHS",
    "RETEST_CODE",
    "SECTIONS",
    "SESSION_KINDS",
    "WARMUP_DRILLS",
    "WARMUP_MAX_S",
    "WARMUP_MIN_S",
    "WEEKDAYS",
    "Adherence",
    "AthleteContext",
    "ExerciseSpec",
    "PlanInput",
    "PlanItem",
    "PlannedSession",
    "ProgramPlan",
    "catalogue_fingerprint",
    "catalogue_from_list",
    "catalogue_to_list",
    "generate",
    "input_fingerprint",
    "item_dose",
    "parse_catalogue",
    "plan_input_from_dict",
    "plan_input_to_dict",
    "progressed_dose",
    "standard_catalogue",
    "stored_input_fingerprint",
    "target_order",
    "targeted_sets",
    "targeted_volume",
    "warmup_seconds",
]
