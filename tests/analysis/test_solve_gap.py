"""Judge versus solve against a hand-worked solve file in the fixed ``judgebench solve`` format."""

from __future__ import annotations

import json

import pytest

from judgebench.analysis.judged import file_kind, load_judged
from judgebench.analysis.solve_gap import load_solve, match_solves, solve_gap
from judgebench.errors import ConfigError, DuplicatePairError, InputError, MalformedRecordError
from tests.analysis.fixtures import J1, K, M, write_judged, write_solve

# p8 is judged but not solved; p9 solved but not judged
OUTCOMES = {
    "p1": (K, "correct"),
    "p2": (K, "correct"),
    "p3": (K, "incorrect"),
    "p4": (K, "unverifiable"),
    "p5": (M, "correct"),
    "p6": (M, "incorrect"),
    "p7": (M, "correct"),
    "p9": (M, "correct"),
}


def test_by_hand(tmp_path):
    jf = load_judged(write_judged(tmp_path / "j.jsonl", J1))
    sf = load_solve(write_solve(tmp_path / "s.jsonl", OUTCOMES))
    assert file_kind(sf.path) == "solve" and file_kind(jf.path) == "judged"
    g = solve_gap(jf, sf, iterations=500)
    assert (g.pairs_only_judged, g.pairs_only_solved) == (1, 1)
    o = g.categories["Overall"]
    # on p1..p7: solver right p1 p2 p5 p7 (4/7, p4 unverifiable), judge right p1 p5 p6 (3/7)
    assert (o.solver.k, o.solver.n, o.solver.value, o.unverifiable) == (4, 7, 57.14, 1)
    assert (o.judge.k, o.judge.value) == (3, 42.86)
    # both p1 p5, only judge p6, only solver p2 p7, neither p3 p4: diff -1/7, McNemar n=3 k=1 -> p = 1
    assert (o.gap.both, o.gap.only_a, o.gap.only_b, o.gap.neither, o.gap.diff, o.gap.p_value) == (
        2,
        1,
        2,
        2,
        -14.29,
        1.0,
    )
    assert o.gap.ci95[0] <= -14.29 <= o.gap.ci95[1]
    k, m = g.categories["Knowledge"], g.categories["Math"]
    assert (k.solver.value, k.unverifiable, k.judge.value, k.gap.diff) == (50.0, 1, 25.0, -25.0)
    assert (m.solver.value, m.judge.value, m.gap.diff) == (66.67, 66.67, 0.0)


def test_matching(tmp_path):
    j1 = load_judged(write_judged(tmp_path / "a.jsonl", J1, judge_model="model-x"))
    j2 = load_judged(write_judged(tmp_path / "b.jsonl", J1, judge_model="org/model-y"))
    sy = load_solve(write_solve(tmp_path / "s.jsonl", OUTCOMES, model="org_model-y"))
    assert [(j.judge_model, s.model) for j, s in match_solves([j1, j2], [sy])] == [("org/model-y", "org_model-y")]
    sz = load_solve(write_solve(tmp_path / "z.jsonl", OUTCOMES, model="model-z"))
    with pytest.raises(ConfigError, match="no judged file by solver model 'model-z'"):
        match_solves([j1, j2], [sz])


def test_bad_solve_files(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"pair_id": "p1", "source": "x", "model": "m", "outcome": "maybe"}\n')
    with pytest.raises(MalformedRecordError, match=r"bad.jsonl:1: unknown outcome 'maybe'"):
        load_solve(bad)
    bad.write_text('{"pair_id": "p1", "source": "x", "model": "m", "outcome": "correct"}\n{"pair_id": "p1"}\n')
    with pytest.raises(MalformedRecordError, match=r"bad.jsonl:2: missing key 'source'"):
        load_solve(bad)
    row = '{"pair_id": "p1", "source": "x", "model": "m", "outcome": "correct"}\n'
    bad.write_text(row * 2)
    with pytest.raises(DuplicatePairError, match=r"bad.jsonl:2: duplicate pair_id 'p1'"):
        load_solve(bad)


def test_the_only_judged_and_solve_files_pair_whatever_their_models(tmp_path):
    # one judged file and one solve file are compared as they are (the user gave exactly those), even when the
    # judge model and the solver are named differently; two of either are matched by model
    j = load_judged(write_judged(tmp_path / "a.jsonl", J1, judge_model="model-x"))
    s = load_solve(write_solve(tmp_path / "s.jsonl", OUTCOMES, model="another-name"))
    assert match_solves([j], [s]) == [(j, s)]


def test_the_command_entry_point(tmp_path):
    from judgebench.analysis.solve_gap import solve_gap_files

    judged = write_judged(tmp_path / "j.jsonl", J1)
    solved = write_solve(tmp_path / "s.jsonl", OUTCOMES)
    (only,) = solve_gap_files([str(judged), str(solved)]).items
    jf, sf = load_judged(judged), load_solve(solved)
    assert only.to_dict() == solve_gap(jf, sf, iterations=1000, seed=0).to_dict()
    assert only.to_dict() != solve_gap(jf, sf, iterations=1000, seed=1).to_dict()
    with pytest.raises(ConfigError, match="needs judged files and solve-result files"):
        solve_gap_files([str(judged)])
    with pytest.raises(ConfigError, match="needs judged files and solve-result files"):
        solve_gap_files([str(solved)])


def test_solve_records_checked_and_the_first_named_model_kept(tmp_path):
    bad = tmp_path / "bad.jsonl"
    for key, value, kind in [("pair_id", 3, "int"), ("source", None, "NoneType"), ("model", ["m"], "list")]:
        row = {"pair_id": "p1", "source": "x", "model": "m", "outcome": "correct", key: value}
        bad.write_text(
            '{"pair_id": "p0", "source": "x", "model": "m", "outcome": "correct"}\n' + json.dumps(row) + "\n"
        )
        with pytest.raises(MalformedRecordError, match=rf"bad.jsonl:2: '{key}' must be a string, got {kind}"):
            load_solve(bad)
    for key in ("pair_id", "model", "outcome"):
        row = {"pair_id": "p1", "source": "x", "model": "m", "outcome": "correct"}
        del row[key]
        bad.write_text(json.dumps(row) + "\n")
        with pytest.raises(MalformedRecordError, match=rf"bad.jsonl:1: missing key '{key}' \(is this a solve-results"):
            load_solve(bad)
    bad.write_text("")
    with pytest.raises(MalformedRecordError, match="no solve results in file"):
        load_solve(bad)
    rows = [
        {"pair_id": "a", "source": "livecodebench", "model": "", "outcome": "unverifiable"},
        {"pair_id": "b", "source": "zzz", "model": "solver-1", "outcome": "incorrect"},
        {"pair_id": "c", "source": "mmlu-pro-law", "model": "solver-2", "outcome": "correct"},
    ]
    good = tmp_path / "good.jsonl"
    good.write_text("".join(json.dumps(r) + "\n" for r in rows))
    sf = load_solve(good)
    assert (sf.path, sf.model, sf.pair_ids) == (str(good), "solver-1", ["a", "b", "c"])
    assert (sf.categories, sf.outcomes) == (["Coding", "Other", "Knowledge"], ["unverifiable", "incorrect", "correct"])


def test_categories_in_paper_order_then_other_and_the_json(tmp_path):
    rows = [
        ("c1", "livecodebench", "A>B", ["A>B", "B>A"], 1, 1),  # judge right
        ("r1", "livebench-reasoning", "B>A", ["A>B", "B>A"], 1, 1),  # judge wrong
        ("x1", "zzz-unknown", "A>B", ["A>B", "B>A"], 1, 1),  # judge right
        ("k1", "mmlu-pro-law", "A>B", ["B>A", "A>B"], 1, 1),  # judge wrong
    ]
    judged = write_judged(tmp_path / "j.jsonl", rows, judge_model="m")
    outcomes = {"x1": ("zzz-unknown", "incorrect"), "k1": ("mmlu-pro-law", "correct")}
    outcomes |= {"c1": ("livecodebench", "correct"), "r1": ("livebench-reasoning", "unverifiable")}
    solved = write_solve(tmp_path / "s.jsonl", outcomes, model="m")
    g = solve_gap(load_judged(judged), load_solve(solved), iterations=0)
    assert list(g.categories) == ["Knowledge", "Reasoning", "Coding", "Other", "Overall"]
    table = {k: (c.solver.k, c.solver.n, c.unverifiable, c.judge.k, c.gap.diff) for k, c in g.categories.items()}
    assert table == {
        "Knowledge": (1, 1, 0, 0, -100.0),
        "Reasoning": (0, 1, 1, 0, 0.0),
        "Coding": (1, 1, 0, 1, 0.0),
        "Other": (0, 1, 0, 1, 100.0),
        "Overall": (2, 4, 1, 2, 0.0),
    }
    data = g.to_dict()
    assert {k: v for k, v in data.items() if k != "categories"} == {
        "judged_file": judged,
        "solve_file": solved,
        "judge_name": "arena_hard",
        "judge_model": "m",
        "solver_model": "m",
        "pairs_only_judged": 0,
        "pairs_only_solved": 0,
    }
    assert data["categories"]["Other"] == {
        "solver_accuracy": {"value": 0.0, "k": 0, "n": 1, "ci95": None},
        "unverifiable": 0,
        "judge_accuracy": {"value": 100.0, "k": 1, "n": 1, "ci95": None},
        "gap": g.categories["Other"].gap.to_dict(),
    }
    assert data["categories"]["Other"]["gap"]["table"] == {"both": 0, "only_a": 1, "only_b": 0, "neither": 0}


def test_no_shared_pair_and_the_default_draws(tmp_path):
    jf = load_judged(write_judged(tmp_path / "j.jsonl", J1))
    other = load_solve(write_solve(tmp_path / "o.jsonl", {"zz": (K, "correct")}))
    with pytest.raises(InputError, match="no pair_id in common with"):
        solve_gap(jf, other)
    sf = load_solve(write_solve(tmp_path / "s.jsonl", OUTCOMES))
    default = solve_gap(jf, sf).to_dict()
    assert default == solve_gap(jf, sf, iterations=1000, seed=0).to_dict()
    assert default != solve_gap(jf, sf, iterations=999, seed=0).to_dict()
    assert default["categories"]["Overall"]["solver_accuracy"]["ci95"] is not None


def test_each_solve_file_meets_every_judged_file_of_its_model_sharing_pairs(tmp_path):
    a = load_judged(write_judged(tmp_path / "a.jsonl", J1, judge_model="Org/Model-Y"))
    b = load_judged(write_judged(tmp_path / "b.jsonl", J1[:2], judge_model="org/model-y", judge_name="other"))
    elsewhere = [(f"z{i}", *rest) for i, (_, *rest) in enumerate(J1)]
    c = load_judged(write_judged(tmp_path / "c.jsonl", elsewhere, judge_model="org_model-y"))  # no shared pair
    x = load_judged(write_judged(tmp_path / "x.jsonl", J1, judge_model="model-x"))
    sy = load_solve(write_solve(tmp_path / "s.jsonl", OUTCOMES, model="org_model-y"))
    sx = load_solve(write_solve(tmp_path / "t.jsonl", OUTCOMES, model="model-x"))
    got = [(j.path, s.path) for j, s in match_solves([a, b, c, x], [sy, sx])]
    assert got == [(a.path, sy.path), (b.path, sy.path), (x.path, sx.path)]
    with pytest.raises(
        ConfigError, match=r"no judged file by solver model 'model-x' on its pairs \(judges: org_model-y\)"
    ):
        match_solves([c], [sx, sy])
