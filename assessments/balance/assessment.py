"""`assess`: one assessment's results into a balance profile, with its flags.

Stored floats are rounded (1 decimal for %, 2 for the H:Q and swing:push ratios, 3 for
normalized values). Thresholds and rankings read the rounded numbers, so a flag never
contradicts the number it shows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from statistics import fmean

from assessments.balance.scoring import (
    HQ_ISO_MIDPOINT,
    HQ_LOW,
    PUSH_GROUPS,
    SWING_PUSH_MIN,
    asymmetry_flag,
    changes_since,
    check_results,
    group_score,
    hq_ratio,
    norm_unit,
    num_text,
    round1,
    score_result,
)
from assessments.balance.values import (
    BalanceProfile,
    CarriedResult,
    CarriedResults,
    Flag,
    GroupScore,
    ProtocolSpec,
    Result,
)
from assessments.balance.vocabulary import GROUP_NAMES, GROUPS, SEXES


def assess(
    results: Iterable[Result],
    *,
    body_mass_kg: float,
    sex: str,
    protocols: Mapping[str, ProtocolSpec],
    previous: BalanceProfile | None = None,
    squad_medians: Mapping[str, float] | None = None,
    carried: Sequence[CarriedResult] = (),
    stale_groups: Sequence[str] = (),
) -> BalanceProfile:
    """Score one assessment into a BalanceProfile. Raises ValueError on bad input.

    `carried` results (from earlier assessments, see latest_results) are scored like the
    assessment's own but never count as changes; `stale_groups` are only reported."""
    if isinstance(body_mass_kg, bool) or not (math.isfinite(body_mass_kg) and body_mass_kg > 0):
        raise ValueError(f"body mass must be a positive number of kg, got {body_mass_kg!r}")
    if sex not in SEXES:
        raise ValueError(f"sex must be one of {', '.join(SEXES)}, got {sex!r}")
    carried = tuple(carried)
    carried_keys = {(c.protocol_code, c.side) for c in carried}
    bad_stale = [g for g in stale_groups if g not in GROUPS]
    if bad_stale:
        raise ValueError(f"unknown stale group {bad_stale[0]!r}")
    checked = check_results(
        [*results, *(Result(c.protocol_code, c.side, c.value) for c in carried)], protocols
    )
    # Outcomes (sprints, jumps) are checked like any result but never scored: they show
    # whether the block worked and must not move the weakest link.
    scored = [
        score_result(r, protocols[r.protocol_code], body_mass_kg, sex, squad_medians)
        for r in checked
        if not protocols[r.protocol_code].is_outcome
    ]

    groups: dict[str, GroupScore] = {}
    full: dict[str, float] = {}  # tested group scores at full precision
    asymmetry_flags = []
    for group in GROUPS:
        in_group = [s for s in scored if s.spec.group == group]
        groups[group], score, flagged = group_score(group, in_group)
        if score is not None:
            full[group] = score
        if flagged is not None:
            asymmetry_flags.append(asymmetry_flag(group, flagged))

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
                f"{num_text(groups[weakest].score)} % of reference.",
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
                    f"at {num_text(full['hip_flexors'])} % against a push side ({names}) at "
                    f"{num_text(fmean(push))} % of reference. The swing side is limiting.",
                )
            )

    hq = hq_ratio(scored)
    hq = None if hq is None else round(hq, 2)
    if hq is not None and hq < HQ_LOW:
        flags.append(
            Flag(
                "hq_low",
                "hamstrings",
                "info",
                f"Isometric H:Q ratio {hq:.2f} is below {HQ_LOW} (80 % of the {HQ_ISO_MIDPOINT} "
                f"midpoint). Read it with both scores: hamstrings "
                f"{num_text(groups['hamstrings'].score)} %, quadriceps "
                f"{num_text(groups['quadriceps'].score)} % of reference; "
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
                f"{num_text(spec.reference_male if sex == 'M' else spec.reference_female, 2)} "
                f"{norm_unit(spec)}, as it has no trusted published norm. A squad median "
                f"will replace it once one is available.",
            )
        )

    return BalanceProfile(
        groups=groups,
        balance_level=round1(min(full.values())) if full else None,
        potential=round1(fmean(full.values())) if full else None,
        weakest_link=weakest,
        second_weakest=second,
        swing_push_ratio=swing_push,
        hq_ratio=hq,
        flags=tuple(flags),
        changes=changes_since(
            [s for s in scored if (s.spec.code, s.side) not in carried_keys], previous
        ),
        carried=carried,
        stale_groups=tuple(g for g in GROUPS if g in stale_groups),
    )


def assess_latest(
    latest: CarriedResults,
    *,
    body_mass_kg: float,
    sex: str,
    protocols: Mapping[str, ProtocolSpec],
    previous: BalanceProfile | None = None,
    squad_medians: Mapping[str, float] | None = None,
) -> BalanceProfile:
    """`assess` over what latest_results combined: the profile a partial retest gives."""
    return assess(
        latest.current,
        body_mass_kg=body_mass_kg,
        sex=sex,
        protocols=protocols,
        previous=previous,
        squad_medians=squad_medians,
        carried=latest.carried,
        stale_groups=latest.stale_groups,
    )
