"""The input rules every entry path shares: forms, the JSON API and the CSV import.

One rule, one place: numbers are finite, bounded and quantizable; text has no NUL or other
control characters and a length cap; dates fall in a sane range. Each rule returns the
message to show (or the parsed value, None when invalid) so callers attach it to their
own field, line or key. Plain Python: no Django import, no clock (callers pass today).
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# No quantity we store comes near this; anything larger is a typo (or an attack) that
# would overflow a float, a Decimal.quantize or a database column.
NUMBER_LIMIT = 1_000_000_000
NUMBER_TEXT_MAX = 40  # characters of a number typed as text
NOTES_MAX_CHARS = 5_000
NUMBER_MESSAGE = (
    f"Enter a number no larger than {NUMBER_LIMIT:,} (NaN and Infinity are not numbers)."
)


def number_decimal(value) -> Decimal | None:
    """The value as a finite Decimal within ±NUMBER_LIMIT, or None: bools, NaN, infinities,
    text that is not a number, and huge magnitudes (a 400-digit integer, 1e30) are None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if len(text) > NUMBER_TEXT_MAX:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    elif isinstance(value, int):
        if abs(value) > NUMBER_LIMIT:  # exact for any size, no float conversion
            return None
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            return None
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    else:
        return None
    if not number.is_finite() or abs(number) > NUMBER_LIMIT:
        return None
    return number


def number_float(value) -> float | None:
    """number_decimal as a float (measurements are stored as floats)."""
    number = number_decimal(value)
    return None if number is None else float(number)


def number_quantized(value, *, places: int) -> Decimal | None:
    """number_decimal rounded half-up to `places` decimals (safe: the value is bounded)."""
    number = number_decimal(value)
    if number is None:
        return None
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _forbidden_char(text: str, *, multiline: bool) -> str | None:
    for char in text:
        category = unicodedata.category(char)
        if category == "Cs" or (category == "Cc" and not (multiline and char in "\t\n\r")):
            return char
    return None


def text_error(value, *, max_chars: int, multiline: bool = False) -> str | None:
    """None when `value` is storable text: a string of at most `max_chars` characters
    without NUL, other control characters (tab and newlines allowed when multiline) or
    lone surrogates, none of which PostgreSQL or a person can use."""
    if not isinstance(value, str):
        return "Enter text."
    if len(value) > max_chars:
        # Django's own max_length wording, so every path says it the same way.
        return f"Ensure this value has at most {max_chars} characters (it has {len(value)})."
    if (char := _forbidden_char(value, multiline=multiline)) is not None:
        return (
            f"Remove the invisible control character U+{ord(char):04X} "
            "(often pasted in from another program)."
        )
    return None


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier; 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def date_range_error(
    value: dt.date, *, earliest: dt.date, latest: dt.date, too_early: str, too_late: str
) -> str | None:
    """too_early / too_late when `value` falls outside [earliest, latest], else None."""
    if value < earliest:
        return too_early
    if value > latest:
        return too_late
    return None
