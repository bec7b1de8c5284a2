"""``judgebench solve``: a model answers each pair's question, and its answers are verified.

Solver accuracy per category is the other half of the judge-versus-solve comparison (can a judge tell
right from wrong on questions it cannot solve itself?). Each pair is matched to its source question (by
``original_id``, else by exact question text) to get ground truth and a verifier — every pair before any
model call, so a pair without ground truth is an error naming its line. Answers are kept in a resumable
stage file; the output is written at the end, one line per pair in the pair file's order::

    {"pair_id", "source", "model", "response", "extracted", "outcome": "correct" | "incorrect" | "unverifiable",
     "rule"}

``model`` is the spec without its provider (``openai/gpt-4o-2024-05-13`` → ``gpt-4o-2024-05-13``), as upstream
names judge models, so a solve file matches the judge outputs of the same model.

An answer in no expected format (no answer letter, no boxed or bold answer) is *incorrect*, as JudgeBench and
LiveBench score it; *unverifiable* means the verifier could not decide (a time-out, no test cases). Unverifiable
answers are reported apart and never counted as wrong, though accuracy (correct / all answers) counts them as
not solved; failed calls are left out (exit 1) and retried by the next run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judgebench.backends.base import ChatRequest, Message
from judgebench.builder.executors import EngineSpec, LocalExecutor, SampleJob, SampleResult, VerifyJob
from judgebench.builder.inputs import SourceSpec, load_source, resolve_verifiers
from judgebench.builder.responses import QuestionIndex, text_sha
from judgebench.builder.stages import StageFile
from judgebench.catalog import CATEGORIES, category_of, family_of
from judgebench.datasets import load_pair_file, resolve_pairs
from judgebench.errors import InputError
from judgebench.event_loops import run_coroutine
from judgebench.jsonl import write_jsonl
from judgebench.model_spec import ModelLike, ModelSpec
from judgebench.output_files import output_target
from judgebench.records import Pair
from judgebench.verifiers.base import Check, Outcome, Question, preflight

OUTCOMES = ("correct", "incorrect", "unverifiable")


def match_questions(pairs: list[Pair], sources: list[SourceSpec], pairs_path: str) -> list[Question]:
    """Each pair's question, in pair order; a pair that matches none is an InputError naming its line."""
    given = {s.name: s for s in sources}
    needed = sorted({family_of(p.source) for p in pairs})
    indexes = {name: QuestionIndex(load_source(given.get(name, SourceSpec(name)))) for name in needed}
    out: list[Question] = []
    for line, pair in enumerate(pairs, 1):
        index = indexes[family_of(pair.source)]
        found = index.find(pair.original_id) if pair.original_id is not None else []
        if len(found) != 1 or found[0].prompt != pair.question:
            found = index.find(text=pair.question)
        if not found:
            raise InputError(
                f"pair {pair.pair_id!r} ({pair.source}) matches no question of source {family_of(pair.source)!r}"
                " by original_id or question text; its ground truth is unknown",
                pairs_path,
                line,
            )
        if len({(repr(q.ground_truth), q.verifier) for q in found}) > 1:  # a shared text, told apart by id only
            ids = ", ".join(q.id for q in found)
            raise InputError(
                f"pair {pair.pair_id!r} ({pair.source}): its question text names questions {ids} with different "
                "ground truths; give its original_id",
                pairs_path,
                line,
            )
        out.append(found[0])
    return out


@dataclass(slots=True)
class SolveResult:
    """The output rows and per-category tallies."""

    rows: list[dict[str, Any]]
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def __repr__(self) -> str:  # short: the rows are an attribute
        return f"SolveResult(rows={len(self.rows)}, failed={self.failed})"

    def accuracy(self) -> dict[str, dict[str, Any]]:
        """Per category (and overall): correct, incorrect, unverifiable and accuracy = correct / all answers.

        An answer the verifier cannot check (no answer in the expected format, a checker timeout) counts as not
        solved, as in ``judgebench analyze solve-gap`` and LiveBench's own scoring; its count is reported.
        """
        table: dict[str, dict[str, Any]] = {}
        names = [str(c) for c in CATEGORIES] + ["Overall"]
        for name in names:
            rows = [r for r in self.rows if name == "Overall" or str(category_of(r["source"])) == name]
            n = {o: sum(r["outcome"] == o for r in rows) for o in OUTCOMES}
            acc = round(100.0 * n["correct"] / len(rows), 2) if rows else None
            table[name] = {**n, "accuracy": acc}
        return table


def run_solve(
    model: ModelLike,
    pairs_spec: str,
    out: Path,
    *,
    sources: list[SourceSpec] | None = None,
    temperature: float = 0.0,
    max_tokens: int | None = None,
    base_url: str | None = None,
    concurrency: int = 16,
    cache: bool = True,
    cache_path: str | None = None,
    workers: int | None = None,
) -> SolveResult:
    """Answer, verify and write; resumable through ``<out>.solve/answers.jsonl``."""
    spec_model = ModelSpec.parse(model)  # the command line and the API hand on a parsed spec: a no-op
    model_name = spec_model.model  # as upstream names models: no provider prefix
    output_target(out)  # a device, a FIFO or a folder is refused before any work
    pairs_path = resolve_pairs(pairs_spec)  # once: a named benchmark set is built and written here
    pairs = load_pair_file(pairs_path)  # (no pairs at all is its InputError)
    questions = match_questions(pairs, sources or [], str(pairs_path))
    verifiers = resolve_verifiers(questions)
    preflight(verifiers.values())  # code without a sandbox is refused here, before any model call
    workdir = out.with_name(out.name.removesuffix(".jsonl") + ".solve")
    stage_cfg = {"model": str(spec_model), "temperature": temperature, "max_tokens": max_tokens}
    with StageFile(workdir / "answers.jsonl", "answers", stage_cfg, ("pair_id",)) as st:
        jobs: list[SampleJob] = []
        for pair in pairs:
            rec = st.get(pair.pair_id)
            if rec is None or rec.get("response") is None:
                req = ChatRequest(
                    messages=(Message("user", pair.question),),
                    temperature=temperature,
                    max_tokens=max_tokens,
                    metadata={"pair_id": pair.pair_id, "stage": "solve"},
                )
                jobs.append((pair.pair_id, 0, req))

        def record(result: SampleResult) -> None:
            pid, _i, text, error, usage = result
            st.append({"pair_id": pid, "response": text, **({"error": error} if error else {"usage": usage})})

        executor = LocalExecutor(workers)
        if jobs:
            spec = EngineSpec(spec_model, base_url, concurrency, cache, cache_path)
            run_coroutine(executor.sample(spec, jobs, record))
        to_verify: list[VerifyJob] = []
        for pair, q in zip(pairs, questions, strict=True):
            rec = st.get(pair.pair_id)
            done = rec is not None and rec.get("sha") == text_sha(rec.get("response") or "") and "outcome" in rec
            if rec is not None and isinstance(rec.get("response"), str) and not done:
                to_verify.append(((pair.pair_id, 0), verifiers[q.verifier], q, rec["response"]))

        def store(key: tuple[str, int], check: Check) -> None:
            rec = dict(st.get(key[0]) or {})
            rec.update(sha=text_sha(rec["response"]), outcome=str(check.outcome), extracted=check.extracted)
            rec.update(rule=check.rule, detail=check.detail)
            st.append(rec)

        executor.verify(to_verify, store)
        result = SolveResult(rows=[])
        for pair in pairs:
            rec = st.get(pair.pair_id)
            if rec is None or not isinstance(rec.get("response"), str):
                result.failed += 1
                if rec and rec.get("error") and len(result.errors) < 10:
                    result.errors.append(rec["error"])
                continue
            result.rows.append(
                {
                    "pair_id": pair.pair_id,
                    "source": pair.source,
                    "model": model_name,
                    "response": rec["response"],
                    "extracted": rec.get("extracted"),
                    "outcome": Outcome(rec["outcome"]).value,
                    "rule": rec.get("rule", ""),
                }
            )
    write_jsonl(out, result.rows)
    return result
