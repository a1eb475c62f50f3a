"""Server-rendered SVG charts: pure functions, no Django, no JavaScript.

Scores are % of reference. Every chart sits next to a table of the same numbers in the
template, so the SVG itself is decorative for screen readers beyond its title.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from assessments.balance import GROUP_NAMES, GROUPS

GROUP_COLORS: dict[str, str] = {
    "hip_flexors": "#b3261e",
    "glutes": "#1769aa",
    "hamstrings": "#1d7a3a",
    "quadriceps": "#8a5a00",
    "calves": "#6a3d9a",
    "core": "#52616b",
}
BALANCE_COLOR = "#0f3d5e"


def scale_max(values: Sequence[float | None], *, step: int = 25, floor: int = 125) -> int:
    """The outer edge of the scale: at least `floor` %, rounded up to a multiple of `step`."""
    top = max([v for v in values if v is not None] or [0])
    return max(floor, math.ceil(top / step) * step)


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def radar_points(
    scores: Mapping[str, float | None],
    *,
    cx: float,
    cy: float,
    radius: float,
    max_pct: float,
    groups: Sequence[str] = GROUPS,
) -> list[tuple[float, float]]:
    """One (x, y) per group, clockwise from the top; untested groups sit at the centre.

    Scores beyond max_pct are drawn on the edge so the shape stays inside the chart.
    """
    points = []
    for i, group in enumerate(groups):
        angle = -math.pi / 2 + 2 * math.pi * i / len(groups)
        score = scores.get(group) or 0.0
        r = radius * min(max(score, 0.0), max_pct) / max_pct
        points.append((round(cx + r * math.cos(angle), 1), round(cy + r * math.sin(angle), 1)))
    return points


def _polygon(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points)


def radar_chart(
    scores: Mapping[str, float | None],
    *,
    size: int = 320,
    title: str = "Group scores, % of reference",
) -> str:
    """A radar of the six group scores with a dashed 100 % reference ring."""
    margin = 70  # room for the labels
    cx = cy = size / 2
    radius = size / 2 - margin
    top = scale_max(list(scores.values()))
    full = dict.fromkeys(GROUPS, top)
    edge = radar_points(full, cx=cx, cy=cy, radius=radius, max_pct=top)
    pad = 60  # side labels ("Hamstrings (101 %)") run outwards past the square
    parts = [
        f'<svg class="chart radar" viewBox="{-pad} 0 {size + 2 * pad} {size}" '
        f'width="{size + 2 * pad}" height="{size}" '
        f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<polygon class="radar-edge" points="{_polygon(edge)}" fill="none" stroke="#d5dde3"/>',
    ]
    ring = radar_points(dict.fromkeys(GROUPS, 100.0), cx=cx, cy=cy, radius=radius, max_pct=top)
    parts.append(
        f'<polygon class="ref-ring" points="{_polygon(ring)}" fill="none" stroke="#52616b" '
        'stroke-dasharray="4 3"><title>100 % of reference</title></polygon>'
    )
    for group, (x, y) in zip(GROUPS, edge, strict=True):
        parts.append(
            f'<line x1="{_fmt(cx)}" y1="{_fmt(cy)}" x2="{_fmt(x)}" y2="{_fmt(y)}" '
            'stroke="#d5dde3"/>'
        )
        lx = cx + (x - cx) * 1.12
        ly = cy + (y - cy) * 1.12
        anchor = "middle" if abs(lx - cx) < 1 else ("start" if lx > cx else "end")
        score = scores.get(group)
        value = "untested" if score is None else f"{score:.0f} %"
        parts.append(
            f'<text x="{_fmt(lx)}" y="{_fmt(ly)}" text-anchor="{anchor}" font-size="11" '
            f'dominant-baseline="middle">{escape(GROUP_NAMES[group].capitalize())} '
            f"({escape(value)})</text>"
        )
    shape = radar_points(scores, cx=cx, cy=cy, radius=radius, max_pct=top)
    parts.append(
        f'<polygon class="radar-shape" points="{_polygon(shape)}" fill="#1769aa" '
        'fill-opacity="0.25" stroke="#1769aa" stroke-width="2"/>'
    )
    for group, (x, y) in zip(GROUPS, shape, strict=True):
        if scores.get(group) is not None:
            parts.append(
                f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="3" fill="{GROUP_COLORS[group]}"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class TrendPoint:
    date: dt.date
    balance_level: float | None
    groups: Mapping[str, float | None]


def _x_positions(dates: Sequence[dt.date], left: float, right: float) -> list[float]:
    if len(dates) == 1:
        return [(left + right) / 2]
    span = (dates[-1] - dates[0]).days
    if span == 0:  # several on one day: spread evenly
        step = (right - left) / (len(dates) - 1)
        return [left + i * step for i in range(len(dates))]
    return [left + (right - left) * (d - dates[0]).days / span for d in dates]


# Trend text sizes in viewBox units: the chart is drawn 720 wide and scaled to its card
# (about 560-1100 px on a tablet or laptop), so these read as ~12-15 px.
TREND_FONT = 15
DATE_LABEL_WIDTH = 84  # "17 Nov 26" at TREND_FONT, with a gap


def date_labels_to_show(xs: Sequence[float], *, min_gap: float = DATE_LABEL_WIDTH) -> list[int]:
    """Indexes of the dates whose labels fit without overlapping: from the left, each at
    least `min_gap` from the one before; the newest always (it replaces a neighbour
    too close). Tests close together keep their points; the table lists every date."""
    shown: list[int] = []
    for i, x in enumerate(xs):
        if not shown or x - xs[shown[-1]] >= min_gap:
            shown.append(i)
    last = len(xs) - 1
    if xs and shown[-1] != last:
        while shown and xs[last] - xs[shown[-1]] < min_gap:
            shown.pop()
        shown.append(last)
    return shown


def trend_chart(
    points: Sequence[TrendPoint],
    *,
    width: int = 720,
    height: int = 320,
    title: str = "Balance level and group scores over time, % of reference",
) -> str:
    """Lines for the balance level (thick) and each group score across assessments, a
    legend beneath, and only the date labels that fit (see date_labels_to_show).

    `points` must be in date order. Returns "" when there is nothing to draw.
    """
    if not points:
        return ""
    font = TREND_FONT
    left, right, top_px, bottom = 48, width - 24, 14, height - 96
    values = [p.balance_level for p in points]
    values += [v for p in points for v in p.groups.values()]
    top = scale_max(values)
    xs = _x_positions([p.date for p in points], left + 20, right - 20)

    def y(value: float) -> float:
        return bottom - (bottom - top_px) * min(max(value, 0.0), top) / top

    parts = [
        f'<svg class="chart trend" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(0, top + 1, 25 if top <= 200 else 50):
        cls = ' class="ref-line" stroke-dasharray="4 3"' if tick == 100 else ""
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{_fmt(y(tick))}" y2="{_fmt(y(tick))}" '
            f'stroke="#d5dde3"{cls}/>'
            f'<text x="{left - 8}" y="{_fmt(y(tick))}" text-anchor="end" font-size="{font}" '
            f'dominant-baseline="middle">{tick}</text>'
        )
    for i in date_labels_to_show(xs):
        parts.append(
            f'<text class="date-label" x="{_fmt(xs[i])}" y="{bottom + font + 8}" '
            f'text-anchor="middle" font-size="{font}">{points[i].date:%-d %b %y}</text>'
        )

    series = [("balance", "Balance level", BALANCE_COLOR, values[: len(points)], 3.5)]
    series += [
        (g, GROUP_NAMES[g].capitalize(), GROUP_COLORS[g], [p.groups.get(g) for p in points], 2)
        for g in GROUPS
    ]
    legend = []
    for key, label, color, vals, stroke in series:
        drawn = [(x, v) for x, v in zip(xs, vals, strict=True) if v is not None]
        if not drawn:
            continue
        coords = " ".join(f"{_fmt(x)},{_fmt(y(v))}" for x, v in drawn)
        parts.append(
            f'<polyline class="series series-{key}" points="{coords}" fill="none" '
            f'stroke="{color}" stroke-width="{stroke}"/>'
        )
        for x, v in drawn:
            parts.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y(v))}" r="3.5" fill="{color}"/>')
        legend.append((label, color, stroke))
    # The legend in rows of four under the plot, so the lines get the whole width.
    column = (right - left) / 4
    for i, (label, color, stroke) in enumerate(legend):
        lx = left + column * (i % 4)
        ly = bottom + 2 * font + 22 + (i // 4) * (font + 12)
        parts.append(
            f'<line x1="{_fmt(lx)}" x2="{_fmt(lx + 20)}" y1="{_fmt(ly)}" y2="{_fmt(ly)}" '
            f'stroke="{color}" stroke-width="{stroke}"/>'
            f'<text x="{_fmt(lx + 26)}" y="{_fmt(ly)}" font-size="{font}" '
            f'dominant-baseline="middle">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
