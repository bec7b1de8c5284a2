"""The report document: self-contained HTML (inline CSS and SVG, no network) and Markdown.

The HTML's one script is the per-pair viewer (:mod:`judgebench.reporting.pair_details`), inline with its data.

Both are rendered from the jinja2 templates in ``report/templates`` from one :class:`ReportData`.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from judgebench.analysis.agreement import Agreement
from judgebench.analysis.resample import Share
from judgebench.metrics.scorecard import OVERALL, CategoryScore
from judgebench.records import CATEGORIES
from judgebench.reporting.benchmarks import benchmarks_markdown, figure3_svg
from judgebench.reporting.colors import NEUTRAL, judge_colors
from judgebench.reporting.jinja_env import template_env
from judgebench.reporting.markdown import md_text
from judgebench.reporting.pair_details import viewer_section
from judgebench.reporting.probe_card import render_html_section
from judgebench.reporting.probe_card import render_markdown as probe_markdown
from judgebench.reporting.report_data import Group, ReportData
from judgebench.reporting.svg import Bar, grouped_bars, hbar_ci, stacked_hbar

POSITION_SEGMENTS = ("consistent right", "consistent wrong", "inconsistent", "consistent tie")
POSITION_COLORS = ("#2E8B57", "#C0392B", "#E69F00", "#9E9E9E")


def fmt_share(share: Share | CategoryScore | None, digits: int = 2) -> str:
    """``65.71 [60.57, 70.57]``; ``-`` for nothing."""
    if share is None:
        return "-"
    value = share.value if isinstance(share, Share) else share.accuracy
    if value is None:
        return "-"
    return f"{value:.{digits}f}{fmt_ci(share.ci95, digits)}"


def fmt_share_html(share: Share | CategoryScore | None, digits: int = 2) -> Markup:
    """The value, and its interval small on a second line."""
    text = fmt_share(share, digits)
    value, _, ci = text.partition(" ")
    return Markup(f'{value}<br><span class="ci">{ci}</span>') if ci else Markup(value)


def fmt_ci(ci: tuple[float, float] | None, digits: int = 2) -> str:
    """`` [lo, hi]`` with a leading space, or empty."""
    return f" [{ci[0]:.{digits}f}, {ci[1]:.{digits}f}]" if ci else ""


def fmt_num(value: float | None, digits: int = 2, sign: bool = False) -> str:
    """A number with fixed decimals (``+`` on request); ``-`` for None."""
    if value is None:
        return "-"
    return f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"


@cache
def _env(autoescape: bool) -> Environment:
    env = template_env(autoescape=autoescape)
    env.filters.update(share=fmt_share_html if autoescape else fmt_share, ci=fmt_ci, num=fmt_num)
    env.filters["md_text"] = lambda value: md_text(str(value))  # names from the files, as literal Markdown
    env.globals.update(
        OVERALL=OVERALL,
        agreement_grid=agreement_grid,
        kappa_color=kappa_color,
        benchmarks_markdown=benchmarks_markdown,
    )
    return env


def group_categories(group: Group) -> list[str]:
    """The categories (then Overall) any judge of the group has pairs in."""
    present = {c for r in group.rows for c, cs in r.score.categories.items() if cs.n}
    return [c for c in [*map(str, CATEGORIES), "Other", OVERALL] if c in present]


def agreement_grid(group: Group) -> list[tuple[str, list[Agreement | None]]]:
    """The group's kappas as a judge × judge grid (upper triangle filled, in leaderboard order)."""
    names = [r.name for r in group.rows]
    where = {(a.judge_a, a.judge_b): a for a in group.agreement}
    grid = []
    for i, x in enumerate(names):
        cells = [where.get((x, y)) or where.get((y, x)) if j > i else None for j, y in enumerate(names)]
        grid.append((x, cells))
    return grid


def kappa_color(kappa: float | None) -> str:
    """A blue background whose strength follows kappa (0 → white, 1 → full)."""
    alpha = 0.0 if kappa is None else max(0.0, min(kappa, 1.0)) * 0.6
    return f"background: rgba(0, 114, 178, {alpha:.2f})"


def report_judges(data: ReportData) -> list[tuple[str, str]]:
    """Every judge the report shows, with its kind (from its first leaderboard row), in name order."""
    kinds: dict[str, str] = {}
    for g in data.groups:
        for r in g.rows:
            kinds.setdefault(r.name, r.kind)
    for sp in data.self_preference:
        kinds.setdefault(sp.judge, "")
    for gap in data.solve_gaps:
        kinds.setdefault(gap.judge, "")
    for curve in data.best_of_k.judges if data.best_of_k is not None else []:
        kinds.setdefault(curve.name, "")
    return sorted(kinds.items())


def split_overview(data: ReportData) -> list[tuple[str, str, list[CategoryScore | None]]]:
    """Each judge's Overall score on each response-model split (one column per split, never pooled)."""
    order: dict[str, str] = {}
    for g in data.groups:
        for r in g.rows:
            order.setdefault(r.name, r.kind)
    table = []
    for name, kind in order.items():
        cells = [next((r.score.categories[OVERALL] for r in g.rows if r.name == name), None) for g in data.groups]
        table.append((name, kind, cells))
    return table


def group_charts(group: Group, colors: dict[str, str]) -> dict[str, Markup]:
    """The leaderboard, per-category and position-bias charts of one response-model split."""
    split = group.response_model
    bars = [
        Bar(r.name, r.score.categories[OVERALL].accuracy, r.score.categories[OVERALL].ci95, colors[r.name])
        for r in group.rows
    ]
    cats = group_categories(group)
    series = [
        (
            r.name,
            [r.score.categories[c].accuracy if c in r.score.categories else None for c in cats],
            [r.score.categories[c].ci95 if c in r.score.categories else None for c in cats],
        )
        for r in group.rows
    ]
    stacked = []
    for r in group.rows:
        k = r.position.categories[OVERALL].kinds
        names = ("consistent_right", "consistent_wrong", "inconsistent", "consistent_tie")
        stacked.append((r.name, [k[n].value or 0.0 for n in names]))
    judge_of = [colors[r.name] for r in group.rows]
    title = f"Overall accuracy with 95% intervals · pairs by {split}"
    position = stacked_hbar(
        stacked,
        POSITION_SEGMENTS,
        POSITION_COLORS,
        title=f"Position consistency · pairs by {split}",
        label_colors=judge_of,
        x_title="share of the pairs judged in both orders (%)",
    )
    categories = grouped_bars(
        cats,
        series,
        title=f"Accuracy per category · pairs by {split}",
        colors=judge_of,
        x_title="category",
        y_title="accuracy (%)",
    )
    return {
        "leaderboard": Markup(hbar_ci(bars, title=title, x_title="Overall accuracy, vote rule (%)")),
        "categories": Markup(categories),
        "position": Markup(position),
    }


def report_charts(data: ReportData) -> dict[str, Any]:
    """Every chart of the report, by section, each judge in its colour from :func:`judge_colors`."""
    colors = judge_colors(name for name, _ in report_judges(data))
    solve = []
    for gap in data.solve_gaps:
        cells = list(gap.categories.values())
        series = [
            (f"judge {gap.judge}", [c.judge.value for c in cells], [c.judge.ci95 for c in cells]),
            (f"solver {gap.solver}", [c.solver.value for c in cells], [c.solver.ci95 for c in cells]),
        ]
        cats = list(gap.categories)
        chart = grouped_bars(
            cats,
            series,
            title=f"Judge vs solve · {gap.judge}",
            height=280,
            colors=[colors[gap.judge], NEUTRAL],
            x_title="category",
            y_title="accuracy (%)",
        )
        solve.append(Markup(chart))
    selfpref = []
    for sp in data.self_preference:
        color = colors[sp.judge]  # both bars are the judge's; the labels tell the splits apart
        bars = [
            Bar(f"own: pairs by {sp.own_model}", sp.own.accuracy.value, sp.own.accuracy.ci95, color),
            Bar(f"other: pairs by {sp.other_model}", sp.other.accuracy.value, sp.other.accuracy.ci95, color),
        ]
        selfpref.append(Markup(hbar_ci(bars, title=f"Self-preference · {sp.judge}", x_title="accuracy, vote rule (%)")))
    best_of_k = None
    if data.best_of_k is not None:
        from judgebench.reporting.best_of_k_svg import curve_chart

        title = "Best-of-K: expected top-1 among K random responses"
        best_of_k = Markup(curve_chart(data.best_of_k, title=title, colors=colors))
    benchmarks = Markup(figure3_svg(data.benchmarks)) if data.benchmarks else None
    many = len(data.probe_cards) > 1
    probes = [render_html_section(c, f"probes-{i}" if many else "probes") for i, c in enumerate(data.probe_cards, 1)]
    return {
        "groups": [group_charts(g, colors) for g in data.groups],
        "solve": solve,
        "self_preference": selfpref,
        "judges": [(name, kind, colors[name]) for name, kind in report_judges(data)],
        "overview": split_overview(data),
        "best_of_k": best_of_k,
        "benchmarks": benchmarks,
        "probes": probes,
    }


def render_html(data: ReportData) -> str:
    """The self-contained HTML report."""
    template = _env(autoescape=True).get_template("report.html.jinja2")
    pairs = viewer_section([path for kind, path in data.files if kind == "judged"], data.pair_counts)
    return template.render(data=data, charts=report_charts(data), categories_of=group_categories, pairs=pairs)


def render_markdown(data: ReportData) -> str:
    """The report's tables as GitHub-flavoured Markdown (no charts)."""
    template = _env(autoescape=False).get_template("report.md.jinja2")
    probes = [probe_markdown(c) for c in data.probe_cards]
    return template.render(data=data, categories_of=group_categories, probe_cards=probes)
