"""Data in and out of the balance engine: the protocol library file and profile snapshots.

Pure Python (no Django). Split from balance.py to keep that module short. The engine's
dataclasses are imported inside the functions, so importing either module first is safe;
use the public names through `assessments.balance`, which re-exports them.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import MISSING, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assessments.balance import BalanceProfile, ProtocolSpec

PROTOCOLS_PATH = Path(__file__).with_name("protocols.toml")
SNAPSHOT_SCHEMA = 1  # bump when the snapshot layout changes incompatibly

_REQUIRED_KEYS = (
    "group",
    "name",
    "unit",
    "sided",
    "norm",
    "reference_male",
    "reference_female",
    "plausible_min",
    "plausible_max",
    "provisional",
    "source",
)
_OPTIONAL_KEYS = ("sem_pct", "noise_abs", "instructions")
_NUMBER_KEYS = frozenset(
    {"reference_male", "reference_female", "plausible_min", "plausible_max"}
    | {"sem_pct", "noise_abs"}
)
_BOOL_KEYS = frozenset({"sided", "provisional"})


# --- the protocol library ------------------------------------------------------------


def protocol_from_mapping(code: str, data: Mapping[str, Any]) -> ProtocolSpec:
    """Build and validate one ProtocolSpec from a TOML table (or any plain mapping)."""
    from assessments.balance import ProtocolSpec, validate_protocol

    missing = [key for key in _REQUIRED_KEYS if key not in data]
    unknown = sorted(set(data) - set(_REQUIRED_KEYS) - set(_OPTIONAL_KEYS))
    if missing or unknown:
        raise ValueError(f"protocol {code!r}: missing keys {missing}, unknown keys {unknown}")
    values: dict[str, Any] = {"sem_pct": None, "noise_abs": None}
    for key, value in data.items():
        if key in _BOOL_KEYS:
            if not isinstance(value, bool):
                raise ValueError(f"protocol {code!r}: {key} must be true or false")
        elif key in _NUMBER_KEYS:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"protocol {code!r}: {key} must be a number, got {value!r}")
            value = float(value)
        elif not isinstance(value, str):
            raise ValueError(f"protocol {code!r}: {key} must be text, got {value!r}")
        values[key] = value
    spec = ProtocolSpec(code=code, **values)
    validate_protocol(spec)
    return spec


def load_protocols(path: Path | str) -> dict[str, ProtocolSpec]:
    """Read a protocol library TOML file (one table per protocol code), in file order."""
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    protocols = {}
    for code, table in raw.items():
        if not isinstance(table, dict):
            raise ValueError(f"protocol {code!r}: expected a table, got {type(table).__name__}")
        protocols[code] = protocol_from_mapping(code, table)
    return protocols


@functools.cache
def _standard_protocols() -> tuple[tuple[str, ProtocolSpec], ...]:
    return tuple(load_protocols(PROTOCOLS_PATH).items())


def standard_protocols() -> dict[str, ProtocolSpec]:
    """The standard library from protocols.toml (read once, cached): code -> spec."""
    return dict(_standard_protocols())  # a fresh dict each call: the cache cannot be altered


# --- profile snapshots ---------------------------------------------------------------


def _plain(obj: Any) -> Any:
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, Mapping):
        return {str(key): _plain(value) for key, value in obj.items()}
    if isinstance(obj, tuple | list):
        return [_plain(item) for item in obj]
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


def profile_from_dict(data: Mapping[str, Any]) -> BalanceProfile:
    """Rebuild a BalanceProfile from profile_to_dict output (after a JSON round trip)."""
    from assessments.balance import (
        BalanceProfile,
        Change,
        Flag,
        GroupScore,
        ProtocolScore,
    )

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
        flags=tuple(_build(Flag, f) for f in _items(data, "flags")),
        changes=tuple(_build(Change, c) for c in _items(data, "changes")),
    )
