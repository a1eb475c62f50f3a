"""Reference-week session content and doses for the program generator.

Data only. Sources: strength-tests.md ("The reference week", "Training facts for the
generator"); the reference week's doses are taken as the advanced dose.
"""

from __future__ import annotations

# Reference: "Drills for every warm-up (5-10 min): high knees, butt kicks, high-knee march,
# fast feet." Each warm-up item lasts sets x (seconds + rest_s); see volume.warmup_seconds.
WARMUP_DRILLS: tuple[str, ...] = ("high_knees", "butt_kicks", "high_knee_march", "fast_feet")
WARMUP_MIN_S = 5 * 60
WARMUP_MAX_S = 10 * 60

MAINT_SETS = {"novice": 1, "intermediate": 1, "advanced": 2}
ACTIVATION_SETS = {"novice": 2, "intermediate": 2, "advanced": 3}
UNILATERAL_SETS = {"novice": 2, "intermediate": 2, "advanced": 3}
LONG_RUN_S = {"novice": 40 * 60, "intermediate": 50 * 60, "advanced": 60 * 60}  # 40-60 min
MODERATE_FACTOR = 0.75  # a hard session run at moderate intensity
DELOAD_FACTOR = 0.6  # main-work sets in the deload week
WARMUP_SETS = {1: 5, 2: 3, 3: 2, 4: 2}  # 30 s work + 30 s back: 5, 6, 6 or 8 min

BAND_PART = {
    "hip_flexors": "hip_flexor",
    "glutes": "glute",
    "hamstrings": "hamstring",
    "quadriceps": "quad",
    "calves": "calf",
    "core": "core",
}
ACTIVATION = {  # fast-contraction / coordination work on sprint days
    "hip_flexors": "band_hip_flexor_switches",
    "glutes": "band_fast_kickback",
    "hamstrings": "band_fast_leg_curl",
    "quadriceps": "split_stance_switches",
    "calves": "ankle_pops",
    "core": "band_core_hold_middle",
}
UNILATERAL = {  # asymmetry work: the weaker side gets one set more
    "hip_flexors": "band_hip_flexor_march",
    "glutes": "single_leg_glute_bridge",
    "hamstrings": "single_leg_rdl",
    "quadriceps": "bulgarian_split_squat",
    "calves": "single_leg_calf_raise",
    "core": "side_plank",
}
DISTANCE_CALF_EXTRA = "single_leg_calf_raise"

TITLES = {
    "sprint": "Sprint and technique",
    "strength": "Strength and power",
    "hills": "Hills and endurance",
    "intervals": "Intervals and plyometrics",
    "agility": "Agility and quickness",
    "long_run": "Long easy run",
    "rest": "Rest",
    "retest": "Retest",
}

# Main work per session kind, from the reference week, as (code, dose overrides). The
# overrides apply only when that exact exercise is used; a substitute keeps its own dose.
Slot = tuple[str, dict[str, int]]
SPRINT_TECHNIQUE: tuple[Slot, ...] = (("high_skips", {"sets": 3, "distance_m": 30}),)
SPRINT_MAIN = {
    "high": (
        ("sprint_60m", {"sets": 6, "distance_m": 60, "rest_s": 150}),  # 6 x 60 m, 2-3 min
        ("bounding", {"sets": 3, "distance_m": 30}),
    ),
    "moderate": (
        ("acceleration_sprint_30m", {"sets": 6, "distance_m": 30, "rest_s": 120}),
        ("strides_100m", {"sets": 4}),
    ),
}
STRENGTH_MAIN: tuple[Slot, ...] = (
    ("barbell_back_squat", {"sets": 4, "reps": 6}),
    ("dumbbell_lunge", {"sets": 3, "reps": 10}),
    ("barbell_deadlift", {"sets": 3, "reps": 8}),
)
STRENGTH_CORE: tuple[Slot, ...] = (
    ("plank", {"sets": 3, "seconds": 40}),
    ("russian_twist", {"sets": 3, "reps": 20}),
    ("leg_raise", {"sets": 3, "reps": 12}),
)
HILLS_MAIN: tuple[Slot, ...] = (
    ("hill_sprint_100m", {"sets": 8, "distance_m": 100}),  # 8 x 100 m uphill
    ("steady_run_10min", {"sets": 1, "seconds": 600}),  # 10 min steady
)
INTERVALS_MAIN = {
    "high": (
        ("intervals_30_60", {"sets": 13, "seconds": 30, "rest_s": 60}),  # ~20 min
        ("box_jump", {"sets": 3, "reps": 10}),
        ("butt_kicks", {"sets": 3, "distance_m": 30, "seconds": 0}),
    ),
    "moderate": (
        ("tempo_runs_100m", {"sets": 8}),
        ("pogo_jumps", {"sets": 3, "reps": 20}),
        ("butt_kicks", {"sets": 3, "distance_m": 30, "seconds": 0}),
    ),
}
AGILITY_MAIN: tuple[Slot, ...] = (
    ("high_skips", {"sets": 3, "distance_m": 30}),
    ("lateral_jumps", {"sets": 3, "reps": 10}),
    ("cone_slalom", {"sets": 4}),
    ("ladder_quick_skips", {"sets": 4}),
    ("sprint_40m", {"sets": 4, "distance_m": 40}),  # 4 x 40 m
)
MAIN_NOTES = {
    "sprint_60m": "Maximum effort; walk 2-3 min between reps so each one is fast.",
    "acceleration_sprint_30m": "About 90 % effort; focus on pushing and posture.",
    "hill_sprint_100m": "Jog back down as recovery.",
    "intervals_30_60": "About 20 min in all.",
    "long_easy_run": "Conversational pace, 70-80 % of maximum heart rate.",
}
