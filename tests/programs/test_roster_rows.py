"""The roster's rows: the template prints RosterRow's display values, escaped, and the
rendered rows are cached under a hash of exactly those values."""

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string

from athletes.models import Athlete
from config.cache import content_key
from programs.roster import RosterRow

ROWS = "athletes/roster.html#roster_rows"


def _row(**values) -> RosterRow:
    values = {"athlete_id": 7, "url": "/athletes/7/", "name": "Lovelace, Ada", **values}
    return RosterRow(athlete=Athlete(id=7, first_name="Ada", last_name="Lovelace"), **values)


def _cells(html: str) -> str:
    return " ".join(html.split())


def test_a_tested_athlete_row():
    row = _row(
        balance="62",
        balance_width="62.4",
        weakest_name="hip flexors",
        asymmetries=[
            {"flag": "act", "weaker": "L", "name": "hamstrings", "pct_text": "16"},
            {"flag": "watch", "weaker": "", "name": "core", "pct_text": "11"},
        ],
        program_badge=("proposed", "proposal waiting"),
        last_test="3 Nov 2026",
        stale=True,
        share_7="0",
        share_28="85",
        last_logged="21 Nov",
    )
    html = _cells(render_to_string(ROWS, {"rows": [row]}))
    assert html == _cells(
        '<tr data-athlete="7"> <td><a href="/athletes/7/">Lovelace, Ada</a></td>'
        ' <td><div class="bar" title="62 % of reference">'
        '<svg viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true">'
        '<rect width="62.4" height="1"></rect></svg>'
        '</div> <span class="small">62 %</span></td>'
        " <td>hip flexors</td>"
        ' <td><span class="badge act" title="L weaker">hamstrings 16 %</span> '
        '<span class="badge watch" title=" weaker">core 11 %</span> </td>'
        ' <td><span class="badge proposed">proposal waiting</span></td>'
        ' <td>3 Nov 2026 <span class="badge watch">stale</span></td>'
        " <td>0 %</td> <td>85 %</td> <td>21 Nov</td> </tr>"
    )


def test_an_untested_athlete_without_program_or_logs():
    html = _cells(render_to_string(ROWS, {"rows": [_row()]}))
    assert html == _cells(
        '<tr data-athlete="7"> <td><a href="/athletes/7/">Lovelace, Ada</a></td>'
        ' <td><span class="muted">not tested</span></td> <td></td> <td></td>'
        ' <td><span class="muted">none</span></td> <td><span class="muted">never</span></td>'
        ' <td><span class="muted">–</span></td> <td><span class="muted">–</span></td>'
        ' <td><span class="muted">never</span></td> </tr>'
    )


def test_tested_without_flags_says_none():
    row = _row(balance="90", balance_width="90.0", last_test="1 Nov 2026")
    html = render_to_string(ROWS, {"rows": [row]})
    assert '<td><span class="badge none">none</span></td>' in html
    assert "<td>1 Nov 2026</td>" in html  # not stale


def test_every_value_is_escaped():
    row = _row(weakest_name="<b>", last_logged="&")
    row.name = 'O\'Brien, "Al" <script>'
    html = render_to_string(ROWS, {"rows": [row, _row()]})
    assert "O&#x27;Brien, &quot;Al&quot; &lt;script&gt;" in html
    assert "<td>&lt;b&gt;</td>" in html
    assert "<td>&amp;</td>" in html
    assert "<script>" not in html
    assert html.count("<tr ") == 2


@pytest.mark.parametrize(
    "change",
    [
        {"name": "Lovelace, Augusta"},
        {"athlete_id": 8},
        {"balance": "63"},
        {"balance_width": "63.0"},
        {"weakest_name": "core"},
        {"weakest_carried": "carried from 3 Nov 2026"},
        {"stale_groups": "2 groups stale"},
        {"asymmetries": [{"flag": "act", "weaker": "R", "name": "core", "pct_text": "12"}]},
        {"program_badge": ("failed", "failed")},
        {"last_test": "4 Nov 2026"},
        {"stale": True},
        {"share_7": "50"},
        {"share_28": "50"},
        {"last_logged": "22 Nov"},
        {"url": "/athletes/8/"},
    ],
)
def test_any_printed_value_changes_the_cache_key(change):
    assert content_key([_row(**change)]) != content_key([_row()])


def test_the_key_ignores_what_is_not_printed():
    same = _row()
    same.adherence = {"mean_rpe": 7.5}
    same.athlete = Athlete(id=7, first_name="Other", last_name="Instance")
    assert content_key([same]) == content_key([_row()])


def test_the_roster_serves_rows_from_the_cache_until_a_value_changes(rf):
    cache.clear()
    rows = [_row(balance="62", balance_width="62.0")]
    page = "athletes/roster.html#roster_table"
    context = {
        "rows": rows,
        "rows_key": content_key(rows),
        "fragment_ttl": 60,
        "has_any_athlete": True,
        "page": None,
    }
    assert "62 %" in render_to_string(page, context)
    # Same key: the cached rows come back even though the objects differ.
    context["rows"] = [_row(balance="99", balance_width="99.0")]
    assert "62 %" in render_to_string(page, context)
    context["rows_key"] = content_key(context["rows"])
    html = render_to_string(page, context)
    assert "99 %" in html
    assert "62 %" not in html


def test_a_row_marks_a_carried_weakest_link_and_stale_groups():
    row = _row(
        weakest_name="glutes",
        weakest_carried="carried from 3 Nov 2026",
        last_test="24 Nov 2026",
        stale_groups="2 groups stale",
    )
    html = _cells(render_to_string(ROWS, {"rows": [row]}))
    assert '<td>glutes<br><span class="small muted"' in html
    assert ">carried from 3 Nov 2026</span></td>" in html
    assert "24 Nov 2026<br><span" in html
    assert ">2 groups stale</span>" in html
