"""The block review's chart: before/after bars per muscle group, and the speed change.
Server-rendered SVG from escaped text only (presentation attributes, no style: CSP)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

START_COLOR = "#9fb3c2"
END_COLOR = "#1769aa"
VERDICT_COLORS = {
    "real_gain": "#1d7a3a",
    "real_improvement": "#1d7a3a",
    "real_loss": "#b3261e",
    "real_decline": "#b3261e",
}
NEUTRAL = "#52616b"


@dataclass(frozen=True)
class Bar:
    label: str
    start: float | None
    end: float | None
    verdict: str


@dataclass(frozen=True)
class SpeedBar:
    label: str
    improvement_pct: float | None  # positive: better (faster, higher)
    threshold_pct: float  # the change it must exceed, in % of the start
    verdict: str


def review_chart(groups: Sequence[Bar], speeds: Sequence[SpeedBar]) -> str:
    row, label_w, plot_w = 26, 170, 300
    top = max([100.0] + [v for b in groups for v in (b.start, b.end) if v is not None])
    scale = plot_w / (top * 1.05)
    speed_h = 30 + len(speeds) * row if speeds else 0
    height = 40 + len(groups) * row + speed_h
    width = label_w + plot_w + 90
    title = "Muscle groups before and after the block, and the speed change"
    parts = [
        f'<svg class="chart review" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{label_w}" y="6" width="10" height="10" fill="{START_COLOR}"/>'
        f'<text x="{label_w + 14}" y="15" font-size="11">start</text>'
        f'<rect x="{label_w + 60}" y="6" width="10" height="10" fill="{END_COLOR}"/>'
        f'<text x="{label_w + 74}" y="15" font-size="11">end (% of reference)</text>',
    ]
    x100 = label_w + 100 * scale
    y0 = 26
    parts.append(
        f'<line x1="{x100:.1f}" y1="{y0}" x2="{x100:.1f}" y2="{y0 + len(groups) * row}" '
        'stroke="#52616b" stroke-dasharray="4 3"><title>100 % of reference</title></line>'
    )
    for i, bar in enumerate(groups):
        y = y0 + i * row
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{escape(bar.label)}</text>"
        )
        if bar.start is not None:
            parts.append(
                f'<rect x="{label_w}" y="{y + 3}" width="{bar.start * scale:.1f}" height="8" '
                f'fill="{START_COLOR}"/>'
            )
        if bar.end is not None:
            color = VERDICT_COLORS.get(bar.verdict, END_COLOR)
            parts.append(
                f'<rect x="{label_w}" y="{y + 12}" width="{bar.end * scale:.1f}" height="8" '
                f'fill="{color}"/>'
            )
        value = _pair(bar.start, bar.end)
        parts.append(
            f'<text x="{label_w + plot_w + 6}" y="{y + 15}" font-size="11">{escape(value)}</text>'
        )
    if speeds:
        ys = y0 + len(groups) * row + 20
        mid = label_w + plot_w / 2
        span = max([5.0] + [max(abs(s.improvement_pct or 0), s.threshold_pct) for s in speeds])
        unit = (plot_w / 2 - 10) / span
        parts.append(
            f'<text x="{label_w}" y="{ys}" font-size="11">slower</text>'
            f'<text x="{label_w + plot_w}" y="{ys}" font-size="11" text-anchor="end">'
            "better</text>"
            f'<line x1="{mid:.1f}" y1="{ys + 4}" x2="{mid:.1f}" y2="{ys + 4 + len(speeds) * row}" '
            'stroke="#52616b"/>'
        )
        for i, s in enumerate(speeds):
            y = ys + 6 + i * row
            parts.append(
                f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end" font-size="12">'
                f"{escape(s.label)}</text>"
            )
            band = s.threshold_pct * unit
            parts.append(
                f'<rect x="{mid - band:.1f}" y="{y + 2}" width="{2 * band:.1f}" height="16" '
                'fill="#e6ebef"><title>within the test\'s noise</title></rect>'
            )
            if s.improvement_pct is not None:
                w = s.improvement_pct * unit
                x = mid if w >= 0 else mid + w
                color = VERDICT_COLORS.get(s.verdict, NEUTRAL)
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 5}" width="{abs(w):.1f}" height="10" '
                    f'fill="{color}"/>'
                )
                text = f"{s.improvement_pct:+.1f} %"
            else:
                text = "not retested"
            parts.append(
                f'<text x="{label_w + plot_w + 6}" y="{y + 13}" font-size="11">'
                f"{escape(text)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _pair(start: float | None, end: float | None) -> str:
    def one(x):
        return "–" if x is None else f"{x:.0f}"

    return f"{one(start)} → {one(end)} %"


def scatter_chart(points: Sequence[tuple[str, float, float, bool]], *, unit: str) -> str:
    """x: change in the weakest link's score (points), y: change in sprint time (negative
    is faster, drawn upwards); filled dots: both beyond noise."""
    w, h, pad = 520, 360, 50
    xs = [p[1] for p in points] or [0.0]
    ys = [p[2] for p in points] or [0.0]
    xspan = max(5.0, max(abs(x) for x in xs)) * 1.15
    yspan = max(0.05, max(abs(y) for y in ys)) * 1.15

    def px(x):
        return pad + (x + xspan) / (2 * xspan) * (w - 2 * pad)

    def py(y):  # faster (negative change) is up
        return pad + (y + yspan) / (2 * yspan) * (h - 2 * pad)

    title = "Change in the weakest link's score against the change in sprint time"
    parts = [
        f'<svg class="chart scatter" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{pad}" y1="{py(0):.1f}" x2="{w - pad}" y2="{py(0):.1f}" stroke="#9fb3c2"/>',
        f'<line x1="{px(0):.1f}" y1="{pad}" x2="{px(0):.1f}" y2="{h - pad}" stroke="#9fb3c2"/>',
        f'<text x="{w - pad}" y="{h - pad + 16}" text-anchor="end" font-size="11">'
        "weakest link stronger →</text>",
        f'<text x="{pad}" y="{h - pad + 16}" font-size="11">← weaker</text>',
        f'<text x="{px(0) + 6:.1f}" y="{pad - 8}" font-size="11">↑ faster</text>',
        f'<text x="{px(0) + 6:.1f}" y="{h - pad + 16}" font-size="11">↓ slower</text>',
    ]
    for label, x, y, both in points:
        fill = "#1d7a3a" if both else "#ffffff"
        parts.append(
            f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="6" fill="{fill}" stroke="#1d7a3a" '
            f'stroke-width="2"><title>{escape(label)}: {x:+.1f} points, {y:+.2f} '
            f"{escape(unit)}</title></circle>"
            f'<text x="{px(x) + 9:.1f}" y="{py(y) + 4:.1f}" font-size="10">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
