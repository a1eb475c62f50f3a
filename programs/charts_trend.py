"""Coordinates for the athlete history page's balance trend (pure: numbers in, numbers out)."""

from __future__ import annotations

import datetime as dt


def trend_coords(
    points: list[tuple[dt.date, float]], *, width: int = 300, height: int = 100, pad: int = 8
) -> list[tuple[str, str]]:
    """SVG coordinates for values over time, scaled into the box (0 at the bottom, x by date)."""
    if not points:
        return []
    top = max(100.0, max(v for _, v in points))
    first, last = points[0][0], points[-1][0]
    span = (last - first).days
    coords = []
    for i, (day, value) in enumerate(points):
        share = (day - first).days / span if span else (i / (len(points) - 1) if i else 0.0)
        x = pad + (width - 2 * pad) * share
        y = height - pad - (height - 2 * pad) * (max(value, 0.0) / top)
        coords.append((f"{x:.1f}", f"{y:.1f}"))
    return coords
