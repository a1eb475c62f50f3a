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


def trend_chart(
    points: Sequence[TrendPoint],
    *,
    width: int = 640,
    height: int = 260,
    title: str = "Balance level and group scores over time, % of reference",
) -> str:
    """Lines for the balance level (thick) and each group score across assessments.

    `points` must be in date order. Returns "" when there is nothing to draw.
    """
    if not points:
        return ""
    left, right, top_px, bottom = 44, width - 120, 12, height - 28
    values = [p.balance_level for p in points]
    values += [v for p in points for v in p.groups.values()]
    top = scale_max(values)
    xs = _x_positions([p.date for p in points], left, right)

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
            f'<text x="{left - 6}" y="{_fmt(y(tick))}" text-anchor="end" font-size="10" '
            f'dominant-baseline="middle">{tick}</text>'
        )
    for x, p in zip(xs, points, strict=True):
        parts.append(
            f'<text x="{_fmt(x)}" y="{height - 8}" text-anchor="middle" font-size="10">'
            f"{p.date:%d %b %y}</text>"
        )

    series = [("balance", "Balance level", BALANCE_COLOR, values[: len(points)], 3)]
    series += [
        (g, GROUP_NAMES[g].capitalize(), GROUP_COLORS[g], [p.groups.get(g) for p in points], 1.5)
        for g in GROUPS
    ]
    legend_y = top_px + 4
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
            parts.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y(v))}" r="2.5" fill="{color}"/>')
        parts.append(
            f'<line x1="{right + 12}" x2="{right + 28}" y1="{legend_y}" y2="{legend_y}" '
            f'stroke="{color}" stroke-width="{stroke}"/>'
            f'<text x="{right + 32}" y="{legend_y}" font-size="10" '
            f'dominant-baseline="middle">{escape(label)}</text>'
        )
        legend_y += 16
    parts.append("</svg>")
    return "".join(parts)
