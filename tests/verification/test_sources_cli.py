"""Sources (prompts, filters, bad input) and the audit / verify commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import judgebench.sources  # noqa: F401
from judgebench.cli.main import main
from judgebench.errors import ConfigError, MalformedRecordError
from judgebench.records import read_pairs
from judgebench.verifiers.base import SOURCES, Source
from judgebench.verifiers.code_tests import TestCase, encode_test_cases
from tests.conftest import CLAUDE_PAIRS, SHARED

SRC = SHARED / "sources"


def test_mmlu_pro_renders_judgebench_prompt_exactly() -> None:
    pairs = [p for p in read_pairs(CLAUDE_PAIRS) if p.source.startswith("mmlu-pro")]
    src = SOURCES.get("mmlu-pro")(str(SRC / "mmlu-pro" / "test.jsonl"), categories=["law"])
    assert isinstance(src, Source)
    questions = {q.id: q for q in src.questions()}
    law = [p for p in pairs if p.source == "mmlu-pro-law"]
    assert len(law) == 11 and all(questions[str(p.original_id)].prompt == p.question for p in law)
    assert {q.source for q in questions.values()} == {"mmlu-pro-law"}


def test_livebench_release_filter_and_text_match() -> None:
    src = SOURCES.get("livebench-reasoning")(str(SRC / "livebench"), release="2024-07-26")
    qs = list(src.questions())
    assert {q.task for q in qs} == {"web_of_lies_v2", "zebra_puzzle", "spatial"}
    assert sum(q.task == "zebra_puzzle" for q in qs) == 50  # the 2024-11-25 puzzles are not live yet
    texts = {q.prompt for q in qs}
    reasoning = [p for p in read_pairs(CLAUDE_PAIRS) if p.source == "livebench-reasoning"]
    assert all(p.question in texts for p in reasoning)
    with pytest.raises(ConfigError):
        SOURCES.get("livebench-math")(str(SRC / "livebench"), bogus=1)


def test_livecodebench_source_decodes_private_tests(tmp_path: Path) -> None:
    row = {
        "question_title": "Add",
        "question_content": "Add two numbers.",
        "platform": "atcoder",
        "question_id": "abc999_a",
        "contest_date": "2024-01-01T00:00:00",
        "starter_code": "",
        "difficulty": "easy",
        "public_test_cases": json.dumps([{"input": "1 2\n", "output": "3\n", "testtype": "stdin"}]),
        "private_test_cases": encode_test_cases([TestCase("5 5\n", "10\n")]),
        "metadata": "{}",
    }
    path = tmp_path / "test.jsonl"
    path.write_text(json.dumps(row) + "\n" + json.dumps({**row, "question_id": "abc343_a"}) + "\n")
    qs = list(SOURCES.get("livecodebench")(str(path)).questions())
    assert [q.id for q in qs] == ["abc999_a"]  # abc343_a is in LCB's errata
    assert [c.input for c in qs[0].ground_truth.cases] == ["1 2\n", "5 5\n"]
    assert qs[0].metadata["generation_prompt"].startswith("### Question:\nAdd two numbers.")
    from judgebench.verifiers.base import VERIFIERS

    check = VERIFIERS.get("livecodebench")().check(qs[0], "a, b = map(int, input().split())\nprint(a + b)")
    assert check.passed is True


def test_jsonl_source_and_its_errors(tmp_path: Path) -> None:
    good = tmp_path / "q.jsonl"
    good.write_text(json.dumps({"question": "Pick", "answer": "B", "verifier": "mmlu-pro", "id": "x"}) + "\n")
    (q,) = SOURCES.get("jsonl")(str(good)).questions()
    assert (q.id, q.ground_truth, q.verifier) == ("x", "B", "mmlu-pro")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"question": "Pick", "answer": "B", "verifier": "nope"}) + "\n")
    with pytest.raises(MalformedRecordError, match=r"bad.jsonl:1: unknown verifier"):
        list(SOURCES.get("jsonl")(str(bad)).questions())
    with pytest.raises(ConfigError):
        SOURCES.get("jsonl")()


def test_audit_reads_question_sources_only(tmp_path: Path) -> None:
    # a judge benchmark's copy in the sources folder is not ground truth to audit against (it holds pairs)
    from judgebench.cli.audit import _questions
    from judgebench.errors import InputError

    llmbar = tmp_path / "llmbar" / "LLMBar" / "Natural"  # the layout of $JUDGEBENCH_BENCHMARKS
    llmbar.mkdir(parents=True)
    (llmbar / "dataset.json").write_bytes((SHARED / "benchmarks/llmbar/LLMBar/Natural/dataset.json").read_bytes())
    with pytest.raises(InputError, match=r"expected livebench/ or mmlu-pro/test\.jsonl inside$") as err:
        _questions(str(tmp_path))
    assert "llmbar" not in str(err.value)


def test_audit_cli_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = CLAUDE_PAIRS.read_text().splitlines()
    picked = [ln for ln in lines if '"livebench-reasoning"' in ln][:3] + [ln for ln in lines if "mmlu-pro-law" in ln][
        :2
    ]
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("\n".join(picked) + "\n")
    assert main(["audit", str(pairs), "--json", "--sources", str(SRC)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"pairs", "summary"} and len(out["pairs"]) == 5
    keys = {"pair_id", "source", "task", "correct_passes", "incorrect_passes", "agrees"}
    assert all(set(p) == keys and p["agrees"] is True for p in out["pairs"])
    assert out["summary"]["agree"] == 5


def test_audit_cli_unmatched_pair_is_null(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = json.loads(CLAUDE_PAIRS.read_text().splitlines()[0])
    record.update(question="a question nobody asked", original_id=None, source="livebench-math")
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps(record) + "\n")
    assert main(["audit", str(pairs), "--json", "--sources", str(SRC)]) == 0
    (p,) = json.loads(capsys.readouterr().out)["pairs"]
    assert (p["correct_passes"], p["incorrect_passes"], p["agrees"]) == (None, None, None)


def test_verify_cli_livebench_answers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    qfile = SRC / "livebench" / "web_of_lies_v2" / "question.jsonl"
    q = json.loads(qfile.read_text().splitlines()[0])
    answers = tmp_path / "answers.jsonl"
    rows = [
        {"question_id": q["question_id"], "model_id": "m1", "choices": [{"turns": [f"**{q['ground_truth']}**"]}]},
        {"question_id": q["question_id"], "model_id": "m2", "choices": [{"turns": ["**maybe**"]}]},
        {"question_id": "missing", "model_id": "m3", "choices": [{"turns": ["x"]}]},
    ]
    answers.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert main(["verify", "--questions", str(qfile), "--answers", str(answers), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)["answers"]
    assert [(a["model_id"], a["task"], a["correct"]) for a in got] == [
        ("m1", "web_of_lies_v2", True),
        ("m2", "web_of_lies_v2", False),
        ("m3", None, None),
    ]


def test_verify_cli_bad_answer_line_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    qfile = SRC / "livebench" / "spatial" / "question.jsonl"
    answers = tmp_path / "answers.jsonl"
    answers.write_text(json.dumps({"question_id": "x", "choices": []}) + "\n")
    assert main(["verify", "--questions", str(qfile), "--answers", str(answers)]) == 2
    err = capsys.readouterr().err
    assert "answers.jsonl:1" in err and "choices[0].turns[-1]" in err and err.count("\n") == 1
