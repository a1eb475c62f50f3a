"""Profile snapshots: a BalanceProfile as JSON-safe data and back (stored with each
assessment, so history is never recomputed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import MISSING, fields, is_dataclass
from typing import Any

from assessments.balance.values import (
    BalanceProfile,
    CarriedResult,
    Change,
    Flag,
    GroupScore,
    ProtocolScore,
)

SNAPSHOT_SCHEMA = 1  # bump when the snapshot layout changes incompatibly


def _plain(obj: Any) -> Any:
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, Mapping):
        return {str(key): _plain(value) for key, value in obj.items()}
    if isinstance(obj, tuple | list):
        return [_plain(item) for item in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


def profile_to_dict(profile: BalanceProfile) -> dict[str, Any]:
    """A JSON-safe snapshot of a profile (dicts, lists, str, float, bool, None)."""
    return {"schema": SNAPSHOT_SCHEMA, **_plain(profile)}


def _build(cls: type, data: Any, **nested: Any) -> Any:
    """Instantiate dataclass `cls` from a snapshot dict; unknown keys are ignored."""
    if not isinstance(data, Mapping):
        raise ValueError(f"malformed snapshot: {cls.__name__} must be an object, got {data!r}")
    kwargs = {}
    for f in fields(cls):
        if f.name in nested:
            kwargs[f.name] = nested[f.name]
        elif f.name in data:
            kwargs[f.name] = data[f.name]
        elif f.default is MISSING and f.default_factory is MISSING:
            raise ValueError(f"malformed snapshot: {cls.__name__} lacks {f.name!r}")
    return cls(**kwargs)


def _items(data: Mapping[str, Any], key: str) -> list[Any]:
    items = data.get(key, [])
    if not isinstance(items, list | tuple):
        raise ValueError(f"malformed snapshot: {key!r} must be a list")
    return list(items)


def _carried(data: Any) -> CarriedResult:
    carried = _build(CarriedResult, data)
    try:
        date = dt.date.fromisoformat(carried.date)
    except (TypeError, ValueError):
        raise ValueError(f"malformed snapshot: carried date {carried.date!r}") from None
    return CarriedResult(carried.protocol_code, carried.side, carried.value, date)


def profile_from_dict(data: Mapping[str, Any]) -> BalanceProfile:
    """Rebuild a BalanceProfile from profile_to_dict output (after a JSON round trip)."""
    if not isinstance(data, Mapping):
        raise ValueError("malformed snapshot: expected an object")
    schema = data.get("schema", SNAPSHOT_SCHEMA)
    if schema != SNAPSHOT_SCHEMA:
        raise ValueError(f"unsupported snapshot schema {schema!r} (expected {SNAPSHOT_SCHEMA})")
    groups_data = data.get("groups")
    if not isinstance(groups_data, Mapping):
        raise ValueError("malformed snapshot: 'groups' must be an object")
    groups = {
        name: _build(
            GroupScore,
            group,
            protocols=tuple(_build(ProtocolScore, p) for p in _items(group, "protocols")),
        )
        if isinstance(group, Mapping)
        else _build(GroupScore, group)
        for name, group in groups_data.items()
    }
    return _build(
        BalanceProfile,
        data,
        groups=groups,
        carried=tuple(_carried(c) for c in _items(data, "carried")),
        stale_groups=tuple(_items(data, "stale_groups")),
        flags=tuple(_build(Flag, f) for f in _items(data, "flags")),
        changes=tuple(_build(Change, c) for c in _items(data, "changes")),
    )
