"""The plan input as canonical JSON-safe data, and its fingerprint (stored with a version).

The catalogue is shared by every athlete, so a stored input names it by its own
fingerprint (`catalogue_fingerprint`) instead of carrying a copy: `plan_input_to_dict`
puts that fingerprint where the catalogue was, `input_fingerprint` hashes exactly that
dict, and `plan_input_from_dict` rebuilds the input from it and the catalogue it names.
Same inputs, same fingerprint; any change to the catalogue changes both fingerprints.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import fields, is_dataclass
from datetime import date
from typing import Any

from assessments.balance import profile_from_dict
from programs.generator.values import Adherence, AthleteContext, ExerciseSpec, PlanInput


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


def _sha256(data: object) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def catalogue_to_list(catalogue: Sequence[ExerciseSpec]) -> list[dict]:
    """The catalogue as JSON-safe data, in its order (the generator's order)."""
    result = _jsonable(tuple(catalogue))
    assert isinstance(result, list)
    return result


def catalogue_fingerprint(catalogue: Sequence[ExerciseSpec] | list[dict]) -> str:
    """sha256 hex of the canonical JSON of the catalogue (specs or catalogue_to_list)."""
    data = catalogue if isinstance(catalogue, list) else catalogue_to_list(catalogue)
    return _sha256(data)


def catalogue_from_list(data: Sequence[Mapping[str, Any]]) -> tuple[ExerciseSpec, ...]:
    """Rebuild catalogue_to_list output (after a JSON round trip)."""
    return tuple(
        ExerciseSpec(
            **{
                **entry,
                "groups": tuple(entry["groups"]),
                "equipment": tuple(entry["equipment"]),
            }
        )
        for entry in data
    )


def plan_input_to_dict(plan_input: PlanInput, *, catalogue: str | None = None) -> dict:
    """PlanInput as JSON-safe data: nested dicts and lists, dates as ISO strings, and the
    catalogue as its fingerprint (pass `catalogue` when it is already known).

    Same fields as dataclasses.asdict, but walks Mappings of any type (the profile's
    `groups` may be read-only) instead of deep-copying them.
    """
    result = {
        f.name: _jsonable(getattr(plan_input, f.name))
        for f in fields(plan_input)
        if f.name != "catalogue"
    }
    result["catalogue"] = catalogue or catalogue_fingerprint(plan_input.catalogue)
    return result


def stored_input_fingerprint(data: Mapping[str, Any]) -> str:
    """sha256 hex of the canonical JSON (sorted keys, no spaces) of plan_input_to_dict."""
    return _sha256(data)


def input_fingerprint(plan_input: PlanInput, *, catalogue: str | None = None) -> str:
    """The fingerprint of the plan input: same inputs (the catalogue included, through its
    fingerprint), same value."""
    return _sha256(plan_input_to_dict(plan_input, catalogue=catalogue))


def plan_input_from_dict(data: Mapping[str, Any], catalogue: Sequence[ExerciseSpec]) -> PlanInput:
    """Rebuild a PlanInput from plan_input_to_dict output and the catalogue it names.

    Raises ValueError when the catalogue is not the one the input was built with."""
    if catalogue_fingerprint(catalogue) != data["catalogue"]:
        raise ValueError("the catalogue is not the one this input names")
    athlete = data["athlete"]
    return PlanInput(
        athlete=AthleteContext(
            **{
                **athlete,
                **{
                    name: tuple(athlete[name])
                    for name in (
                        "available_weekdays",
                        "equipment",
                        "excluded_categories",
                        "excluded_exercises",
                    )
                },
            }
        ),
        profile=profile_from_dict(data["profile"]),
        catalogue=tuple(catalogue),
        start=date.fromisoformat(data["start"]),
        weeks=data["weeks"],
        block_week=data["block_week"],
        block_length=data["block_length"],
        adherence=Adherence(**data["adherence"]),
        protocol_names=dict(data["protocol_names"]),
    )
