"""``evaluate``: one judge on JudgeBench (both splits) and every selected benchmark, resumably, in one results file.

Each benchmark (JudgeBench: each split) is judged into its own outputs file under ``out``, named as ``judge``
names it (``<dataset>,judge_name=<judge>,judge_model=<model>.jsonl``), by the same runner: a rerun resumes
every file, and a file ``judge`` wrote is resumed too. The scores are those of the separate commands on the
same files: per file what ``judgebench score FILE --json`` prints; per benchmark the judge's cell of
``judgebench benchmarks FILES --json`` (the JudgeBench rule) and of ``--protocol native`` (its authors'
protocol); best-of-K benchmarks (RewardBench 2, RM-Bench) what ``score`` prints for them. The results are
written to ``out/results,judge_name=<judge>,judge_model=<model>.json``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from judgebench.evaluation.targets import Selected, Target, prepare, select
from judgebench.event_loops import run_coroutine
from judgebench.model_spec import ModelSpec

if TYPE_CHECKING:
    from judgebench.analysis.benchmarks_table import BenchmarksTable, Row

PathLike = str | os.PathLike[str]


@dataclass(slots=True)
class Evaluation:
    """What :func:`evaluate` returns: the results document, the two tables, and where the results were written."""

    results: dict[str, Any]
    uniform: BenchmarksTable | None
    native: BenchmarksTable | None
    path: Path
    best_of_k: list[Any] = field(default_factory=list)
    """The best-of-K scores (:class:`~judgebench.metrics.best_of_k.BestOfKScore`), in benchmark order."""

    @property
    def failed_judgments(self) -> int:
        """Judgments that got no answer, over every file (kept in the files; a rerun retries them)."""
        return int(self.results["failed_judgments"])

    @property
    def skipped(self) -> dict[str, str]:
        """The benchmarks skipped, with the reason."""
        return {k: v["reason"] for k, v in self.results["benchmarks"].items() if v["status"] == "skipped"}

    def to_dict(self) -> dict[str, Any]:
        """The results document (what the results file holds and ``--json`` prints)."""
        return self.results


def results_path(folder: PathLike, judge: str, model: str) -> Path:
    """``folder/results,judge_name=<judge>,judge_model=<model>.json`` (the model named as in outputs files)."""
    from judgebench.runner.run import default_output_path

    return default_output_path("results", judge, model, folder).with_suffix(".json")


async def aevaluate(
    *,
    judge: str,
    model: str,
    benchmarks: str | Sequence[str] = "all",
    out: PathLike = "outputs",
    data: Mapping[str, PathLike] | None = None,
    concurrency: int = 16,
    seed: int = 0,
    base_url: str | None = None,
    cache: bool = True,
    limit: int | None = None,
    retry_no_verdict: bool = False,
    bootstrap: int = 1000,
    comparisons: int = 16,
    options: Mapping[str, Any] | None = None,
    progress: bool = False,
) -> Evaluation:
    """The async twin of :func:`evaluate`."""
    from judgebench.errors import ConfigError

    if limit is not None and limit < 0:
        raise ConfigError(f"--limit must be 0 or more, got {limit}")
    given = dict(data or {})
    names = select(benchmarks)
    for name in given:
        if name not in names:
            raise ConfigError(f"--data {name}=...: {name} is not among the benchmarks evaluated ({', '.join(names)})")
    folder = Path(out)
    chosen = [prepare(name, folder, given) for name in names]
    runs: dict[tuple[str, str], dict[str, Any]] = {}
    for selected in chosen:
        for target in selected.targets:
            runs[(target.benchmark, target.split)] = await _judge_target(
                target,
                judge=judge,
                model=model,
                folder=folder,
                concurrency=concurrency,
                seed=seed,
                base_url=base_url,
                cache=cache,
                limit=limit,
                retry_no_verdict=retry_no_verdict,
                bootstrap=bootstrap,
                comparisons=comparisons,
                options=dict(options or {}),
                progress=progress,
            )
    return _results(chosen, runs, judge=judge, model=model, folder=folder, bootstrap=bootstrap, seed=seed, limit=limit)


def evaluate(
    *,
    judge: str,
    model: str,
    benchmarks: str | Sequence[str] = "all",
    out: PathLike = "outputs",
    data: Mapping[str, PathLike] | None = None,
    concurrency: int = 16,
    seed: int = 0,
    base_url: str | None = None,
    cache: bool = True,
    limit: int | None = None,
    retry_no_verdict: bool = False,
    bootstrap: int = 1000,
    comparisons: int = 16,
    options: Mapping[str, Any] | None = None,
    progress: bool = False,
) -> Evaluation:
    """Judge a model on JudgeBench and the selected benchmarks, then score all of it (``judgebench evaluate``).

    Args:
        judge: a registered judge (``arena_hard``, ``vanilla``, ``reward_model``...).
        model: its model spec (``openai/gpt-4o``, ``vllm/...``, ``hf/...``, ``replay/<recorded file>``).
        benchmarks: ``all``, or benchmark names (a list or a comma-separated string); JudgeBench is always
            evaluated, on both release splits.
        out: the folder of the outputs files (resumed), the benchmarks' pairs files (``pairs/``) and the results.
        data: benchmark name → a local pairs file (best-of-K set for RewardBench 2 / RM-Bench) used instead of
            finding its data.
        concurrency: requests in flight.
        seed: seed of the judges and of the intervals' bootstrap.
        base_url: the endpoint of an OpenAI-compatible server.
        cache: use the engine's call cache.
        limit: judge only the first N pairs (prompts) of each file.
        retry_no_verdict: judge again the replies without a verdict, with fresh calls.
        bootstrap: bootstrap draws for the 95% intervals (0: none).
        comparisons: best-of-K sets judged by a pairwise judge: the most comparisons per prompt.
        options: judge and engine options.
        progress: draw a progress bar per file (on a terminal).

    Returns:
        An :class:`Evaluation`; its results were written to :func:`results_path`.
    """
    return run_coroutine(  # inside a running loop (a notebook) too, as every synchronous API function
        aevaluate(
            judge=judge,
            model=model,
            benchmarks=benchmarks,
            out=out,
            data=data,
            concurrency=concurrency,
            seed=seed,
            base_url=base_url,
            cache=cache,
            limit=limit,
            retry_no_verdict=retry_no_verdict,
            bootstrap=bootstrap,
            comparisons=comparisons,
            options=options,
            progress=progress,
        )
    )


async def _judge_target(target: Target, *, judge: str, model: str, folder: Path, **how: Any) -> dict[str, Any]:
    """Judge one file (resuming it) with the runner ``judge`` uses; its accounting and ``score --json`` figures."""
    from judgebench.metrics.by_shape import score_by_shape
    from judgebench.runner.run import default_output_path

    out = default_output_path(target.stem, judge, model, folder)
    if target.best_of_k:
        done = await _judge_best_of_k(target, judge=judge, model=model, out=out, **how)
    else:
        done = await _judge_pairs(target, judge=judge, model=model, out=out, **how)
    if out.is_file() and out.stat().st_size:
        done["score"] = score_by_shape(out, bootstrap=how["bootstrap"], seed=how["seed"])
    return done


async def _judge_pairs(target: Target, *, judge: str, model: str, out: Path, **how: Any) -> dict[str, Any]:
    from judgebench.datasets import load_pair_file
    from judgebench.runner.run import RunSpec, run_judge

    pairs = load_pair_file(target.pairs_file, unlabelled=True)  # judges never see labels, as for judge
    pair_set = frozenset(p.pair_id for p in pairs)
    spec = RunSpec(
        judge=judge,
        model=ModelSpec.parse(model),
        pairs=pairs[: how["limit"]] if how["limit"] is not None else pairs,
        out=out,
        concurrency=how["concurrency"],
        seed=how["seed"],
        base_url=how["base_url"],
        cache=how["cache"],
        progress=how["progress"],
        extra=how["options"],
        bootstrap=how["bootstrap"],
        retry_no_verdict=how["retry_no_verdict"],
        pair_set=pair_set,
        label=target.split,
    )
    s = await run_judge(spec)
    return {
        "pairs": s.pairs,
        "judged": s.judged,
        "skipped": s.skipped,
        "failed_judgments": s.failed_judgments,
        "no_verdict_judgments": s.no_verdict_judgments,
        "unlabelled_pairs": s.unlabelled_pairs,
        "cost_usd": s.cost_usd,
    }


async def _judge_best_of_k(target: Target, *, judge: str, model: str, out: Path, **how: Any) -> dict[str, Any]:
    from judgebench.best_of_k import read_best_of_k
    from judgebench.runner.best_of_k import BestOfKSpec, run_best_of_k

    records = read_best_of_k(target.pairs_file)
    spec = BestOfKSpec(
        judge=judge,
        model=ModelSpec.parse(model),
        records=records[: how["limit"]] if how["limit"] is not None else records,
        out=out,
        concurrency=how["concurrency"],
        seed=how["seed"],
        base_url=how["base_url"],
        cache=how["cache"],
        extra=how["options"],
        bootstrap=how["bootstrap"],
        comparisons=how["comparisons"],
    )
    s = await run_best_of_k(spec)
    return {
        "prompts": s.prompts,
        "judged": s.judged,
        "skipped": s.skipped,
        "failed_judgments": s.failed_judgments,
        "no_verdict_judgments": s.no_verdict_judgments,
        "unscored_responses": s.unscored_responses,
        "cost_usd": s.cost_usd,
    }


def _results(
    chosen: list[Selected],
    runs: dict[tuple[str, str], dict[str, Any]],
    *,
    judge: str,
    model: str,
    folder: Path,
    bootstrap: int,
    seed: int,
    limit: int | None,
) -> Evaluation:
    from judgebench.analysis.benchmarks_table import build_table
    from judgebench.jsonl import atomic_writer
    from judgebench.runner.run import default_output_path
    from judgebench.version import __version__

    def out_of(t: Target) -> Path:
        return default_output_path(t.stem, judge, model, folder)

    pair_files = [out_of(t) for s in chosen for t in s.targets if not t.best_of_k and out_of(t).is_file()]
    tables = [
        build_table(pair_files, bootstrap=bootstrap, seed=seed, protocol=view) if pair_files else None
        for view in ("uniform", "native")
    ]
    uniform, native = _row(tables[0]), _row(tables[1])
    doc: dict[str, Any] = {
        "judgebench_version": __version__,
        "judge_name": judge,
        "judge_model": uniform.judge_model if uniform else None,
        "model": model,
        "seed": seed,
        "bootstrap": bootstrap,
        "limit": limit,
        "benchmarks": {},
    }
    best_scores: list[Any] = []
    failed = 0
    cost = 0.0
    for selected in chosen:
        entry: dict[str, Any] = {"title": selected.title, "kind": "best-of-k" if selected.best_of_k else "pairs"}
        if selected.skipped is not None:
            entry.update(status="skipped", reason=selected.skipped)
            doc["benchmarks"][selected.name] = entry
            continue
        files = []
        for t in selected.targets:
            run = dict(runs[(t.benchmark, t.split)])
            score = run.pop("score", None)
            failed += run["failed_judgments"]
            cost += run["cost_usd"]
            if score is not None and selected.best_of_k:
                best_scores.append(score)
            files.append(
                {"split": t.split, "pairs_file": str(t.pairs_file), "out": str(out_of(t)), **run, "score": _doc(score)}
            )
        entry["status"] = "scored"
        entry["files"] = files
        if not selected.best_of_k:
            entry["judgebench_rule"] = _cell(uniform, selected.name)
            entry["native"] = _cell(native, selected.name)
            entry["native_protocol"] = tables[1].protocols.get(selected.name) if tables[1] else None
        doc["benchmarks"][selected.name] = entry
    doc["failed_judgments"] = failed
    doc["cost_usd"] = round(cost, 6)
    path = results_path(folder, judge, model)
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(path) as fh:
        json.dump(doc, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    return Evaluation(doc, tables[0], tables[1], path, best_scores)


def _row(table: BenchmarksTable | None) -> Row | None:
    """The judge's row (the files hold one judge; the rest are baselines)."""
    if table is None:
        return None
    rows = [r for r in table.rows if not r.baseline]
    return rows[0] if rows else None


def _cell(row: Row | None, name: str) -> dict[str, Any] | None:
    cell = row.benchmarks.get(name) if row is not None else None
    return cell.to_dict() if cell is not None else None


def _doc(score: Any) -> dict[str, Any] | None:
    return score.to_dict() if score is not None else None
