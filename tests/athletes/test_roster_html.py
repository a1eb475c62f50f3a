"""The roster's rows built in Python: the same cells the template used to render, escaped."""

from athletes.models import Athlete
from athletes.roster_html import row_html, rows_html
from athletes.selectors_roster import RosterRow


def _row(**values) -> RosterRow:
    return RosterRow(
        athlete=Athlete(id=7, first_name="Ada", last_name="Lovelace"),
        url="/athletes/7/",
        name="Lovelace, Ada",
        **values,
    )


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
    assert row_html(row) == (
        '<tr data-athlete="7"><td><a href="/athletes/7/">Lovelace, Ada</a></td>'
        '<td><div class="bar" title="62 % of reference"><span style="width: 62.4%"></span>'
        '</div> <span class="small">62 %</span></td>'
        "<td>hip flexors</td>"
        '<td><span class="badge act" title="L weaker">hamstrings 16 %</span> '
        '<span class="badge watch" title=" weaker">core 11 %</span> </td>'
        '<td><span class="badge proposed">proposal waiting</span></td>'
        '<td>3 Nov 2026 <span class="badge watch">stale</span></td>'
        "<td>0 %</td><td>85 %</td><td>21 Nov</td></tr>"
    )


def test_an_untested_athlete_without_program_or_logs():
    assert row_html(_row()) == (
        '<tr data-athlete="7"><td><a href="/athletes/7/">Lovelace, Ada</a></td>'
        '<td><span class="muted">not tested</span></td><td></td><td></td>'
        '<td><span class="muted">none</span></td><td><span class="muted">never</span></td>'
        '<td><span class="muted">–</span></td><td><span class="muted">–</span></td>'
        '<td><span class="muted">never</span></td></tr>'
    )


def test_tested_without_flags_says_none():
    html = row_html(_row(balance="90", balance_width="90.0", last_test="1 Nov 2026"))
    assert '<td><span class="badge none">none</span></td>' in html
    assert "<td>1 Nov 2026</td>" in html  # not stale


def test_every_value_is_escaped():
    row = _row(weakest_name="<b>", last_logged="&")
    row.name = 'O\'Brien, "Al" <script>'
    html = rows_html([row, _row()])
    assert "O&#x27;Brien, &quot;Al&quot; &lt;script&gt;" in html
    assert "<td>&lt;b&gt;</td>" in html
    assert "<td>&amp;</td></tr>" in html
    assert "<script>" not in html
    assert html.count("<tr ") == 2
    assert hasattr(html, "__html__")  # safe for the template as is
