"""An Inspect run over a local OpenAI-compatible server, and ``judgebench import inspect-log`` of its log."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("inspect_ai")

from inspect_ai import eval as inspect_eval
from inspect_ai.model import get_model

from judgebench.api import score
from judgebench.judges.prompted import CONTINUE
from judgebench.judges.templates import render
from judgebench.records import Pair, read_judged
from tests.fakes.provider_server import FakeProvider, Fault, Reply, last_text
from tests.integrations.inspect_helpers import (
    EXPECTED_ACCURACY,
    EXPECTED_BY_CATEGORY,
    PLAN,
    locate,
    offline,
    planned_decision,
    write_pairs_file,
)
from tests.safety import cli

__all__ = ["offline"]

LABELS = {"A>B": "My final verdict is: [[A>B]]", "B>A": "My final verdict is: [[B>A]]"}


def arena_hard_server(pairs: list[Pair]) -> FakeProvider:
    """Arena-Hard replies by PLAN; order 0 first answers without a label, so the judge asks it to continue."""

    def reply(body: dict[str, Any]) -> str | Reply:
        user = [m["content"] for m in body["messages"] if m["role"] == "user"]
        index, order = locate(user[0], pairs)
        decision = planned_decision(index, order, pairs[index].label)
        if decision is None:
            return "Both are good answers; no verdict from me."
        if order == 0 and last_text(body) != CONTINUE:
            return "Let me think about the two answers step by step."
        return LABELS[decision]

    return FakeProvider(reply=reply)


def run_over_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, list[Pair], FakeProvider]:
    from judgebench.integrations.inspect.tasks import pairs_task

    path, pairs = write_pairs_file(tmp_path)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-dummy-for-the-local-fake")
    server = arena_hard_server(pairs).start()
    try:
        model = get_model("openai/gpt-4o-mini", base_url=server.openai_base_url, responses_api=False)
        [log] = inspect_eval(pairs_task(str(path), "arena_hard"), model=model, display="none", max_retries=0)
    finally:
        server.stop()
    assert log.status == "success", log.error
    return log, pairs, server


def vote_accuracy(log: Any) -> float:
    return float(log.results.scores[0].metrics["vote_accuracy"].value)


def test_openai_server_run_imports_to_what_score_agrees_with(
    offline: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log, pairs, server = run_over_server(tmp_path, monkeypatch)
    # the wire: Arena-Hard's system and user turns as judgebench renders them, its call settings, the
    # continuation turn after a reply without a label (order 0 before its verdict: 7; each no-verdict order: 4)
    bodies = [r.body for r in server.requests]
    with_verdict_first = sum(planned_decision(i, 0, p.label) is not None for i, p in enumerate(pairs))
    no_verdict = sum(what == "none" for orders in PLAN for what in orders)
    assert (with_verdict_first, no_verdict) == (7, 4)
    assert len(bodies) == 16 + with_verdict_first + no_verdict
    for body in bodies:
        system, user = body["messages"][0], body["messages"][1]
        index, order = locate(user["content"], pairs)
        pair = pairs[index]
        first, second = (pair.response_A, pair.response_B) if order == 0 else pair.swapped()
        assert system == {"role": "system", "content": render("arena_hard_judge_system")}
        rendered = render("arena_hard_judge_prompt", prompt=pair.question, answer_a=first, answer_b=second)
        assert user["content"] == rendered
        assert body["temperature"] == 0.0 and body["max_tokens"] == 4096
    assert sum(b["messages"][-1]["content"] == CONTINUE for b in bodies) == with_verdict_first + no_verdict
    assert vote_accuracy(log) == pytest.approx(EXPECTED_ACCURACY)

    # import the log (no --out: the judge's file name), then score it
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, "import", "inspect-log", str(log.location))
    assert code == 0, err
    name = "dataset=judgebench8,response_model=gpt-4o-2024-05-13,judge_name=arena_hard,judge_model=gpt-4o-mini.jsonl"
    assert f"8 records -> {name}" in out
    judged = read_judged(tmp_path / name)
    assert [j.pair.pair_id for j in judged] == [p.pair_id for p in pairs]
    assert [j.pair.to_dict() for j in judged] == [p.to_dict() for p in pairs]
    for i, j in enumerate(judged):
        assert j.judge_name == "arena_hard"
        assert j.decisions == [planned_decision(i, o, j.pair.label) for o in (0, 1)]
        assert j.judgments[0] is not None and j.judgments[0]["judgment"]["judge_model"] == "gpt-4o-mini"
        # the continuation: both replies kept, as judgebench judge keeps them; no verdict after two: why
        assert len(j.judgments[0]["judgment"]["replies"]) == 2
        assert (j.judgments[1]["no_verdict"] is not None) == (PLAN[i][1] == "none")
    code, out, err = cli(capsys, "score", name, "--json")
    assert code == 0, err
    [card] = json.loads(out)["results"]
    overall = card["categories"]["Overall"]
    assert overall["correct"] / overall["n"] == pytest.approx(vote_accuracy(log))
    metrics = log.results.scores[0].metrics
    for category, value in EXPECTED_BY_CATEGORY.items():
        got = card["categories"][category]
        assert got["correct"] / got["n"] == pytest.approx(metrics[category].value) == pytest.approx(value)
    # analyze and report read it too
    assert cli(capsys, "analyze", "position", name, "--bootstrap", "0")[0] == 0
    assert cli(capsys, "report", name, "--html", "report.html", "--bootstrap", "0")[0] == 0
    assert "arena_hard" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_a_failed_call_and_a_cut_pair_import_as_failed_judgments(
    offline: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from judgebench.integrations.inspect.tasks import pairs_task

    path, pairs = write_pairs_file(tmp_path)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-dummy")
    with FakeProvider(reply=lambda body: "[[A>B]]") as server:
        server.inject(pairs[1].question[:60], Fault.status(400, "context too long"))
        model = get_model("openai/gpt-4o-mini", base_url=server.openai_base_url, responses_api=False)
        # 3 samples: pair 0 in both orders, pair 1 in order 0 only (its order 1 is missing from the log)
        [log] = inspect_eval(pairs_task(str(path), "arena_hard"), model=model, display="none", limit=3)
    out = tmp_path / "cut.jsonl"
    code, _, err = cli(capsys, "import", "inspect-log", str(log.location), "--out", str(out))
    assert code == 0, err
    judged = read_judged(out)
    assert len(judged) == 2
    assert judged[0].decisions == ["A>B", "A>B"]
    failed = judged[1].judgments[0]
    assert failed is not None and failed["decision"] is None and "context too long" in failed["error"]
    assert judged[1].judgments[1] is None and judged[1].decisions == [None, None]
    [card] = score(out)
    assert card.failed_judgments == 2
    overall = card.categories["Overall"]
    assert log.results.scores[0].metrics["vote_accuracy"].value == pytest.approx(overall.correct / overall.n)


@pytest.mark.parametrize(
    "content",
    [b"not a log at all", b'{"version": 2, "status": ', b"PK\x03\x04 truncated zip"],
    ids=["text", "truncated-json", "broken-zip"],
)
def test_unreadable_log_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes) -> None:
    bad = tmp_path / ("bad.json" if content.startswith(b"{") else "bad.eval")
    bad.write_bytes(content)
    out = tmp_path / "out.jsonl"
    out.write_text("kept\n")
    code, stdout, err = cli(capsys, "import", "inspect-log", str(bad), "--out", str(out))
    assert code == 2 and stdout == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert "Inspect eval log" in err
    assert out.read_text() == "kept\n"


def test_missing_log_and_missing_out_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "import", "inspect-log", str(tmp_path / "nope.eval"))
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, _, err = cli(capsys, "import", "llmbar", str(tmp_path / "x.json"))
    assert code == 2 and "needs --out" in err


def test_a_log_of_another_task_has_nothing_to_import(
    offline: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from inspect_ai import Task
    from inspect_ai.dataset import Sample
    from inspect_ai.model import ModelOutput, ModelUsage
    from inspect_ai.scorer import match

    reply = ModelOutput.from_content("mockllm/model", "4")
    reply.usage = ModelUsage(input_tokens=1, output_tokens=1, total_tokens=2)
    model = get_model("mockllm/model", custom_outputs=[reply])
    [log] = inspect_eval(Task(dataset=[Sample(input="2+2?", target="4")], scorer=match()), model=model, display="none")
    assert zipfile.is_zipfile(log.location)
    code, _, err = cli(capsys, "import", "inspect-log", str(log.location), "--out", str(tmp_path / "o.jsonl"))
    assert code == 2 and "nothing to import" in err and "1 samples without a judgebench pair" in err
