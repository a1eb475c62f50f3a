"""Strength-balance engine: turns test results into a balance profile.

Pure Python (no Django), deterministic, no clock: frozen dataclasses in and out. Numbers
and thresholds come from docs/references.md; each is cited where it is
used. Import from here; the modules inside are, from the top down:

- `assessment`: `assess`, one assessment's results into a BalanceProfile with its flags
  (`assess_latest`: the same over a partial retest's combined results);
- `history`: `latest_results`, a partial retest's results plus those carried from earlier
  assessments within the window, and the stale groups;
- `scoring`: normalization, per-result and per-group scores, asymmetries, changes;
  `snapshots`: a profile as JSON-safe data and back;
- `review`: the block review, start against end tests (real change or noise), the next
  block's focus and the squad's claim;
- `library`: protocol validation and the protocol library file;
- `values`: the frozen dataclasses; `vocabulary`: groups, sides, sexes, norms.

Stored floats are rounded (1 decimal for %, 2 for the H:Q and swing:push ratios, 3 for
normalized values). Thresholds and rankings read the rounded numbers, so a flag never
contradicts the number it shows.
"""

from assessments.balance.assessment import assess, assess_latest
from assessments.balance.history import WINDOW_DAYS_MAX, WINDOW_DAYS_MIN, latest_results
from assessments.balance.library import (
    load_protocols,
    protocol_from_mapping,
    standard_protocols,
    validate_protocol,
)
from assessments.balance.review import (
    NOT_RETESTED,
    REAL_DECLINE,
    REAL_GAIN,
    REAL_IMPROVEMENT,
    REAL_LOSS,
    UNCLEAR,
    VERDICT_LABELS,
    WITHIN_NOISE,
    BlockReview,
    GroupChange,
    OutcomeChange,
    SquadClaim,
    SquadPoint,
    StrengthChange,
    block_review,
    next_focus,
    outcome_change,
    squad_claim,
    squad_swc,
    strength_mdc,
    strength_verdict,
    typical_error,
)
from assessments.balance.scoring import GRAVITY, normalize
from assessments.balance.snapshots import profile_from_dict, profile_to_dict
from assessments.balance.values import (
    BalanceProfile,
    CarriedResult,
    CarriedResults,
    Change,
    DatedResult,
    Flag,
    GroupScore,
    ProtocolScore,
    ProtocolSpec,
    Result,
)
from assessments.balance.vocabulary import (
    ASYMMETRY_FLAGS,
    GROUP_NAMES,
    GROUPS,
    KIND_LABELS,
    KINDS,
    NORM_LABELS,
    NORMS,
    SEX_LABELS,
    SEXES,
    SIDE_LABELS,
    SIDES,
)

__all__ = [
    "ASYMMETRY_FLAGS",
    "GRAVITY",
    "GROUPS",
    "GROUP_NAMES",
    "KINDS",
    "KIND_LABELS",
    "NORMS",
    "NORM_LABELS",
    "NOT_RETESTED",
    "REAL_DECLINE",
    "REAL_GAIN",
    "REAL_IMPROVEMENT",
    "REAL_LOSS",
    "SEXES",
    "SEX_LABELS",
    "SIDES",
    "SIDE_LABELS",
    "UNCLEAR",
    "VERDICT_LABELS",
    "WINDOW_DAYS_MAX",
    "WINDOW_DAYS_MIN",
    "WITHIN_NOISE",
    "BalanceProfile",
    "BlockReview",
    "CarriedResult",
    "CarriedResults",
    "Change",
    "DatedResult",
    "Flag",
    "GroupChange",
    "GroupScore",
    "OutcomeChange",
    "ProtocolScore",
    "ProtocolSpec",
    "Result",
    "SquadClaim",
    "SquadPoint",
    "StrengthChange",
    "assess",
    "assess_latest",
    "block_review",
    "latest_results",
    "load_protocols",
    "next_focus",
    "normalize",
    "outcome_change",
    "profile_from_dict",
    "profile_to_dict",
    "protocol_from_mapping",
    "squad_claim",
    "squad_swc",
    "standard_protocols",
    "strength_mdc",
    "strength_verdict",
    "typical_error",
    "validate_protocol",
]
