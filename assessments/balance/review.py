"""The block review's arithmetic: did the block work?

Pure functions over frozen values. Numbers from ../shared/reference/strength-tests.md and
speed-and-readiness.md:

- Strength, per protocol and side: the change is **real** when |end - start| is strictly
  greater than the protocol's minimal detectable change (MDC), else **within noise**. The
  MDC is the protocol's absolute noise where published (limits of agreement, in its unit),
  else 2.77 x SEM (MDC95 = 1.96 x sqrt 2 x SEM) with the SEM as a % of the start value
  (5 % where none is published). Exactly at the MDC is within noise: "beyond" is strict.
- Outcomes (sprints, jumps), direction-aware (lower is better for times): the typical
  error (TE) is the absolute figure or the CV x the start value; the smallest worthwhile
  change (SWC) is the protocol's published figure, else 0.2 x the squad's between-athlete
  SD at baseline (Hopkins 2004). Hopkins's rule as Darrall-Jones 2016 use it: the change
  +- TE wholly beyond the SWC, i.e. |change| > SWC + TE, is real. Where the SWC is smaller
  than the TE (or unknown), the MDC95 = 2.77 x TE is the threshold (Holmberg 2025).
  Improvement beyond it: "real improvement"; decline beyond it: "real decline"; else
  "unclear". Again strictly beyond.
- A test done at the start and missing at the end is "not retested".

Comparisons round to 6 decimals first, so a change typed exactly at the threshold is not
tipped over it by binary floating point.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import stdev

from assessments.balance.scoring import DEFAULT_SEM_PCT, MDC_PER_SEM, num_text
from assessments.balance.values import BalanceProfile, ProtocolSpec, Result
from assessments.balance.vocabulary import GROUP_NAMES, GROUPS, SIDES

SWC_FACTOR = 0.2  # SWC = 0.2 x between-athlete SD, the team-sport default (Hopkins 2004)
SWC_MIN_ATHLETES = 3  # fewer baselines give no usable SD

REAL_GAIN, REAL_LOSS, WITHIN_NOISE = "real_gain", "real_loss", "within_noise"
REAL_IMPROVEMENT, REAL_DECLINE, UNCLEAR = "real_improvement", "real_decline", "unclear"
NOT_RETESTED = "not_retested"
VERDICT_LABELS: dict[str, str] = {
    REAL_GAIN: "real gain",
    REAL_LOSS: "real loss",
    WITHIN_NOISE: "within noise",
    REAL_IMPROVEMENT: "real improvement",
    REAL_DECLINE: "real decline",
    UNCLEAR: "unclear",
    NOT_RETESTED: "not retested",
}


@dataclass(frozen=True)
class StrengthChange:
    protocol_code: str
    group: str
    side: str
    unit: str
    start: float
    end: float | None  # None: not retested
    mdc: float  # in the unit
    verdict: str  # REAL_GAIN, REAL_LOSS, WITHIN_NOISE or NOT_RETESTED

    @property
    def change(self) -> float | None:
        return None if self.end is None else self.end - self.start

    @property
    def change_pct(self) -> float | None:
        if self.end is None or self.start <= 0:
            return None
        return round((self.end - self.start) / self.start * 100, 1)


@dataclass(frozen=True)
class GroupChange:
    group: str
    start: float | None  # group score, % of reference (the weaker side)
    end: float | None
    verdict: str  # REAL_GAIN / REAL_LOSS if any of its results moved beyond the MDC


@dataclass(frozen=True)
class OutcomeChange:
    protocol_code: str
    unit: str
    lower_is_better: bool
    start: float
    end: float | None
    typical_error: float
    swc: float | None
    threshold: float  # what the improvement must exceed
    verdict: str  # REAL_IMPROVEMENT, REAL_DECLINE, UNCLEAR or NOT_RETESTED

    @property
    def change(self) -> float | None:
        return None if self.end is None else self.end - self.start

    @property
    def improvement(self) -> float | None:
        """The change signed so that positive is better (a faster time, a higher jump)."""
        change = self.change
        if change is None:
            return None
        return -change if self.lower_is_better else change


@dataclass(frozen=True)
class BlockReview:
    retested: bool
    strength: tuple[StrengthChange, ...]
    groups: tuple[GroupChange, ...]
    outcomes: tuple[OutcomeChange, ...]
    weakest_start: str | None
    weakest_end: str | None
    balance_start: float | None
    balance_end: float | None
    potential_start: float | None
    potential_end: float | None
    # The start's weakest link: its score change (points of % of reference) and whether
    # one of its results rose beyond the MDC with none falling beyond it.
    weakest_score_change: float | None
    weakest_improved: bool | None


def _beyond(change: float, threshold: float) -> bool:
    return round(change, 6) > round(threshold, 6)


def strength_mdc(spec: ProtocolSpec, start: float) -> float:
    """The minimal detectable change of one result, in the protocol's unit."""
    if spec.noise_abs is not None:
        return spec.noise_abs
    sem = spec.sem_pct if spec.sem_pct is not None else DEFAULT_SEM_PCT
    return MDC_PER_SEM * sem / 100 * start


def strength_verdict(spec: ProtocolSpec, start: float, end: float | None) -> str:
    if end is None:
        return NOT_RETESTED
    mdc = strength_mdc(spec, start)
    if _beyond(end - start, mdc):
        return REAL_GAIN
    if _beyond(start - end, mdc):
        return REAL_LOSS
    return WITHIN_NOISE


def typical_error(spec: ProtocolSpec, start: float) -> float:
    if spec.noise_abs is not None:
        return spec.noise_abs
    cv = spec.sem_pct if spec.sem_pct is not None else DEFAULT_SEM_PCT
    return cv / 100 * start


def outcome_change(
    spec: ProtocolSpec, start: float, end: float | None, squad_swc: float | None = None
) -> OutcomeChange:
    te = typical_error(spec, start)
    swc = spec.swc_abs if spec.swc_abs is not None else squad_swc
    threshold = MDC_PER_SEM * te if swc is None or swc < te else swc + te
    verdict = NOT_RETESTED
    if end is not None:
        better = (start - end) if spec.lower_is_better else (end - start)
        verdict = UNCLEAR
        if _beyond(better, threshold):
            verdict = REAL_IMPROVEMENT
        elif _beyond(-better, threshold):
            verdict = REAL_DECLINE
    return OutcomeChange(
        protocol_code=spec.code,
        unit=spec.unit,
        lower_is_better=spec.lower_is_better,
        start=start,
        end=end,
        typical_error=te,
        swc=swc,
        threshold=threshold,
        verdict=verdict,
    )


def squad_swc(baselines: Iterable[float]) -> float | None:
    """0.2 x the between-athlete SD of one value per athlete (Hopkins 2004)."""
    values = [v for v in baselines if math.isfinite(v)]
    if len(values) < SWC_MIN_ATHLETES:
        return None
    return SWC_FACTOR * stdev(values)


def _by_key(results: Iterable[Result]) -> dict[tuple[str, str], float]:
    return {(r.protocol_code, r.side): float(r.value) for r in results}


def _score(profile: BalanceProfile | None, group: str) -> float | None:
    if profile is None or group not in profile.groups:
        return None
    return profile.groups[group].score


def block_review(
    *,
    start_results: Sequence[Result],
    end_results: Sequence[Result] | None,
    start_profile: BalanceProfile | None,
    end_profile: BalanceProfile | None,
    protocols: Mapping[str, ProtocolSpec],
    squad_swcs: Mapping[str, float] | None = None,
) -> BlockReview:
    """Compare the block's start and end tests. end_results None: not retested yet."""
    start = _by_key(start_results)
    end = _by_key(end_results or ())
    order = {code: i for i, code in enumerate(protocols)}
    keys = sorted(
        (k for k in start if k[0] in protocols),
        key=lambda k: (order[k[0]], SIDES.index(k[1]) if k[1] in SIDES else 9),
    )
    retested = end_results is not None
    strength, outcomes = [], []
    for code, side in keys:
        spec = protocols[code]
        after = end.get((code, side)) if retested else None
        if spec.is_outcome:
            swc = (squad_swcs or {}).get(code)
            outcomes.append(outcome_change(spec, start[(code, side)], after, swc))
            continue
        strength.append(
            StrengthChange(
                protocol_code=code,
                group=spec.group,
                side=side,
                unit=spec.unit,
                start=start[(code, side)],
                end=after,
                mdc=strength_mdc(spec, start[(code, side)]),
                verdict=strength_verdict(spec, start[(code, side)], after),
            )
        )

    groups = []
    for group in GROUPS:
        verdicts = {c.verdict for c in strength if c.group == group}
        before, after = _score(start_profile, group), _score(end_profile, group)
        if not verdicts and before is None:
            continue
        verdict = NOT_RETESTED if not retested or verdicts == {NOT_RETESTED} else WITHIN_NOISE
        if REAL_GAIN in verdicts and REAL_LOSS not in verdicts:
            verdict = REAL_GAIN
        elif REAL_LOSS in verdicts and REAL_GAIN not in verdicts:
            verdict = REAL_LOSS
        groups.append(GroupChange(group, before, after, verdict))

    weakest = start_profile.weakest_link if start_profile else None
    score_change = improved = None
    if weakest is not None and retested:
        before, after = _score(start_profile, weakest), _score(end_profile, weakest)
        if before is not None and after is not None:
            score_change = round(after - before, 1)
        verdicts = {c.verdict for c in strength if c.group == weakest}
        if verdicts - {NOT_RETESTED}:
            improved = REAL_GAIN in verdicts and REAL_LOSS not in verdicts

    def attr(profile, name):
        return getattr(profile, name) if profile is not None else None

    return BlockReview(
        retested=retested,
        strength=tuple(strength),
        groups=tuple(groups),
        outcomes=tuple(outcomes),
        weakest_start=weakest,
        weakest_end=attr(end_profile, "weakest_link"),
        balance_start=attr(start_profile, "balance_level"),
        balance_end=attr(end_profile, "balance_level"),
        potential_start=attr(start_profile, "potential"),
        potential_end=attr(end_profile, "potential"),
        weakest_score_change=score_change,
        weakest_improved=improved,
    )


def next_focus(review: BlockReview, latest: BalanceProfile | None) -> str:
    """The next block's focus in one sentence, with its numbers."""
    if latest is None or latest.weakest_link is None:
        return "Test the six groups to set the next block's focus."
    name = GROUP_NAMES[latest.weakest_link]
    score = latest.groups[latest.weakest_link].score
    text = (
        f"Next block: raise the {name}, now the weakest link at {num_text(score)} % of "
        f"reference (balance level {num_text(latest.balance_level)} %, potential "
        f"{num_text(latest.potential)} %)"
    )
    if review.retested and review.weakest_start == latest.weakest_link:
        if review.weakest_improved:
            text += (
                f"; they rose beyond noise this block ({_signed(review)} points) and still limit"
            )
        else:
            text += "; this block did not move them beyond noise, so keep them first"
    elif review.retested and review.weakest_start:
        text += f"; the {GROUP_NAMES[review.weakest_start]} are no longer the weakest link"
    second = latest.second_weakest
    if second is not None:
        text += f". Then the {GROUP_NAMES[second]} ({num_text(latest.groups[second].score)} %)"
    return text + "."


def _signed(review: BlockReview) -> str:
    change = review.weakest_score_change or 0.0
    return f"{'+' if change >= 0 else '−'}{num_text(abs(change))}"


@dataclass(frozen=True)
class SquadPoint:
    key: int  # the caller's id for the athlete
    weakest_score_change: float | None  # points of % of reference
    sprint_change: float | None  # end - start, in the sprint's unit (negative: faster)
    weakest_improved: bool | None
    sprint_verdict: str


@dataclass(frozen=True)
class SquadClaim:
    points: tuple[SquadPoint, ...]
    weakest_improved: int  # athletes whose weakest link rose beyond noise
    faster: int  # athletes faster beyond the threshold (SWC + TE, or MDC95)
    both: int
    retested: int


def squad_claim(points: Iterable[SquadPoint]) -> SquadClaim:
    points = tuple(points)
    return SquadClaim(
        points=points,
        weakest_improved=sum(1 for p in points if p.weakest_improved),
        faster=sum(1 for p in points if p.sprint_verdict == REAL_IMPROVEMENT),
        both=sum(1 for p in points if p.weakest_improved and p.sprint_verdict == REAL_IMPROVEMENT),
        retested=sum(1 for p in points if p.sprint_verdict != NOT_RETESTED),
    )
