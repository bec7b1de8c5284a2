"""The Python API: what the commands do, as functions (``judgebench.score``, ``judgebench.judge``, ...).

Each function takes what its command takes, returns the objects the command prints, and writes a file only
when asked. Functions that call models have an ``a``-prefixed async twin for code that already runs an event
loop (notebooks, training loops)::

    import judgebench

    result = judgebench.judge("gpt", judge="arena_hard", model="openai/gpt-4o-mini")
    print(result.score.categories["Overall"].accuracy)

Errors are :class:`~judgebench.errors.JudgeBenchError` subclasses, as on the command line.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from judgebench.errors import ConfigError
from judgebench.records import JudgedPair, Pair

if TYPE_CHECKING:
    from judgebench.analysis.report_data import ReportData
    from judgebench.builder.pipeline import BuildResult
    from judgebench.judges.base import Judge, JudgeOptions
    from judgebench.metrics.best_of_k import BestOfKScore
    from judgebench.metrics.scorecard import FileScore
    from judgebench.ranking import Leaderboard
    from judgebench.runner.best_of_k import BestOfKSummary
    from judgebench.runner.run import RunSummary

PathLike = str | os.PathLike[str]
#: Pairs as a release name (``gpt``, ``claude``), a file (JSONL, Parquet), ``hf:owner/name:split``, or in memory.
PairsLike = PathLike | Iterable[Pair | Mapping[str, Any]]


def score(
    files: PathLike | Sequence[PathLike], *, rule: str | None = None, bootstrap: int = 1000, seed: int = 0
) -> list[FileScore | BestOfKScore]:
    """Score files (``judgebench score``), each by its records' shape, in order.

    Recorded outputs (judged pairs) give a :class:`FileScore` (by ``rule``, None: ``vote``); judged best-of-K
    sets a :class:`~judgebench.metrics.best_of_k.BestOfKScore` (top-1, pairwise, best-of-K curve), and a
    ``rule`` given with one is a ConfigError (no rule scores them).
    """
    from judgebench.metrics.by_shape import score_by_shape

    paths = [files] if isinstance(files, str | os.PathLike) else list(files)
    return [score_by_shape(p, rule=rule, bootstrap=bootstrap, seed=seed) for p in paths]


def judge_best_of_k(
    records: PathLike, *, judge: str, model: str, out: PathLike, comparisons: int = 16, **kwargs: Any
) -> BestOfKSummary:
    """Judge a best-of-K set (``judgebench judge --pairs SET``): every response scored, then best-of-K metrics.

    Args:
        records: a best-of-K file (``build --format best-of-k``, ``judgebench import``).
        judge: a registered judge name (pointwise, reward model or pairwise).
        model: the model spec, as for :func:`judge`.
        out: the judged file (resumed when it exists).
        comparisons: pairwise judges: the most (correct, incorrect) comparisons per prompt.
        **kwargs: the other fields of :class:`~judgebench.runner.best_of_k.BestOfKSpec` (``concurrency``,
            ``seed``, ``base_url``, ``extra``...).
    """
    from judgebench.best_of_k import read_best_of_k
    from judgebench.runner.best_of_k import BestOfKSpec, run_best_of_k

    spec = BestOfKSpec(
        judge=judge, model=model, records=read_best_of_k(records), out=Path(out), comparisons=comparisons, **kwargs
    )
    return asyncio.run(run_best_of_k(spec))


@dataclass(slots=True)
class JudgeResult:
    """What :func:`judge` returns: the judged records (the pairs' order), their score and the run's accounting."""

    records: list[JudgedPair]
    score: FileScore | None
    summary: RunSummary

    @property
    def failed(self) -> int:
        """Judgments that got no answer (kept in ``records`` with their reasons)."""
        return self.summary.failed_judgments


def pairs_of(pairs: PairsLike, *, unlabelled: bool = False) -> list[Pair]:
    """Pairs from a release name, a path, or records in memory (:class:`Pair` or upstream dicts).

    ``unlabelled``: accept the label ``no-majority`` (what :func:`judge` judges; no other reader scores it).
    """
    if isinstance(pairs, str | os.PathLike):
        from judgebench.datasets import load_pairs

        return load_pairs(os.fspath(pairs), unlabelled=unlabelled)
    out = [
        p if isinstance(p, Pair) else Pair.from_dict(dict(p), "<pairs>", i, unlabelled=unlabelled)
        for i, p in enumerate(pairs, 1)
    ]
    if not out:
        raise ConfigError("no pairs given")
    return out


async def ajudge(
    pairs: PairsLike,
    *,
    judge: str,
    model: str,
    out: PathLike | None = None,
    orders: int = 2,
    concurrency: int = 16,
    seed: int = 0,
    base_url: str | None = None,
    cache: bool = True,
    limit: int | None = None,
    retry_no_verdict: bool = False,
    bootstrap: int = 1000,
    options: Mapping[str, Any] | None = None,
) -> JudgeResult:
    """The async twin of :func:`judge`."""
    from judgebench.records import iter_judged
    from judgebench.runner.run import RunSpec, run_judge

    everything = pairs_of(pairs, unlabelled=True)  # judges never see labels: no-majority pairs are judged too
    chosen = everything[:limit] if limit is not None else everything
    with tempfile.TemporaryDirectory(prefix="judgebench-") as tmp:
        path = Path(out) if out is not None else Path(tmp) / "judged.jsonl"
        spec = RunSpec(
            judge=judge,
            model=model,
            pairs=chosen,
            out=path,
            orders=orders,
            concurrency=concurrency,
            seed=seed,
            base_url=base_url,
            cache=cache,
            progress=False,
            extra=dict(options or {}),
            bootstrap=bootstrap,
            retry_no_verdict=retry_no_verdict,
        )
        summary = await run_judge(spec)
        records = list(iter_judged(path, unlabelled=True)) if path.exists() else []
    return JudgeResult(records, summary.score, summary)


def judge(pairs: PairsLike, *, judge: str, model: str, out: PathLike | None = None, **kwargs: Any) -> JudgeResult:
    """Judge pairs in both orders and score them (``judgebench judge``).

    Args:
        pairs: a release name (``gpt``, ``claude``), a pairs file, ``hf:owner/name:split``, or records in memory.
        judge: a registered judge (``arena_hard``, ``vanilla``, ``reward_model``...).
        model: ``provider/model`` (``openai/gpt-4o``, ``vllm/...``, ``hf/...``, ``replay/<recorded file>``).
        out: an outputs file to write and resume from; None judges in a temporary file that is removed.
        **kwargs: ``orders``, ``concurrency``, ``seed``, ``base_url``, ``cache``, ``limit``,
            ``retry_no_verdict``, ``bootstrap``, and ``options`` for the judge and engine.
    """
    return asyncio.run(ajudge(pairs, judge=judge, model=model, out=out, **kwargs))


def leaderboard(folder: PathLike | None = None, *, bootstrap: int = 1000, seed: int = 0) -> Leaderboard:
    """The complete JudgeBench runs of ``folder`` (default: the release's) ranked by judge kind (iterate it).

    ``.partial`` holds the runs with fewer pairs (their ``coverage``), ``.other`` other benchmarks' runs and
    ``.skipped`` the files that are not judged pairs, as ``judgebench leaderboard`` prints them.
    """
    from judgebench.datasets import outputs_dir
    from judgebench.ranking import build_leaderboard

    return build_leaderboard(folder if folder is not None else outputs_dir(), bootstrap=bootstrap, seed=seed)


def build(
    sources: Sequence[str], *, out: PathLike = "pairs.jsonl", source_options: Sequence[str] = (), **settings: Any
) -> BuildResult:
    """Build labeled pairs from sources with ground truth (``judgebench build``).

    Args:
        sources: ``NAME`` or ``NAME=PATH`` of registered sources (``mmlu-pro=../sources/mmlu-pro/test.jsonl``).
        out: the pair file to write.
        source_options: ``NAME.KEY=VALUE`` source options.
        **settings: the fields of :class:`~judgebench.builder.pipeline.BuildConfig` (``model``, ``k``,
            ``questions``, ``per_category``, ``seed``, ``responses``, ``workers``...).
    """
    from judgebench.builder.inputs import SourceSpec
    from judgebench.builder.pipeline import BuildConfig, run_build

    specs = [SourceSpec.parse(s, list(source_options)) for s in sources]
    return run_build(BuildConfig(sources=specs, out=Path(out), **settings))


async def abuild(sources: Sequence[str], **kwargs: Any) -> BuildResult:
    """The async twin of :func:`build` (the build runs in a worker thread with its own event loop)."""
    return await asyncio.to_thread(build, sources, **kwargs)


def analyze(
    name: str, files: PathLike | Sequence[PathLike], *, bootstrap: int = 1000, seed: int = 0, **options: Any
) -> Any:
    """Run a registered analysis on files (``judgebench analyze``).

    ``name`` is ``position``, ``compare``, ``length``, ``self-preference``, ``solve-gap``, ``agreement`` or a
    plugin's; the result's ``to_dict()`` is what ``judgebench analyze NAME --json`` prints.
    """
    from judgebench.analysis.registry import analyze as run_analysis

    paths = [files] if isinstance(files, str | os.PathLike) else list(files)
    return run_analysis(name, paths, iterations=bootstrap, seed=seed, **options)


def report(
    files: Sequence[PathLike],
    *,
    html: PathLike | None = None,
    markdown: PathLike | None = None,
    title: str = "JudgeBench report",
    bootstrap: int = 1000,
    seed: int = 0,
    probe_cards: Sequence[PathLike] = (),
) -> ReportData:
    """Compute the report of judge outputs and solve results; write HTML and/or Markdown when given paths.

    ``probe_cards`` (``judgebench probe`` card.json files or probe folders) add the bias-probe section.
    """
    from judgebench.analysis.report_data import build_report
    from judgebench.jsonl import atomic_writer

    cards = [os.fspath(c) for c in probe_cards]
    data = build_report([os.fspath(f) for f in files], iterations=bootstrap, seed=seed, title=title, probe_cards=cards)
    if html is not None or markdown is not None:
        from judgebench.reporting.html import render_html, render_markdown

        rendered = [(p, render(data)) for p, render in ((html, render_html), (markdown, render_markdown)) if p]
        for p, text in rendered:
            with atomic_writer(p) as fh:
                fh.write(text)
    return data


def solve(model: str, pairs: str, *, out: PathLike, **settings: Any) -> Any:
    """A model answers each pair's question and its answers are verified (``judgebench solve``).

    Args:
        model: ``provider/model``.
        pairs: a release name or pairs file.
        out: the solve-result file to write (resumable).
        **settings: ``sources`` (``NAME[=PATH]`` strings), ``temperature``, ``max_tokens``, ``base_url``,
            ``concurrency``, ``cache``, ``cache_path``, ``workers``.
    """
    from judgebench.builder.inputs import SourceSpec
    from judgebench.builder.solve import run_solve

    sources = [SourceSpec.parse(s) for s in settings.pop("sources", ())]
    return run_solve(model, pairs, Path(out), sources=sources, **settings)


async def aprobe(
    pairs: PairsLike,
    *,
    judge: str,
    model: str,
    probes: Sequence[str] | None = None,
    out: PathLike | None = None,
    seed: int = 0,
    bootstrap: int = 1000,
    repeats: int = 3,
    paraphrases: int = 3,
    concurrency: int = 16,
    base_url: str | None = None,
    cache: bool = True,
    limit: int | None = None,
    options: Mapping[str, Any] | None = None,
    make_judge: Callable[[JudgeOptions], Judge] | None = None,
) -> dict[str, Any]:
    """The async twin of :func:`probe`."""
    from judgebench.probes.arms import ArmSettings
    from judgebench.probes.run import PROBES, ProbeSpec, run_probes

    chosen = pairs_of(pairs)[:limit] if limit is not None else pairs_of(pairs)
    with tempfile.TemporaryDirectory(prefix="judgebench-probe-") as tmp:
        settings = ArmSettings(
            judge=judge,
            model=model,
            out=Path(out) if out is not None else Path(tmp),
            seed=seed,
            concurrency=concurrency,
            base_url=base_url,
            cache=cache,
            progress=False,
            extra=dict(options or {}),
            make_judge=make_judge,
        )
        spec = ProbeSpec(
            settings,
            chosen,
            probes=tuple(probes) if probes is not None else PROBES,
            bootstrap=bootstrap,
            repeats=repeats,
            paraphrases=paraphrases,
        )
        return await run_probes(spec)


def probe(pairs: PairsLike, *, judge: str, model: str, **kwargs: Any) -> dict[str, Any]:
    """Bias probes (``judgebench probe``): the reliability card of a judge on perturbed copies of the pairs.

    Args:
        pairs: as for :func:`judge` (two response-model splits for the ``self`` probe).
        judge: a registered judge.
        model: its model spec.
        **kwargs: ``probes`` (default all: padding, authority, position, template, stability, self), ``out`` (a
            folder for the perturbed pairs and each arm's outputs, resumed; None: a temporary one), ``seed``,
            ``bootstrap``, ``repeats``, ``paraphrases``, ``concurrency``, ``base_url``, ``cache``, ``limit``,
            ``options`` for the judge and engine, ``make_judge`` (a factory used instead of the registry's).

    Returns:
        The card as ``judgebench probe --json`` prints it (see docs/probes.md).
    """
    return asyncio.run(aprobe(pairs, judge=judge, model=model, **kwargs))
