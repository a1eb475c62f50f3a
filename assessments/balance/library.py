"""The protocol library: validating a protocol spec and reading the library TOML file."""

from __future__ import annotations

import functools
import math
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from assessments.balance.values import ProtocolSpec
from assessments.balance.vocabulary import GROUPS, KINDS, NORMS

# The standard library ships next to the app that loads it into the database.
PROTOCOLS_PATH = Path(__file__).parents[1] / "protocols.toml"

_REQUIRED_KEYS = (
    "group",
    "name",
    "unit",
    "sided",
    "norm",
    "plausible_min",
    "plausible_max",
    "provisional",
    "source",
)
_OPTIONAL_KEYS = (
    *("reference_male", "reference_female", "sem_pct", "noise_abs", "instructions"),
    *("kind", "lower_is_better", "swc_abs"),
)
_NUMBER_KEYS = frozenset(
    {"reference_male", "reference_female", "plausible_min", "plausible_max"}
    | {"sem_pct", "noise_abs", "swc_abs"}
)
_BOOL_KEYS = frozenset({"sided", "provisional", "lower_is_better"})


# --- the protocol library ------------------------------------------------------------


def validate_protocol(spec: ProtocolSpec) -> None:
    """Raise ValueError when a protocol spec cannot be scored."""
    where = f"protocol {spec.code!r}"
    if not spec.code:
        raise ValueError("protocol code must not be empty")
    if spec.kind not in KINDS:
        raise ValueError(f"{where}: kind {spec.kind!r} is not one of {', '.join(KINDS)}")
    if spec.is_outcome and spec.group:
        raise ValueError(f"{where}: an outcome has no muscle group, got {spec.group!r}")
    if not spec.is_outcome and spec.group not in GROUPS:
        raise ValueError(f"{where}: group {spec.group!r} is not one of {', '.join(GROUPS)}")
    if spec.norm not in NORMS:
        raise ValueError(f"{where}: norm {spec.norm!r} is not one of {', '.join(NORMS)}")
    if not spec.plausible_min < spec.plausible_max:
        raise ValueError(
            f"{where}: plausible_min ({spec.plausible_min}) must be below "
            f"plausible_max ({spec.plausible_max})"
        )
    optional = ("sem_pct", "noise_abs", "swc_abs")
    if spec.is_outcome:  # an outcome is never scored against a reference
        optional += ("reference_male", "reference_female")
    for name in ("reference_male", "reference_female", *("sem_pct", "noise_abs", "swc_abs")):
        value = getattr(spec, name)
        if value is None and name in optional:
            continue
        if value is None or not (math.isfinite(value) and value > 0):
            raise ValueError(f"{where}: {name} must be a positive number, got {value!r}")


def protocol_from_mapping(code: str, data: Mapping[str, Any]) -> ProtocolSpec:
    """Build and validate one ProtocolSpec from a TOML table (or any plain mapping)."""
    required = [k for k in _REQUIRED_KEYS if not (k == "group" and data.get("kind") == "outcome")]
    missing = [key for key in required if key not in data]
    unknown = sorted(set(data) - set(_REQUIRED_KEYS) - set(_OPTIONAL_KEYS))
    if missing or unknown:
        raise ValueError(f"protocol {code!r}: missing keys {missing}, unknown keys {unknown}")
    values: dict[str, Any] = {
        **{"sem_pct": None, "noise_abs": None, "swc_abs": None},
        **{"reference_male": None, "reference_female": None, "group": ""},
    }
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
