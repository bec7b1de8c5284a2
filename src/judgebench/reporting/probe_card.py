"""The bias probes' reliability card (the ``probe --json`` dict) as a terminal table, Markdown and HTML.

The card: ``{"judge_name", "judge_model", "n_pairs", "probes": {name: probe}, "flags": [...]}``. A probe with
``"arms"`` (``{"accuracy", "correct", "n"}`` each, accuracy in percent) and/or ``"effects"`` (``{"estimate",
"ci95", "p", "q", "mde"}`` each, in points) is shown as rows of one arms table, whatever its name; its other
fields, and every field of a probe without arms (position, template, stability ...), are shown as scalar
lines (nested dicts flattened with dotted keys). Every effect with an estimate is a row of the HTML forest
plot. Each effect's ``verdict`` against its probe's pre-registered floor (``significant``, ``no bias found``,
``underpowered``: judgebench.probes.flags) is a column of the table and colours its forest row; a card without
verdicts is read as significant when q < 0.05. User text (judge names, models, flags) is escaped for each medium.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment
from markupsafe import Markup
from rich.console import Group
from rich.table import Table
from rich.text import Text

from judgebench.reporting.jinja_env import template_env
from judgebench.reporting.markdown import md_text
from judgebench.reporting.probe_forest_svg import Effect, forest_plot
from judgebench.reporting.rich_text import literal, markup

#: An effect without a ``verdict`` whose BH q-value is below this is drawn (and bolded) as significant.
Q_LEVEL = 0.05
#: What each verdict means, for the legend under the arms table.
VERDICT_LEGEND = (
    "Verdict against the probe's pre-registered effect floor (points): significant = q < 0.05 (flagged); "
    "no bias found = not significant, and an effect as large as the floor would have been detected with 80% "
    "power (MDE ≤ floor); underpowered = not significant, but the MDE is above the floor: no bias was found, "
    "yet one of the floor's size could have been missed."
)
_PVALUE_KEYS = ("p", "q", "p_value", "q_value")
_SKIPPED = ("arms", "effects")


@dataclass(frozen=True, slots=True)
class ArmRow:
    """One row of the arms table: an arm's accuracy and, for a perturbed arm, its effect."""

    probe: str
    arm: str
    accuracy: str
    correct: str
    estimate: str
    ci95: str
    p: str
    q: str
    mde: str
    verdict: str
    significant: bool


def _num(value: Any, digits: int = 2, sign: bool = False) -> str:
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return "-" if value is None else str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"


def fmt_p(value: Any) -> str:
    """A p- or q-value to three significant digits (``1`` when nothing changed); ``-`` for None."""
    return "-" if value is None else f"{value:.3g}" if isinstance(value, int | float) else str(value)


def fmt_ci(ci: Any, sign: bool = True) -> str:
    """``[lo, hi]`` to two decimals (signed: effects); ``-`` when absent."""
    if not ci:
        return "-"
    return f"[{_num(ci[0], sign=sign)}, {_num(ci[1], sign=sign)}]"


def fmt_value(key: str, value: Any) -> str:
    """A scalar field: p/q-values to three significant digits, floats to two decimals, lists in brackets."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if key.rsplit(".", 1)[-1] in _PVALUE_KEYS:
        return fmt_p(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(fmt_value("", v) for v in value) + "]"
    if isinstance(value, float):
        return _num(value)
    return "-" if value is None else str(value)


def _significant(effect: Mapping[str, Any]) -> bool:
    if "verdict" in effect:
        return bool(effect["verdict"] == "significant")
    q = effect.get("q")
    return isinstance(q, int | float) and q < Q_LEVEL


def fmt_verdict(effect: Mapping[str, Any]) -> str:
    """``significant``; ``no bias found (floor 5)``; ``underpowered (floor 5)``; ``-`` without a verdict."""
    v = effect.get("verdict")
    if not v:
        return "-"
    floor = effect.get("floor")
    return f"{v} (floor {floor:g})" if v != "significant" and isinstance(floor, int | float) else str(v)


def arm_rows(card: Mapping[str, Any]) -> list[ArmRow]:
    """Every probe's arms in card order, each perturbed arm with its effect; effects without an arm follow."""
    rows = []
    for probe, body in card.get("probes", {}).items():
        arms: Mapping[str, Any] = body.get("arms") or {}
        effects: Mapping[str, Any] = body.get("effects") or {}
        for arm in [*arms, *(e for e in effects if e not in arms)]:
            a, e = arms.get(arm) or {}, effects.get(arm) or {}
            correct = f"{a['correct']}/{a['n']}" if "correct" in a and "n" in a else "-"
            rows.append(
                ArmRow(
                    probe=probe,
                    arm=arm,
                    accuracy=_num(a.get("accuracy")),
                    correct=correct,
                    estimate=_num(e.get("estimate"), sign=True) if e else "",
                    ci95=fmt_ci(e.get("ci95")) if e else "",
                    p=fmt_p(e.get("p")) if e else "",
                    q=fmt_p(e.get("q")) if e else "",
                    mde=_num(e.get("mde")) if e else "",
                    verdict=fmt_verdict(e) if e else "",
                    significant=_significant(e),
                )
            )
    return rows


def _flatten(prefix: str, value: Any, out: list[tuple[str, str]]) -> None:
    if isinstance(value, Mapping):
        for k, v in value.items():
            _flatten(f"{prefix}.{k}" if prefix else str(k), v, out)
    elif isinstance(value, list | tuple) and any(isinstance(v, Mapping | list | tuple) for v in value):
        out.append((prefix, f"({len(value)} entries)"))
    else:
        out.append((prefix, fmt_value(prefix, value)))


def scalar_fields(card: Mapping[str, Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each probe's fields other than arms and effects, flattened and formatted; probes with none left out."""
    result = []
    for probe, body in card.get("probes", {}).items():
        fields: list[tuple[str, str]] = []
        for key, value in body.items():
            if key not in _SKIPPED:
                _flatten(str(key), value, fields)
        if fields:
            result.append((probe, fields))
    return result


def forest_effects(card: Mapping[str, Any]) -> list[Effect]:
    """Every effect with an estimate, labelled ``probe · arm``, in card order."""
    effects = []
    for probe, body in card.get("probes", {}).items():
        for arm, e in (body.get("effects") or {}).items():
            if isinstance(e.get("estimate"), int | float):
                ci = e.get("ci95")
                label, interval = f"{probe} · {arm}", (ci[0], ci[1]) if ci else None
                effects.append(Effect(label, float(e["estimate"]), interval, _significant(e), e.get("verdict") or ""))
    return effects


def fmt_flag(flag: Any) -> str:
    """A flag: a string as is, a dict as ``key: value`` pairs."""
    if isinstance(flag, Mapping):
        return "; ".join(f"{k}: {fmt_value(str(k), v)}" for k, v in flag.items())
    return str(flag)


def _heading(card: Mapping[str, Any]) -> str:
    return f"{card.get('judge_name') or '?'} · {card.get('judge_model') or '?'} · {card.get('n_pairs', '?')} pairs"


ARM_COLUMNS = (
    "Probe",
    "Arm",
    "Accuracy %",
    "Correct",
    "Effect (pts)",
    "95% CI",
    "p",
    "q (BH)",
    "MDE (pts)",
    "Verdict",
)
_TEXT_COLUMNS = ("Probe", "Arm", "Verdict")


def _cells(r: ArmRow) -> tuple[str, ...]:
    return (r.probe, r.arm, r.accuracy, r.correct, r.estimate, r.ci95, r.p, r.q, r.mde, r.verdict)


def render_terminal(card: Mapping[str, Any]) -> Group:
    """The card as rich renderables: a heading, the arms table, one table of fields per other probe, the flags."""
    parts: list[Any] = [markup("[bold]Reliability card · {}", _heading(card))]
    rows = arm_rows(card)
    if rows:
        table = Table(title="Arms (accuracy, vote rule) and effects against the original arm", title_justify="left")
        for name in ARM_COLUMNS:
            table.add_column(name, justify="left" if name in _TEXT_COLUMNS else "right")
        last = None
        for r in rows:
            if last is not None and r.probe != last:
                table.add_section()
            table.add_row(*(literal(c) for c in _cells(r)), style="bold" if r.significant else None)
            last = r.probe
        parts.append(table)
        parts.append(Text(VERDICT_LEGEND, style="dim"))
    for probe, fields in scalar_fields(card):
        table = Table(title=literal(probe), title_justify="left", show_header=False)
        table.add_column("field")
        table.add_column("value", justify="right")
        for key, value in fields:
            table.add_row(literal(key), literal(value))
        parts.append(table)
    skipped = card.get("skipped") or {}
    if skipped:
        parts.append(Text("Skipped:", style="bold"))
        parts.extend(markup("  • {}: {}", probe, why) for probe, why in skipped.items())
    flags = card.get("flags") or []
    parts.append(Text("Flags: " + ("none" if not flags else ""), style="bold"))
    parts.extend(markup("  • {}", fmt_flag(f)) for f in flags)
    return Group(*parts)


def md_escape(value: Any) -> str:
    """A card value as literal Markdown text (:func:`~judgebench.reporting.markdown.md_text` of its ``str``)."""
    return md_text(str(value))


def render_markdown(card: Mapping[str, Any]) -> str:
    """The card as GitHub-flavoured Markdown: heading, arms table, a table per other probe, flags."""
    lines = [f"## Reliability card · {md_escape(_heading(card))}", ""]
    rows = arm_rows(card)
    if rows:
        lines += ["| " + " | ".join(ARM_COLUMNS) + " |", "|---|---|" + "---:|" * (len(ARM_COLUMNS) - 3) + "---|"]
        for r in rows:
            lines.append("| " + " | ".join(md_escape(c) for c in _cells(r)) + " |")
        lines += ["", md_escape(VERDICT_LEGEND), ""]
    for probe, fields in scalar_fields(card):
        lines += [f"### {md_escape(probe)}", "", "| Field | Value |", "|---|---:|"]
        lines += [f"| {md_escape(k)} | {md_escape(v)} |" for k, v in fields]
        lines.append("")
    skipped = card.get("skipped") or {}
    if skipped:
        lines += ["### Skipped", ""] + [f"- {md_escape(p)}: {md_escape(why)}" for p, why in skipped.items()] + [""]
    flags = card.get("flags") or []
    lines += ["### Flags", ""] + ([f"- {md_escape(fmt_flag(f))}" for f in flags] or ["none"])
    return "\n".join(lines) + "\n"


@cache
def _env() -> Environment:
    env = template_env(autoescape=True)
    env.filters.update(flag=fmt_flag)
    return env


def render_html_section(card: Mapping[str, Any], section_id: str = "probes") -> Markup:
    """The card as a ``<section id="probes">`` (or ``section_id``): forest plot, arms table, fields, flags."""
    effects = forest_effects(card)
    forest = Markup(forest_plot(effects, title="Probe effects with 95% intervals")) if effects else None
    template = _env().get_template("probe_card.html.jinja2")
    html = template.render(
        heading=_heading(card),
        section_id=section_id,
        columns=ARM_COLUMNS,
        rows=arm_rows(card),
        fields=scalar_fields(card),
        flags=card.get("flags") or [],
        skipped=card.get("skipped") or {},
        forest=forest,
        legend=VERDICT_LEGEND,
    )
    return Markup(html)


def render_html_page(card: Mapping[str, Any]) -> str:
    """A self-contained HTML page holding only the card's section (for ``probe --out``)."""
    template = _env().get_template("probe_page.html.jinja2")
    return template.render(section=render_html_section(card), heading=_heading(card))
