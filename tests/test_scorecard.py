from __future__ import annotations

import json

import pytest

from judgebench.metrics.bootstrap import proportion_ci
from judgebench.metrics.scorecard import score_file
from tests.conftest import GRM, O1_MINI, SKYWORK

# Paper Tables 2 and 3, as counts over 154 / 98 / 56 / 42 / 350.
PUBLISHED = {
    O1_MINI: {"Knowledge": 58.44, "Reasoning": 62.24, "Math": 82.14, "Coding": 78.57, "Overall": 65.71},
    GRM: {"Knowledge": 62.99, "Reasoning": 53.06, "Math": 64.29, "Coding": 54.76, "Overall": 59.43},
    SKYWORK: {"Knowledge": 59.09, "Reasoning": 64.29, "Math": 76.79, "Coding": 50.00, "Overall": 62.29},
}
NS = {"Knowledge": 154, "Reasoning": 98, "Math": 56, "Coding": 42, "Overall": 350}


@pytest.mark.parametrize("path", list(PUBLISHED), ids=lambda p: p.name.split("judge_model=")[1])
def test_reproduces_every_published_cell(path):
    score = score_file(path)
    for cat, acc in PUBLISHED[path].items():
        cs = score.categories[cat]
        assert cs.n == NS[cat]
        assert cs.accuracy == acc
        assert round(100 * cs.correct / cs.n, 2) == acc
        lo, hi = cs.ci95
        assert lo <= acc <= hi


def test_o1_mini_details():
    s = score_file(O1_MINI)
    assert (s.judge_name, s.judge_model, s.response_model) == ("arena_hard", "o1-mini-2024-09-12", "gpt-4o-2024-05-13")
    assert s.decisions == {"A>B": 367, "B>A": 289, "A=B": 44, "null": 0}
    assert s.n_pairs == 350 and s.single_order_pairs == 0
    assert s.categories["Overall"].correct == 230
    assert s.outcomes["correct"] == 230
    assert sum(s.outcomes.values()) == 350


def _judged(pid, source, label, decisions):
    return {
        "pair_id": pid,
        "original_id": None,
        "source": source,
        "question": "q",
        "response_model": "m",
        "response_A": "a",
        "response_B": "b",
        "label": label,
        "judge_name": "vanilla",
        "judgments": [None if d == "none-entry" else {"judgment": {}, "decision": d} for d in decisions],
    }


def test_hand_computed_file(tmp_path):
    rows = [
        _judged("1", "mmlu-pro-law", "A>B", ["A>B", "B>A"]),  # correct
        _judged("2", "mmlu-pro-law", "A>B", ["A>B", "A=B"]),  # correct, inconsistent
        _judged("3", "livebench-math", "B>A", ["B>A", "B>A"]),  # undecided (0), inconsistent
        _judged("4", "livebench-math", "B>A", ["A=B", "A=B"]),  # undecided
        _judged("5", "livecodebench", "A>B", ["none-entry", None]),  # undecided, 2 nulls
        _judged("6", "livecodebench", "A>B", ["A>B"]),  # single order, correct
        _judged("7", "livebench-reasoning", "B>A", ["B>A", "A=B"]),  # wrong? aligned [B>A, A=B] → +1 → correct
        _judged("8", "livebench-reasoning", "A>B", ["B>A", "A>B"]),  # incorrect (-2)
    ]
    f = tmp_path / "h.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in rows))
    s = score_file(f, bootstrap=0)
    got = {k: (v.correct, v.n) for k, v in s.categories.items()}
    assert got == {"Knowledge": (2, 2), "Reasoning": (1, 2), "Math": (0, 2), "Coding": (1, 2), "Overall": (4, 8)}
    assert s.categories["Overall"].accuracy == 50.0
    assert s.categories["Overall"].ci95 is None
    assert s.decisions == {"A>B": 4, "B>A": 5, "A=B": 4, "null": 2}
    assert s.inconsistent_pairs == 3  # pairs 2, 3, 7
    assert s.single_order_pairs == 1
    assert s.outcomes == {"correct": 4, "incorrect": 1, "undecided": 3}
    first = score_file(f, bootstrap=0, rule="first")
    assert first.categories["Overall"].correct == 5  # pairs 1, 2, 3, 6, 7


def test_bootstrap_is_seeded_and_sane():
    a = proportion_ci(230, 350, seed=1)
    b = proportion_ci(230, 350, seed=1)
    c = proportion_ci(230, 350, seed=2)
    assert a == b
    assert a != c
    lo, hi = a
    # normal approximation: 65.71 ± 1.96 * sqrt(p(1-p)/n) * 100 ≈ ± 4.97
    assert 60.0 < lo < 61.5 and 70.0 < hi < 71.5
    assert proportion_ci(0, 0) is None
    assert proportion_ci(5, 5) == (100.0, 100.0)


def _synthetic(path, n, *, seed=0, extra=""):
    import random

    rng = random.Random(seed)
    opts = ["A>B", "B>A", "A=B", None, "entry-null", "failed", "legacy"]
    sources = ["mmlu-pro-law", "livebench-math", "livebench-reasoning", "livecodebench", "my-own-data"]
    with open(path, "w") as fh:
        for i in range(n):
            js = []
            for _ in range(1 if i % 7 == 0 else 2):
                d = rng.choice(opts)
                entry = {"judgment": {"judge_model": "m/j", "prompt": "x" * 50}, "decision": d}
                if d in ("failed", "legacy"):  # a failed call; an old record of a reply without a verdict
                    entry.update(decision=None, error="call failed (timeout)" if d == "failed" else "unparseable: x")
                js.append(None if d == "entry-null" else entry)
            row = _judged(f"p{i}", sources[i % 5], "A>B" if rng.random() < 0.5 else "B>A", [])
            row["judgments"] = js
            row["question"] = "q" * 200
            fh.write(json.dumps(row) + "\n")
        fh.write(extra)


def _spy_columns(monkeypatch):
    """Count the columnar reader's calls from score_file (the fast path really ran)."""
    from judgebench.metrics import scorecard

    calls = []
    real = scorecard.read_columns

    def spy(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(scorecard, "read_columns", spy)
    return calls


def test_columnar_fast_path_matches_sequential(tmp_path, monkeypatch):
    calls = _spy_columns(monkeypatch)
    f = tmp_path / "big.jsonl"
    _synthetic(f, 3000)
    score_file(f)
    assert calls  # the fast path really ran
    for rule in ("vote", "first", "agree"):
        fast = score_file(f, rule=rule)
        slow = score_file(f, rule=rule, columnar=False)
        assert fast.to_dict() == slow.to_dict()
    assert fast.single_order_pairs == 429 and fast.categories["Other"].n == 600
    assert 0 < fast.failed_judgments < fast.decisions["null"]  # null entries and errors; not the other nulls


def test_columnar_fast_path_matches_sequential_under_llmbar_rules(tmp_path, monkeypatch):
    f = tmp_path / "big.jsonl"
    _synthetic(f, 3000)
    for rule in ("second", "average"):
        fast = score_file(f, rule=rule)
        assert fast.to_dict() == score_file(f, rule=rule, columnar=False).to_dict()
    # average counts in half credits: 2 units per pair, single-order pairs included
    assert fast.categories["Other"].n == 1200 and fast.categories["Overall"].n == 6000


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('{"pair_id": "p5"}\n', r":3001: missing keys 'original_id', 'source', 'question'"),
        ("not json\n", r":3001: not valid JSON"),
    ],
)
def test_columnar_fast_path_falls_back_to_exact_errors(tmp_path, monkeypatch, extra, message):
    from judgebench.errors import InputError

    f = tmp_path / "big.jsonl"
    _synthetic(f, 3000, extra=extra)
    with pytest.raises(InputError, match=message):
        score_file(f)


@pytest.mark.parametrize("mutate", ["drop_original_id", "decision_key_missing", "bad_decision", "duplicate", "three"])
def test_columnar_rejects_what_sequential_must_report(tmp_path, monkeypatch, mutate):
    from judgebench.errors import InputError

    calls = _spy_columns(monkeypatch)
    f = tmp_path / "big.jsonl"
    _synthetic(f, 500)
    lines = f.read_text().splitlines()
    row = json.loads(lines[-1])
    if mutate == "drop_original_id":
        del row["original_id"]
    elif mutate == "decision_key_missing":
        row["judgments"] = [{"judgment": {}}]
    elif mutate == "bad_decision":
        row["judgments"] = [{"judgment": {}, "decision": "A>>B"}]
    elif mutate == "duplicate":
        row["pair_id"] = "p0"
    elif mutate == "three":
        row["judgments"] = [None, None, None]
    lines[-1] = json.dumps(row)
    f.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=r":500: "):
        score_file(f)
    assert calls  # the columnar reader refused the record and the exact validators named its line


def test_the_default_draws_and_seed_give_the_published_intervals() -> None:
    # score_file's defaults (1000 draws, seed 0) are part of every figure a user quotes: on o1-mini's recorded
    # release file 999 draws move Reasoning's upper bound (71.45 → 71.48) and seed 1 moves Overall's lower one
    card = score_file(O1_MINI).to_dict()
    assert card["categories"]["Reasoning"]["ci95"] == [53.06, 71.45]
    assert card["categories"]["Overall"]["ci95"] == [60.57, 70.57]
    assert score_file(O1_MINI, bootstrap=999).to_dict()["categories"]["Reasoning"]["ci95"] != [53.06, 71.45]
    assert score_file(O1_MINI, seed=1).to_dict()["categories"]["Overall"]["ci95"] != [60.57, 70.57]


def test_score_by_shape_scores_judged_pairs_as_score_file_does(tmp_path) -> None:
    # the shape dispatcher (the score command, the API) gives score_file's figures with its defaults, passes the
    # rule through, and refuses an unknown rule even for a file it would not score with one
    from judgebench.errors import ConfigError
    from judgebench.metrics.by_shape import score_by_shape

    assert score_by_shape(O1_MINI).to_dict() == score_file(O1_MINI).to_dict()
    assert score_by_shape(O1_MINI).to_dict()["categories"]["Reasoning"]["ci95"] == [53.06, 71.45]
    assert score_by_shape(O1_MINI, rule="first").to_dict() == score_file(O1_MINI, rule="first").to_dict()
    with pytest.raises(ConfigError):
        score_by_shape(O1_MINI, rule="no-such-rule")
