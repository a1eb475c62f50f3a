"""The SVG charts are pure functions: known scores give known points."""

import datetime as dt
import itertools
import re

import pytest

from athletes import charts


def test_radar_points_for_known_scores():
    scores = {
        "hip_flexors": 100.0,  # top
        "glutes": 50.0,
        "hamstrings": 100.0,
        "quadriceps": 0.0,
        "calves": None,  # untested: centre
        "core": 200.0,  # beyond the scale: clipped to the edge
    }
    points = charts.radar_points(scores, cx=100, cy=100, radius=100, max_pct=100)
    assert points[0] == (100.0, 0.0)
    # 50 % at 30° below horizontal to the right (-90° + 60°).
    assert points[1] == pytest.approx((100 + 50 * 0.8660254, 100 - 50 * 0.5), abs=0.05)
    assert points[2] == pytest.approx((100 + 86.60254, 150.0), abs=0.05)
    assert points[3] == (100.0, 100.0)
    assert points[4] == (100.0, 100.0)
    assert points[5] == pytest.approx((100 - 86.60254, 50.0), abs=0.05)


def test_scale_max_keeps_room_above_the_reference():
    assert charts.scale_max([62, 95, None]) == 125
    assert charts.scale_max([130.2]) == 150
    assert charts.scale_max([]) == 125


def _polygon(svg: str, cls: str) -> list[tuple[float, float]]:
    match = re.search(rf'<polygon class="{cls}" points="([^"]+)"', svg)
    assert match, f"no {cls} polygon"
    return [tuple(float(v) for v in p.split(",")) for p in match.group(1).split()]


def test_radar_chart_draws_the_shape_and_a_100_percent_ring():
    scores = dict.fromkeys(
        ("hip_flexors", "glutes", "hamstrings", "quadriceps", "calves", "core"), 100.0
    )
    svg = charts.radar_chart(scores, size=320)
    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    # All at 100 %: the shape lies exactly on the reference ring.
    assert _polygon(svg, "radar-shape") == _polygon(svg, "ref-ring")
    ring = _polygon(svg, "ref-ring")
    assert ring[0] == (160.0, 160.0 - 90 * 100 / 125)  # radius 90, scale to 125 %
    assert "Hip flexors (100 %)" in svg


def test_radar_chart_marks_untested_groups_and_escapes_nothing_unsafe():
    svg = charts.radar_chart({"hip_flexors": 62.0}, title='<script>alert("x")</script>')
    assert "Glutes (untested)" in svg
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_trend_chart_has_one_line_per_series_in_date_order():
    points = [
        charts.TrendPoint(dt.date(2025, 1, 1), 60.0, {"hip_flexors": 60.0, "glutes": 90.0}),
        charts.TrendPoint(dt.date(2025, 3, 1), 75.0, {"hip_flexors": 75.0, "glutes": 92.0}),
    ]
    svg = charts.trend_chart(points, width=640, height=260)
    balance = re.search(r'class="series series-balance" points="([^"]+)"', svg).group(1).split()
    assert len(balance) == 2
    (x1, y1), (x2, y2) = (tuple(map(float, p.split(","))) for p in balance)
    assert x1 < x2
    assert y2 < y1
    assert "series-glutes" in svg
    assert "series-core" not in svg


def test_trend_chart_is_empty_without_points_and_centres_a_single_one():
    assert charts.trend_chart([]) == ""
    svg = charts.trend_chart([charts.TrendPoint(dt.date(2025, 1, 1), 60.0, {})], width=640)
    point = re.search(r'series-balance" points="([^"]+)"', svg).group(1)
    grid = re.search(r'<line x1="([\d.]+)" x2="([\d.]+)"', svg)
    centre = (float(grid.group(1)) + float(grid.group(2))) / 2  # of the plot's grid lines
    assert float(point.split(",")[0]) == pytest.approx(centre)


def _date_labels(svg: str) -> list[tuple[float, str]]:
    return [
        (float(x), text)
        for x, text in re.findall(r'class="date-label" x="([\d.]+)"[^>]*>([^<]+)<', svg)
    ]


def test_trend_date_labels_never_overlap_for_tests_close_together():
    """Issue #13: tests a few days apart drew their date labels over each other."""
    days = [dt.date(2026, 1, 5), dt.date(2026, 1, 7), dt.date(2026, 1, 8), dt.date(2026, 3, 2)]
    days += [dt.date(2026, 5, 4), dt.date(2026, 5, 6)]
    points = [charts.TrendPoint(d, 60.0 + i, {"glutes": 80.0}) for i, d in enumerate(days)]
    svg = charts.trend_chart(points)
    labels = _date_labels(svg)
    xs = [x for x, _ in labels]
    assert all(b - a >= charts.DATE_LABEL_WIDTH for a, b in itertools.pairwise(xs))
    texts = [text for _, text in labels]
    assert texts[0] == "5 Jan 26"  # the first and the newest are shown
    assert texts[-1] == "6 May 26"
    assert "2 Mar 26" in texts
    # Every test keeps its point.
    balance = re.search(r'series-balance" points="([^"]+)"', svg).group(1).split()
    assert len(balance) == len(days)


def test_trend_text_is_large_enough_to_read_when_scaled_to_a_card():
    svg = charts.trend_chart(
        [
            charts.TrendPoint(dt.date(2026, 1, 5), 60.0, {}),
            charts.TrendPoint(dt.date(2026, 2, 5), 70.0, {}),
        ]
    )
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
    sizes = {float(size) for size in re.findall(r'font-size="([\d.]+)"', svg)}
    # Scaled into a ~560 px wide card (a tablet), text stays at least 11 px.
    assert min(sizes) * 560 / width >= 11


def test_date_labels_to_show_keeps_the_newest_over_a_close_neighbour():
    assert charts.date_labels_to_show([0, 100, 150], min_gap=78) == [0, 2]
    assert charts.date_labels_to_show([0, 10, 20], min_gap=78) == [2]
    assert charts.date_labels_to_show([], min_gap=78) == []
