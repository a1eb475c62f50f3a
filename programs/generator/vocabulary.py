"""The generator's vocabularies: the one place they are written down.

The models and forms derive their choices from these; labels are given where the screen
shows something other than the capitalized value.
"""

from __future__ import annotations

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
LEVEL_LABELS: dict[str, str] = {
    "novice": "Novice",
    "intermediate": "Intermediate",
    "advanced": "Advanced",
}
LEVELS: tuple[str, ...] = tuple(LEVEL_LABELS)
EVENT_FOCUS_LABELS: dict[str, str] = {
    "sprint": "Sprint",
    "field": "Field sport",
    "distance": "Distance",
}
EVENT_FOCUSES: tuple[str, ...] = tuple(EVENT_FOCUS_LABELS)
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
# "targeted" holds only the profile's weakest link's work; "support" the other targeted
# work (second target, asymmetry pairs, extra calf work, balanced holds); "maintenance" the
# one hold for each other group.
SECTIONS: tuple[str, ...] = (
    "warmup",
    "main",
    "targeted",
    "support",
    "maintenance",
    "cooldown",
    "retest",
)
WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # 0 = Monday
RETEST_CODE = "retest_battery"  # one item per group in a retest session
