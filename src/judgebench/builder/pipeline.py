"""``judgebench build``: sample → verify → (check) → select, each stage resumable, then pairs and a card.

Stage files live in a work folder beside the output (``pairs.jsonl`` → ``pairs.build/``):

- ``responses.jsonl`` — one record per (source, question id, sample index): the response, or the error
  that outlived the engine's retries (retried by the next run). Skipped with ``--responses``.
- ``verdicts.jsonl`` — the rule verdict per response (outcome, extracted answer, rule, detail), tied to
  the response text's digest so a changed input is verified again.
- ``checks.jsonl`` — the LLM answer checker's verdict per labeled response (only with a checker).

The pair file is written atomically at the end from the stage files alone, so an interrupted and resumed
run, or a run on another executor, writes the same bytes as an uninterrupted one.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judgebench.backends.base import ChatRequest, Message
from judgebench.builder.best_of_k import FORMATS, select_best_of_k
from judgebench.builder.card import BuildCard
from judgebench.builder.config import BuildConfig
from judgebench.builder.executors import EngineSpec, Executor, LocalExecutor, SampleJob, SampleResult, VerifyJob
from judgebench.builder.inputs import BuildInputs, gather_inputs
from judgebench.builder.responses import Response
from judgebench.builder.select import Labeled, select_pairs
from judgebench.builder.stages import StageFile
from judgebench.errors import ConfigError, MissingExtraError
from judgebench.event_loops import run_coroutine
from judgebench.jsonl import write_jsonl
from judgebench.metrics.bootstrap import rng_for
from judgebench.output_files import output_target
from judgebench.verifiers import llm_checker
from judgebench.verifiers.base import Check, Outcome, preflight

__all__ = ["Build", "BuildConfig", "BuildResult", "make_executor", "run_build", "sample_seed"]

Key = tuple[str, str, int]


@dataclass(slots=True)
class BuildResult:
    """What a build wrote and counted."""

    pairs: list[dict[str, Any]]
    card: BuildCard
    out: Path
    failed_calls: int = 0
    errors: list[str] = field(default_factory=list)

    def __repr__(self) -> str:  # short: the pairs and the card are attributes
        return f"BuildResult(pairs={len(self.pairs)}, out={str(self.out)!r}, failed_calls={self.failed_calls})"


def sample_seed(seed: int, key: Key) -> int:
    """The ``seed`` sent with sample ``key``: distinct per sample, so k samples are k cache entries."""
    return int(rng_for(seed, "sample", *map(str, key)).integers(2**31 - 1))


class Build:
    """One build run; see :func:`run_build`."""

    def __init__(self, config: BuildConfig, inputs: BuildInputs, executor: Executor) -> None:
        self.cfg = config
        self.inputs = inputs
        self.executor = executor
        self.qkey = {(q.source, q.id): q for q in inputs.questions}
        self.card = BuildCard.start(config, inputs)

    def say(self, msg: str) -> None:
        """Progress to the caller's sink."""
        if self.cfg.progress is not None:
            self.cfg.progress(msg)

    def responses(self) -> dict[Key, Response]:
        """Sample what is missing (or take the given responses); every response by key."""
        cfg = self.cfg
        if self.inputs.given is not None:
            return {(r_q.source, r.question_id, r.index): r for r_q, rs in self._given() for r in rs}
        assert cfg.model is not None
        model = str(cfg.model)
        stage_cfg = {"model": model, "temperature": cfg.temperature, "max_tokens": cfg.max_tokens, "seed": cfg.seed}
        with StageFile(
            cfg.workdir / "responses.jsonl", "responses", stage_cfg, ("source", "question_id", "index")
        ) as st:
            jobs: list[SampleJob] = []
            for q in self.inputs.questions:
                for i in range(cfg.k):
                    rec = st.get(q.source, q.id, str(i))
                    if rec is None or rec.get("response") is None:
                        jobs.append((f"{q.source}\x1f{q.id}", i, self._request(q.prompt, (q.source, q.id, i))))
            self.say(f"sample: {len(jobs)} calls to make ({len(self.inputs.questions) * cfg.k - len(jobs)} done)")

            def record(result: SampleResult) -> None:
                joined, index, text, error, usage = result
                source, qid = joined.split("\x1f", 1)
                row = {"source": source, "question_id": qid, "index": index, "model": model, "response": text}
                row.update({"error": error} if error else {"usage": usage})
                st.append(row)

            if jobs:
                spec = EngineSpec(
                    cfg.model, cfg.base_url, cfg.concurrency, cfg.cache, cfg.cache_path, cfg.engine_options
                )
                run_coroutine(self.executor.sample(spec, jobs, record))
            out: dict[Key, Response] = {}
            model_name = cfg.model.model  # upstream's response_model: the model, no provider
            for q in self.inputs.questions:
                for i in range(cfg.k):
                    rec = st.get(q.source, q.id, str(i))
                    if rec is not None and isinstance(rec.get("response"), str):
                        out[(q.source, q.id, i)] = Response(q.id, i, model_name, rec["response"])
                        self.card.add_usage(rec.get("usage", {}))
                    else:
                        self.card.failed_calls += 1
                        self.card.note_error(rec.get("error") if rec else "not sampled")
        return out

    def _given(self) -> list[tuple[Any, list[Response]]]:
        given = self.inputs.given or {}
        return [(q, given[q.id]) for q in self.inputs.questions]

    def _request(self, prompt: str, key: Key) -> ChatRequest:
        cfg = self.cfg
        return ChatRequest(
            messages=(Message("user", prompt),),
            temperature=cfg.temperature,
            max_tokens=cfg.max_tokens,
            seed=sample_seed(cfg.seed, key),
            metadata={"source": key[0], "question_id": key[1], "sample": key[2]},
        )

    def verdicts(self, responses: dict[Key, Response]) -> dict[Key, Check]:
        """Verify what is not verified yet; every rule verdict by key."""
        cfg = self.cfg
        with StageFile(cfg.workdir / "verdicts.jsonl", "verdicts", {}, ("source", "question_id", "index")) as st:
            jobs: list[VerifyJob] = []
            for key, r in responses.items():
                rec = st.get(key[0], key[1], str(key[2]))
                if rec is None or rec.get("sha") != r.sha:
                    q = self.qkey[(key[0], key[1])]
                    jobs.append(((f"{key[0]}\x1f{key[1]}", key[2]), self.inputs.verifiers[q.verifier], q, r.text))
            self.say(f"verify: {len(jobs)} responses to verify ({len(responses) - len(jobs)} done)")

            def record(jkey: tuple[str, int], check: Check) -> None:
                source, qid = jkey[0].split("\x1f", 1)
                r = responses[(source, qid, jkey[1])]
                q = self.qkey[(source, qid)]
                st.append(
                    {
                        "source": source,
                        "question_id": qid,
                        "index": jkey[1],
                        "sha": r.sha,
                        "verifier": q.verifier,
                        "outcome": str(check.outcome),
                        "extracted": check.extracted,
                        "rule": check.rule,
                        "detail": check.detail,
                    }
                )

            if jobs:
                self.executor.verify(jobs, record)
            out: dict[Key, Check] = {}
            for key in responses:
                rec = st.get(key[0], key[1], str(key[2]))
                assert rec is not None
                out[key] = Check(Outcome(rec["outcome"]), rec["extracted"], rec["rule"], rec["detail"])
        return out

    def checks(self, responses: dict[Key, Response], verdicts: dict[Key, Check]) -> dict[Key, Outcome | None]:
        """The LLM checker's verdicts on labeled responses (empty without a checker)."""
        cfg = self.cfg
        if cfg.checker is None:
            return {}
        todo = {
            k: r
            for k, r in responses.items()
            if verdicts[k].outcome is not Outcome.UNVERIFIABLE and llm_checker.applies_to(self.qkey[(k[0], k[1])])
        }
        stage_cfg = {"checker": str(cfg.checker), "prompt": llm_checker.CHECKER_RULE}
        with StageFile(cfg.workdir / "checks.jsonl", "checks", stage_cfg, ("source", "question_id", "index")) as st:
            jobs: list[SampleJob] = []
            for k, r in todo.items():
                rec = st.get(k[0], k[1], str(k[2]))
                if rec is None or rec.get("sha") != r.sha or rec.get("reply") is None:
                    req = llm_checker.checker_request(self.qkey[(k[0], k[1])], r.text)
                    jobs.append((f"{k[0]}\x1f{k[1]}", k[2], req))
            self.say(f"check: {len(jobs)} checker calls to make")

            def record(result: SampleResult) -> None:
                joined, index, text, error, _usage = result
                source, qid = joined.split("\x1f", 1)
                sha = responses[(source, qid, index)].sha
                verdict = None if text is None else llm_checker.parse_verdict(text)
                row = {"source": source, "question_id": qid, "index": index, "sha": sha, "reply": text}
                row.update({"verdict": None if verdict is None else str(verdict), "error": error})
                st.append(row)

            if jobs:
                opts = cfg.engine_options
                spec = EngineSpec(cfg.checker, cfg.checker_base_url, cfg.concurrency, cfg.cache, cfg.cache_path, opts)
                run_coroutine(self.executor.sample(spec, jobs, record))
            out: dict[Key, Outcome | None] = {}
            for k in todo:
                rec = st.get(k[0], k[1], str(k[2]))
                if rec is None or rec.get("reply") is None:
                    self.card.failed_calls += 1
                    self.card.note_error(rec.get("error") if rec else "not checked")
                    out[k] = None
                else:
                    out[k] = Outcome(rec["verdict"]) if rec.get("verdict") else None
        return out

    def label(
        self, responses: dict[Key, Response], verdicts: dict[Key, Check], checks: dict[Key, Outcome | None]
    ) -> list[Labeled]:
        """Each question's responses filed as correct / incorrect / dropped."""
        labeled = {(q.source, q.id): Labeled(q) for q in self.inputs.questions}
        for key in sorted(responses):
            check = verdicts[key]
            q = self.qkey[(key[0], key[1])]
            self.card.add_verdict(q, check)
            if self.cfg.checker is not None and llm_checker.applies_to(q):
                outcome, reason = llm_checker.combine(check.outcome, checks.get(key))
            elif check.outcome is Outcome.UNVERIFIABLE:
                outcome, reason = None, "unverifiable"
            else:
                outcome, reason = check.outcome, ""
            labeled[(key[0], key[1])].add(responses[key], outcome, reason)
        return list(labeled.values())

    def run(self) -> BuildResult:
        """All stages, then the pair file and the card."""
        responses = self.responses()
        verdicts = self.verdicts(responses)
        checks = self.checks(responses, verdicts)
        labeled = self.label(responses, verdicts, checks)
        pairs: list[dict[str, Any]] = []
        for name in sorted(self.inputs.recipes):
            mine = [item for item in labeled if self.inputs.source_of.get(item.question.source) == name]
            per_group = self.inputs.recipes[name].pairs_per_group
            if self.cfg.format == "best-of-k":
                pairs.extend(select_best_of_k(mine, per_group, self.cfg.seed, self.cfg.best_of))
            else:
                pairs.extend(select_pairs(mine, per_group, self.cfg.seed))
        write_jsonl(self.cfg.out, pairs)
        self.card.finish(labeled, pairs, self.cfg.out)
        self.card.write(self.cfg.out)
        return BuildResult(pairs, self.card, self.cfg.out, self.card.failed_calls, self.card.errors)


def run_build(config: BuildConfig) -> BuildResult:
    """Validate every input (no model call before), then run or resume the build.

    Raises:
        ConfigError: unknown source, verifier, executor, model provider or format; settings that differ from the
            work folder's.
        InputError: a question without ground truth, a responses line that matches no question.
        FatalBackendError: a call that cannot succeed (authentication, bad request).
    """
    output_target(config.out)  # a device, a FIFO or a folder is refused before any work
    if config.format not in FORMATS:
        raise ConfigError(f"unknown build format {config.format!r} (known: {', '.join(FORMATS)})")
    if config.best_of is not None and (config.format != "best-of-k" or config.best_of < 2):
        raise ConfigError("--best-of N needs --format best-of-k and N of at least 2")
    inputs = gather_inputs(
        config.sources,
        seed=config.seed,
        model=config.model,
        responses=config.responses,
        questions=config.questions,
        per_category=config.per_category,
    )
    preflight(inputs.verifiers.values())  # code without a sandbox is refused here, before any model call
    if config.fresh and config.workdir.exists():
        shutil.rmtree(config.workdir)
    executor = make_executor(config.executor, workers=config.workers, ray_address=config.ray_address)
    try:
        return Build(config, inputs, executor).run()
    finally:
        executor.close()


def make_executor(name: str, *, workers: int | None = None, ray_address: str | None = None) -> Executor:
    """``local`` or ``ray``; raises ConfigError for anything else and MissingExtraError without ray."""
    if name == "local":
        return LocalExecutor(workers)
    if name == "ray":
        try:
            from judgebench.builder.ray_executor import RayExecutor
        except ImportError:
            raise MissingExtraError("ray", "ray") from None
        return RayExecutor(address=ray_address)
    raise ConfigError(f"unknown executor {name!r} (known: local, ray)")
