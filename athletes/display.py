"""Numbers as the pages show them, worked out in Python for the big tables.

The floatformat filter costs ~20 µs a call (Decimal, localization, template variable
resolution); a table of 50 rows or a trend of many assessments calls it hundreds of times.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_QUANTUM = {places: Decimal(1).scaleb(-places) for places in range(4)}


def fixed(value: float | None, places: int = 0) -> str:
    """What {{ value|floatformat:places }} shows (halves round up); "" for None."""
    if value is None:
        return ""
    rounded = Decimal(repr(value)).quantize(_QUANTUM[places], rounding=ROUND_HALF_UP)
    return f"{rounded + 0:f}"  # + 0 turns -0 into 0, as floatformat does


def counted(number: int, singular: str, plural: str = "") -> str:
    """'1 athlete', '2 athletes': a count with its noun, as {{ n }} x{{ n|pluralize }}."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"
