"""The balance engine's vocabularies: the one place they are written down.

The models derive their choices from these (value -> label), so a new group or side is
added here and nowhere else.
"""

from __future__ import annotations

# The six groups that drive a stride, in display and tie-break order, with their names.
GROUP_NAMES: dict[str, str] = {
    "hip_flexors": "hip flexors",
    "glutes": "glutes",
    "hamstrings": "hamstrings",
    "quadriceps": "quadriceps",
    "calves": "calves",
    "core": "core",
}
GROUPS: tuple[str, ...] = tuple(GROUP_NAMES)
SIDE_LABELS: dict[str, str] = {"L": "Left", "R": "Right", "B": "Both / unsided"}
SIDES: tuple[str, ...] = tuple(SIDE_LABELS)  # B: unsided protocol (both / bilateral)
SEX_LABELS: dict[str, str] = {"M": "Male", "F": "Female"}
SEXES: tuple[str, ...] = tuple(SEX_LABELS)
# How a raw value is made comparable: per kg of body mass, per body weight, or as entered.
NORM_LABELS: dict[str, str] = {
    "per_kg": "÷ body mass (kg)",
    "x_bw": "× body weight",
    "abs": "as entered",
}
NORMS: tuple[str, ...] = tuple(NORM_LABELS)
# What a protocol measures: a muscle group's strength, or an outcome (speed, jump).
KIND_LABELS: dict[str, str] = {
    "strength": "Strength (muscle group)",
    "outcome": "Outcome (speed, jump)",
}
KINDS: tuple[str, ...] = tuple(KIND_LABELS)
ASYMMETRY_FLAGS: tuple[str, ...] = ("none", "watch", "act")
