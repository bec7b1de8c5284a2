"""``judgebench analyze position|compare|length|self-preference|solve-gap|agreement FILE...``.

Every command reads all its files and computes everything before printing, so an error never leaves half a
report; ``--json`` prints the full result. Cells show the value with its 95% interval below it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from judgebench.cli.score import add_bootstrap_args

if TYPE_CHECKING:  # the analyses and rich load on use, keeping the CLI start fast
    from rich.console import Console
    from rich.table import Table

    from judgebench.analysis.resample import Share


def add_parser(sub: Any) -> None:
    """Register ``analyze`` and its sub-commands."""
    p = sub.add_parser("analyze", help="position bias, judge comparisons, baselines, self-preference, agreement")
    inner = p.add_subparsers(dest="analysis", metavar="ANALYSIS", required=True)
    specs: list[tuple[str, str, Callable[[argparse.Namespace], Any]]] = [
        ("position", "flip rate, first-slot preference, consistency, other rules", _position),
        ("compare", "paired difference + exact McNemar of two judges; tiers of several", _compare),
        ("length", "always-A, longer-wins and random baselines; length preference", _length),
        ("self-preference", "one judge on its own family's pairs vs another's (two files)", _self_pref),
        ("solve-gap", "judge accuracy against solver accuracy (judged and solve files)", _solve_gap),
        ("agreement", "Cohen's kappa between judges", _agreement),
    ]
    for name, help_, fn in specs:
        q = inner.add_parser(name, help=help_, description=help_)
        q.add_argument("files", nargs="+", metavar="FILE", help="recorded-outputs JSONL files")
        q.add_argument("--json", action="store_true", help="print JSON instead of tables")
        if name == "compare":
            q.add_argument("--rule", default="vote", help="aggregation rule (vote, first, agree)")
        if name == "self-preference":
            q.add_argument("--own", metavar="FILE", help="the judge's own split, when its family is not evident")
        add_bootstrap_args(q)
        q.set_defaults(func=run, view=fn)


def run(args: argparse.Namespace) -> int:
    """Compute the analysis, then print it as JSON or tables."""
    from judgebench.report.terminal import make_console

    result, show = args.view(args)
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        show(make_console())
    return 0


def _cell(share: Share | None) -> str:
    if share is None or share.value is None:
        return "-"
    ci = f"\n[dim][{share.ci95[0]:.1f}, {share.ci95[1]:.1f}][/]" if share.ci95 else ""
    return f"{share.value:.2f}{ci}"


def _ci(ci: tuple[float, float] | None) -> str:
    return f"[{ci[0]:.2f}, {ci[1]:.2f}]" if ci else ""


def _table(title: str, columns: list[str], *, text_columns: int = 1) -> Table:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for i, col in enumerate(columns):
        table.add_column(col, justify="left" if i < text_columns else "right")
    return table


def _kw(args: argparse.Namespace) -> dict[str, int]:
    return {"iterations": args.bootstrap, "seed": args.seed}


def _load(args: argparse.Namespace, *, at_least: int = 1) -> list[Any]:
    from judgebench.analysis.judged import load_judged
    from judgebench.errors import ConfigError

    if len(args.files) < at_least:
        raise ConfigError(f"analyze {args.analysis} needs at least {at_least} files")
    return [load_judged(f) for f in args.files]


Shown = tuple[dict[str, Any], Callable[["Console"], None]]


def _position(args: argparse.Namespace) -> Shown:
    from judgebench.analysis.position import position_bias, rules

    results = [position_bias(jf, **_kw(args)) for jf in _load(args)]
    names = rules()

    def show(console: Console) -> None:
        for r in results:
            cols = ["Category", "pairs (2 orders)", "cons. right", "cons. wrong", "inconsistent", "flip rate"]
            cols += ["same slot A/B", "first slot %", *[f"acc ({n})" for n in names]]
            t = _table(f"Position bias · {r.judge} · pairs by {r.response_model}", cols)
            for cat, c in r.categories.items():
                k = c.kinds
                cells = [_cell(k["consistent_right"]), _cell(k["consistent_wrong"]), _cell(k["inconsistent"])]
                t.add_row(
                    cat, str(c.two_order), *cells, _cell(c.flip_rate), f"{c.slot_a_twice} / {c.slot_b_twice}",
                    _cell(c.first_slot), *[_cell(c.accuracy[n]) for n in names],
                )  # fmt: skip
            console.print(t)

    return {"results": [r.to_dict() for r in results]}, show


def _compare(args: argparse.Namespace) -> Shown:
    from judgebench.analysis.compare import compare, tiers

    files = _load(args, at_least=2)
    comp = compare(files[0], files[1], rule=args.rule, **_kw(args)) if len(files) == 2 else None
    rows = tiers(files, rule=args.rule, **_kw(args))
    out: dict[str, Any] = {"tiers": [r.to_dict() for r in rows]}
    if comp:
        out["comparison"] = comp.to_dict()

    def show(console: Console) -> None:
        if comp:
            cols = ["Category", "n", "acc A", "acc B", "A − B", "95% CI", "only A", "only B", "McNemar p"]
            t = _table(f"{comp.judge_a} (A) vs {comp.judge_b} (B) · rule {comp.rule}", cols)
            for cat, d in comp.categories.items():
                t.add_row(cat, str(d.n), f"{d.acc_a:.2f}", f"{d.acc_b:.2f}", f"{d.diff:+.2f}", _ci(d.ci95),
                          str(d.only_a), str(d.only_b), f"{d.p_value:.4g}")  # fmt: skip
            console.print(t)
            console.print(f"pairs only in A: {comp.n_only_in_a} · only in B: {comp.n_only_in_b}")
        t = _table("Tiers (not separable from the tier leader at 95%, exact McNemar)", ["Judge", "acc", "tier"])
        for col in ("vs leader", "95% CI", "p"):
            t.add_column(col, justify="right")
        for r in rows:
            vs = r.vs_leader
            extra = [f"{vs.diff:+.2f}", _ci(vs.ci95), f"{vs.p_value:.4g}"] if vs else ["", "", ""]
            t.add_row(r.judge, f"{r.accuracy:.2f}", str(r.tier), *extra)
        console.print(t)

    return out, show


def _length(args: argparse.Namespace) -> Shown:
    from judgebench.analysis.judged import load_judged
    from judgebench.analysis.length import length_analysis

    results = [length_analysis(load_judged(f, require_judgments=False), **_kw(args)) for f in args.files]

    def show(console: Console) -> None:
        for r in results:
            cols = ["Category", "n", "correct is longer", "always A (vote)", "always A (first)", "longer wins"]
            cols += ["random"]
            if r.judge:
                cols += ["judge", "prefers longer", "acc | longer right", "acc | shorter right"]
            t = _table(f"Length and baselines · {r.judge or 'pairs'} · pairs by {r.response_model}", cols)
            for cat, c in r.categories.items():
                b = c.baselines
                cells = [_cell(c.correct_is_longer), *[_cell(b[k]) for k in b]]
                if r.judge:
                    cells += [_cell(c.judge_accuracy), _cell(c.prefers_longer)]
                    cells += [_cell(c.accuracy_when_longer_correct), _cell(c.accuracy_when_shorter_correct)]
                t.add_row(cat, str(c.n), *cells)
            console.print(t)

    return {"results": [r.to_dict() for r in results]}, show


def _self_pref(args: argparse.Namespace) -> Shown:
    from judgebench.analysis.self_preference import pick_own, self_preference
    from judgebench.errors import ConfigError

    if len(args.files) != 2:
        raise ConfigError("analyze self-preference needs two files: one judge on two response-model splits")
    a, b = _load(args, at_least=2)
    if args.own:
        same = [f for f in (a, b) if os.path.exists(args.own) and os.path.samefile(f.path, args.own)]
        if not same:
            raise ConfigError(f"--own {args.own} is neither of the two files")
        own, other = (a, b) if same[0] is a else (b, a)
    else:
        own, other = pick_own(a, b)
    r = self_preference(own, other, **_kw(args))

    def show(console: Console) -> None:
        cols = ["Split", "pairs by", "accuracy", "consistently wrong", "flip rate", "wrong picks in slot 1"]
        t = _table(f"Self-preference · judge {r.judge}", cols)
        for name, model, e in (("own", r.own_model, r.own), ("other", r.other_model, r.other)):
            t.add_row(name, model or "?", _cell(e.accuracy), _cell(e.consistent_wrong), _cell(e.flip_rate),
                      _cell(e.wrong_picks_first_slot))  # fmt: skip
        console.print(t)
        g = _table("Gap own − other (points)", ["Category", "gap", "95% CI"])
        for cat, (value, ci) in r.gap.items():
            g.add_row(cat, f"{value:+.2f}" if value is not None else "-", _ci(ci))
        console.print(g)
        s = r.shared_questions
        if s:
            console.print(
                f"questions both splits share: {s.n} · own {s.acc_a:.2f} vs other {s.acc_b:.2f} · "
                f"gap {s.diff:+.2f} {_ci(s.ci95)} · McNemar p {s.p_value:.4g}"
            )

    return r.to_dict(), show


def _solve_gap(args: argparse.Namespace) -> Shown:
    from judgebench.analysis.judged import file_kind, load_judged
    from judgebench.analysis.solve_gap import load_solve, match_solves, solve_gap
    from judgebench.errors import ConfigError

    kinds = {f: file_kind(f) for f in args.files}
    judged = [load_judged(f) for f, k in kinds.items() if k == "judged"]
    solves = [load_solve(f) for f, k in kinds.items() if k == "solve"]
    if not judged or not solves:
        raise ConfigError("analyze solve-gap needs judged files and solve-result files (from judgebench solve)")
    results = [solve_gap(jf, sf, **_kw(args)) for jf, sf in match_solves(judged, solves)]

    def show(console: Console) -> None:
        for r in results:
            cols = ["Category", "n", "solver", "unverifiable", "judge", "judge − solver", "95% CI", "McNemar p"]
            t = _table(f"Judge {r.judge} vs solver {r.solver}", cols)
            for cat, c in r.categories.items():
                t.add_row(cat, str(c.gap.n), _cell(c.solver), str(c.unverifiable), _cell(c.judge),
                          f"{c.gap.diff:+.2f}", _ci(c.gap.ci95), f"{c.gap.p_value:.4g}")  # fmt: skip
            console.print(t)

    return {"results": [r.to_dict() for r in results]}, show


def _agreement(args: argparse.Namespace) -> Shown:
    from judgebench.analysis.agreement import agreement_matrix

    results = agreement_matrix(_load(args, at_least=2), **_kw(args))

    def show(console: Console) -> None:
        cols = ["Judge A", "Judge B", "n", "Cohen's κ", "agree %"]
        t = _table("Agreement on pair verdicts (A, B, none)", cols, text_columns=2)
        for a in results:
            t.add_row(a.judge_a, a.judge_b, str(a.n), a.fmt(), _cell(a.raw))
        console.print(t)

    return {"results": [a.to_dict() for a in results]}, show
