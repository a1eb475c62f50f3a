"""Strength-balance engine: turns test results into a balance profile.

Pure Python (no Django), deterministic, no clock. Frozen dataclasses in and out.
Numbers and thresholds come from ../shared/reference/strength-tests.md; each is cited
where it is used. This module holds `assess`; the contract (vocabularies, dataclasses) is
in balance_types.py, the scoring steps and thresholds in balance_scoring.py, and the
protocol library file and snapshot (de)serialization in balance_data.py. All their public
names are re-exported here.

Stored floats are rounded (1 decimal for %, 2 for the H:Q and swing:push ratios, 3 for
normalized values). Thresholds and rankings read the rounded numbers, so a flag never
contradicts the number it shows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from statistics import fmean

from assessments.balance_data import (
    load_protocols,
    profile_from_dict,
    profile_to_dict,
    protocol_from_mapping,
    standard_protocols,
)
from assessments.balance_scoring import (
    GRAVITY,
    GROUP_NAMES,
    HQ_ISO_MIDPOINT,
    HQ_LOW,
    PUSH_GROUPS,
    SWING_PUSH_MIN,
    _asymmetry_flag,
    _changes,
    _check_results,
    _group_score,
    _hq_ratio,
    _norm_unit,
    _num,
    _r1,
    _score,
    normalize,
    validate_protocol,
)
from assessments.balance_types import (
    ASYMMETRY_FLAGS,
    GROUPS,
    NORMS,
    SEXES,
    SIDES,
    BalanceProfile,
    Change,
    Flag,
    GroupScore,
    ProtocolScore,
    ProtocolSpec,
    Result,
)

__all__ = [
    "ASYMMETRY_FLAGS",
    "GRAVITY",
    "GROUPS",
    "GROUP_NAMES",
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
