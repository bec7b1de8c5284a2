"""The analyses' view of a judged file: per-pair columns, rules, verdicts, categories in order, names, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from judgebench.analysis.judged import load_files, load_judged, shared_indices
from judgebench.errors import ConfigError, InputError, MalformedRecordError
from tests.analysis.fixtures import J1, J2, write_judged
from tests.conftest import GPT_PAIRS


@pytest.fixture
def j1(tmp_path):
    return load_judged(write_judged(tmp_path / "j1.jsonl", J1))


def test_columns_in_file_order(j1):
    assert j1.n == 8 and j1.pair_ids == [f"p{i}" for i in range(1, 9)]
    assert j1.labels == ["A>B", "A>B", "B>A", "B>A", "A>B", "B>A", "A>B", "B>A"]
    assert j1.label_a.tolist() == [True, True, False, False, True, False, True, False]
    assert j1.decisions == [d for *_, d, _, _ in J1]
    assert j1.aligned()[0] == ["A>B", "A>B"] and j1.aligned()[3] == ["B>A", "A>B"] and j1.aligned()[7] == ["A>B", "A=B"]
    assert j1.len_a.tolist() == [10, 3, 4, 6, 7, 9, 2, 1] and j1.len_b.tolist() == [5, 8, 9, 6, 2, 1, 4, 5]
    assert j1.orders.tolist() == [2] * 8
    assert j1.categories == ["Knowledge"] * 4 + ["Math"] * 4
    assert j1.category_array().tolist() == j1.categories


def test_rules_and_verdicts_by_hand(j1):
    # the fixture's table: vote right p1 p5 p6; first order right p1 p2 p4 p5 p6; both orders right p1 p5 p6
    assert np.flatnonzero(j1.correct("vote")).tolist() == [0, 4, 5]
    assert np.flatnonzero(j1.correct()).tolist() == [0, 4, 5]
    assert np.flatnonzero(j1.correct("first")).tolist() == [0, 1, 3, 4, 5]
    assert np.flatnonzero(j1.correct("agree")).tolist() == [0, 4, 5]
    # the second order alone, flipped back: A>B B>A A>B A>B A>B B>A A=B A=B against the labels
    assert np.flatnonzero(j1.correct("second")).tolist() == [0, 4, 5]
    assert j1.verdicts() == ["A", "-", "A", "-", "A", "B", "-", "A"]
    assert j1.verdict_codes().tolist() == [0, 2, 0, 2, 0, 1, 2, 0]
    again = j1.correct("first")
    assert j1.correct("first") is again  # evaluated once per rule


def test_one_order_and_failed_decisions(tmp_path):
    rows = [
        ("a", "mmlu-pro-law", "A>B", ["B>A"], 1, 1),
        ("b", "mmlu-pro-law", "B>A", [None, "A>B"], 1, 1),
        ("c", "mmlu-pro-law", "A>B", ["A>B", None], 1, 1),
    ]
    jf = load_judged(write_judged(tmp_path / "x.jsonl", rows))
    assert jf.decisions == [["B>A"], [None, "A>B"], ["A>B", None]]
    assert jf.orders.tolist() == [1, 2, 2]
    assert jf.verdicts() == ["B", "B", "A"]  # b: the second order, flipped back, picks B
    assert jf.correct("vote").tolist() == [False, True, True]
    assert jf.correct("first").tolist() == [False, False, True]


def test_categories_paper_first_then_declared_in_order_met_then_other(tmp_path):
    sources = ["zzz-unknown", "llmbar-natural", "livecodebench", "llmbar-adversarial-manual", "mmlu-pro-law"]
    sources += ["livebench-math", "llmbar-natural", "livebench-reasoning"]
    rows = [(f"p{i}", s, "A>B", ["A>B", "B>A"], 1, 1) for i, s in enumerate(sources)]
    jf = load_judged(write_judged(tmp_path / "x.jsonl", rows))
    groups = [(cat, idx.tolist()) for cat, idx in jf.groups()]
    assert groups == [
        ("Knowledge", [4]),
        ("Reasoning", [7]),
        ("Math", [5]),
        ("Coding", [2]),
        ("Natural", [1, 6]),
        ("Manual", [3]),
        ("Other", [0]),
        ("Overall", list(range(8))),
    ]
    assert jf.categories[:4] == ["Other", "Natural", "Coding", "Manual"]


def test_names_from_the_records_else_the_file_name(tmp_path):
    named = load_judged(write_judged(tmp_path / "a.jsonl", J1, judge_model="m1", judge_name="pairwise"))
    assert (named.name, named.judge_name, named.judge_model, named.response_model) == (
        "m1",
        "pairwise",
        "m1",
        "gpt-4o-2024-05-13",
    )
    path = tmp_path / "dataset=x,response_model=r9,judge_name=vanilla,judge_model=file-model.jsonl"
    source = write_judged(tmp_path / "b.jsonl", J1[:2], response_model="record-model")
    records = [json.loads(line) for line in Path(source).read_text().splitlines()]
    for r in records:
        del r["judge_name"]
        for j in r["judgments"]:
            del j["judgment"]["judge_model"]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    from_name = load_judged(path)
    assert (from_name.judge_name, from_name.judge_model, from_name.response_model) == (
        "vanilla",
        "file-model",
        "record-model",
    )
    assert from_name.name == "file-model"
    plain = tmp_path / "plain.jsonl"
    plain.write_text(path.read_text())
    nameless = load_judged(plain)
    assert (nameless.judge_name, nameless.judge_model, nameless.name) == (None, None, "plain.jsonl")
    only_name = tmp_path / "only.jsonl"
    only_name.write_text("".join(json.dumps({**r, "judge_name": "vanilla"}) + "\n" for r in records))
    assert load_judged(only_name).name == "vanilla"


def test_pairs_without_judgments_load_only_when_asked():
    pairs = load_judged(GPT_PAIRS, require_judgments=False)
    assert (pairs.judged, pairs.n, pairs.decisions[0], pairs.orders[:3].tolist()) == (False, 350, [], [0, 0, 0])
    assert pairs.response_model == "gpt-4o-2024-05-13" and pairs.judge_name is None
    with pytest.raises(MalformedRecordError, match="missing key 'judgments'"):
        load_judged(GPT_PAIRS)


def test_refusals(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.raises(MalformedRecordError, match="no pairs in file"):
        load_judged(empty, require_judgments=False)
    with pytest.raises(ConfigError, match="analyze position needs at least 1 files"):
        load_files("position", [])
    path = write_judged(tmp_path / "a.jsonl", J1)
    with pytest.raises(ConfigError, match="analyze agreement needs at least 2 files"):
        load_files("agreement", [path], 2)
    files = load_files("agreement", [path, path], 2)
    assert [f.path for f in files] == [path, path]
    with pytest.raises(InputError):
        load_files("position", [str(tmp_path / "missing.jsonl")])


def test_shared_indices_in_the_first_files_order(tmp_path):
    a = load_judged(write_judged(tmp_path / "a.jsonl", J1))
    b = load_judged(write_judged(tmp_path / "b.jsonl", list(reversed(J2[1:6]))))  # p6 p5 p4 p3 p2
    ia, ib = shared_indices(a, b)
    assert ia.tolist() == [1, 2, 3, 4, 5] and ib.tolist() == [4, 3, 2, 1, 0]
    assert [a.pair_ids[i] for i in ia] == [b.pair_ids[i] for i in ib]
    none_a, none_b = shared_indices(a, load_judged(write_judged(tmp_path / "c.jsonl", [("x", *J1[0][1:])])))
    assert none_a.tolist() == none_b.tolist() == [] and none_a.dtype == np.int64


def test_same_questions_share_a_key(tmp_path):
    jf = load_judged(write_judged(tmp_path / "q.jsonl", J1[:3], questions=["same", "other", "same"]))
    keys = jf.question_keys
    assert keys[0] == keys[2] != keys[1]


def test_a_view_built_by_hand_is_judged_unless_told():
    from judgebench.analysis.judged import JudgedFile

    assert JudgedFile("x.jsonl", None, None, None).judged is True


def test_columns_without_judgments_are_refused_unless_asked_and_judged_wrong_everywhere():
    from judgebench.analysis.judged import from_columns
    from judgebench.judged_columns import read_columns

    cols = read_columns(GPT_PAIRS, require_judgments=False)
    with pytest.raises(InputError, match="no judgments in file"):
        from_columns(cols)
    pairs = from_columns(cols, require_judgments=False)
    assert pairs.judged is False and pairs.n == 350
    # no decision: no rule credits a pair, no verdict, no order judged
    for rule in ("vote", "first", "agree"):
        assert not pairs.correct(rule).any()
    assert set(pairs.verdicts()) == {"-"} and pairs.label_a.sum() + (~pairs.label_a).sum() == 350


def test_the_judge_model_and_name_are_the_first_the_records_give(tmp_path):
    rows = [json.loads(line) for line in Path(write_judged(tmp_path / "a.jsonl", J1[:3])).read_text().splitlines()]
    del rows[0]["judgments"][0]["judgment"]["judge_model"], rows[0]["judgments"][1]["judgment"]["judge_model"]
    del rows[1]["judge_name"]
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    jf = load_judged(path)
    # judges met: (arena_hard, no model), (no name, judge-one), (arena_hard, judge-one)
    assert (jf.judge_name, jf.judge_model, jf.name) == ("arena_hard", "judge-one", "judge-one")


def test_question_digests_are_read_only_when_asked(tmp_path):
    """The analyses' loader skips hashing questions unless matching by question is asked for; a file read
    without them says so rather than matching nothing."""
    path = write_judged(tmp_path / "j1.jsonl", J1)
    (plain,) = load_files("position", [path])
    with pytest.raises(ValueError, match="without question digests"):
        plain.question_keys  # noqa: B018 - the property raises
    (matched,) = load_files("self-preference", [path], questions=True)
    assert len(matched.question_keys) == len(J1) == len(set(matched.question_keys))
    assert load_judged(path).question_keys == matched.question_keys  # load_judged keeps them by default
