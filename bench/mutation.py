"""Mutation testing for the modules that decide numbers, labels and files (issue 26).

Each mutant is one small, meaningful change to one module (a flipped comparison, an off-by-one, swapped A/B
strings, an and/or swap, a dropped guard, a changed return value). The script makes it in a temporary copy of
the repository (src and tests; ``../shared`` linked beside it), runs the test files that cover that module with
``pytest -x -q -p no:cacheprovider`` and a timeout, and counts the mutant caught when the tests fail. Your
worktree is never written to. It prints each module's catch rate and every surviving mutant as
``path:line: before → after``; mutants listed in ``bench/mutation_equivalent.toml`` (with the reason they
cannot be caught) are reported but left out of the rate.

    python bench/mutation.py                                  # every module in MODULES (long: hours)
    python bench/mutation.py --module metrics/vote.py         # one module (a prefix selects a package)
    python bench/mutation.py --module runner/ --max-per-module 20 --seed 1   # a deterministic sample
    python bench/mutation.py --module output_files.py --list  # only list the mutants
    python bench/mutation.py --module analysis/ --json out.json

See docs/mutation.md.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "src" / "judgebench"
EQUIVALENT = ROOT / "bench" / "mutation_equivalent.toml"

#: module (relative to src/judgebench) -> the test files that cover it. A prefix ending in "/" in --module
#: selects every listed module under it.
MODULES: dict[str, tuple[str, ...]] = {
    # metrics
    "metrics/vote.py": ("tests/test_vote.py",),
    "metrics/best_of_k.py": (
        "tests/metrics/test_best_of_k_file.py",
        "tests/best_of_k/test_metrics.py",
        "tests/best_of_k/test_import_pairs.py",
        "tests/best_of_k/test_api.py",
    ),
    "metrics/rewardbench2.py": (
        "tests/metrics/test_native_sets.py",
        "tests/best_of_k/test_rewardbench2_native.py",
        "tests/benchmarks/test_rewardbench_protocol.py",
        "tests/benchmarks/test_other_importers.py",
    ),
    "metrics/bootstrap.py": (
        "tests/metrics/test_bootstrap_intervals.py",
        "tests/best_of_k/test_curve_float.py",
        "tests/test_one_interval.py",
        "tests/probes/test_stats.py",
        "tests/test_scorecard.py",
        "tests/benchmarks/test_mt_bench_interval.py",
    ),
    "metrics/mt_bench_agreement.py": (
        "tests/metrics/test_protocols_rules.py",
        "tests/benchmarks/test_mt_bench_agreement.py",
        "tests/benchmarks/test_mt_bench_no_majority.py",
        "tests/benchmarks/test_mt_bench_interval.py",
    ),
    "metrics/tally.py": (
        "tests/metrics/test_tally_counts.py",
        "tests/metrics/test_scorecard_file.py",
        "tests/test_scorecard.py",
        "tests/benchmarks/test_mt_bench_judge_no_majority.py",
    ),
    "metrics/rm_bench.py": (
        "tests/metrics/test_native_sets.py",
        "tests/best_of_k/test_rm_bench.py",
        "tests/benchmarks/test_protocols.py",
    ),
    "metrics/by_shape.py": ("tests/metrics/test_by_shape.py", "tests/test_scorecard.py", "tests/best_of_k/test_api.py"),
    "metrics/rewardbench_rules.py": (
        "tests/metrics/test_protocols_rules.py",
        "tests/benchmarks/test_rewardbench_protocol.py",
    ),
    "metrics/scorecard.py": (
        "tests/metrics/test_scorecard_file.py",
        "tests/test_scorecard.py",
        "tests/test_leaderboard_mixed.py",
        "tests/benchmarks/test_mt_bench_judge_no_majority.py",
    ),
    "metrics/protocols.py": (
        "tests/metrics/test_protocols_rules.py",
        "tests/benchmarks/test_protocols.py",
        "tests/benchmarks/test_mt_bench_no_majority.py",
        "tests/benchmarks/test_mt_bench_interval.py",
    ),
    # analyses
    "analysis/agreement.py": ("tests/analysis/test_agreement.py", "tests/analysis/test_cli_analyze.py"),
    "analysis/position.py": ("tests/analysis/test_position.py", "tests/analysis/test_cli_analyze.py"),
    "analysis/length.py": ("tests/analysis/test_length.py", "tests/analysis/test_cli_analyze.py"),
    "analysis/compare.py": ("tests/analysis/test_compare.py", "tests/analysis/test_cli_analyze.py"),
    "analysis/self_preference.py": ("tests/analysis/test_self_preference.py", "tests/analysis/test_cli_analyze.py"),
    "analysis/solve_gap.py": ("tests/analysis/test_solve_gap.py", "tests/analysis/test_cli_analyze.py"),
    "analysis/resample.py": ("tests/analysis/test_resample.py",),
    "analysis/judged.py": (
        "tests/analysis/test_judged.py",
        "tests/analysis/test_agreement.py",
        "tests/analysis/test_position.py",
        "tests/analysis/test_compare.py",
        "tests/analysis/test_self_preference.py",
    ),
    "analysis/llmbar_check.py": ("tests/analysis/test_llmbar_check.py", "tests/benchmarks/test_llmbar_results.py"),
    "analysis/best_of_k.py": ("tests/best_of_k/test_analysis_curves.py", "tests/best_of_k/test_analysis_report.py"),
    "analysis/benchmarks_table.py": (
        "tests/benchmarks/test_table_rows.py",
        "tests/benchmarks/test_table_baselines.py",
        "tests/benchmarks/test_table.py",
        "tests/benchmarks/test_table_reference.py",
        "tests/benchmarks/test_mt_bench_interval.py",
    ),
    "analysis/benchmark_cells.py": (
        "tests/benchmarks/test_table_rows.py",
        "tests/benchmarks/test_table_baselines.py",
        "tests/benchmarks/test_table.py",
        "tests/benchmarks/test_table_reference.py",
        "tests/benchmarks/test_mt_bench_interval.py",
    ),
    "analysis/benchmark_tally.py": (
        "tests/benchmarks/test_table_rows.py",
        "tests/benchmarks/test_table_baselines.py",
        "tests/benchmarks/test_table.py",
        "tests/benchmarks/test_table_reference.py",
        "tests/benchmarks/test_mt_bench_interval.py",
    ),
    "analysis/benchmark_baselines.py": (
        "tests/benchmarks/test_table_rows.py",
        "tests/benchmarks/test_table_baselines.py",
        "tests/benchmarks/test_table.py",
        "tests/benchmarks/test_table_reference.py",
        "tests/benchmarks/test_mt_bench_interval.py",
    ),
    # judge decision parsing
    "judges/parsers.py": (
        "tests/judges/test_parser_edges.py",
        "tests/judges/test_parsers.py",
        "tests/judges/test_judges.py",
    ),
    "judges/rating.py": (
        "tests/judges/test_rating.py",
        "tests/judges/test_judges.py",
        "tests/test_consistency_items.py",
        "tests/best_of_k/test_runner.py",
    ),
    "judges/reward_model.py": (
        "tests/judges/test_reward_model_judge.py",
        "tests/reward/test_seam.py",
        "tests/reward/test_replay.py",
    ),
    # resume, output files
    "runner/resume.py": (
        "tests/runner/test_resume_lines.py",
        "tests/runner/test_runner.py",
        "tests/runner/test_kill_resume.py",
    ),
    # both orders: swapping A/B back decides every decision's direction
    "runner/orders.py": ("tests/runner/test_orders.py", "tests/runner/test_runner.py", "tests/reward/test_seam.py"),
    "output_files.py": ("tests/test_output_files.py", "tests/test_output_safety.py"),
    # verifiers
    "verifiers/mmlu_pro.py": ("tests/verification/test_verifier_edges.py", "tests/verification/test_verifiers.py"),
    "verifiers/livebench_reasoning.py": (
        "tests/verification/test_livebench_reasoning_words.py",
        "tests/verification/test_verifier_edges.py",
        "tests/verification/test_verifiers.py",
    ),
    "verifiers/livebench_math.py": (  # fastest first: a caught mutant stops at the first failing file
        "tests/verification/test_livebench_math_dispatch.py",
        "tests/verification/test_livebench_amps.py",
        "tests/verification/test_livebench_olympiad.py",
        "tests/verification/test_livebench_parity.py",
        "tests/verification/test_verifiers.py",
    ),
    "verifiers/livebench_amps.py": (
        "tests/verification/test_livebench_amps.py",
        "tests/verification/test_livebench_parity.py",
        "tests/verification/test_verifier_edges.py",
        "tests/verification/test_verifiers.py",
    ),
    "verifiers/livebench_boxed.py": (
        "tests/verification/test_livebench_boxed.py",
        "tests/verification/test_livebench_parity.py",
        "tests/verification/test_verifier_edges.py",
        "tests/verification/test_verifiers.py",
    ),
    "verifiers/livebench_olympiad.py": (
        "tests/verification/test_livebench_olympiad.py",
        "tests/verification/test_livebench_parity.py",
        "tests/verification/test_verifier_edges.py",
        "tests/verification/test_verifiers.py",
    ),
    "verifiers/livebench_contest.py": (
        "tests/verification/test_livebench_contest.py",
        "tests/verification/test_verifier_edges.py",
        "tests/verification/test_verifiers.py",
    ),
    "verifiers/math_equivalence.py": (
        "tests/verification/test_math_verify.py",
        "tests/verification/test_verifiers.py",
    ),
    "verifiers/code_tests.py": (
        "tests/verification/test_code_tests.py",
        "tests/verification/test_code_execution.py",
    ),
    "verifiers/code_harness.py": (
        "tests/verification/test_code_harness.py",
        "tests/verification/test_code_execution.py",
    ),
    # pair selection
    "builder/select.py": (
        "tests/verification/test_select.py",
        "tests/verification/test_select_draws.py",
        "tests/verification/test_responses_ambiguous.py",
        "tests/pipeline/test_plumbing.py",
    ),
    # importers
    "importers/pairs.py": ("tests/best_of_k/test_import_direction.py", "tests/best_of_k/test_import_pairs.py"),
    "importers/ppe.py": ("tests/best_of_k/test_ppe_rows.py", "tests/best_of_k/test_importers.py"),
    "importers/reward_bench_2.py": (
        "tests/benchmarks/test_category_and_rows.py",
        "tests/best_of_k/test_importers.py",
        "tests/best_of_k/test_rewardbench2_native.py",
    ),
    "importers/mt_bench.py": (
        "tests/benchmarks/test_mt_bench_rows.py",
        "tests/benchmarks/test_other_importers.py",
        "tests/benchmarks/test_category_and_rows.py",
        "tests/benchmarks/test_mt_bench_agreement.py",
        "tests/benchmarks/test_mt_bench_no_majority.py",
    ),
    "importers/rm_bench.py": (
        "tests/best_of_k/test_rm_bench_rows.py",
        "tests/best_of_k/test_importers.py",
        "tests/best_of_k/test_rm_bench.py",
    ),
    "importers/llmbar.py": (
        "tests/benchmarks/test_llmbar_sets.py",
        "tests/benchmarks/test_llmbar.py",
        "tests/benchmarks/test_other_importers.py",
    ),
    "importers/llmbar_results.py": (
        "tests/benchmarks/test_llmbar_results_rows.py",
        "tests/benchmarks/test_llmbar_results.py",
    ),
    "importers/reward_bench.py": (
        "tests/benchmarks/test_reward_bench_rows.py",
        "tests/benchmarks/test_rewardbench_protocol.py",
        "tests/benchmarks/test_other_importers.py",
    ),
    "importers/faireval.py": ("tests/benchmarks/test_faireval_rows.py", "tests/benchmarks/test_other_importers.py"),
    "importers/inspect_log.py": (
        "tests/integrations/test_inspect_log_records.py",
        "tests/integrations/test_inspect_log.py",
    ),
    "importers/checked.py": ("tests/test_import_checks.py", "tests/test_import_safety.py"),
    "importers/pair_records.py": (
        "tests/benchmarks/test_pair_records.py",
        "tests/benchmarks/test_other_importers.py",
        "tests/benchmarks/test_llmbar.py",
    ),
    # the columnar reader and the fast best-of-K curve (issue 23)
    "judged_columns.py": (
        "tests/test_judged_columns.py",
        "tests/test_scorecard.py",
        "tests/analysis/test_position.py",
        "tests/test_cli_inputs.py",
    ),
    "metrics/best_of_k_arrays.py": (
        "tests/best_of_k/test_curve_float.py",
        "tests/best_of_k/test_metrics.py",
        "tests/metrics/test_best_of_k_file.py",
    ),
    "metrics/seeded_coins.py": ("tests/analysis/test_seeded_coins.py", "tests/analysis/test_length.py"),
}

_FLIP = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In,
}  # fmt: skip
_BINOP = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div}
_WORDS = {"chosen": "rejected", "rejected": "chosen", "first": "second", "second": "first"}
_AB = re.compile(r"(?<![A-Za-z])([AB])(?![A-Za-z])")


def mutant_key(module: str, function: str, code: str, before: str, after: str) -> str:
    """What names a mutant across line shifts (and an equivalent entry in the TOML file)."""
    return f"{module}::{function}::{code}::{before} → {after}"


@dataclass(frozen=True)
class Mutant:
    """One change: where (module, line, enclosing function) and what (before → after, as source)."""

    module: str
    line: int
    function: str
    index: int
    variant: int
    before: str
    after: str
    code: str
    """The mutated line as written (stripped): with the function, it names the mutant across line shifts."""
    column: int = 0
    occurrence: int = 1
    """The same change (same key) can appear several times on one line: this is the n-th, counted from the left."""
    of: int = 1
    """How many times the same change appears on the line."""

    @property
    def where(self) -> str:
        return f"src/judgebench/{self.module}:{self.line}"

    @property
    def key(self) -> str:
        return mutant_key(self.module, self.function, self.code, self.before, self.after)

    @property
    def change(self) -> str:
        """``before  →  after``, with ``(#n of m)`` where the same change appears m times on the line."""
        return f"{self.before}  →  {self.after}" + (f"  (#{self.occurrence} of {self.of})" if self.of > 1 else "")

    def is_listed(self, equivalent: dict[str, str]) -> bool:
        """Listed as equivalent: by its key and occurrence, or by its key alone (every occurrence)."""
        return f"{self.key}#{self.occurrence}" in equivalent or self.key in equivalent


def _skipped_nodes(tree: ast.Module) -> set[int]:
    """Ids of nodes never mutated: docstrings, annotations, decorators, TYPE_CHECKING blocks, __all__, f-strings."""
    skip: set[int] = set()

    def mark(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            mark(first)
        if isinstance(node, ast.arg | ast.AnnAssign):
            mark(node.annotation)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            mark(node.returns)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for decorator in node.decorator_list:  # @dataclass(slots=True): layout, not behaviour
                mark(decorator)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            mark(node)
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            mark(node)
        if isinstance(node, ast.JoinedStr):  # f-strings are messages, never decisions
            mark(node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"TypeVar", "cast"}:
            mark(node)
    return skip


def _variants(node: ast.AST) -> list[tuple[str, str]]:
    """(before, after) source for each mutation of ``node`` (applied by :func:`_apply` in the same order)."""
    out: list[tuple[str, str]] = []
    for i, _new in enumerate(_replacements(node)):
        new = _apply(copy.deepcopy(node), i)
        if isinstance(node, ast.If | ast.While):
            kw = "if" if isinstance(node, ast.If) else "while"
            before = f"{kw} {ast.unparse(node.test)}: ..."
            assert isinstance(new, ast.If | ast.While)
            after = f"{kw} {ast.unparse(new.test)}: ..." if i == 0 else f"{kw} {ast.unparse(node.test)}: pass"
            out.append((before, after))
        else:
            out.append((ast.unparse(node), ast.unparse(new)))
    return out


def _replacements(node: ast.AST) -> list[int]:
    if isinstance(node, ast.Compare):
        return [i for i, op in enumerate(node.ops) if type(op) in _FLIP]
    if isinstance(node, ast.BoolOp | ast.If | ast.While):
        return [0, 1] if isinstance(node, ast.If) else [0]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return [0]
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOP:
        return [0]
    if isinstance(node, ast.Return) and node.value is not None:
        return [0]
    if isinstance(node, ast.Constant):
        v = node.value
        if isinstance(v, bool):
            return [0]
        if isinstance(v, int | float):
            return [0, 1] if v else [0]
        if isinstance(v, str) and (v in _WORDS or (len(v) <= 40 and _AB.search(v) and _swap_ab(v) != v)):
            return [0]
    return []


def _swap_ab(s: str) -> str:
    return _AB.sub(lambda m: "B" if m.group(1) == "A" else "A", s)


def _apply(node: ast.AST, variant: int) -> ast.AST:
    """Mutate ``node`` in place (variant-th mutation); returns the node to put in its place."""
    if isinstance(node, ast.Compare):
        k = _replacements(node)[variant]
        node.ops[k] = _FLIP[type(node.ops[k])]()
        return node
    if isinstance(node, ast.BoolOp):
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        return node
    if isinstance(node, ast.If | ast.While):
        if variant == 0:
            node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)
        else:
            node.body = [ast.Pass()]
        return node
    if isinstance(node, ast.UnaryOp):
        return node.operand
    if isinstance(node, ast.BinOp):
        node.op = _BINOP[type(node.op)]()
        return node
    if isinstance(node, ast.Return):
        v = node.value
        if isinstance(v, ast.Constant) and isinstance(v.value, bool):
            node.value = ast.Constant(not v.value)
        elif isinstance(v, ast.Constant) and v.value is None:
            node.value = ast.Constant(0)
        else:
            node.value = ast.Constant(None)
        return node
    if isinstance(node, ast.Constant):
        c = node.value
        if isinstance(c, bool):
            node.value = not c
        elif isinstance(c, int | float):
            node.value = c + 1 if variant == 0 else c - 1
        elif isinstance(c, str):
            node.value = _WORDS.get(c) or _swap_ab(c)
        return node
    raise AssertionError(node)


def _enclosing(tree: ast.Module) -> dict[int, str]:
    names: dict[int, str] = {}

    def visit(node: ast.AST, qual: str) -> None:
        for child in ast.iter_child_nodes(node):
            q = qual
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                q = f"{qual}.{child.name}" if qual else child.name
            names[id(child)] = q
            visit(child, q)

    visit(tree, "")
    return names


def mutants(module: str, source: str | None = None) -> list[Mutant]:
    """Every mutant of ``src/judgebench/<module>`` (its text: ``source``), in source order."""
    text = source if source is not None else (PKG / module).read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    skip = _skipped_nodes(tree)
    where = _enclosing(tree)
    out = []
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in skip or not hasattr(node, "lineno"):
            continue
        for variant, (before, after) in enumerate(_variants(node)):
            if before != after:
                before_s = before if len(before) < 90 else before[:87] + "..."
                after_s = after if len(after) < 90 else after[:87] + "..."
                function = where.get(id(node)) or "<module>"
                code = lines[node.lineno - 1].strip()
                column = getattr(node, "col_offset", 0)
                out.append(Mutant(module, node.lineno, function, index, variant, before_s, after_s, code, column))
    same: dict[str, list[int]] = {}
    for i, m in enumerate(out):
        same.setdefault(m.key, []).append(i)
    for group in same.values():  # number the repeats of one change on one line from the left
        group.sort(key=lambda i: (out[i].column, out[i].index, out[i].variant))
        for n, i in enumerate(group, 1):
            out[i] = replace(out[i], occurrence=n, of=len(group))
    out.sort(key=lambda m: (m.line, m.index, m.variant))
    return out


def mutated_source(m: Mutant, source: str) -> str:
    """``source`` (the module's text the mutant was found in) with the mutant applied."""
    tree = ast.parse(source)
    for index, node in enumerate(ast.walk(tree)):
        if index == m.index:
            new = _apply(node, m.variant)
            if new is not node:  # `not x` -> `x`: swap the node in its parent
                for parent in ast.walk(tree):
                    for field, value in ast.iter_fields(parent):
                        if value is node:
                            setattr(parent, field, new)
                        elif isinstance(value, list):
                            value[:] = [new if v is node else v for v in value]
            break
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def load_equivalent(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = data.get("equivalent", [])
    return {
        mutant_key(e["module"], e["function"], e["code"], e["before"], e["after"])
        + (f"#{e['occurrence']}" if "occurrence" in e else ""): e["reason"]
        for e in entries
    }


def stale_entries(equivalent: dict[str, str]) -> list[str]:
    """The equivalent entries (keys, with ``#n`` where they name an occurrence) that match no mutant of today's code."""
    known: set[str] = set()
    for module in sorted({key.split("::", 1)[0] for key in equivalent}):
        if (PKG / module).is_file():
            for m in mutants(module):
                known.update((m.key, f"{m.key}#{m.occurrence}"))
    return [key for key in equivalent if key not in known]


def copy_repo(dest: Path) -> Path:
    """A copy of the repository (no .git, no caches) at dest/repo, with dest/shared linking to ../shared."""
    ignore = shutil.ignore_patterns(".git", ".venv*", "__pycache__", "*.pyc", ".*_cache", "outputs", "out")
    repo = dest / "repo"
    shutil.copytree(ROOT, repo, ignore=ignore, symlinks=True)
    shared = ROOT.parent / "shared"
    if shared.exists():
        (dest / "shared").symlink_to(shared)
    return repo


def run_tests(repo: Path, tests: tuple[str, ...], timeout: float) -> tuple[str, float]:
    env = {
        **os.environ,
        "PYTHONPATH": str(repo / "src"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "JUDGEBENCH_SHARED": str(ROOT.parent / "shared"),
    }
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    start = time.monotonic()
    # its own session: on a timeout the whole group (the CLI runs and servers the tests start) is killed
    proc = subprocess.Popen(
        cmd, cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return "timeout", time.monotonic() - start
    finally:
        if proc.returncode is None:  # interrupted: leave nothing running
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    took = time.monotonic() - start
    if proc.returncode == 0:
        return "survived", took
    if proc.returncode == 5:
        return "no-tests", took
    return "caught", took


def selected(patterns: list[str]) -> list[str]:
    if not patterns:
        return list(MODULES)
    out: list[str] = []
    for p in patterns:
        p = p.removeprefix("src/").removeprefix("judgebench/")
        hits = [m for m in MODULES if m == p or (p.endswith("/") and m.startswith(p))]
        if not hits:
            sys.exit(f"mutation: {p!r} is not in MODULES (bench/mutation.py); known: {', '.join(MODULES)}")
        out += [h for h in hits if h not in out]
    return out


def check_module(
    module: str, repo: Path, args: argparse.Namespace, equivalent: dict[str, str]
) -> Iterator[tuple[Mutant, str]]:
    tests = MODULES[module]
    target = repo / "src" / "judgebench" / module
    original = target.read_text(encoding="utf-8")
    status, took = run_tests(repo, tests, timeout=args.baseline_timeout)
    if status != "survived":
        sys.exit(f"mutation: the unmutated tests for {module} do not pass ({status}): {' '.join(tests)}")
    timeout = max(args.timeout, 3 * took + 10)
    found = [m for m in mutants(module, original) if not args.line or m.line in args.line]
    if args.max_per_module and len(found) > args.max_per_module:
        found = sorted(random.Random(f"{args.seed}:{module}").sample(found, args.max_per_module), key=lambda m: m.line)
    try:
        for i, m in enumerate(found, 1):
            if m.is_listed(equivalent):
                yield m, "equivalent"
                continue
            target.write_text(mutated_source(m, original), encoding="utf-8")
            status, took = run_tests(repo, tests, timeout)
            if args.progress:
                print(f"  [{i}/{len(found)}] {m.where}: {status} ({took:.1f}s)", file=sys.stderr, flush=True)
            yield m, status
    finally:
        target.write_text(original, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--module", action="append", default=[], help="module under src/judgebench (prefix/ = package)")
    ap.add_argument("--max-per-module", type=int, default=0, help="a deterministic sample of N mutants per module")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--line", type=int, action="append", default=[], help="only the mutants on this line (repeatable)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per mutant (at least 3x the baseline + 10)")
    ap.add_argument("--baseline-timeout", type=float, default=600.0)
    ap.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    ap.add_argument("--progress", action="store_true", help="one line per mutant on stderr")
    ap.add_argument("--json", type=Path, help="write every result to this file")
    ap.add_argument("--equivalent", type=Path, default=EQUIVALENT)
    ap.add_argument("--stale", action="store_true", help="list equivalent entries that match no mutant; exit 1 if any")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up the copy and the running tests
    modules = selected(args.module)
    equivalent = load_equivalent(args.equivalent)
    stale = stale_entries(equivalent)
    for key in stale:
        print(f"mutation: stale equivalent entry (its code changed; update or drop it): {key}", file=sys.stderr)
    if args.stale:
        sys.exit(1 if stale else 0)
    if args.list:
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the listing quietly
        for module in modules:
            for m in mutants(module):
                tag = "  [equivalent]" if m.is_listed(equivalent) else ""
                print(f"{m.where}: {m.change}{tag}")
        return
    results: list[dict[str, object]] = []
    table: list[tuple[str, int, int, int]] = []
    with tempfile.TemporaryDirectory(prefix="judgebench-mutation-") as tmp:
        repo = copy_repo(Path(tmp))
        for module in modules:
            caught = total = equiv = 0
            survivors: list[Mutant] = []
            start = time.monotonic()
            for m, status in check_module(module, repo, args, equivalent):
                results.append({**asdict(m), "status": status})
                if status == "equivalent":
                    equiv += 1
                    continue
                total += 1
                if status in {"caught", "timeout"}:
                    caught += 1
                else:
                    survivors.append(m)
            rate = f"{100 * caught / total:.0f}%" if total else "-"
            print(f"{module}: {caught}/{total} caught ({rate}), {equiv} equivalent, {time.monotonic() - start:.0f}s")
            for m in survivors:
                print(f"  SURVIVED {m.where} [{m.function}]: {m.change}")
            sys.stdout.flush()
            table.append((module, caught, total, equiv))
    caught = sum(t[1] for t in table)
    total = sum(t[2] for t in table)
    print("\nmodule | caught/total | rate | equivalent")
    for module, c, t, e in table:
        print(f"{module} | {c}/{t} | {f'{100 * c / t:.0f}%' if t else '-'} | {e}")
    print(f"ALL | {caught}/{total} | {f'{100 * caught / total:.1f}%' if total else '-'} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
