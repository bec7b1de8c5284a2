"""The runner in process: both orders, the record format, resume and retry, pointwise judges, refusals."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from judgebench.datasets import load_pairs
from judgebench.errors import ConfigError, FatalBackendError
from judgebench.judges.base import Judge, JudgeContext, JudgeOptions, PointwiseJudge, Verdict
from judgebench.model_spec import ModelSpec
from judgebench.records import Pair
from judgebench.runner import RunSpec, default_output_path, run_judge

PAIRS = load_pairs("gpt")[:12]


class LabelJudge(Judge):
    """Always right, except orders listed in ``fail`` (pair index, order) which fail; counts calls."""

    name = "label"
    kind = "prompted"

    def __init__(self, fail: set[tuple[str, int]] | None = None, crash: bool = False) -> None:
        self.fail = fail or set()
        self.crash = crash
        self.calls: list[tuple[str, int]] = []
        self.closed = False
        self.labels = {p.pair_id: p.label for p in PAIRS}

    @property
    def model_name(self) -> str:
        return "label-model"

    async def judge(self, question: str, response_a: str, response_b: str, ctx: JudgeContext) -> Verdict:
        self.calls.append((ctx.pair_id, ctx.order))
        await asyncio.sleep(0)
        if (ctx.pair_id, ctx.order) in self.fail:
            if self.crash:
                raise RuntimeError("judge bug")
            return Verdict(None, {"judge_model": self.model_name, "response": "??"}, error="unparseable: ??")
        label = self.labels[ctx.pair_id]
        decision = label if ctx.order == 0 else {"A>B": "B>A", "B>A": "A>B"}[label]
        return Verdict(decision, {"judge_model": self.model_name, "prompt": "p", "response": "r"}, cost_usd=0.5)

    async def aclose(self) -> None:
        self.closed = True


def run(out: Path, judge: Judge, pairs: Sequence[Pair] = PAIRS, **kw: Any) -> Any:
    spec = RunSpec(judge="label", model="fake/label-model", pairs=list(pairs), out=out, bootstrap=0, **kw)
    return asyncio.run(run_judge(spec, make_judge=lambda options: judge))


def lines(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_both_orders_record_format_and_score(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    judge = LabelJudge()
    summary = run(out, judge)
    assert judge.closed and sorted(judge.calls) == sorted((p.pair_id, o) for p in PAIRS for o in (0, 1))
    records = lines(out)
    assert [r["pair_id"] for r in records] == [p.pair_id for p in PAIRS]
    first = records[0]
    assert list(first)[:8] == list(PAIRS[0].to_dict())[:8] and first["judge_name"] == "label"
    keys = {"judgment", "decision", "usage", "latency_s", "cost_usd", "error", "no_verdict"}
    assert set(first["judgments"][0]) == keys
    assert summary.score.categories["Overall"].accuracy == 100.0
    assert summary.cost_usd == pytest.approx(12 * 2 * 0.5) and summary.failed_judgments == 0


def test_resume_skips_done_pairs_and_retries_only_failed_orders(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    bad = {(PAIRS[1].pair_id, 1), (PAIRS[5].pair_id, 0)}
    summary = run(out, LabelJudge(fail=bad, crash=True))
    assert summary.failed_judgments == 2
    rec = {r["pair_id"]: r for r in lines(out)}
    failed = rec[PAIRS[1].pair_id]["judgments"][1]
    assert failed["decision"] is None and "judge raised RuntimeError: judge bug" in failed["error"]
    assert summary.score.categories["Overall"].correct == 12  # one order right and one failed: still +1
    again = LabelJudge()
    summary = run(out, again)
    assert sorted(again.calls) == sorted(bad)  # nothing else is sent
    assert summary.skipped == 10 and summary.judged == 2
    records = lines(out)
    assert [r["pair_id"] for r in records] == [p.pair_id for p in PAIRS]
    assert all(j["error"] is None for r in records for j in r["judgments"])
    done = LabelJudge()
    assert run(out, done).judged == 0 and done.calls == []


def test_torn_tail_and_duplicate_lines_are_repaired(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    run(out, LabelJudge(), pairs=PAIRS[:4])
    body = out.read_text(encoding="utf-8").splitlines(keepends=True)
    # a retried pair appended again, then a line cut by a kill
    out.write_text("".join(body) + body[0] + body[1][:100], encoding="utf-8")
    judge = LabelJudge()
    run(out, judge, pairs=PAIRS[:6])
    assert sorted(judge.calls) == sorted((p.pair_id, o) for p in PAIRS[4:6] for o in (0, 1))
    assert [r["pair_id"] for r in lines(out)] == [p.pair_id for p in PAIRS[:6]]


def test_a_corrupt_line_before_the_end_is_an_error_not_dropped(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    run(out, LabelJudge(), pairs=PAIRS[:3])
    body = out.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text(body[0][:50] + "\n" + "".join(body[1:]), encoding="utf-8")
    with pytest.raises(Exception, match=":1: not valid JSON"):
        run(out, LabelJudge(), pairs=PAIRS[:3])


def test_single_order_and_a_file_of_another_judge(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    judge = LabelJudge()
    run(out, judge, orders=1)
    assert {o for _, o in judge.calls} == {0} and all(len(r["judgments"]) == 1 for r in lines(out))
    other = tmp_path / "other.jsonl"
    other.write_text(out.read_text(encoding="utf-8").replace('"judge_name": "label"', '"judge_name": "vanilla"'))
    with pytest.raises(ConfigError, match="vanilla"):
        run(other, LabelJudge())


class Scores(PointwiseJudge):
    name = "scores"
    kind = "reward model"

    def __init__(self, fail: str | None = None) -> None:
        self.fail = fail
        self.scored: list[str] = []

    @property
    def model_name(self) -> str:
        return "rm"

    async def score(self, question: str, responses: Sequence[str], ctx: JudgeContext) -> list[float]:
        self.scored.append(ctx.pair_id)
        if ctx.pair_id == self.fail:
            raise FatalBackendError("out of memory")
        return [1.0, 1.0] if ctx.pair_id == PAIRS[0].pair_id else [float(len(r)) for r in responses]


def test_pointwise_scores_once_and_builds_both_orders_from_the_same_scores(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    judge = Scores(fail=PAIRS[2].pair_id)
    summary = run(out, judge)
    assert sorted(judge.scored) == sorted(p.pair_id for p in PAIRS)  # once per pair
    rec = {r["pair_id"]: r for r in lines(out)}
    tie = rec[PAIRS[0].pair_id]["judgments"]
    assert [j["decision"] for j in tie] == ["A=B", "A=B"]  # equal scores: a tie, not B>A
    p = PAIRS[1]
    j0, j1 = rec[p.pair_id]["judgments"]
    la, lb = float(len(p.response_A)), float(len(p.response_B))
    assert j0["judgment"]["scores"] == [la, lb] and j1["judgment"]["scores"] == [lb, la]
    assert j0["decision"] == ("A>B" if la > lb else "B>A") and j1["decision"] == ("B>A" if la > lb else "A>B")
    failed = rec[PAIRS[2].pair_id]["judgments"]
    assert [j["decision"] for j in failed] == [None, None] and "out of memory" in failed[0]["error"]
    assert summary.failed_judgments == 2
    again = Scores()
    run(out, again)
    assert again.scored == [PAIRS[2].pair_id]


def test_default_output_name_is_upstreams() -> None:
    assert default_output_path("dataset=judgebench,response_model=gpt-4o-2024-05-13", "skywork_critic", (
        "vllm/Skywork/Skywork-Critic-Llama-3.1-8B"
    )) == Path(
        "outputs/dataset=judgebench,response_model=gpt-4o-2024-05-13,judge_name=skywork_critic,"
        "judge_model=Skywork_Skywork-Critic-Llama-3.1-8B.jsonl"
    )  # fmt: skip
    replayed = default_output_path("d", "arena_hard", "replay/x/d,judge_name=arena_hard,judge_model=o1-mini.jsonl")
    assert replayed == Path("outputs/d,judge_name=arena_hard,judge_model=o1-mini.jsonl")


def test_replaying_into_the_replayed_file_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "rec.jsonl"
    run(src, LabelJudge(), pairs=PAIRS[:2])
    spec = RunSpec(judge="label", model=f"replay/{src}", pairs=PAIRS[:2], out=src)
    with pytest.raises(ConfigError, match="being replayed"):
        asyncio.run(run_judge(spec, make_judge=lambda options: LabelJudge()))


def test_judge_options_reach_the_factory(tmp_path: Path) -> None:
    seen: list[JudgeOptions] = []

    def factory(options: JudgeOptions) -> Judge:
        seen.append(options)
        return LabelJudge()

    spec = RunSpec(
        judge="label", model="fake/m", pairs=PAIRS[:1], out=tmp_path / "o.jsonl", concurrency=3, seed=9,
        base_url="http://127.0.0.1:1/v1", cache=False, bootstrap=0,
    )  # fmt: skip
    asyncio.run(run_judge(spec, make_judge=factory))
    (o,) = seen
    assert o.model == ModelSpec("fake", "m") and str(o.model) == "fake/m"  # parsed once, carried typed
    assert (o.concurrency, o.seed, o.base_url, o.cache) == (3, 9, "http://127.0.0.1:1/v1", False)


def test_no_verdict_is_kept_on_resume_and_retried_past_the_cache_only_when_asked(tmp_path: Path) -> None:
    """A reply naming two verdicts is the judge's outcome: kept on resume; --retry-no-verdict sends fresh calls."""
    from tests.fakes.provider_server import FakeProvider

    answers = iter(["[[A>B]] or maybe [[B>A]]"] * 4)

    def reply(body: dict[str, Any]) -> str:
        return next(answers, "[[A>B]]")

    with FakeProvider(reply) as server:
        spec = dict(judge="arena_hard", model="vllm/m", pairs=PAIRS[:2], out=tmp_path / "o.jsonl", bootstrap=0)

        def go(**kw: Any) -> Any:
            s = RunSpec(**spec, base_url=server.openai_base_url, progress=False, **kw)  # type: ignore[arg-type]
            return asyncio.run(run_judge(s))

        first = go()
        assert (first.judged, first.failed_judgments, first.no_verdict_judgments) == (2, 0, 4)
        entries = [j for r in lines(tmp_path / "o.jsonl") for j in r["judgments"]]
        assert all(j["decision"] is None and j["error"] is None for j in entries)
        assert all("several different verdict labels" in j["no_verdict"] for j in entries)
        assert first.score.failed_judgments == 0 and first.score.decisions["null"] == 4
        sent = server.count()
        assert go().judged == 0 and server.count() == sent  # kept: not a failure to retry
        retried = go(retry_no_verdict=True)  # the cache holds the verdict-less replies: fresh calls
        assert (retried.judged, retried.no_verdict_judgments, server.count()) == (2, 0, sent + 4)
        assert all(j["decision"] is not None for r in lines(tmp_path / "o.jsonl") for j in r["judgments"])


def test_failed_calls_still_fail_and_are_retried(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    bad = {(PAIRS[0].pair_id, 0)}
    summary = run(out, LabelJudge(fail=bad, crash=True))
    entry0 = lines(out)[0]["judgments"][0]
    assert summary.failed_judgments == 1 and summary.no_verdict_judgments == 0
    assert entry0["error"].startswith("judge raised") and entry0["no_verdict"] is None
    assert summary.score.failed_judgments == 1
    judge = LabelJudge()
    again = run(out, judge)
    assert judge.calls == [(PAIRS[0].pair_id, 0)] and again.failed_judgments == 0


def test_resume_refuses_another_model_settings_or_pair_set_even_with_nothing_to_do(tmp_path: Path) -> None:
    """A file belongs to one judge, model, judge settings and pair set (it used to say '5 already done')."""
    from judgebench.errors import MalformedRecordError

    out = tmp_path / "o.jsonl"

    def go(model: str, pairs: Sequence[Pair], judge: Judge | None = None, **kw: Any) -> Any:
        spec = RunSpec(judge="label", model=model, pairs=list(pairs), out=out, bootstrap=0, progress=False, **kw)
        return asyncio.run(run_judge(spec, make_judge=lambda options: judge or LabelJudge()))

    go("vllm/model-one", PAIRS[:5])
    assert lines(out)[0]["judge_settings"] == {"model": "vllm/model-one"}
    before = out.read_bytes()
    with pytest.raises(ConfigError, match="model 'vllm/model-one', not 'vllm/model-two'"):
        go("vllm/model-two", PAIRS[:5])  # nothing left to do: still refused
    with pytest.raises(ConfigError, match="settings"):
        go("vllm/model-one", PAIRS[:5], extra={"temperature": 0.7})
    claude = load_pairs("claude")
    with pytest.raises(ConfigError, match="5 pairs that are not among the pairs given"):
        go("vllm/model-one", claude[:3], pair_set=frozenset(p.pair_id for p in claude))
    assert out.read_bytes() == before
    judge = LabelJudge()
    assert go("vllm/model-one", PAIRS[:8], judge).judged == 3  # the same pair set, more of it: resumed
    # --limit 3 of the same set: the file's other pairs are in the set, so it is a resume with nothing to do
    assert go("vllm/model-one", PAIRS[:3], pair_set=frozenset(p.pair_id for p in PAIRS)).judged == 0
    # not a judged file: a text file without a final newline is refused, never overwritten as a torn line
    out.write_text("my notes")
    with pytest.raises(MalformedRecordError, match="not a judged-pairs file"):
        go("vllm/model-one", PAIRS[:2])
    assert out.read_text() == "my notes"
