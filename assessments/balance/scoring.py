"""The steps of `assess`: normalization, per-result and per-group scores, asymmetries,
flag messages, the H:Q ratio and changes since the last profile.

The thresholds are here, each cited from docs/references.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import fmean

from assessments.balance.library import validate_protocol
from assessments.balance.values import (
    BalanceProfile,
    Change,
    Flag,
    GroupScore,
    ProtocolScore,
    ProtocolSpec,
    Result,
)
from assessments.balance.vocabulary import GROUP_NAMES, SIDES

# --- constants (each number from docs/references.md) ----------------

GRAVITY = 9.81  # x_bw norm: N / (kg * 9.81)
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

# --- normalization -------------------------------------------------------------------


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
class Scored:  # one result at full precision
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
class Asymmetry:  # one sided protocol tested on both sides
    spec: ProtocolSpec
    pct: float  # rounded to 1 decimal
    weaker_side: str | None
    weak: float
    strong: float
    flag: str


def num_text(x: float, digits: int = 1) -> str:
    """Round for a message: 1 decimal, without a trailing '.0' (62.0 -> '62')."""
    text = f"{x:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _beyond_noise(spec: ProtocolSpec, diff: float, base: float, factor: float = 1.0) -> bool:
    """Is `diff` bigger than the protocol's noise? Absolute noise wins where given."""
    if spec.noise_abs is not None:
        return diff > spec.noise_abs
    sem = spec.sem_pct if spec.sem_pct is not None else DEFAULT_SEM_PCT
    return diff > factor * sem / 100 * base


def check_results(
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


def score_result(
    result: Result,
    spec: ProtocolSpec,
    body_mass_kg: float,
    sex: str,
    squad_medians: Mapping[str, float] | None,
) -> Scored:
    reference = spec.reference_male if sex == "M" else spec.reference_female
    source = "norm"
    median = (squad_medians or {}).get(spec.code)
    # Only a protocol without a trusted norm scores against the squad median.
    if spec.provisional and median is not None and math.isfinite(median) and median > 0:
        reference, source = float(median), "squad_median"
    value = float(result.value)
    scored = Scored(
        spec, result.side, value, normalize(spec, value, body_mass_kg), reference, source
    )
    if not math.isfinite(scored.pct):  # keeps every snapshot JSON-safe
        raise ValueError(
            f"{spec.code} {result.side}: the score overflows; check the value, the body mass "
            f"and the squad median"
        )
    return scored


def asymmetry(spec: ProtocolSpec, left: float, right: float) -> Asymmetry:
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
    return Asymmetry(spec, pct, weaker, weak, strong, flag)


def group_score(
    group: str, scored: list[Scored]
) -> tuple[GroupScore, float | None, Asymmetry | None]:
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
            asyms.append(asymmetry(spec, values["L"], values["R"]))
    largest = max(asyms, key=lambda a: a.pct, default=None)  # first wins a tie
    severity = {"none": 0, "watch": 1, "act": 2}
    flagged = max(asyms, key=lambda a: (severity[a.flag], a.pct), default=None)
    if flagged is not None and flagged.flag == "none":
        flagged = None
    gs = GroupScore(
        group=group,
        score=round1(min(sides)) if sides else None,
        left=round1(left_score),
        right=round1(right_score),
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


def round1(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


def norm_unit(spec: ProtocolSpec) -> str:
    return {"per_kg": f"{spec.unit}/kg", "x_bw": "x body weight"}.get(spec.norm, spec.unit)


def asymmetry_flag(group: str, a: Asymmetry) -> Flag:
    weaker = "Left" if a.weaker_side == "L" else "Right"
    other = "right" if a.weaker_side == "L" else "left"
    message = (
        f"{weaker} {GROUP_NAMES[group]} {num_text(a.pct)} % weaker than {other} "
        f"({num_text(a.weak)} vs {num_text(a.strong)} {a.spec.unit}). Test: {a.spec.name}."
    )
    if a.flag == "act" and a.spec.code == "nordic_nordbord":
        message += " On the NordBord, 15 % or more goes with 2.4 times the hamstring-strain risk."
    return Flag(f"asymmetry_{a.flag}", group, a.flag, message)


def hq_ratio(scored: list[Scored]) -> float | None:
    """Knee flexion / knee extension raw torque per side; the lower side's ratio."""
    flex = {s.side: s.value for s in scored if s.spec.code == "knee_flexion_iso"}
    ext = {s.side: s.value for s in scored if s.spec.code == "knee_extension_iso"}
    ratios = [flex[side] / ext[side] for side in ("L", "R") if side in flex and ext.get(side)]
    ratios = [r for r in ratios if math.isfinite(r)]  # next-to-zero extension: no ratio
    return min(ratios) if ratios else None


def changes_since(scored: list[Scored], previous: BalanceProfile | None) -> tuple[Change, ...]:
    if previous is None:
        return ()
    # Only what the previous assessment measured itself: its carried results are older.
    carried = {(c.protocol_code, c.side) for c in previous.carried}
    before = {
        (p.protocol_code, p.side): p.value
        for g in previous.groups.values()
        for p in g.protocols
        if (p.protocol_code, p.side) not in carried
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
