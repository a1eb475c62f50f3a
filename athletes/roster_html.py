"""The roster table's rows as HTML, built in Python from the RosterRow display values.

Django's template engine spends about 0.2 ms on a row of this table (some 25 variable
lookups and tags), which made the rows most of the roster's render time; plain string
building costs a few microseconds. Every value is escaped with html.escape, which is what
the template's autoescaping applies; the table, its headers and the htmx wiring stay in
roster.html.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from athletes.selectors_roster import RosterRow

NOT_TESTED = '<span class="muted">not tested</span>'
NONE = '<span class="muted">none</span>'
NEVER = '<span class="muted">never</span>'
NOTHING_PLANNED = '<span class="muted">–</span>'
NO_ASYMMETRY = '<span class="badge none">none</span>'
STALE = ' <span class="badge watch">stale</span>'


def _balance(row: RosterRow) -> str:
    if not row.balance:
        return NOT_TESTED
    value = escape(row.balance)
    return (
        f'<div class="bar" title="{value} % of reference">'
        f'<span style="width: {escape(row.balance_width)}%"></span></div>'
        f' <span class="small">{value} %</span>'
    )


def _asymmetries(row: RosterRow) -> str:
    if not row.asymmetries:
        return NO_ASYMMETRY if row.last_test else ""
    return "".join(
        f'<span class="badge {escape(a["flag"])}" title="{escape(a["weaker"])} weaker">'
        f"{escape(a['name'])} {escape(a['pct_text'])} %</span> "
        for a in row.asymmetries
    )


def _program(row: RosterRow) -> str:
    if row.program_badge is None:
        return NONE
    css, label = row.program_badge
    return f'<span class="badge {escape(css)}">{escape(label)}</span>'


def _last_test(row: RosterRow) -> str:
    if not row.last_test:
        return NEVER
    return escape(row.last_test) + (STALE if row.stale else "")


def _share(share: str | None) -> str:
    return f"{escape(share)} %" if share else NOTHING_PLANNED


def row_html(row: RosterRow) -> str:
    """One <tr>, its cells in the order of views_coach.ROSTER_COLUMNS."""
    return (
        f'<tr data-athlete="{row.athlete.id}">'
        f'<td><a href="{escape(row.url)}">{escape(row.name)}</a></td>'
        f"<td>{_balance(row)}</td>"
        f"<td>{escape(row.weakest_name)}</td>"
        f"<td>{_asymmetries(row)}</td>"
        f"<td>{_program(row)}</td>"
        f"<td>{_last_test(row)}</td>"
        f"<td>{_share(row.share_7)}</td>"
        f"<td>{_share(row.share_28)}</td>"
        f"<td>{escape(row.last_logged) if row.last_logged else NEVER}</td>"
        "</tr>"
    )


def rows_html(rows: Iterable[RosterRow]) -> SafeString:
    return mark_safe("\n".join(row_html(row) for row in rows))  # every value escaped above
