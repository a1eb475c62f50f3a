"""The balance engine's frozen dataclasses in and out (the vocabularies are in vocabulary.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProtocolSpec:
    code: str
    group: str  # one of GROUPS for a strength test; "" for an outcome
    name: str
    unit: str  # "N", "Nm", "reps", "s"
    sided: bool
    norm: str  # one of NORMS
    reference_male: float | None  # normalized value that scores 100 % (outcomes: may be None)
    reference_female: float | None  # same as male where only one is published
    sem_pct: float | None  # relative noise (SEM, % of the value), when published as such
    noise_abs: float | None  # absolute noise in `unit` (limits of agreement / MDC)
    plausible_min: float  # raw value range accepted at input, in `unit`
    plausible_max: float
    provisional: bool  # no trusted norm: prefer the squad median
    source: str
    instructions: str = ""
    # "strength" scores a muscle group; "outcome" (sprint, jump) is what the block should
    # move and never changes the weakest link.
    kind: str = "strength"
    lower_is_better: bool = False  # times: a smaller number is the better result
    swc_abs: float | None = None  # a published smallest worthwhile change, in `unit`

    @property
    def is_outcome(self) -> bool:
        return self.kind == "outcome"


@dataclass(frozen=True)
class Result:
    protocol_code: str
    side: str  # "L", "R" or "B"
    value: float  # raw value in the protocol's unit


@dataclass(frozen=True)
class ProtocolScore:
    protocol_code: str
    side: str
    value: float  # raw
    normalized: float  # per the protocol's norm
    reference: float  # the normalized value scoring 100 % (sex- or squad-specific)
    pct: float  # normalized / reference * 100
    reference_source: str  # "norm" or "squad_median"


@dataclass(frozen=True)
class GroupScore:
    group: str
    score: float | None  # the weaker side, % of reference; None when untested
    left: float | None
    right: float | None
    asymmetry_pct: float | None  # (stronger - weaker) / stronger * 100, sided tests only
    asymmetry_flag: str  # one of ASYMMETRY_FLAGS
    weaker_side: str | None  # "L", "R" or None
    protocols: tuple[ProtocolScore, ...] = ()

    @property
    def tested(self) -> bool:
        return self.score is not None


@dataclass(frozen=True)
class Flag:
    code: str  # machine-readable, e.g. "asymmetry_act", "swing_push_low", "weakest_link"
    group: str | None
    severity: str  # "info", "watch", "act"
    message: str  # a sentence with the numbers


@dataclass(frozen=True)
class Change:
    protocol_code: str
    side: str
    group: str
    before: float  # raw values
    after: float
    delta_pct: float  # (after - before) / before * 100
    significant: bool  # beyond the protocol's minimal detectable change


@dataclass(frozen=True)
class DatedResult:
    """A result of an earlier assessment, with that assessment's date."""

    protocol_code: str
    side: str
    value: float
    date: dt.date


@dataclass(frozen=True)
class CarriedResult:
    """A result a profile carries from an earlier assessment (not measured in this one)."""

    protocol_code: str
    side: str
    value: float
    date: dt.date


@dataclass(frozen=True)
class CarriedResults:
    """What a profile is built from: this assessment's results, the latest earlier result
    of every other protocol and side within the window, and the groups only older results
    covered (stale: not used)."""

    current: tuple[Result, ...]
    carried: tuple[CarriedResult, ...]
    stale_groups: tuple[str, ...]


@dataclass(frozen=True)
class BalanceProfile:
    groups: Mapping[str, GroupScore]  # every code in GROUPS, tested or not
    balance_level: float | None  # the weakest link's score: what the chain allows
    potential: float | None  # mean of the tested group scores
    weakest_link: str | None
    second_weakest: str | None
    swing_push_ratio: float | None
    hq_ratio: float | None  # knee flexion / knee extension torque (isometric protocols)
    flags: tuple[Flag, ...] = ()
    changes: tuple[Change, ...] = field(default_factory=tuple)
    carried: tuple[CarriedResult, ...] = ()  # results taken from earlier assessments
    stale_groups: tuple[str, ...] = ()  # tested only before the window: untested here
