"""Query-string parameters: one parser for integer params, shared by every page.

`'²'.isdigit()` is true but `int('²')` fails, and `?page=99999999999999999999` overflows
an SQL OFFSET: so only ASCII digits, and only up to a bound, count as an integer.
"""

from __future__ import annotations

from collections.abc import Mapping

# Larger than any id, page or week number; small enough for a bigint OFFSET.
INT_PARAM_MAX = 2_147_483_647


def int_param(
    query: Mapping[str, str],
    name: str,
    *,
    default: int | None = None,
    maximum: int = INT_PARAM_MAX,
) -> int | None:
    """The parameter as a positive int (1..maximum), or `default` when it is missing or is
    anything else (non-ASCII digits, signs, spaces, huge values)."""
    text = query.get(name, "")
    if not isinstance(text, str) or not (0 < len(text) <= len(str(maximum))):
        return default
    if not (text.isascii() and text.isdigit()):
        return default
    number = int(text)
    return number if 1 <= number <= maximum else default


def search_text(text: str) -> str:
    """A search box's text without control characters (a NUL byte cannot reach PostgreSQL)
    and with runs of spaces collapsed: searching is lenient, nothing to refuse."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())
