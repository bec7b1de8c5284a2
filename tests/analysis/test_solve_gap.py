"""Judge versus solve against a hand-worked solve file in the fixed ``judgebench solve`` format."""

from __future__ import annotations

import pytest

from judgebench.analysis.judged import file_kind, load_judged
from judgebench.analysis.solve_gap import load_solve, match_solves, solve_gap
from judgebench.errors import ConfigError, DuplicatePairError, MalformedRecordError
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
