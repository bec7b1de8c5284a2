"""The best-of-K chart of the HTML report: one line per judge over K, with the oracle and random lines.

Plain inline SVG like :mod:`judgebench.reporting.svg` (no script, escaped text): x is K = 1…k, y the expected
top-1 in percent (0–100); judges are solid lines with dots in the report palette, the oracle a dashed dark
line and random a dotted grey one; the legend sits under the plot.
"""

from __future__ import annotations

from html import escape

from judgebench.analysis.best_of_k import BestOfKCurves
from judgebench.reporting.svg import PALETTE, TICKS, open_svg, short_label, svg_text

ORACLE_COLOR = "#222222"
RANDOM_COLOR = "#9E9E9E"


def _points(curve: dict[str, float | None], x_of: dict[int, float], y: float, h: float) -> list[tuple[float, float]]:
    return [
        (x_of[int(k)], y + h * (1 - v / 100.0))
        for k, v in sorted(curve.items(), key=lambda kv: int(kv[0]))
        if v is not None
    ]


def _polyline(
    points: list[tuple[float, float]], color: str, dash: str = "", dots: bool = False, title: str = ""
) -> str:
    if not points:
        return ""
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    out = [f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="2"{dash_attr}/>']
    if dots:
        out += [
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}"><title>{escape(title)}</title></circle>'
            for x, y in points
        ]
    return "".join(out)


def curve_chart(
    result: BestOfKCurves,
    *,
    title: str,
    width: int = 760,
    height: int = 360,
    colors: dict[str, str] | None = None,
) -> str:
    """The chart of every judge's Overall curve with each set's oracle and random lines.

    ``colors`` maps judge names to their report colours (:func:`judgebench.reporting.colors.judge_colors`).
    """
    longest = max([len(j.curve) for j in result.judges] + [len(r.oracle) for r in result.references] + [1])
    series: list[tuple[str, str, str, bool]] = []  # label, colour, dash, dots
    lines_needed = len(result.judges) + 2 * len(result.references)
    legend_rows = (lines_needed + 2) // 3
    left, right, top = 48, 16, 28
    bottom = 36 + 18 * legend_rows
    plot_w, plot_h = width - left - right, height - top - bottom
    xs = {k: left + (plot_w * (k - 1) / (longest - 1) if longest > 1 else plot_w / 2) for k in range(1, longest + 1)}
    out = open_svg(width, height, title, "best-of-k")
    out.append(svg_text(left, 18, title, extra=' font-weight="600"'))
    for t in TICKS:
        y = top + plot_h * (1 - t / 100)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        out.append(svg_text(left - 6, y + 4, str(t), anchor="end", fill="#555"))
    step = max(1, longest // 12)
    for k, x in xs.items():
        if (k - 1) % step == 0 or k == longest:
            out.append(svg_text(x, top + plot_h + 16, str(k), anchor="middle", fill="#555"))
    out.append(
        svg_text(left + plot_w / 2, top + plot_h + 30, "K (responses to choose from)", anchor="middle", fill="#555")
    )
    mid = top + plot_h / 2
    turn = f' class="axis-title" transform="rotate(-90 12 {mid:.1f})"'
    out.append(svg_text(12, mid, "expected top-1 (%)", anchor="middle", fill="#555", extra=turn))
    several = len(result.references) > 1
    for i, ref in enumerate(result.references):
        suffix = f" (set {i + 1})" if several else ""
        out.append(_polyline(_points(ref.oracle, xs, top, plot_h), ORACLE_COLOR, "6 4"))
        out.append(_polyline(_points(ref.random, xs, top, plot_h), RANDOM_COLOR, "2 3"))
        series += [(f"oracle{suffix}", ORACLE_COLOR, "6 4", False), (f"random{suffix}", RANDOM_COLOR, "2 3", False)]
    for n, j in enumerate(result.judges):
        color = (colors or {}).get(j.name) or PALETTE[n % len(PALETTE)]
        label = f"{j.name} (set {j.reference + 1})" if several else j.name
        out.append(_polyline(_points(j.curve, xs, top, plot_h), color, dots=True, title=label))
        series.append((label, color, "", True))
    col_w = plot_w / 3
    for n, (label, color, dash, _dots) in enumerate(
        [*series[2 * len(result.references) :], *series[: 2 * len(result.references)]]
    ):
        lx = left + col_w * (n % 3)
        ly = top + plot_h + 44 + 18 * (n // 3)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{lx:.1f}" y1="{ly - 4:.1f}" x2="{lx + 18:.1f}" y2="{ly - 4:.1f}" '
            f'stroke="{color}" stroke-width="2"{dash_attr}/>'
        )
        out.append(svg_text(lx + 24, ly, short_label(label, 34)))
    out.append("</svg>")
    return "".join(out)
