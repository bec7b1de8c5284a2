"""The Python API: what the commands do, as functions (``judgebench.score``, ``judgebench.judge``, ...).

Each function takes what its command takes, as typed keyword parameters of the same names (``--no-cache`` is
``cache=False``, ``--single-order`` ``orders=1``), returns the objects the command prints, and writes a file only
when asked. The synchronous functions work inside a running event loop too (a notebook): they then run on a
private loop in a worker thread, blocking the caller's loop while they run. Functions that call models have an
``a``-prefixed async twin to ``await`` instead, which leaves the loop free (notebooks, training loops)::

    import judgebench

    result = judgebench.judge("gpt", judge="arena_hard", model="openai/gpt-4o-mini")
    print(result.score.categories["Overall"].accuracy)
    result = await judgebench.ajudge("gpt", judge="arena_hard", model="openai/gpt-4o-mini")  # in a notebook cell

Errors are :class:`~judgebench.errors.JudgeBenchError` subclasses, as on the command line.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from judgebench.api_building import abuild as abuild
from judgebench.api_building import build as build
from judgebench.api_building import solve as solve
from judgebench.api_probing import aprobe as aprobe
from judgebench.api_probing import probe as probe
from judgebench.errors import ConfigError
from judgebench.event_loops import run_coroutine
from judgebench.model_spec import ModelLike, ModelSpec
from judgebench.pair_inputs import PairsLike, pairs_of
from judgebench.records import JudgedPair

if TYPE_CHECKING:
    from judgebench.metrics.best_of_k import BestOfKScore
    from judgebench.metrics.scorecard import FileScore
    from judgebench.ranking import Leaderboard
    from judgebench.reporting.report_data import ReportData
    from judgebench.runner.best_of_k import BestOfKSummary
    from judgebench.runner.run import RunSummary

PathLike = str | os.PathLike[str]


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


def _judge_options(options: Mapping[str, Any] | None, trust_remote_code: bool) -> dict[str, Any]:
    """``options`` with ``trust_remote_code`` set when asked for (``--trust-remote-code``)."""
    return {**(options or {}), **({"trust_remote_code": True} if trust_remote_code else {})}


def judge_best_of_k(
    records: PathLike,
    *,
    judge: str,
    model: ModelLike,
    out: PathLike,
    comparisons: int = 16,
    limit: int | None = None,
    concurrency: int = 16,
    seed: int = 0,
    base_url: str | None = None,
    cache: bool = True,
    bootstrap: int = 1000,
    trust_remote_code: bool = False,
    options: Mapping[str, Any] | None = None,
    batch: bool = False,
    batch_poll: float = 30.0,
) -> BestOfKSummary:
    """Judge a best-of-K set (``judgebench judge --pairs SET``): every response scored, then best-of-K metrics.

    Args:
        records: a best-of-K file (``build --format best-of-k``, ``judgebench import``).
        judge: a registered judge name (pointwise, reward model or pairwise).
        model: the model spec, as for :func:`judge`.
        out: the judged file (resumed when it exists).
        comparisons: pairwise judges: the most (correct, incorrect) comparisons per prompt.
        limit: judge only the first ``limit`` records.
        concurrency: requests in flight.
        seed: passed to judges (and the comparisons' sample) and the scores' bootstrap.
        base_url: the endpoint of an OpenAI-compatible server.
        cache: read and write the call cache (``--no-cache``: False).
        bootstrap: bootstrap draws for the intervals (0: none).
        trust_remote_code: as for :func:`judge`.
        options: the judge's and engine's own options, as for :func:`judge`.
        batch: send the calls as provider batches, as for :func:`judge`.
        batch_poll: seconds between polls of a batch in flight.
    """
    from judgebench.batch.driver import maybe_batched
    from judgebench.best_of_k import read_best_of_k
    from judgebench.runner.best_of_k import BestOfKSpec, run_best_of_k

    _check_limit(limit)
    chosen = read_best_of_k(records)
    spec = BestOfKSpec(
        judge=judge,
        model=ModelSpec.parse(model),
        records=chosen[:limit] if limit is not None else chosen,
        out=Path(out),
        comparisons=comparisons,
        concurrency=concurrency,
        seed=seed,
        base_url=base_url,
        cache=cache,
        bootstrap=bootstrap,
        extra=_judge_options(options, trust_remote_code),
    )
    return run_coroutine(
        maybe_batched(
            lambda: run_best_of_k(spec),
            batch=batch,
            out=out,
            model=spec.model,
            cache=cache,
            poll_s=batch_poll,
            progress=False,
        )
    )


def _check_limit(limit: int | None) -> None:
    if limit is not None and limit < 0:
        raise ConfigError(f"limit must be 0 or more, got {limit}")


@dataclass(slots=True, repr=False)
class JudgeResult:
    """What :func:`judge` returns: the judged records (the pairs' order), their score and the run's accounting.

    ``out`` is the outputs file asked for, or None when the run judged in a temporary file, now removed (then
    ``score.file`` and ``summary.out`` are None too: the records are held here, in memory).
    """

    records: list[JudgedPair]
    score: FileScore | None
    summary: RunSummary
    out: Path | None = None

    @property
    def failed(self) -> int:
        """Judgments that got no answer (kept in ``records`` with their reasons)."""
        return self.summary.failed_judgments

    def __repr__(self) -> str:
        overall = self.score.categories.get("Overall") if self.score is not None else None
        accuracy = f", accuracy={overall.accuracy}" if overall is not None else ""
        return (
            f"JudgeResult(records={len(self.records)}, failed={self.failed}, "
            f"no_verdict={self.summary.no_verdict_judgments}{accuracy}, out={self.out!r})"
        )


async def ajudge(
    pairs: PairsLike,
    *,
    judge: str,
    model: ModelLike,
    out: PathLike | None = None,
    orders: int = 2,
    concurrency: int = 16,
    seed: int = 0,
    base_url: str | None = None,
    cache: bool = True,
    limit: int | None = None,
    retry_no_verdict: bool = False,
    bootstrap: int = 1000,
    trust_remote_code: bool = False,
    options: Mapping[str, Any] | None = None,
    batch: bool = False,
    batch_poll: float = 30.0,
) -> JudgeResult:
    """Judge pairs in both orders and score them (``judgebench judge``); ``await`` it in a running event loop.

    Args:
        pairs: a release name (``gpt``, ``claude``), a pairs file, ``hf:owner/name:split``, or records in memory.
        judge: a registered judge (``arena_hard``, ``vanilla``, ``reward_model``...).
        model: ``provider/model`` (``openai/gpt-4o``, ``vllm/...``, ``hf/...``, ``replay/<recorded file>``) or a
            :class:`~judgebench.model_spec.ModelSpec`.
        out: an outputs file to write and resume from; None judges in a temporary file that is removed.
        orders: 2 (both orders) or 1 (the stored order only: ``--single-order``).
        concurrency: requests in flight.
        seed: passed to judges and the score's bootstrap.
        base_url: the endpoint of an OpenAI-compatible server.
        cache: read and write the call cache (``--no-cache``: False).
        limit: judge only the first ``limit`` pairs.
        retry_no_verdict: judge again the replies that held no verdict, with fresh calls.
        bootstrap: bootstrap draws for the score's intervals (0: none).
        trust_remote_code: let a local or hub model import its own code (``hf/`` reward models, PandaLM, JudgeLM).
        options: the judge's and engine's own options (``JudgeOptions.extra``: ``rpm``, ``api_key``...).
        batch: send the calls as provider batches at batch prices (``--batch``: ``openai/``, ``anthropic/``;
            needs ``out``, beside which the batch ids are kept, so calling again resumes by polling).
        batch_poll: seconds between polls of a batch in flight.
    """
    from judgebench.batch.driver import maybe_batched
    from judgebench.records import iter_judged
    from judgebench.runner.run import RunSpec, run_judge

    _check_limit(limit)
    spec_model = ModelSpec.parse(model)
    everything = pairs_of(pairs, unlabelled=True)  # judges never see labels: no-majority pairs are judged too
    chosen = everything[:limit] if limit is not None else everything
    with tempfile.TemporaryDirectory(prefix="judgebench-") as tmp:
        path = Path(out) if out is not None else Path(tmp) / "judged.jsonl"
        spec = RunSpec(
            judge=judge,
            model=spec_model,
            pairs=chosen,
            out=path,
            orders=orders,
            concurrency=concurrency,
            seed=seed,
            base_url=base_url,
            cache=cache,
            progress=False,
            extra=_judge_options(options, trust_remote_code),
            bootstrap=bootstrap,
            retry_no_verdict=retry_no_verdict,
        )
        summary = await maybe_batched(
            lambda: run_judge(spec),
            batch=batch,
            out=out,
            model=spec_model,
            cache=cache,
            poll_s=batch_poll,
            progress=False,
        )
        records = list(iter_judged(path, unlabelled=True)) if path.exists() else []
    if out is None:  # the temporary file is gone: the result names none
        summary.out = None
        if summary.score is not None:
            summary.score.file = None
    return JudgeResult(records, summary.score, summary, Path(out) if out is not None else None)


def judge(
    pairs: PairsLike,
    *,
    judge: str,
    model: ModelLike,
    out: PathLike | None = None,
    orders: int = 2,
    concurrency: int = 16,
    seed: int = 0,
    base_url: str | None = None,
    cache: bool = True,
    limit: int | None = None,
    retry_no_verdict: bool = False,
    bootstrap: int = 1000,
    trust_remote_code: bool = False,
    options: Mapping[str, Any] | None = None,
    batch: bool = False,
    batch_poll: float = 30.0,
) -> JudgeResult:
    """Judge pairs in both orders and score them (``judgebench judge``); the arguments are :func:`ajudge`'s."""
    return run_coroutine(
        ajudge(
            pairs,
            judge=judge,
            model=model,
            out=out,
            orders=orders,
            concurrency=concurrency,
            seed=seed,
            base_url=base_url,
            cache=cache,
            limit=limit,
            retry_no_verdict=retry_no_verdict,
            bootstrap=bootstrap,
            trust_remote_code=trust_remote_code,
            options=options,
            batch=batch,
            batch_poll=batch_poll,
        )
    )


def leaderboard(folder: PathLike | None = None, *, bootstrap: int = 1000, seed: int = 0) -> Leaderboard:
    """The complete JudgeBench runs of ``folder`` (default: the release's) ranked by judge kind (iterate it).

    ``.partial`` holds the runs with fewer pairs (their ``coverage``), ``.other`` other benchmarks' runs and
    ``.skipped`` the files that are not judged pairs, as ``judgebench leaderboard`` prints them.
    """
    from judgebench.datasets import outputs_dir
    from judgebench.ranking import build_leaderboard

    return build_leaderboard(folder if folder is not None else outputs_dir(), bootstrap=bootstrap, seed=seed)


def analyze(
    name: str,
    files: PathLike | Sequence[PathLike],
    *,
    bootstrap: int = 1000,
    seed: int = 0,
    rule: str | None = None,
    own: PathLike | None = None,
    options: Mapping[str, Any] | None = None,
) -> Any:
    """Run a registered analysis on files (``judgebench analyze NAME``).

    Args:
        name: ``position``, ``compare``, ``length``, ``self-preference``, ``solve-gap``, ``agreement``,
            ``best-of-k`` or a plugin's.
        files: the files it reads.
        bootstrap: bootstrap draws for the intervals (0: none).
        seed: the bootstrap's seed.
        rule: ``compare``: the aggregation rule (default vote).
        own: ``self-preference``: the judge's own split, when its family is not evident.
        options: a plugin analysis's own options (those its ``--help`` lists, by name).

    Returns:
        The analysis's result; its ``to_dict()`` is what ``judgebench analyze NAME --json`` prints. An option the
        analysis does not take is a ConfigError naming the ones it takes.
    """
    from judgebench.analysis.registry import ANALYSES

    analysis = ANALYSES.get(name)
    given = {**(options or {}), **({"rule": rule} if rule is not None else {})}
    given.update({"own": os.fspath(own)} if own is not None else {})
    takes = {o.name: o.default for o in analysis.options}
    unknown = sorted(set(given) - set(takes))
    if unknown:
        listed = ", ".join(sorted(takes)) or "none"
        raise ConfigError(f"analysis {name} takes no option {', '.join(unknown)} (its options: {listed})")
    paths = [files] if isinstance(files, str | os.PathLike) else list(files)
    return analysis.run(paths, iterations=bootstrap, seed=seed, **{**takes, **given})


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

    ``probe_cards`` (``judgebench probe`` card.json files or probe folders: ``--probe``) add the bias-probe section.
    """
    from judgebench.jsonl import atomic_writer
    from judgebench.reporting.report_data import build_report

    cards = [os.fspath(c) for c in probe_cards]
    data = build_report([os.fspath(f) for f in files], iterations=bootstrap, seed=seed, title=title, probe_cards=cards)
    if html is not None or markdown is not None:
        from judgebench.reporting.html import render_html, render_markdown

        rendered = [(p, render(data)) for p, render in ((html, render_html), (markdown, render_markdown)) if p]
        for p, text in rendered:
            with atomic_writer(p) as fh:
                fh.write(text)
    return data
