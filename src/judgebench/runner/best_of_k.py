"""Judging best-of-K sets: every response of a prompt scored, resumably, then scored as best-of-K.

- **Pointwise judges** score each response once: reward models in one batch per prompt, rating judges
  (:class:`~judgebench.judges.rating.RatingJudge`) one call per response, each rating kept in
  ``judgments_chosen`` / ``judgments_rejected`` (prompt, reply, usage) beside its score.
- **Pairwise judges** judge a round robin of (correct, incorrect) comparisons, each in both orders (order 0:
  the correct response at A). All ``num_correct × num_incorrect`` comparisons when there are at most
  ``comparisons`` of them; otherwise a seeded sample (generator seeded by (seed, record id)) that first covers
  every response with max(num_correct, num_incorrect) comparisons and then fills up to the cap. A response's
  score is its win share over the decided judgments it took part in (1 a win, ½ a tie); each judgment is kept
  in ``comparisons``. A prompt whose responses are all correct or all wrong needs no comparison: every choice
  among them is equally right, so all its responses score 0 (top-1 and best-of-K do not depend on the scores
  there) and ``comparisons`` is empty.

A response without a score (a failed call, a reply without a rating, a response in no decided comparison) gets
``null`` and the reason in ``errors``; the scorer leaves such prompts out and counts them. The output gets one
complete, flushed line per prompt as soon as it is scored; a rerun skips prompts whose every response has a
score, rescores the others, and rewrites the file in the input's order; a file of another judge, model,
settings (``judge_settings``, the round robin's cap and seed included) or prompt set is refused, and so is one
that is not judged JSON (never overwritten).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from judgebench.engine.deferral import ITEM, CallDeferred
from judgebench.errors import ConfigError, MalformedRecordError
from judgebench.jsonl import dumps_line
from judgebench.judges.base import Judge, JudgeContext, JudgeOptions, PointwiseJudge
from judgebench.metrics.bootstrap import rng_for
from judgebench.model_spec import ModelSpec
from judgebench.output_files import output_lock
from judgebench.runner.orders import PASS_THROUGH, entry, failure, gather_collecting
from judgebench.runner.resume import (
    SETTINGS_KEY,
    check_pair_set,
    check_settings,
    judge_settings,
    read_existing,
    write_final,
)
from judgebench.runner.workers import append_by_workers, open_judge

if TYPE_CHECKING:
    from judgebench.metrics.best_of_k import BestOfKScore

DEFAULT_COMPARISONS = 16


@dataclass(slots=True)
class BestOfKSpec:
    """What to judge and how (see :class:`~judgebench.runner.run.RunSpec` for the shared fields).

    Attributes:
        records: best-of-K records (:mod:`judgebench.best_of_k`), in file order.
        comparisons: the most (correct, incorrect) comparisons per prompt for a pairwise judge (each in both
            orders), beyond those needed to compare every response once.
    """

    judge: str
    model: ModelSpec
    records: list[dict[str, Any]]
    out: Path
    concurrency: int = 16
    seed: int = 0
    base_url: str | None = None
    cache: bool = True
    extra: dict[str, Any] = field(default_factory=dict)
    bootstrap: int = 1000
    comparisons: int = DEFAULT_COMPARISONS

    def __post_init__(self) -> None:
        self.model = ModelSpec.parse(self.model)  # text given here is parsed here


@dataclass(slots=True)
class BestOfKSummary:
    """What a run did."""

    out: Path
    prompts: int
    skipped: int = 0
    judged: int = 0
    unscored_responses: int = 0
    failed_judgments: int = 0
    """Calls that got no answer (a failed call or reward-model batch); as for pairs, the run exits 1."""
    no_verdict_judgments: int = 0
    """Replies without a verdict or rating: an answer, as for pairs (exit 0); their responses may stay unscored."""
    cost_usd: float = 0.0
    score: BestOfKScore | None = None
    deferred_prompts: int = 0
    """Prompts left for a later round because a call went to a batch (``--batch``); nothing written for them."""


def round_robin(rid: str, n_chosen: int, n_rejected: int, cap: int, seed: int) -> list[tuple[int, int]]:
    """The (chosen index, rejected index) comparisons of one prompt (see the module docstring)."""
    every = [(i, j) for i in range(n_chosen) for j in range(n_rejected)]
    if len(every) <= cap:
        return every
    rng = rng_for(seed, "round-robin", rid)
    shuffled = [every[int(k)] for k in rng.permutation(len(every))]
    picked: list[tuple[int, int]] = []
    seen_c: set[int] = set()
    seen_r: set[int] = set()
    for both_new in (True, False):  # cover every response with max(n_chosen, n_rejected) comparisons
        for i, j in shuffled:
            new_c, new_r = i not in seen_c, j not in seen_r
            if (new_c and new_r) if both_new else (new_c or new_r):
                picked.append((i, j))
                seen_c.add(i)
                seen_r.add(j)
    rest = [p for p in shuffled if p not in set(picked)]
    picked += rest[: max(0, cap - len(picked))]
    return sorted(picked)


def _done(record: dict[str, Any] | None) -> bool:
    if record is None:
        return False
    scores = (record.get("scores_chosen") or []) + (record.get("scores_rejected") or [])
    return len(scores) == len(record["chosen"]) + len(record["rejected"]) and None not in scores


def _record_id(record: dict[str, Any], path: str, lineno: int) -> str:
    if "id" not in record:
        raise MalformedRecordError("not a judged best-of-K record", path, lineno)
    return str(record["id"])


async def _pointwise(judge: PointwiseJudge, rec: dict[str, Any], seed: int) -> dict[str, Any]:
    from judgebench.judges.rating import RatingJudge

    texts = list(rec["chosen"]) + list(rec["rejected"])
    nc = len(rec["chosen"])
    ctx = JudgeContext(str(rec["id"]), 0, seed)
    out: dict[str, Any] = {"errors": []}
    if isinstance(judge, RatingJudge):
        ratings = await judge.rate_all(rec["prompt"], texts, ctx)
        scores = [r.score for r in ratings]
        out["judgments_chosen"] = [r.to_dict() for r in ratings[:nc]]
        out["judgments_rejected"] = [r.to_dict() for r in ratings[nc:]]
        out["errors"] = [f"response {i}: {r.error or r.no_verdict}" for i, r in enumerate(ratings) if r.score is None]
        out["cost_usd"] = sum(r.cost_usd or 0.0 for r in ratings)
    else:
        try:
            scores = list(await judge.score(rec["prompt"], texts, ctx))
        except PASS_THROUGH:
            raise
        except Exception as exc:
            scores = [None] * len(texts)
            out["errors"] = [failure(judge, exc).error]
    out["scores_chosen"], out["scores_rejected"] = scores[:nc], scores[nc:]
    return out


async def _pairwise(judge: Judge, rec: dict[str, Any], seed: int, cap: int) -> dict[str, Any]:
    chosen, rejected = list(rec["chosen"]), list(rec["rejected"])
    rid = str(rec["id"])
    if not chosen or not rejected:
        return {"scores_chosen": [0.0] * len(chosen), "scores_rejected": [0.0] * len(rejected), "comparisons": []}
    pairs = round_robin(rid, len(chosen), len(rejected), cap, seed)

    async def one(i: int, j: int, order: int) -> dict[str, Any]:
        a, b = (chosen[i], rejected[j]) if order == 0 else (rejected[j], chosen[i])
        ITEM.set((rid, f"{i}/{j}/{order}"))  # this task's context: names a call deferred to a batch
        try:
            verdict = await judge.judge(rec["prompt"], a, b, JudgeContext(f"{rid}/{i}/{j}", order, seed))
        except PASS_THROUGH:
            raise
        except Exception as exc:
            verdict = failure(judge, exc)
        return {"chosen": i, "rejected": j, "order": order, **entry(verdict)}

    done = await gather_collecting([one(i, j, o) for i, j in pairs for o in (0, 1)])
    points_c, n_c = [0.0] * len(chosen), [0] * len(chosen)
    points_r, n_r = [0.0] * len(rejected), [0] * len(rejected)
    for c in done:
        d = c["decision"]
        correct_first = c["order"] == 0
        if d == "A=B":
            win_c = 0.5
        elif d in ("A>B", "B>A"):
            win_c = 1.0 if (d == "A>B") == correct_first else 0.0
        else:
            continue
        points_c[c["chosen"]] += win_c
        points_r[c["rejected"]] += 1.0 - win_c
        n_c[c["chosen"]] += 1
        n_r[c["rejected"]] += 1
    errors = [f"chosen {i}: no decided comparison" for i, n in enumerate(n_c) if not n]
    errors += [f"rejected {j}: no decided comparison" for j, n in enumerate(n_r) if not n]
    return {
        "scores_chosen": [p / n if n else None for p, n in zip(points_c, n_c, strict=True)],
        "scores_rejected": [p / n if n else None for p, n in zip(points_r, n_r, strict=True)],
        "comparisons": list(done),
        "errors": errors,
        "cost_usd": sum(c.get("cost_usd") or 0.0 for c in done),
    }


async def run_best_of_k(spec: BestOfKSpec, make_judge: Callable[[JudgeOptions], Judge] | None = None) -> BestOfKSummary:
    """Judge every prompt of ``spec`` not done yet, write the judged file, score it."""
    if spec.concurrency < 1:
        raise ConfigError(f"concurrency must be at least 1, got {spec.concurrency}")
    if spec.comparisons < 1:
        raise ConfigError(f"--comparisons must be at least 1, got {spec.comparisons}")
    ids = [str(r["id"]) for r in spec.records]
    if len(set(ids)) != len(ids):
        raise ConfigError("the best-of-K set holds an id twice")
    with output_lock(spec.out):
        existing = read_existing(spec.out, _record_id, "judged best-of-K")
        others = sorted({str(r.get("judge_name")) for r in existing.records.values()} - {spec.judge})
        if others:
            raise ConfigError(f"{spec.out} holds judgments of {', '.join(others)}: pass another --out")
        # a file belongs to one judge, model, judge settings and prompt set; the round robin's cap and seed are
        # settings here, since they choose which comparisons a pairwise judge makes
        settings = judge_settings(spec.model, {**spec.extra, "comparisons": spec.comparisons, "seed": spec.seed})
        check_settings(existing, settings, spec.out)
        check_pair_set(existing, frozenset(ids), spec.out)
        todo = [r for r in spec.records if not _done(existing.records.get(str(r["id"])))]
        summary = BestOfKSummary(spec.out, len(spec.records), skipped=len(spec.records) - len(todo))
        if todo:
            options = JudgeOptions(
                model=spec.model,
                base_url=spec.base_url,
                concurrency=spec.concurrency,
                seed=spec.seed,
                cache=spec.cache,
                extra=dict(spec.extra),
            )
            judge = open_judge(spec.judge, options, make_judge)
            try:
                await _judge_all(spec, judge, todo, existing.raw, summary, settings)
            finally:
                await judge.aclose()
        if todo or existing.needs_rewrite:
            write_final(spec.out, ids, existing.raw)
        if existing.raw:
            from judgebench.metrics.best_of_k import score_best_of_k_file

            summary.score = score_best_of_k_file(str(spec.out), bootstrap=spec.bootstrap, seed=spec.seed)
    return summary


async def _judge_all(
    spec: BestOfKSpec,
    judge: Judge,
    todo: list[dict[str, Any]],
    raw: dict[str, str],
    summary: BestOfKSummary,
    settings: dict[str, Any],
) -> None:
    """Judge ``todo``, a line appended per prompt (see :func:`~judgebench.runner.workers.append_by_workers`)."""

    async def line_of(rec: dict[str, Any]) -> str | None:
        try:
            if isinstance(judge, PointwiseJudge):
                result = await _pointwise(judge, rec, spec.seed)
            else:
                result = await _pairwise(judge, rec, spec.seed, spec.comparisons)
        except CallDeferred:  # a call went to a batch: the prompt is judged on a later round
            summary.deferred_prompts += 1
            return None
        cost = float(result.pop("cost_usd", 0.0) or 0.0)
        base = {k: v for k, v in rec.items() if k not in _JUDGED_FIELDS}
        out = {**base, "judge_name": spec.judge, "judge_model": judge.model_name}
        borrowed = getattr(judge, "reward_spec", None)  # a folder named like a hub model: the spec it borrowed
        if borrowed:
            out["reward_spec"] = dict(borrowed)
        out.update(result)
        out[SETTINGS_KEY] = settings
        line = dumps_line(out)
        raw[str(rec["id"])] = line
        scores = out["scores_chosen"] + out["scores_rejected"]
        summary.judged += 1
        summary.unscored_responses += sum(s is None for s in scores)
        failed, no_verdict = _judgment_counts(result, scores)
        summary.failed_judgments += failed
        summary.no_verdict_judgments += no_verdict
        summary.cost_usd += cost
        return line

    await append_by_workers(spec.out, todo, spec.concurrency, line_of, lambda: summary.judged, "prompts")


def _judgment_counts(result: dict[str, Any], scores: list[Any]) -> tuple[int, int]:
    """(failed, no verdict) judgments of one prompt: its comparisons or ratings; a reward model's None is a failure."""
    entries = result.get("comparisons") or [*result.get("judgments_chosen", []), *result.get("judgments_rejected", [])]
    if not entries and "judgments_chosen" not in result:  # a reward model scores in one batch: None means it failed
        return sum(s is None for s in scores), 0
    failed = sum(1 for e in entries if e.get("error"))
    return failed, sum(1 for e in entries if not e.get("error") and e.get("no_verdict"))


_JUDGED_FIELDS = frozenset(
    {
        "judge_name",
        "judge_model",
        "reward_spec",
        "scores_chosen",
        "scores_rejected",
        "judgments_chosen",
        "judgments_rejected",
        "comparisons",
        "errors",
        SETTINGS_KEY,
    }
)
