"""Text helpers for notes, purposes and the rationale."""

from __future__ import annotations

from assessments.balance import GROUP_NAMES

KIND_WORD = {"long_run": "long run"}

SIDE_WORD: dict[str, str] = {"L": "left", "R": "right"}


def label(group: str) -> str:
    return GROUP_NAMES.get(group, group.replace("_", " "))


def is_are(group: str) -> str:
    return "is" if group == "core" else "are"


def cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """'Wall sit' -> 'wall sit', but keep acronyms: 'RDL hold' stays."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def pct(value: float | None) -> str:
    return "?" if value is None else f"{value:.0f}"
