"""The two-order runner: judge every pair in both orders, append as you go, resume, score.

:func:`run_judge` takes a :class:`RunSpec` and

1. reads the outputs file if there is one (:mod:`~judgebench.runner.resume`): pairs whose orders all
   have an outcome are skipped, failed or missing orders are judged again (orders without a verdict too
   when ``retry_no_verdict`` asks, with fresh calls), a torn last line is dropped;
2. judges the rest with ``2 × concurrency`` pairs in flight (each pair's orders concurrently; the engine
   keeps ``concurrency`` requests in flight; a pointwise judge is first told every pair left,
   :meth:`~judgebench.judges.base.PointwiseJudge.plan`, so a reward model can score the run as a whole),
   appending one complete, flushed line per pair in upstream's outputs format plus ``usage``, ``latency_s``,
   ``cost_usd``, ``error`` and ``no_verdict`` per judgment;
   A file belongs to one judge, judge model, judge settings and pair set: each record stores the judge's
   settings (``judge_settings``: the model spec and any judge options) and a run that does not match them,
   or whose pairs do not include every pair of the file, is refused before anything is judged;
3. rewrites the file atomically so each pair appears once (the pairs file's order), when anything changed;
4. scores the whole file with :func:`~judgebench.metrics.scorecard.score_file`.

A resumed run with nothing left to do opens no model and sends nothing.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from judgebench.engine.deferral import CallDeferred
from judgebench.errors import ConfigError
from judgebench.jsonl import dumps_line
from judgebench.judges.base import JUDGES, Judge, JudgeContext, JudgeOptions, PointwiseJudge
from judgebench.metrics.vote import vote_correct
from judgebench.model_spec import ModelLike, ModelSpec
from judgebench.output_files import output_lock
from judgebench.records import (
    FAILED,
    NO_MAJORITY,
    NO_VERDICT,
    JudgedPair,
    Pair,
    filename_fields,
    judgment_outcome,
)
from judgebench.runner.orders import entry, judge_orders
from judgebench.runner.progress import RunProgress
from judgebench.runner.workers import append_by_workers, open_judge

if TYPE_CHECKING:
    from judgebench.metrics.scorecard import FileScore
from judgebench.runner.resume import (
    SETTINGS_KEY,
    Existing,
    check_judge,
    check_model,
    check_pair_set,
    check_settings,
    judge_settings,
    orders_to_run,
    read_existing,
    write_final,
)


@dataclass(slots=True)
class RunSpec:
    """What to judge and how.

    Attributes:
        judge: a registered judge name (recorded as ``judge_name``).
        model: the model spec (``openai/gpt-4o``, ``replay/<file>``, ``hf/<model>``, ...), parsed where it entered
            (text given here is parsed here).
        pairs: the pairs, in file order.
        out: the outputs file (appended to, resumed from).
        orders: 2 (both orders, the default) or 1 (``--single-order``).
        concurrency: requests in flight.
        seed: passed to judges (JudgeContext) and the score report's bootstrap.
        base_url: the endpoint, for OpenAI-compatible servers.
        cache: use the engine's call cache.
        progress: draw the progress bar (on a terminal).
        extra: judge and engine options (``JudgeOptions.extra``).
        bootstrap: bootstrap draws for the report's intervals.
        retry_no_verdict: judge again the orders whose reply held no verdict, bypassing the call cache.
        pair_set: the ids of every pair of the pairs given (before ``--limit``); the outputs file may hold
            no other pair. None: the pairs of ``pairs``.
        label: what the progress bar calls the run (``judging``; the bias probes name their arm).
    """

    judge: str
    model: ModelSpec
    pairs: list[Pair]
    out: Path
    orders: int = 2
    concurrency: int = 16
    seed: int = 0
    base_url: str | None = None
    cache: bool = True
    progress: bool = True
    extra: dict[str, Any] = field(default_factory=dict)
    bootstrap: int = 1000
    retry_no_verdict: bool = False
    pair_set: frozenset[str] | None = None
    label: str = "judging"

    def __post_init__(self) -> None:
        self.model = ModelSpec.parse(self.model)


@dataclass(slots=True)
class RunSummary:
    """What a run did.

    ``failed_judgments`` got no answer (retried on resume, exit 1); ``no_verdict_judgments`` got an answer
    without a verdict (the judge's outcome); ``unlabelled_pairs``: the run's pairs labelled ``no-majority``
    (judged, but never counted correct or incorrect: they have no right answer); ``deferred_pairs``: pairs left
    for a later round because a call went to a batch (``--batch``), nothing written for them yet.
    """

    out: Path | None
    """The outputs file (None: the Python API judged in a temporary file, now removed)."""
    pairs: int
    skipped: int
    judged: int
    failed_judgments: int
    cost_usd: float
    engine_stats: dict[str, Any] | None
    score: FileScore | None
    no_verdict_judgments: int = 0
    unlabelled_pairs: int = 0
    deferred_pairs: int = 0


def default_output_path(dataset: str, judge: str, model: ModelLike, folder: str | os.PathLike[str] = "outputs") -> Path:
    """Upstream's name: ``<dataset>,judge_name=<judge>,judge_model=<model, / as _>.jsonl`` in ``folder``.

    ``model`` is a spec: its provider is dropped (``vllm/Skywork/X`` → ``Skywork_X``); for ``replay/<file>``
    the recorded file's ``judge_model`` field is used.
    """
    spec = ModelSpec.parse(model)
    name = spec.model
    if spec.provider == "replay":
        name = filename_fields(name).get("judge_model") or "replay_" + Path(name).name.removesuffix(".jsonl")
    return Path(folder) / f"{dataset},judge_name={judge},judge_model={name.replace('/', '_')}.jsonl"


def _replay_source(model: ModelSpec) -> Path | None:
    if model.provider != "replay":
        return None
    from judgebench.datasets import recorded_output

    return recorded_output(model.model).resolve()


async def run_judge(spec: RunSpec, make_judge: Callable[[JudgeOptions], Judge] | None = None) -> RunSummary:
    """Run ``spec`` (see the module docstring); ``make_judge`` overrides the registry (tests, the API)."""
    if spec.orders not in (1, 2):
        raise ConfigError(f"orders must be 1 or 2, got {spec.orders}")
    if spec.concurrency < 1:
        raise ConfigError(f"concurrency must be at least 1, got {spec.concurrency}")
    source = _replay_source(spec.model)
    if source is not None and spec.out.exists() and spec.out.resolve() == source:
        raise ConfigError(f"--out {spec.out} is the file being replayed: choose another output")
    with output_lock(spec.out):
        return await _run_locked(spec, make_judge)


async def _run_locked(spec: RunSpec, make_judge: Callable[[JudgeOptions], Judge] | None) -> RunSummary:
    existing = read_existing(spec.out)
    check_judge(existing, spec.judge, lambda name: _same_judge(name, spec.judge), spec.out)
    settings = judge_settings(spec.model, spec.extra, _replay_source(spec.model))
    check_settings(existing, settings, spec.out)
    pair_ids = [p.pair_id for p in spec.pairs]
    if len(set(pair_ids)) != len(pair_ids):
        raise ConfigError("the pairs hold a pair_id twice")
    check_pair_set(existing, spec.pair_set if spec.pair_set is not None else frozenset(pair_ids), spec.out)
    todo: list[tuple[Pair, list[int]]] = []
    for pair in spec.pairs:
        record = existing.records.get(pair.pair_id)
        needed = orders_to_run(record, spec.orders, spec.retry_no_verdict)
        if needed:
            todo.append((pair, needed))
    summary = RunSummary(spec.out, len(spec.pairs), len(spec.pairs) - len(todo), 0, 0, 0.0, None, None)
    summary.unlabelled_pairs = sum(p.label == NO_MAJORITY for p in spec.pairs)
    if todo:
        options = JudgeOptions(
            model=spec.model,
            base_url=spec.base_url,
            concurrency=spec.concurrency,
            seed=spec.seed,
            cache=spec.cache,
            refresh_cache=spec.retry_no_verdict,  # the cached reply is the one that held no verdict
            extra=dict(spec.extra),
        )
        judge = open_judge(spec.judge, options, make_judge)
        try:
            check_model(existing, judge.model_name, spec.out)
            if existing.needs_rewrite:
                write_final(spec.out, pair_ids, existing.raw)
            await _judge_all(spec, judge, todo, existing, summary, settings)
        finally:
            await judge.aclose()
            summary.engine_stats = judge.stats()
        write_final(spec.out, pair_ids, existing.raw)
    elif existing.needs_rewrite:
        write_final(spec.out, pair_ids, existing.raw)
    if existing.records:
        from judgebench.metrics.scorecard import score_file

        summary.score = score_file(spec.out, bootstrap=spec.bootstrap, seed=spec.seed, columnar=False, unlabelled=True)
    return summary


def _import_scorer_meanwhile() -> None:
    """Import the scorer (numpy: ~0.1 s) and warm it in a thread while the run waits on its model calls.

    The final score needs it; importing it during the calls instead of after the last one takes that time off
    the end of every run that waits on a network. Not a daemon thread, so the interpreter never exits
    half-way through an import.
    """
    if "judgebench.metrics.scorecard" not in sys.modules:
        threading.Thread(target=_warm_scorer, name="import-scorer").start()


def _warm_scorer() -> None:
    # while this thread imports, hand the GIL back every 0.5 ms instead of 5 ms, so the event loop answers the
    # replies that arrive meanwhile sooner (measured: ~20 ms off a 700-call run against a 50 ms server)
    previous = sys.getswitchinterval()
    sys.setswitchinterval(min(previous, 0.0005))
    try:
        _import_and_warm()
    finally:
        sys.setswitchinterval(previous)


def _import_and_warm() -> None:
    importlib.import_module("judgebench.metrics.scorecard")
    from judgebench.metrics.bootstrap import proportion_ci

    proportion_ci(1, 2, iterations=10)  # numpy imports the rest of what an interval needs on first use


def _same_judge(recorded: str | None, judge: str) -> bool:
    """True when ``recorded`` names ``judge`` or an alias of it (``panda_lm`` and ``pandalm`` share a file)."""
    if recorded == judge:
        return True
    if recorded is None:
        return False
    import judgebench.judges  # noqa: F401 - aliases of the built-in judges

    return recorded in JUDGES and judge in JUDGES and JUDGES.get(recorded) is JUDGES.get(judge)


async def _judge_all(
    spec: RunSpec,
    judge: Judge,
    todo: list[tuple[Pair, list[int]]],
    existing: Existing,
    summary: RunSummary,
    settings: dict[str, Any],
) -> None:
    """Judge ``todo``, a line appended per pair (see :func:`~judgebench.runner.workers.append_by_workers`)."""
    records = existing.records
    if isinstance(judge, PointwiseJudge):  # the whole run's responses, before the first is asked for
        judge.plan([(p.question, [p.response_A, p.response_B], JudgeContext(p.pair_id, 0, spec.seed)) for p, _ in todo])
    with RunProgress(len(todo), summary.skipped, enabled=spec.progress, label=spec.label) as progress:

        async def line_of(item: tuple[Pair, list[int]]) -> str | None:
            pair, needed = item
            old = records.get(pair.pair_id)
            judgments: list[Any] = list(old["judgments"]) if old else []
            judgments += [None] * (spec.orders - len(judgments))
            if judge.pointwise:  # both orders come from one scoring: redo every order the record holds
                needed = list(range(len(judgments)))
            try:
                verdicts = await judge_orders(judge, pair, needed, spec.seed)
            except CallDeferred:  # a call went to a batch: the pair is judged on a later round
                summary.deferred_pairs += 1
                progress.advance(correct=False, failed=0, cost_usd=0.0, unlabelled=True)
                return None
            cost = 0.0
            for order, verdict in verdicts.items():
                judgments[order] = entry(verdict)
                cost += verdict.cost_usd or 0.0
            record = JudgedPair(pair, spec.judge, judgments).to_dict()
            record[SETTINGS_KEY] = settings
            line = dumps_line(record)
            records[pair.pair_id] = record
            existing.raw[pair.pair_id] = line
            outcomes = [judgment_outcome(entry(v)) for v in verdicts.values()]
            failed = outcomes.count(FAILED)
            decisions = [j.get("decision") if isinstance(j, dict) else None for j in judgments]
            summary.judged += 1
            summary.failed_judgments += failed
            summary.no_verdict_judgments += outcomes.count(NO_VERDICT)
            summary.cost_usd += cost
            if pair.label == NO_MAJORITY:  # no right answer: neither correct nor incorrect
                progress.advance(correct=False, failed=failed, cost_usd=cost, unlabelled=True)
            else:
                progress.advance(correct=vote_correct(pair.label, decisions), failed=failed, cost_usd=cost)
            if summary.judged == 1:  # the other calls are in flight now
                _import_scorer_meanwhile()
            return line

        await append_by_workers(spec.out, todo, 2 * spec.concurrency, line_of, lambda: summary.judged, "pairs")
