"""Inline SVG charts for the HTML report: plain strings, no script, no external resource.

Three kinds: horizontal bars with interval whiskers (a leaderboard), grouped vertical bars (categories ×
series, e.g. judges per category or judge against solver) and 100%-stacked horizontal bars (position
bias). Percent scales run 0–100; every text is XML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

#: Okabe–Ito, readable by colour-blind readers.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:12px"
TICKS = (0, 25, 50, 75, 100)


@dataclass(slots=True)
class Bar:
    """One bar: a label, a value in percent and an optional interval."""

    label: str
    value: float | None
    ci: tuple[float, float] | None = None
    color: str = PALETTE[0]


def open_svg(width: int, height: int, title: str, css_class: str) -> list[str]:
    """The opening lines of a chart: ``<svg>`` (classes ``chart`` and ``css_class``), title, white ground."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" style="{FONT}">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def short_label(label: str, limit: int = 38) -> str:
    """``label`` cut to ``limit`` characters with an ellipsis."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


def svg_text(x: float, y: float, s: str, *, anchor: str = "start", fill: str = "#222", extra: str = "") -> str:
    """A ``<text>`` element, its content escaped."""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}"{extra}>{escape(s)}</text>'


def _whisker(x0: float, x1: float, y: float, half: float = 5.0, vertical: bool = False) -> str:
    style = 'stroke="#222" stroke-width="1.4"'
    if vertical:  # x0, x1 are y positions; y is the x position
        return (
            f'<line x1="{y:.1f}" y1="{x0:.1f}" x2="{y:.1f}" y2="{x1:.1f}" {style}/>'
            f'<line x1="{y - half:.1f}" y1="{x0:.1f}" x2="{y + half:.1f}" y2="{x0:.1f}" {style}/>'
            f'<line x1="{y - half:.1f}" y1="{x1:.1f}" x2="{y + half:.1f}" y2="{x1:.1f}" {style}/>'
        )
    return (
        f'<line x1="{x0:.1f}" y1="{y:.1f}" x2="{x1:.1f}" y2="{y:.1f}" {style}/>'
        f'<line x1="{x0:.1f}" y1="{y - half:.1f}" x2="{x0:.1f}" y2="{y + half:.1f}" {style}/>'
        f'<line x1="{x1:.1f}" y1="{y - half:.1f}" x2="{x1:.1f}" y2="{y + half:.1f}" {style}/>'
    )


def _x_title(out: list[str], x: float, y: float, text: str) -> None:
    if text:
        out.append(svg_text(x, y, text, anchor="middle", fill="#444", extra=' class="axis-title"'))


def _y_title(out: list[str], x: float, y: float, text: str) -> None:
    if text:
        turn = f' class="axis-title" transform="rotate(-90 {x:.1f} {y:.1f})"'
        out.append(svg_text(x, y, text, anchor="middle", fill="#444", extra=turn))


def hbar_ci(
    bars: Sequence[Bar], *, title: str, reference: float | None = 50.0, width: int = 1000, x_title: str = ""
) -> str:
    """Horizontal bars on a 0–100 scale with 95% whiskers, a dashed reference line (e.g. random: 50), an axis title."""
    left, right, top, row = 270, 60, 28, 26
    plot = width - left - right
    height = top + row * len(bars) + 12 + (22 if x_title else 0)
    out = open_svg(width, height, title, "hbar")
    _x_title(out, left + plot / 2, height - 6, x_title)
    for t in TICKS:
        x = left + plot * t / 100
        bottom = top + row * len(bars) + 4
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{bottom}" stroke="#e3e3e3"/>')
        out.append(svg_text(x, top - 10, str(t), anchor="middle", fill="#666"))
    for i, b in enumerate(bars):
        y = top + i * row
        out.append(svg_text(left - 8, y + row / 2 + 4, short_label(b.label), anchor="end"))
        if b.value is None:
            continue
        w = plot * max(0.0, min(b.value, 100.0)) / 100
        out.append(f'<rect class="bar" x="{left}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" fill="{b.color}"/>')
        if b.ci:
            out.append(_whisker(left + plot * b.ci[0] / 100, left + plot * b.ci[1] / 100, y + row / 2))
        out.append(svg_text(left + plot + 6, y + row / 2 + 4, f"{b.value:.1f}"))
    if reference is not None:
        x = left + plot * reference / 100
        dash = 'stroke="#c00" stroke-dasharray="4 3"'
        out.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{top + row * len(bars) + 4}" {dash}/>')
    out.append("</svg>")
    return "".join(out)


def grouped_bars(
    groups: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], Sequence[tuple[float, float] | None] | None]],
    *,
    title: str,
    width: int = 1000,
    height: int = 300,
    colors: Sequence[str] | None = None,
    x_title: str = "",
    y_title: str = "",
) -> str:
    """Vertical bars: one cluster per group (category), one bar per series, with a legend and optional whiskers.

    ``colors`` gives each series its colour (default: the palette in order); the titles label the axes.
    """
    left, right, bottom = (58 if y_title else 40), 10, (46 if x_title else 28)
    color_of = list(colors) if colors else [PALETTE[i % len(PALETTE)] for i in range(len(series))]
    longest = max((len(short_label(name, 40)) for name, _, _ in series), default=1)
    per_row = max(1, int((width - 20) // (17 + 7 * longest + 16)))
    col_w = (width - 20) / per_row
    legend_rows = (len(series) + per_row - 1) // per_row
    top = 16 + 18 * legend_rows
    plot_w, plot_h = width - left - right, height - top - bottom
    out = open_svg(width, height, title, "grouped")
    for i, (name, _, _) in enumerate(series):
        lx, ly = 10 + (i % per_row) * col_w, 14 + 18 * (i // per_row)
        out.append(f'<rect x="{lx:.1f}" y="{ly - 10}" width="12" height="12" fill="{color_of[i]}"/>')
        out.append(svg_text(lx + 17, ly, short_label(name, 40)))
    for t in TICKS:
        y = top + plot_h * (1 - t / 100)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e3e3e3"/>')
        out.append(svg_text(left - 6, y + 4, str(t), anchor="end", fill="#666"))
    _y_title(out, 16, top + plot_h / 2, y_title)
    _x_title(out, left + plot_w / 2, height - 6, x_title)
    gw = plot_w / max(len(groups), 1)
    bw = gw * 0.8 / max(len(series), 1)
    for g, group in enumerate(groups):
        gx = left + g * gw
        out.append(svg_text(gx + gw / 2, top + plot_h + 19, group, anchor="middle"))
        for s, (_, values, cis) in enumerate(series):
            v = values[g]
            if v is None:
                continue
            x = gx + gw * 0.1 + s * bw
            h = plot_h * max(0.0, min(v, 100.0)) / 100
            color = color_of[s]
            out.append(
                f'<rect class="bar" x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bw * 0.92:.1f}" '
                f'height="{h:.1f}" fill="{color}"><title>{escape(f"{series[s][0]}: {v:.2f}")}</title></rect>'
            )
            ci = cis[g] if cis else None
            if ci:
                y0, y1 = top + plot_h * (1 - ci[0] / 100), top + plot_h * (1 - ci[1] / 100)
                out.append(_whisker(y0, y1, x + bw * 0.46, half=min(4.0, bw * 0.3), vertical=True))
            if len(series) <= 4 and h > 18:  # the value inside the bar's foot, clear of the whisker
                out.append(svg_text(x + bw * 0.46, top + plot_h - 6, f"{v:.0f}", anchor="middle", fill="#fff"))
    out.append("</svg>")
    return "".join(out)


def stacked_hbar(
    rows: Sequence[tuple[str, Sequence[float]]],
    names: Sequence[str],
    colors: Sequence[str],
    *,
    title: str,
    width: int = 1000,
    label_colors: Sequence[str] | None = None,
    x_title: str = "",
) -> str:
    """100%-stacked horizontal bars (segments in percent), a legend on top, labels on wide segments.

    ``label_colors`` draws a swatch of each row's colour (its judge's) before its label.
    """
    left, right, row = 270, 20, 26
    top = 34
    plot = width - left - right
    height = top + row * len(rows) + 8 + (22 if x_title else 0)
    out = open_svg(width, height, title, "stacked")
    _x_title(out, left + plot / 2, height - 6, x_title)
    lx = 10.0
    for name, color in zip(names, colors, strict=True):
        out.append(f'<rect x="{lx:.1f}" y="6" width="12" height="12" fill="{color}"/>')
        out.append(svg_text(lx + 17, 16, name))
        lx += 17 + 7.2 * len(name) + 18
    for i, (label, segments) in enumerate(rows):
        y = top + i * row
        if label_colors:
            out.append(f'<rect x="{left - 18}" y="{y + 8}" width="10" height="10" fill="{label_colors[i]}"/>')
        out.append(svg_text(left - (24 if label_colors else 8), y + row / 2 + 4, short_label(label, 31), anchor="end"))
        x = float(left)
        for seg, name, color in zip(segments, names, colors, strict=True):
            w = plot * max(seg, 0.0) / 100
            if w <= 0:
                continue
            out.append(
                f'<rect class="bar" x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" fill="{color}">'
                f"<title>{escape(f'{label} · {name}: {seg:.1f}%')}</title></rect>"
            )
            if seg >= 7:
                out.append(svg_text(x + w / 2, y + row / 2 + 4, f"{seg:.0f}", anchor="middle", fill="#fff"))
            x += w
    out.append("</svg>")
    return "".join(out)
