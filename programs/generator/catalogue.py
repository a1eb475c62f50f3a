"""The exercise library: validating raw entries and reading exercises.toml."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import fields
from functools import cache
from pathlib import Path

from assessments.balance import GROUPS
from programs.generator.values import ExerciseSpec
from programs.generator.vocabulary import (
    CATEGORIES,
    CONTRACTIONS,
    EQUIPMENT,
    INTENSITIES,
    MUSCLE_LENGTHS,
)

# The standard library ships next to the app that loads it into the database.
CATALOGUE_PATH = Path(__file__).parents[1] / "exercises.toml"

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
