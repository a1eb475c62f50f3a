"""Strength-balance engine: turns test results into a balance profile.

Pure Python (no Django), deterministic, no clock. Frozen dataclasses in and out.
Numbers and thresholds come from ../shared/reference/strength-tests.md; each is cited
where it is used. The protocol library file and snapshot (de)serialization live in
balance_data.py and are re-exported here.

Stored floats are rounded (1 decimal for %, 2 for the H:Q and swing:push ratios, 3 for
normalized values). Thresholds and rankings read the rounded numbers, so a flag never
contradicts the number it shows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from statistics import fmean

from assessments.balance_data import (
    load_protocols,
    profile_from_dict,
    profile_to_dict,
    protocol_from_mapping,
    standard_protocols,
)

__all__ = [
    "ASYMMETRY_FLAGS",
    "GROUPS",
    "NORMS",
    "SEXES",
    "SIDES",
    "BalanceProfile",
    "Change",
    "Flag",
    "GroupScore",
    "ProtocolScore",
    "ProtocolSpec",
    "Result",
    "assess",
    "load_protocols",
    "normalize",
    "profile_from_dict",
    "profile_to_dict",
    "protocol_from_mapping",
    "standard_protocols",
    "validate_protocol",
]

GROUPS: tuple[str, ...] = (
    "hip_flexors",
    "glutes",
    "hamstrings",
    "quadriceps",
    "calves",
    "core",
)
SIDES: tuple[str, ...] = ("L", "R", "B")  # B: unsided protocol (both / bilateral)
SEXES: tuple[str, ...] = ("M", "F")
NORMS: tuple[str, ...] = ("per_kg", "x_bw", "abs")
ASYMMETRY_FLAGS: tuple[str, ...] = ("none", "watch", "act")


@dataclass(frozen=True)
class ProtocolSpec:
    code: str
    group: str
    name: str
    unit: str  # "N", "Nm", "reps", "s"
    sided: bool
    norm: str  # one of NORMS
    reference_male: float  # normalized value that scores 100 %
    reference_female: float  # same as male where only one is published
    sem_pct: float | None  # relative noise (SEM, % of the value), when published as such
    noise_abs: float | None  # absolute noise in `unit` (limits of agreement / MDC)
    plausible_min: float  # raw value range accepted at input, in `unit`
    plausible_max: float
    provisional: bool  # no trusted norm: prefer the squad median
    source: str
    instructions: str = ""


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


# --- constants (each number from ../shared/reference/strength-tests.md) ----------------

GRAVITY = 9.81  # x_bw norm: N / (kg * 9.81)
GROUP_NAMES: dict[str, str] = {
    "hip_flexors": "hip flexors",
    "glutes": "glutes",
    "hamstrings": "hamstrings",
    "quadriceps": "quadriceps",
    "calves": "calves",
    "core": "core",
}
PUSH_GROUPS: tuple[str, ...] = ("glutes", "quadriceps", "calves")  # swing:push, push side
ASYMMETRY_WATCH_PCT = 10.0  # a 10 % difference "may be clinically relevant"
ASYMMETRY_ACT_PCT = 15.0  # Bourne 2015 (PMID 26337245): >= 15 % on the NordBord, 2.4x strain risk
DEFAULT_SEM_PCT = 5.0  # protocols without a published noise figure take 5 %
MDC_PER_SEM = 2.77  # minimal detectable change is about 2.77 x SEM
SWING_PUSH_MIN = 0.9  # product rule (no published norm): below ~0.9 the swing side limits
# H:Q from the isometric mid-range midpoints is about 0.44 (concentric ~0.6, Coombs & Garbutt
# 2002). Below 80 % of it we only inform: a ratio alone predicts no injury (Kellis 2022).
HQ_ISO_MIDPOINT = 0.44
HQ_LOW = round(HQ_ISO_MIDPOINT * 0.8, 3)  # 0.352

# --- the protocol library ------------------------------------------------------------


def validate_protocol(spec: ProtocolSpec) -> None:
    """Raise ValueError when a protocol spec cannot be scored."""
    where = f"protocol {spec.code!r}"
    if not spec.code:
        raise ValueError("protocol code must not be empty")
    if spec.group not in GROUPS:
        raise ValueError(f"{where}: group {spec.group!r} is not one of {', '.join(GROUPS)}")
    if spec.norm not in NORMS:
        raise ValueError(f"{where}: norm {spec.norm!r} is not one of {', '.join(NORMS)}")
    if not spec.plausible_min < spec.plausible_max:
        raise ValueError(
            f"{where}: plausible_min ({spec.plausible_min}) must be below "
            f"plausible_max ({spec.plausible_max})"
        )
    for name in ("reference_male", "reference_female", "sem_pct", "noise_abs"):
        value = getattr(spec, name)
        if value is None and name in ("sem_pct", "noise_abs"):
            continue
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"{where}: {name} must be a positive number, got {value!r}")


def normalize(spec: ProtocolSpec, value: float, body_mass_kg: float) -> float:
    """Turn a raw value into the comparable one the protocol's reference is given in."""
    if spec.norm == "per_kg":
        return value / body_mass_kg
    if spec.norm == "x_bw":
        return value / (body_mass_kg * GRAVITY)
    if spec.norm == "abs":
        return value
    raise ValueError(f"protocol {spec.code!r}: unknown norm {spec.norm!r}")


# --- assessment ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Scored:  # one result at full precision
    spec: ProtocolSpec
    side: str
    value: float
    normalized: float
    reference: float
    source: str

    @property
    def pct(self) -> float:
        return self.normalized / self.reference * 100


@dataclass(frozen=True)
class _Asymmetry:  # one sided protocol tested on both sides
    spec: ProtocolSpec
    pct: float  # rounded to 1 decimal
    weaker_side: str | None
    weak: float
    strong: float
    flag: str


def _num(x: float, digits: int = 1) -> str:
    """Round for a message: 1 decimal, without a trailing '.0' (62.0 -> '62')."""
    text = f"{x:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _beyond_noise(spec: ProtocolSpec, diff: float, base: float, factor: float = 1.0) -> bool:
    """Is `diff` bigger than the protocol's noise? Absolute noise wins where given."""
    if spec.noise_abs is not None:
        return diff > spec.noise_abs
    sem = spec.sem_pct if spec.sem_pct is not None else DEFAULT_SEM_PCT
    return diff > factor * sem / 100 * base


def _check_results(
    results: Iterable[Result], protocols: Mapping[str, ProtocolSpec]
) -> list[Result]:
    seen: set[tuple[str, str]] = set()
    checked = []
    for result in results:
        code, side = result.protocol_code, result.side
        spec = protocols.get(code)
        if spec is None:
            raise ValueError(f"unknown protocol code {code!r}")
        validate_protocol(spec)
        allowed = ("L", "R") if spec.sided else ("B",)
        if side not in allowed:
            kind = "sided" if spec.sided else "unsided"
            raise ValueError(
                f"{code}: side {side!r} does not fit a {kind} protocol "
                f"(use {' or '.join(allowed)})"
            )
        if (code, side) in seen:
            raise ValueError(f"duplicate result for {code} side {side}")
        seen.add((code, side))
        if isinstance(result.value, bool) or not math.isfinite(result.value):
            raise ValueError(f"{code} {side}: value must be a finite number, got {result.value!r}")
        if result.value < 0:
            raise ValueError(f"{code} {side}: value must not be negative, got {result.value}")
        checked.append(result)
    order = {code: i for i, code in enumerate(protocols)}
    return sorted(checked, key=lambda r: (order[r.protocol_code], SIDES.index(r.side)))


def _score(
    result: Result,
    spec: ProtocolSpec,
    body_mass_kg: float,
    sex: str,
    squad_medians: Mapping[str, float] | None,
) -> _Scored:
    reference = spec.reference_male if sex == "M" else spec.reference_female
    source = "norm"
    median = (squad_medians or {}).get(spec.code)
    # Only a protocol without a trusted norm scores against the squad median.
    if spec.provisional and median is not None and math.isfinite(median) and median > 0:
        reference, source = float(median), "squad_median"
    value = float(result.value)
    scored = _Scored(
        spec, result.side, value, normalize(spec, value, body_mass_kg), reference, source
    )
    if not math.isfinite(scored.pct):  # keeps every snapshot JSON-safe
        raise ValueError(
            f"{spec.code} {result.side}: the score overflows; check the value, the body mass "
            f"and the squad median"
        )
    return scored


def _asymmetry(spec: ProtocolSpec, left: float, right: float) -> _Asymmetry:
    strong, weak = max(left, right), min(left, right)
    pct = round((strong - weak) / strong * 100, 1) if strong > 0 else 0.0
    weaker = None if left == right else ("L" if left < right else "R")
    flag = "none"
    if pct >= ASYMMETRY_ACT_PCT:
        flag = "act"
    elif pct >= ASYMMETRY_WATCH_PCT:
        flag = "watch"
    if flag != "none" and not _beyond_noise(spec, strong - weak, strong):
        flag = "none"  # never flag a difference inside the protocol's noise
    return _Asymmetry(spec, pct, weaker, weak, strong, flag)


def _group_score(
    group: str, scored: list[_Scored]
) -> tuple[GroupScore, float | None, _Asymmetry | None]:
    """The group's score, its full-precision score and its most severe flagged asymmetry."""
    left = [s.pct for s in scored if s.side in ("L", "B")]  # unsided counts on both sides
    right = [s.pct for s in scored if s.side in ("R", "B")]
    left_score = fmean(left) if left else None
    right_score = fmean(right) if right else None
    sides = [x for x in (left_score, right_score) if x is not None]
    asyms = []
    for spec in dict.fromkeys(s.spec for s in scored if s.side != "B"):
        values = {s.side: s.value for s in scored if s.spec == spec}
        if "L" in values and "R" in values:
            asyms.append(_asymmetry(spec, values["L"], values["R"]))
    largest = max(asyms, key=lambda a: a.pct, default=None)  # first wins a tie
    severity = {"none": 0, "watch": 1, "act": 2}
    flagged = max(asyms, key=lambda a: (severity[a.flag], a.pct), default=None)
    if flagged is not None and flagged.flag == "none":
        flagged = None
    gs = GroupScore(
        group=group,
        score=_r1(min(sides)) if sides else None,
        left=_r1(left_score),
        right=_r1(right_score),
        asymmetry_pct=largest.pct if largest else None,
        asymmetry_flag=flagged.flag if flagged else "none",
        weaker_side=largest.weaker_side if largest else None,
        protocols=tuple(
            ProtocolScore(
                protocol_code=s.spec.code,
                side=s.side,
                value=s.value,
                normalized=round(s.normalized, 3),
                reference=round(s.reference, 3),
                pct=round(s.pct, 1),
                reference_source=s.source,
            )
            for s in scored
        ),
    )
    return gs, (min(sides) if sides else None), flagged


def _r1(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


def _norm_unit(spec: ProtocolSpec) -> str:
    return {"per_kg": f"{spec.unit}/kg", "x_bw": "x body weight"}.get(spec.norm, spec.unit)


def _asymmetry_flag(group: str, a: _Asymmetry) -> Flag:
    weaker = "Left" if a.weaker_side == "L" else "Right"
    other = "right" if a.weaker_side == "L" else "left"
    message = (
        f"{weaker} {GROUP_NAMES[group]} {_num(a.pct)} % weaker than {other} "
        f"({_num(a.weak)} vs {_num(a.strong)} {a.spec.unit}). Test: {a.spec.name}."
    )
    if a.flag == "act" and a.spec.code == "nordic_nordbord":
        message += " On the NordBord, 15 % or more goes with 2.4 times the hamstring-strain risk."
    return Flag(f"asymmetry_{a.flag}", group, a.flag, message)


def _hq_ratio(scored: list[_Scored]) -> float | None:
    """Knee flexion / knee extension raw torque per side; the lower side's ratio."""
    flex = {s.side: s.value for s in scored if s.spec.code == "knee_flexion_iso"}
    ext = {s.side: s.value for s in scored if s.spec.code == "knee_extension_iso"}
    ratios = [flex[side] / ext[side] for side in ("L", "R") if side in flex and ext.get(side)]
    ratios = [r for r in ratios if math.isfinite(r)]  # next-to-zero extension: no ratio
    return min(ratios) if ratios else None


def _changes(scored: list[_Scored], previous: BalanceProfile | None) -> tuple[Change, ...]:
    if previous is None:
        return ()
    before = {
        (p.protocol_code, p.side): p.value for g in previous.groups.values() for p in g.protocols
    }
    changes = []
    for s in scored:
        old = before.get((s.spec.code, s.side))
        if old is None:
            continue
        diff = s.value - old
        delta = diff / old * 100 if old > 0 else math.inf * diff
        if not math.isfinite(delta):  # decided: from 0 (or next to it) a gain reads +100 %
            delta = math.copysign(100.0, diff) if diff else 0.0
        changes.append(
            Change(
                protocol_code=s.spec.code,
                side=s.side,
                group=s.spec.group,
                before=old,
                after=s.value,
                delta_pct=round(delta, 1),
                # beyond the minimal detectable change: the absolute limit, else 2.77 x SEM
                significant=_beyond_noise(s.spec, abs(diff), old, MDC_PER_SEM),
            )
        )
    return tuple(changes)


def assess(
    results: Iterable[Result],
    *,
    body_mass_kg: float,
    sex: str,
    protocols: Mapping[str, ProtocolSpec],
    previous: BalanceProfile | None = None,
    squad_medians: Mapping[str, float] | None = None,
) -> BalanceProfile:
    """Score one assessment into a BalanceProfile. Raises ValueError on bad input."""
    if isinstance(body_mass_kg, bool) or not (math.isfinite(body_mass_kg) and body_mass_kg > 0):
        raise ValueError(f"body mass must be a positive number of kg, got {body_mass_kg!r}")
    if sex not in SEXES:
        raise ValueError(f"sex must be one of {', '.join(SEXES)}, got {sex!r}")
    checked = _check_results(results, protocols)
    scored = [
        _score(r, protocols[r.protocol_code], body_mass_kg, sex, squad_medians) for r in checked
    ]

    groups: dict[str, GroupScore] = {}
    full: dict[str, float] = {}  # tested group scores at full precision
    asymmetry_flags = []
    for group in GROUPS:
        in_group = [s for s in scored if s.spec.group == group]
        groups[group], score, flagged = _group_score(group, in_group)
        if score is not None:
            full[group] = score
        if flagged is not None:
            asymmetry_flags.append(_asymmetry_flag(group, flagged))

    # Decisions use the stored (rounded) scores; ties go to the earlier group in GROUPS.
    ranked = sorted(full, key=lambda g: (groups[g].score, GROUPS.index(g)))
    weakest = ranked[0] if ranked else None
    second = ranked[1] if len(ranked) > 1 else None

    flags: list[Flag] = []
    if weakest is not None:
        name = GROUP_NAMES[weakest]
        verb = "is" if weakest == "core" else "are"
        flags.append(
            Flag(
                "weakest_link",
                weakest,
                "info",
                f"{name.capitalize()} {verb} the weakest link at "
                f"{_num(groups[weakest].score)} % of reference.",
            )
        )
    flags.extend(asymmetry_flags)

    swing_push = None
    push = [full[g] for g in PUSH_GROUPS if g in full]
    if "hip_flexors" in full and push and fmean(push) > 0:
        swing_push = round(full["hip_flexors"] / fmean(push), 2)
        swing_push = swing_push if math.isfinite(swing_push) else None  # push next to zero
        if swing_push is not None and swing_push < SWING_PUSH_MIN:
            names = ", ".join(GROUP_NAMES[g] for g in PUSH_GROUPS if g in full)
            flags.append(
                Flag(
                    "swing_push_low",
                    "hip_flexors",
                    "act",
                    f"Swing:push ratio {swing_push:.2f} is below {SWING_PUSH_MIN}: hip flexors "
                    f"at {_num(full['hip_flexors'])} % against a push side ({names}) at "
                    f"{_num(fmean(push))} % of reference. The swing side is limiting.",
                )
            )

    hq = _hq_ratio(scored)
    hq = None if hq is None else round(hq, 2)
    if hq is not None and hq < HQ_LOW:
        flags.append(
            Flag(
                "hq_low",
                "hamstrings",
                "info",
                f"Isometric H:Q ratio {hq:.2f} is below {HQ_LOW} (80 % of the {HQ_ISO_MIDPOINT} "
                f"midpoint). Read it with both scores: hamstrings "
                f"{_num(groups['hamstrings'].score)} %, quadriceps "
                f"{_num(groups['quadriceps'].score)} % of reference; "
                f"a ratio alone does not predict injury.",
            )
        )

    for spec in dict.fromkeys(s.spec for s in scored if s.spec.provisional and s.source == "norm"):
        flags.append(
            Flag(
                "provisional_reference",
                spec.group,
                "info",
                f"{spec.name} is scored against a provisional placeholder of "
                f"{_num(spec.reference_male if sex == 'M' else spec.reference_female, 2)} "
                f"{_norm_unit(spec)}, as it has no trusted published norm. A squad median "
                f"will replace it once one is available.",
            )
        )

    return BalanceProfile(
        groups=groups,
        balance_level=_r1(min(full.values())) if full else None,
        potential=_r1(fmean(full.values())) if full else None,
        weakest_link=weakest,
        second_weakest=second,
        swing_push_ratio=swing_push,
        hq_ratio=hq,
        flags=tuple(flags),
        changes=_changes(scored, previous),
    )
