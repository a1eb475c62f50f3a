"""The plan input as canonical JSON-safe data, and its fingerprint (stored with a version)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import date

from programs.generator.values import PlanInput


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
