"""Judging best-of-K sets: rating judges and reward models score each response once, pairwise judges play a
capped, seeded round robin in both orders; failures stay null with their reason; runs resume."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Sequence

import pytest

from judgebench.backends.reward import RewardItem
from judgebench.errors import ConfigError, EndpointError, MalformedRecordError
from judgebench.judges.base import JudgeOptions
from judgebench.judges.prompted import ArenaHardJudge
from judgebench.judges.rating import (
    FACTUAL_VALIDITY_RUBRIC,
    Prometheus2AbsoluteJudge,
    PromptedRatingJudge,
    parse_rating,
    parse_result_score,
)
from judgebench.judges.reward_model import RewardModelJudge
from judgebench.runner.best_of_k import BestOfKSpec, round_robin, run_best_of_k
from tests.judges.fake_engine import FakeEngine

RECORDS = [
    {
        "id": "q1",
        "prompt": "2+2?",
        "chosen": ["right: 4"],
        "rejected": ["wrong: 5", "wrong: 3", "wrong: 22"],
        "num_correct": 1,
        "num_incorrect": 3,
        "total_completions": 4,
        "subset": "Math",
    },
    {
        "id": "q2",
        "prompt": "3+3?",
        "chosen": ["right: 6", "right: six"],
        "rejected": ["wrong: 7"],
        "num_correct": 2,
        "num_incorrect": 1,
        "total_completions": 3,
        "subset": "Math",
    },
    {
        "id": "q3",
        "prompt": "1+1?",
        "chosen": ["right: 2"],
        "rejected": [],
        "num_correct": 1,
        "num_incorrect": 0,
        "total_completions": 1,
        "subset": "Math",
    },
]


def answer_of(request) -> str:
    return request.messages[-1].content


def rating_reply(request) -> str:
    text = answer_of(request)
    if "right: six" in text:
        return "It spells the number out; no rating given."  # no [[n]]: no verdict, never a guess
    return "Correct. Rating: [[9]]" if "[The Start of Assistant's Answer]\nright" in text else "Wrong. [[2]]"


def run(tmp_path, judge, records=RECORDS, **kw):
    spec = BestOfKSpec(
        judge="rating", model="openai/fake", records=records, out=tmp_path / "out.jsonl", bootstrap=0, **kw
    )
    return asyncio.run(run_best_of_k(spec, make_judge=lambda options: judge))


def lines(tmp_path):
    return [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]


def test_rating_judge_rates_each_response_once_and_resumes(tmp_path):
    engine = FakeEngine(rating_reply)
    summary = run(tmp_path, PromptedRatingJudge(engine, "fake"))
    assert len(engine.requests) == 4 + 3 + 1 and summary.judged == 3 and summary.unscored_responses == 1
    q1, q2, _ = lines(tmp_path)
    assert q1["scores_chosen"] == [9.0] and q1["scores_rejected"] == [2.0, 2.0, 2.0]
    assert q1["judge_name"] == "rating" and q1["judge_model"] == "fake"
    assert q1["judgments_chosen"][0]["judgment"]["response"] == "Correct. Rating: [[9]]"
    assert q2["scores_chosen"] == [9.0, None] and "no [[rating]]" in q2["errors"][0]
    assert q2["judgments_chosen"][1]["no_verdict"] and q2["judgments_chosen"][1]["error"] is None
    overall = summary.score.categories["Overall"]
    assert overall["n"] == 2 and overall["failed"] == 1 and overall["accuracy"] == 100.0
    # rerun: q1 and q3 are done; q2 is rated again (this time the engine answers)
    engine2 = FakeEngine(lambda r: "Rating: [[8]]")
    summary2 = run(tmp_path, PromptedRatingJudge(engine2, "fake"))
    assert summary2.skipped == 2 and summary2.judged == 1 and len(engine2.requests) == 3
    assert [r["id"] for r in lines(tmp_path)] == ["q1", "q2", "q3"]
    assert lines(tmp_path)[1]["scores_chosen"] == [8.0, 8.0]
    assert summary2.score.categories["Overall"]["n"] == 3


def test_a_file_of_another_judge_is_refused(tmp_path):
    run(tmp_path, PromptedRatingJudge(FakeEngine(lambda r: "[[5]]"), "fake"))
    spec = BestOfKSpec(judge="other", model="openai/x", records=RECORDS, out=tmp_path / "out.jsonl", bootstrap=0)
    with pytest.raises(ConfigError, match="holds judgments of rating"):
        asyncio.run(run_best_of_k(spec, make_judge=lambda o: PromptedRatingJudge(FakeEngine(lambda r: "[[5]]"), "x")))


def test_a_file_of_another_model_settings_or_prompt_set_is_refused(tmp_path):
    run(tmp_path, PromptedRatingJudge(FakeEngine(lambda r: "[[5]]"), "fake"))
    before = (tmp_path / "out.jsonl").read_bytes()
    assert lines(tmp_path)[0]["judge_settings"] == {"model": "openai/fake", "options": {"comparisons": 16, "seed": 0}}
    judge = PromptedRatingJudge(FakeEngine(lambda r: "[[5]]"), "fake")
    cases = [
        (dict(model="openai/other"), "model 'openai/fake', not 'openai/other'"),
        (dict(model="openai/fake", comparisons=4), "settings"),
        (dict(model="openai/fake", records=RECORDS[:2]), "not among the pairs given"),
    ]
    for kw, message in cases:
        fields = dict(judge="rating", records=RECORDS, out=tmp_path / "out.jsonl", bootstrap=0) | kw
        with pytest.raises(ConfigError, match=message):
            asyncio.run(run_best_of_k(BestOfKSpec(**fields), make_judge=lambda o: judge))
    assert (tmp_path / "out.jsonl").read_bytes() == before


def test_a_text_file_as_out_is_refused_and_kept(tmp_path):
    # one line without a final newline that is not a record: not a torn judged line, never overwritten
    out = tmp_path / "out.jsonl"
    out.write_text("my notes, not judgments")
    with pytest.raises(MalformedRecordError, match="never overwritten"):
        run(tmp_path, PromptedRatingJudge(FakeEngine(lambda r: "[[5]]"), "fake"))
    assert out.read_text() == "my notes, not judgments"


@pytest.mark.parametrize("kind", ["rating", "pairwise"])
def test_an_endpoint_refusing_every_call_stops_the_run(tmp_path, kind):
    # not a null score per response, prompt after prompt: one EndpointError, saying rerunning resumes
    refused = EndpointError("auth", "openai/fake: the key was rejected (401)", status=401)
    engine = FakeEngine(lambda r: refused)
    judge = PromptedRatingJudge(engine, "fake") if kind == "rating" else ArenaHardJudge(engine, "fake")
    with pytest.raises(EndpointError, match=r"401\) — run stopped; rerun the command to resume"):
        run(tmp_path, judge, records=RECORDS[:2], concurrency=1)
    assert not (tmp_path / "out.jsonl").read_text()


def test_prometheus_absolute_prompt_and_parse(tmp_path):
    engine = FakeEngine(lambda r: "Feedback: fine. [RESULT] 4" if "right" in answer_of(r) else "Bad. [RESULT] 1")
    run(tmp_path, Prometheus2AbsoluteJudge(engine, "prometheus-7b"), records=RECORDS[:1])
    (rec,) = lines(tmp_path)
    assert rec["scores_chosen"] == [4.0] and rec["scores_rejected"] == [1.0] * 3
    req = engine.requests[0]
    assert req.messages[0].role == "system" and "absolute standards" in req.messages[0].content
    prompt = req.messages[1].content
    assert prompt.startswith("###Task Description:\n") and prompt.endswith("###Feedback: ")
    assert FACTUAL_VALIDITY_RUBRIC in prompt and "###Response to evaluate:\nright: 4\n" in prompt
    assert req.temperature == 0.0 and req.max_tokens == 1024


def test_parsers():
    assert parse_rating("Rating: [[7]] ... as said, [[7]]") == 7.0 and parse_rating("[[ 8.5 ]]") == 8.5
    for bad in ("no rating", "[[3]] then [[4]]", "[[11]]", "[[0]]"):
        with pytest.raises(Exception):  # noqa: B017 - ParseError, checked by type below
            parse_rating(bad)
    assert parse_result_score("first [RESULT] 2, finally [RESULT] (5)") == 5.0
    from judgebench.errors import ParseError

    with pytest.raises(ParseError):
        parse_result_score("[RESULT] 6")


class LengthBackend:
    """A reward backend scoring a response by its length (records what it was asked)."""

    model = "len-rm"

    def __init__(self) -> None:
        self.items: list[RewardItem] = []

    async def score(self, items: Sequence[RewardItem]) -> list[float]:
        self.items.extend(items)
        return [float(len(i.response)) for i in items]

    async def aclose(self) -> None:
        pass


def test_reward_model_scores_every_response_in_one_batch(tmp_path):
    backend = LengthBackend()
    summary = run(tmp_path, RewardModelJudge(backend))  # type: ignore[arg-type]
    q1, q2, q3 = lines(tmp_path)
    assert q1["scores_chosen"] == [8.0] and q1["scores_rejected"] == [8.0, 8.0, 9.0]
    assert q2["scores_chosen"] == [8.0, 10.0] and q3["scores_chosen"] == [8.0]
    assert [i.metadata["position"] for i in backend.items[:4]] == ["0", "1", "2", "3"]
    # q1: "wrong: 22" is longest -> 0; q2: "right: six" longest -> 1; q3 all correct -> 1
    assert summary.score.categories["Math"]["accuracy"] == round(100 * 2 / 3, 2)


def arena_reply(request) -> str:
    text = request.messages[1].content
    a = re.search(r"<\|The Start of Assistant A's Answer\|>\n(.*?)\n<\|The End", text, re.S).group(1)
    return "My final verdict is [[A>B]]" if a.startswith("right") else "My final verdict is [[B>A]]"


def test_pairwise_judge_round_robin_in_both_orders(tmp_path):
    engine = FakeEngine(arena_reply)
    run(tmp_path, ArenaHardJudge(engine, "fake"))
    q1, q2, q3 = lines(tmp_path)
    assert len(q1["comparisons"]) == 2 * 3 and len(q2["comparisons"]) == 2 * 2 and q3["comparisons"] == []
    assert len(engine.requests) == 6 + 4
    assert q1["scores_chosen"] == [1.0] and q1["scores_rejected"] == [0.0, 0.0, 0.0]
    assert q2["scores_chosen"] == [1.0, 1.0] and q2["scores_rejected"] == [0.0]
    assert q3["scores_chosen"] == [0.0]  # one label: nothing to compare, every choice is right
    first = q1["comparisons"][0]
    assert (first["chosen"], first["rejected"], first["order"], first["decision"]) == (0, 0, 0, "A>B")
    assert q1["comparisons"][1]["order"] == 1 and q1["comparisons"][1]["decision"] == "B>A"
    metas = {(r.metadata["pair_id"], r.metadata["order"]) for r in engine.requests}
    assert ("q1/0/2", 1) in metas


def test_round_robin_cap_is_seeded_and_covers_every_response():
    every = round_robin("x", 3, 4, cap=100, seed=0)
    assert len(every) == 12
    capped = round_robin("x", 3, 4, cap=5, seed=0)
    assert len(capped) == 5 and capped == round_robin("x", 3, 4, cap=5, seed=0)
    assert {i for i, _ in capped} == {0, 1, 2} and {j for _, j in capped} == {0, 1, 2, 3}
    tiny = round_robin("x", 3, 4, cap=1, seed=0)  # the cover wins over a tiny cap: max(3, 4) comparisons
    assert len(tiny) == 4 and {i for i, _ in tiny} == {0, 1, 2} and {j for _, j in tiny} == {0, 1, 2, 3}
    assert any(round_robin("x", 6, 6, cap=8, seed=s) != round_robin("x", 6, 6, cap=8, seed=0) for s in range(1, 5))


def test_failed_comparisons_leave_the_response_unscored(tmp_path):
    from judgebench.errors import RetryableBackendError

    engine = FakeEngine(lambda r: RetryableBackendError("503 from the server"))
    summary = run(tmp_path, ArenaHardJudge(engine, "fake"), records=RECORDS[:1])
    (q1,) = lines(tmp_path)
    assert q1["scores_chosen"] == [None] and "no decided comparison" in q1["errors"][0]
    assert all(c["error"] for c in q1["comparisons"]) and summary.unscored_responses == 4
    assert summary.score.categories["Overall"]["failed"] == 1


def test_registered(tmp_path):
    from judgebench.judges import JUDGES, judge_kind

    assert judge_kind("rating") == "prompted" and judge_kind("prometheus_2_absolute") == "fine-tuned"
    judge = JUDGES.get("rating")(JudgeOptions("openai/x", extra={"engine": FakeEngine(lambda r: "[[5]]")}))
    assert isinstance(judge, PromptedRatingJudge) and judge.model_name == "x"


def test_a_rating_judges_scores_are_every_rating_or_an_error_naming_the_unrated_response():
    # score() (what a pairwise comparison of two rated responses uses) gives every response's rating in order, or
    # raises naming the response without one: never a shorter list that would pair the wrong scores
    from judgebench.errors import ParseError
    from judgebench.judges.base import JudgeContext

    judge = PromptedRatingJudge(FakeEngine(rating_reply), "fake")
    ctx = JudgeContext("q", 0, 0)
    assert asyncio.run(judge.score("2+2?", ["right: 4", "wrong: 5"], ctx)) == [9.0, 2.0]
    with pytest.raises(ParseError, match="response 1: "):
        asyncio.run(judge.score("6?", ["right: 6", "right: six"], ctx))
    rating = asyncio.run(judge.rate("2+2?", "right: 4", ctx))
    assert rating.score == 9.0 and 0.0 <= rating.latency_s < 60.0  # the call's own duration, not a clock reading
