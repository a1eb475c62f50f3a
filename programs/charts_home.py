"""Coordinates for the home page's small SVG charts (pure: numbers in, numbers out).

The template draws them with presentation attributes only (the CSP forbids style=), and
prints the same numbers as text next to each chart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WIDTH, HEIGHT = 320, 160
BAR_LEFT = 96  # room for the group names


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float
    text: str

    @property
    def text_y(self) -> float:  # the baseline of the row's texts
        return round(self.y + self.height * 0.75, 1)

    @property
    def label_x(self) -> float:
        return self.x - 6

    @property
    def value_x(self) -> float:
        return round(self.x + self.width + 4, 1)


def hbars(rows: list[tuple[str, float]], *, text_suffix: str = "") -> list[Bar]:
    """Horizontal bars, one row per (label, value), scaled to the largest value."""
    top = max([v for _, v in rows] or [0]) or 1
    row_h = HEIGHT / max(len(rows), 1)
    span = WIDTH - BAR_LEFT - 28
    return [
        Bar(
            label,
            value,
            BAR_LEFT,
            i * row_h + row_h * 0.15,
            round(span * value / top, 1),
            round(row_h * 0.7, 1),
            f"{value:g}{text_suffix}",
        )
        for i, (label, value) in enumerate(rows)
    ]


def vbars(rows: list[tuple[str, float]]) -> list[Bar]:
    """Vertical bars (weeks left to right), scaled to the largest value."""
    top = max([v for _, v in rows] or [0]) or 1
    col_w = WIDTH / max(len(rows), 1)
    plot_h = HEIGHT - 24  # room for the labels below
    head = 14  # room for the tallest bar's value above it
    out = []
    for i, (label, value) in enumerate(rows):
        h = round((plot_h - head) * value / top, 1)
        out.append(
            Bar(
                label,
                value,
                round(i * col_w + col_w * 0.15, 1),
                plot_h - h,
                round(col_w * 0.7, 1),
                h,
                f"{value:g}",
            )
        )
    return out


@dataclass(frozen=True)
class Point:
    label: str
    value: float
    x: float
    y: float


def line_points(
    rows: list[tuple[dt.date, float]], *, low: float = 0, high: float = 100
) -> list[Point]:
    """Points of a line chart, x by position, y between low and high (% of reference)."""
    if not rows:
        return []
    step = (WIDTH - 40) / max(len(rows) - 1, 1)
    span = (high - low) or 1
    return [
        Point(
            f"{day:%b %y}",
            value,
            round(20 + i * step, 1),
            round(HEIGHT - 20 - (HEIGHT - 40) * (min(max(value, low), high) - low) / span, 1),
        )
        for i, (day, value) in enumerate(rows)
    ]
