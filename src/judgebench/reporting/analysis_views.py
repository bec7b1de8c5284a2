"""Terminal views of the analyses (rich tables), registered here by analysis name.

Analysis knows nothing of drawing: each built-in view registers itself for its analysis with :func:`view`, and
:func:`show` draws a result with the view registered for its analysis, else the analysis's own ``view`` (a
plugin's), else its JSON. Cells show the value with its 95% interval below it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from judgebench.reporting.rich_text import literal, markup

if TYPE_CHECKING:
    from rich.console import Console

    from judgebench.analysis.agreement import Agreement
    from judgebench.analysis.best_of_k import BestOfKCurves
    from judgebench.analysis.compare import CompareResult
    from judgebench.analysis.length import LengthResult
    from judgebench.analysis.position import PositionResult
    from judgebench.analysis.registry import Analysis, Results
    from judgebench.analysis.resample import Share
    from judgebench.analysis.self_preference import SelfPreference
    from judgebench.analysis.solve_gap import SolveGap


View = Callable[[Any, "Console"], None]
#: analysis name → its terminal view
VIEWS: dict[str, View] = {}


def view(name: str) -> Callable[[View], View]:
    """Decorator registering the terminal view of the analysis ``name``."""

    def deco(fn: View) -> View:
        VIEWS[name] = fn
        return fn

    return deco


def show(analysis: Analysis, result: Any, console: Console) -> None:
    """Draw ``result`` with its analysis's view (registered here, else its own), else print its JSON."""
    fn = VIEWS.get(analysis.name) or analysis.view
    if fn is None:
        console.print_json(data=result.to_dict())
        return
    fn(result, console)


def _cell(share: Share | None) -> str:
    if share is None or share.value is None:
        return "-"
    ci = f"\n[dim][{share.ci95[0]:.2f}, {share.ci95[1]:.2f}][/]" if share.ci95 else ""
    return f"{share.value:.2f}{ci}"


def _ci(ci: tuple[float, float] | None) -> str:
    return f"[{ci[0]:.2f}, {ci[1]:.2f}]" if ci else ""


def _table(title: str | Text, columns: list[str], *, text_columns: int = 1) -> Table:
    table = Table(title=title, title_justify="left")
    for i, col in enumerate(columns):
        table.add_column(col, justify="left" if i < text_columns else "right")
    return table


@view("position")
def show_position(results: Results[PositionResult], console: Console) -> None:
    """The tables of ``analyze position``."""
    from judgebench.analysis.position import rules

    names = rules()
    for r in results:
        cols = ["Category", "pairs (2 orders)", "cons. right", "cons. wrong", "inconsistent", "flip rate"]
        cols += ["same slot A/B", "first slot %", *[f"acc ({n})" for n in names]]
        t = _table(markup("Position bias · {} · pairs by {}", r.judge, r.response_model), cols)
        for cat, c in r.categories.items():
            k = c.kinds
            cells = [_cell(k["consistent_right"]), _cell(k["consistent_wrong"]), _cell(k["inconsistent"])]
            t.add_row(
                literal(cat), str(c.two_order), *cells, _cell(c.flip_rate), f"{c.slot_a_twice} / {c.slot_b_twice}",
                _cell(c.first_slot), *[_cell(c.accuracy[n]) for n in names],
            )  # fmt: skip
        console.print(t)


@view("compare")
def show_compare(result: CompareResult, console: Console) -> None:
    """The tables of ``analyze compare``."""
    comp, rows = result.comparison, result.tiers
    if comp:
        cols = ["Category", "n", "acc A", "acc B", "A − B", "95% CI", "only A", "only B", "McNemar p"]
        t = _table(markup("{} (A) vs {} (B) · rule {}", comp.judge_a, comp.judge_b, comp.rule), cols)
        for cat, d in comp.categories.items():
            t.add_row(literal(cat), str(d.n), f"{d.acc_a:.2f}", f"{d.acc_b:.2f}", f"{d.diff:+.2f}", _ci(d.ci95),
                      str(d.only_a), str(d.only_b), f"{d.p_value:.4g}")  # fmt: skip
        console.print(t)
        console.print(f"pairs only in A: {comp.n_only_in_a} · only in B: {comp.n_only_in_b}")
    t = _table("Tiers (not separable from the tier leader at 95%, exact McNemar)", ["Judge", "acc", "tier"])
    for col in ("vs leader", "95% CI", "p"):
        t.add_column(col, justify="right")
    for r in rows:
        vs = r.vs_leader
        extra = [f"{vs.diff:+.2f}", _ci(vs.ci95), f"{vs.p_value:.4g}"] if vs else ["", "", ""]
        t.add_row(literal(r.judge), f"{r.accuracy:.2f}", str(r.tier), *extra)
    console.print(t)


@view("length")
def show_length(results: Results[LengthResult], console: Console) -> None:
    """The tables of ``analyze length``."""
    for r in results:
        cols = ["Category", "n", "correct is longer", "always A (vote)", "always A (first)", "longer wins"]
        cols += ["random"]
        if r.judge:
            cols += ["judge", "prefers longer", "acc | longer right", "acc | shorter right"]
        t = _table(markup("Length and baselines · {} · pairs by {}", r.judge or "pairs", r.response_model), cols)
        for cat, c in r.categories.items():
            b = c.baselines
            cells = [_cell(c.correct_is_longer), *[_cell(b[k]) for k in b]]
            if r.judge:
                cells += [_cell(c.judge_accuracy), _cell(c.prefers_longer)]
                cells += [_cell(c.accuracy_when_longer_correct), _cell(c.accuracy_when_shorter_correct)]
            t.add_row(literal(cat), str(c.n), *cells)
        console.print(t)


@view("self-preference")
def show_self_preference(r: SelfPreference, console: Console) -> None:
    """The tables of ``analyze self-preference``."""
    cols = ["Split", "pairs by", "accuracy", "consistently wrong", "flip rate", "wrong picks in slot 1"]
    t = _table(markup("Self-preference · judge {}", r.judge), cols)
    for name, model, e in (("own", r.own_model, r.own), ("other", r.other_model, r.other)):
        t.add_row(name, literal(model or "?"), _cell(e.accuracy), _cell(e.consistent_wrong), _cell(e.flip_rate),
                  _cell(e.wrong_picks_first_slot))  # fmt: skip
    console.print(t)
    g = _table("Gap own − other (points)", ["Category", "gap", "95% CI"])
    for cat, (value, ci) in r.gap.items():
        g.add_row(literal(cat), f"{value:+.2f}" if value is not None else "-", _ci(ci))
    console.print(g)
    s = r.shared_questions
    if s:
        console.print(
            f"questions both splits share: {s.n} · own {s.acc_a:.2f} vs other {s.acc_b:.2f} · "
            f"gap {s.diff:+.2f} {_ci(s.ci95)} · McNemar p {s.p_value:.4g}"
        )


@view("solve-gap")
def show_solve_gap(results: Results[SolveGap], console: Console) -> None:
    """The tables of ``analyze solve-gap``."""
    for r in results:
        cols = ["Category", "n", "solver", "unverifiable", "judge", "judge − solver", "95% CI", "McNemar p"]
        t = _table(markup("Judge {} vs solver {}", r.judge, r.solver), cols)
        for cat, c in r.categories.items():
            t.add_row(literal(cat), str(c.gap.n), _cell(c.solver), str(c.unverifiable), _cell(c.judge),
                      f"{c.gap.diff:+.2f}", _ci(c.gap.ci95), f"{c.gap.p_value:.4g}")  # fmt: skip
        console.print(t)


@view("agreement")
def show_agreement(results: Results[Agreement], console: Console) -> None:
    """The tables of ``analyze agreement``."""
    cols = ["Judge A", "Judge B", "n", "Cohen's κ", "agree %"]
    t = _table("Agreement on pair verdicts (A, B, none)", cols, text_columns=2)
    for a in results:
        t.add_row(literal(a.judge_a), literal(a.judge_b), str(a.n), a.fmt(), _cell(a.raw))
    console.print(t)


@view("best-of-k")
def show_best_of_k(result: BestOfKCurves, console: Console) -> None:
    """The curves of ``analyze best-of-k`` (:mod:`judgebench.reporting.best_of_k_terminal`)."""
    from judgebench.reporting.best_of_k_terminal import show_best_of_k as draw

    draw(result, console)
