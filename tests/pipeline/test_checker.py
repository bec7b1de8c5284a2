"""The LLM answer checker against the shared fake OpenAI-compatible server: responses where rule and checker
disagree, or the checker's reply is unreadable, are dropped (paper App. A.5); checks resume without calls;
server faults that outlive the retries are recorded, reported with exit status 1, and retried by a rerun."""

from __future__ import annotations

import json
import re

from judgebench.builder.inputs import SourceSpec
from judgebench.builder.pipeline import BuildConfig, run_build
from judgebench.records import read_pairs
from tests.fakes.provider_server import FakeProvider, Fault, last_text
from tests.pipeline import standins

standins.register()


def checker_reply(body: dict) -> str:
    text = last_text(body)
    question = re.search(r"<\|Question\|>\n(.*)\n\n<\|LLM Response\|>", text).group(1)
    response = re.search(r"<\|LLM Response\|>\n(.*)\n\n<\|Correct Answer\|>", text, re.S).group(1)
    truth = text.rsplit("\n", 1)[-1]
    right = re.findall(r"\d+", response)[-1] == truth
    if question == "What is 3 + 3?":
        right = not right  # the checker disagrees with the rule on both responses
    if question == "What is 4 + 4?":
        return "I would rather not say."
    return json.dumps({"is_correct": right})


def test_checker_drops_disagreements_and_resumes(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    resp = tmp_path / "r.jsonl"
    with resp.open("w") as fh:
        for i in range(1, 7):
            for text in (f"so {i + i % 7}", f"so {i + i % 7 + 1}"):
                fh.write(json.dumps({"question_id": str(i), "response": text, "model": "m"}) + "\n")
    with FakeProvider(checker_reply) as srv:
        cfg = BuildConfig(
            sources=[SourceSpec("toy")],
            out=tmp_path / "pairs.jsonl",
            responses=str(resp),
            checker="openai/gpt-4o-mini",
            checker_base_url=srv.openai_base_url,
            cache=False,
            workers=0,
            engine_options={"max_retries": 1, "initial_wait_s": 0.01, "max_wait_s": 0.02},
        )
        srv.inject("What is 5 + 5?", *[Fault.status(503)] * 4)  # two calls, two attempts each: all fail
        res = run_build(cfg)
        assert res.failed_calls == 2 and "503" in res.errors[0]
        ids = sorted(int(p.original_id) for p in read_pairs(cfg.out))
        assert ids == [1, 2, 6]
        assert res.card.to_dict()["dropped_responses"] == {
            "checker-unreadable": 4,  # question 4's two replies, question 5's two failed calls
            "rule-checker-disagree": 2,
        }
        calls = srv.count()
        res = run_build(cfg)  # the rerun calls only what failed
        assert srv.count() - calls == 2 and res.failed_calls == 0
        assert sorted(int(p.original_id) for p in read_pairs(cfg.out)) == [1, 2, 5, 6]
        calls = srv.count()
        run_build(cfg)
        assert srv.count() == calls
