"""The forest plot of a probe reliability card: each effect in points with its 95% interval, inline SVG.

Plain SVG like :mod:`judgebench.reporting.svg` (no script, escaped text). One ``<g class="effect">`` per effect:
the label on the left, a whisker (``line.ci``) from the interval's low to its high end, a dot
(``circle.estimate``) at the estimate, and the numbers on the right. The x axis is symmetric about 0 (a
dashed line: no effect) and runs to the smallest of :data:`EXTENTS` that holds every estimate and endpoint.
A significant effect is drawn in the warning colour, an underpowered one (its MDE above the probe's floor) in
grey with a hollow dot; the verdict is in the row's class and tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from judgebench.reporting.svg import open_svg, short_label, svg_text

#: Axis half-widths in points; the plot takes the first that holds every value.
EXTENTS = (5.0, 10.0, 20.0, 25.0, 50.0, 100.0)
LEFT, RIGHT, TOP, ROW = 240, 190, 34, 24
SIGNIFICANT_COLOR = "#D55E00"
PLAIN_COLOR = "#0072B2"
UNDERPOWERED_COLOR = "#9E9E9E"


@dataclass(frozen=True, slots=True)
class Effect:
    """One row of the plot: a label, the estimate in points, its interval, whether it is significant, its verdict."""

    label: str
    estimate: float
    ci95: tuple[float, float] | None
    significant: bool = False
    verdict: str = ""


def extent(effects: Sequence[Effect]) -> float:
    """The axis half-width: the first of :data:`EXTENTS` that holds every estimate and interval end."""
    values = [abs(e.estimate) for e in effects] + [abs(v) for e in effects if e.ci95 for v in e.ci95]
    largest = max(values, default=0.0)
    return next((m for m in EXTENTS if largest <= m), max(largest, EXTENTS[-1]))


def x_position(value: float, half_width: float, width: int) -> float:
    """Where ``value`` (points) falls on an axis from ``-half_width`` to ``+half_width``, in SVG units."""
    plot = width - LEFT - RIGHT
    return LEFT + plot * (value + half_width) / (2.0 * half_width)


def _ticks(half_width: float) -> list[float]:
    step = half_width / 2.0
    return [-half_width, -step, 0.0, step, half_width]


def forest_plot(effects: Sequence[Effect], *, title: str, width: int = 860) -> str:
    """The forest plot of ``effects`` (accuracy change in points, arm − original)."""
    half = extent(effects)
    bottom = TOP + ROW * len(effects) + 4
    height = bottom + 34
    out = open_svg(width, height, title, "forest")
    out.append(svg_text(10, 16, title, extra=' font-weight="600"'))
    for t in _ticks(half):
        x = x_position(t, half, width)
        out.append(f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{bottom}" stroke="#e3e3e3"/>')
        out.append(svg_text(x, bottom + 14, f"{t:+g}" if t else "0", anchor="middle", fill="#666"))
    zero = x_position(0.0, half, width)
    dash = 'stroke="#444" stroke-dasharray="4 3"'
    out.append(f'<line class="zero" x1="{zero:.1f}" y1="{TOP - 6}" x2="{zero:.1f}" y2="{bottom}" {dash}/>')
    axis = "accuracy change, arm − original (points); whiskers: 95% bootstrap interval"
    out.append(svg_text(x_position(0.0, half, width), height - 4, axis, anchor="middle", fill="#444"))
    for i, e in enumerate(effects):
        y = TOP + i * ROW + ROW / 2
        hollow = not e.significant and e.verdict == "underpowered"
        color = SIGNIFICANT_COLOR if e.significant else UNDERPOWERED_COLOR if hollow else PLAIN_COLOR
        css = "effect " + e.verdict.replace(" ", "-") if e.verdict else "effect"
        tip = f"{e.label}: {e.verdict}" if e.verdict else e.label
        out.append(f'<g class="{escape(css)}"><title>{escape(tip)}</title>')
        out.append(svg_text(LEFT - 10, y + 4, short_label(e.label, 34), anchor="end"))
        if e.ci95 is not None:
            x0, x1 = x_position(e.ci95[0], half, width), x_position(e.ci95[1], half, width)
            style = f'stroke="{color}" stroke-width="2"'
            out.append(f'<line class="ci" x1="{x0:.1f}" y1="{y:.1f}" x2="{x1:.1f}" y2="{y:.1f}" {style}/>')
            for x in (x0, x1):
                out.append(f'<line x1="{x:.1f}" y1="{y - 5:.1f}" x2="{x:.1f}" y2="{y + 5:.1f}" {style}/>')
        cx = x_position(e.estimate, half, width)
        fill = f'fill="#fff" stroke="{color}" stroke-width="2"' if hollow else f'fill="{color}"'
        out.append(f'<circle class="estimate" cx="{cx:.1f}" cy="{y:.1f}" r="4.5" {fill}/>')
        numbers = f"{e.estimate:+.2f}" + (f" [{e.ci95[0]:+.2f}, {e.ci95[1]:+.2f}]" if e.ci95 else "")
        out.append(svg_text(width - RIGHT + 10, y + 4, numbers, fill=color))
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)
