"""Raw FairEval as pairs, field by field: ChatGPT's answer at A, Vicuna's at B, the human verdict as the label,
questions in id order, ties counted; the checkout's refusals; the pinned download of its four files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import judgebench.hub as hub
from judgebench.errors import ConfigError, InputError
from judgebench.importers import faireval
from judgebench.importers.pair_records import stable_pair_id

FIXTURE = Path(__file__).parent / "fixtures" / "faireval"


def checkout(tmp_path: Path, questions, answers_a, answers_b, review: str) -> Path:
    root = tmp_path / "FairEval"
    (root / "answer").mkdir(parents=True)
    (root / "review").mkdir()
    for rel, rows in (("question.jsonl", questions), ("answer/answer_gpt35.jsonl", answers_a),
                      ("answer/answer_vicuna-13b.jsonl", answers_b)):  # fmt: skip
        (root / rel).write_text("".join(json.dumps(r) + "\n" for r in rows))
    (root / "review" / "review_gpt35_vicuna-13b_human.txt").write_text(review)
    return root


def q(i, text=None, category="generic"):
    return {"question_id": i, "text": text or f"question {i}", "category": category}


def ans(i, who):
    return {"answer_id": f"{who}-{i}", "model_id": who, "question_id": i, "text": f"{who} answers {i}", "metadata": {}}


def test_pairs_field_by_field(tmp_path):
    # the question file out of order: verdicts follow the question ids in order
    root = checkout(tmp_path, [q(3, category="writing"), q(1), q(2)], [ans(i, "gpt") for i in (1, 2, 3)],
                    [ans(i, "vic") for i in (3, 2, 1)], "VICUNA13B\nTIE\n CHATGPT\n")  # fmt: skip
    pairs, ties = faireval.import_faireval(root)
    assert ties == 1
    first, third = pairs
    assert first.to_dict() == {
        "pair_id": stable_pair_id("faireval", "question 1", "gpt answers 1", "vic answers 1"),
        "original_id": 1,
        "source": "faireval",
        "question": "question 1",
        "response_model": "mixed",
        "response_A": "gpt answers 1",
        "response_B": "vic answers 1",
        "label": "B>A",
        "model_A": "gpt-3.5-turbo",
        "model_B": "vicuna-13b",
        "category": "generic",
    }
    assert (third.original_id, third.label, third.extra["category"]) == (3, "A>B", "writing")
    assert third.response_A == "gpt answers 3" and third.response_B == "vic answers 3"


def test_run_counts_the_ties_and_takes_no_options(tmp_path):
    result = faireval.run_faireval(str(FIXTURE), {})
    assert [r["original_id"] for r in result.records] == [1, 3] and result.left_out == {"ties": 1}
    root = checkout(tmp_path, [q(1)], [ans(1, "g")], [ans(1, "v")], "CHATGPT")
    assert faireval.run_faireval(str(root), {}).left_out == {}  # no tie: nothing said
    with pytest.raises(ConfigError, match=r"import faireval: unknown option x \(known: none\)"):
        faireval.run_faireval(str(root), {"x": "1"})


def test_refusals(tmp_path):
    with pytest.raises(InputError, match="not a folder"):
        faireval.import_faireval(tmp_path / "missing")
    root = checkout(tmp_path, [q(1), q(2)], [ans(1, "g"), ans(2, "g")], [ans(1, "v")], "CHATGPT\nVICUNA13B\n")
    with pytest.raises(InputError) as e:
        faireval.import_faireval(root)
    assert str(e.value) == f"{root / 'answer'}: question 2 has no answer from both models"
    (root / "review" / "review_gpt35_vicuna-13b_human.txt").write_text("CHATGPT\nTIE\n")
    assert [p.original_id for p in faireval.import_faireval(root)[0]] == [1]  # a tie needs no answers
    (root / "review" / "review_gpt35_vicuna-13b_human.txt").unlink()
    with pytest.raises(InputError, match=r"review_gpt35_vicuna-13b_human\.txt: no such file"):
        faireval.import_faireval(root)
    (root / "question.jsonl").write_text(json.dumps({"question_id": "1", "text": "t"}) + "\n")
    with pytest.raises(InputError, match="row 1: 'question_id' must be int"):
        faireval.import_faireval(root)
    (root / "question.jsonl").write_text(json.dumps({"question_id": 1, "text": None}) + "\n")
    with pytest.raises(InputError, match="row 1: 'text' must be str"):
        faireval.import_faireval(root)


def test_the_four_files_are_downloaded_once_at_the_pinned_commit(tmp_path, monkeypatch):
    monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("JUDGEBENCH_GITHUB_RAW", "http://raw.example/")
    fetched = []

    def fake_download(url, dest, **kw):
        fetched.append(url)
        rel = url.split(f"{faireval.FAIREVAL_COMMIT}/", 1)[1]
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURE / rel, dest)
        return dest

    monkeypatch.setattr(hub, "download", fake_download)
    root = faireval.folder_files(None)
    assert root == tmp_path / "cache" / "benchmarks" / "faireval"
    base = f"http://raw.example/i-Eval/FairEval/{faireval.FAIREVAL_COMMIT}"
    assert fetched == [
        f"{base}/question.jsonl",
        f"{base}/answer/answer_gpt35.jsonl",
        f"{base}/answer/answer_vicuna-13b.jsonl",
        f"{base}/review/review_gpt35_vicuna-13b_human.txt",
    ]
    assert faireval.folder_files(None) == root and len(fetched) == 4  # cached: nothing fetched again
    (root / "review" / "review_gpt35_vicuna-13b_human.txt").unlink()
    faireval.run_faireval(None, {})
    assert fetched[4:] == [f"{base}/review/review_gpt35_vicuna-13b_human.txt"]
    assert faireval.folder_files(str(tmp_path)) == tmp_path  # a checkout given: used as it is
