"""``judgebench analyze ...``: JSON and tables on the recorded outputs and fixtures, bad input exits 2."""

from __future__ import annotations

import json

import pytest

from judgebench.cli.main import main
from tests.analysis.fixtures import J1, J2, write_judged, write_solve
from tests.conftest import GPT_PAIRS, GRM, O1_MINI, SKYWORK


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_position_json_and_table(capsys):
    code, out, _ = run(capsys, "analyze", "position", str(O1_MINI), "--json", "--bootstrap", "200")
    assert code == 0
    o = json.loads(out)["results"][0]["categories"]["Overall"]
    assert (
        o["inconsistent"]["k"] == 110 and o["flip_rate"]["value"] == 21.71 and o["accuracy"]["first"]["value"] == 70.86
    )
    code, out, _ = run(capsys, "analyze", "position", str(O1_MINI), "--bootstrap", "100")
    assert code == 0 and "Position bias · o1-mini-2024-09-12" in out and "58 / 18" in out


def test_compare_two_and_tiers(capsys):
    code, out, _ = run(capsys, "analyze", "compare", str(O1_MINI), str(SKYWORK), "--json")
    res = json.loads(out)
    assert code == 0 and res["comparison"]["categories"]["Overall"]["diff"] == 3.43
    assert [t["tier"] for t in res["tiers"]] == [1, 1]
    code, out, _ = run(capsys, "analyze", "compare", str(O1_MINI), str(SKYWORK), str(GRM))
    assert code == 0 and "Tiers" in out and "0.07976" in out
    code, _, err = run(capsys, "analyze", "compare", str(O1_MINI))
    assert code == 2 and "at least 2 files" in err


def test_length_on_pairs_and_judged(capsys):
    code, out, _ = run(capsys, "analyze", "length", str(GPT_PAIRS), str(O1_MINI), "--json", "--bootstrap", "0")
    a, b = json.loads(out)["results"]
    assert code == 0 and (a["judge_name"], a["judge_model"]) == (None, None)  # pairs without judgments
    assert (b["judge_name"], b["judge_model"]) == ("arena_hard", "o1-mini-2024-09-12")
    assert b["categories"]["Overall"]["prefers_longer"]["value"] == 46.1
    assert a["categories"]["Overall"]["baselines"] == b["categories"]["Overall"]["baselines"]


def test_agreement(capsys):
    code, out, _ = run(capsys, "analyze", "agreement", str(O1_MINI), str(GRM), str(SKYWORK), "--json")
    assert code == 0 and [r["kappa"] for r in json.loads(out)["results"]] == [0.142, 0.295, 0.423]


def test_self_preference_and_own_flag(capsys, tmp_path):
    own = write_judged(tmp_path / "own.jsonl", J1, judge_model="acme-1", response_model="claude-x")
    other = write_judged(tmp_path / "other.jsonl", J2, judge_model="acme-1", response_model="gpt-4o")
    code, _, err = run(capsys, "analyze", "self-preference", other, own)
    assert code == 2 and "cannot tell which split" in err and "--own" in err
    code, out, _ = run(capsys, "analyze", "self-preference", other, own, "--own", own, "--json")
    res = json.loads(out)
    assert code == 0 and res["own_file"] == own and res["gap"]["Overall"]["value"] == -37.5
    code, _, err = run(capsys, "analyze", "self-preference", other, own, "--own", str(tmp_path / "nope.jsonl"))
    assert code == 2 and "is neither of the two files" in err
    code, out, _ = run(capsys, "analyze", "self-preference", other, own, "--own", own)
    assert code == 0 and "Gap own − other" in out and "-37.50" in out


def test_solve_gap(capsys, tmp_path):
    judged = write_judged(tmp_path / "j.jsonl", J1)
    solved = write_solve(
        tmp_path / "s.jsonl", {"p1": ("mmlu-pro-law", "correct"), "p2": ("mmlu-pro-law", "unverifiable")}
    )
    code, out, _ = run(capsys, "analyze", "solve-gap", solved, judged, "--json")
    o = json.loads(out)["results"][0]["categories"]["Overall"]
    cells = (o["solver_accuracy"]["value"], o["unverifiable"], o["judge_accuracy"]["value"])
    assert code == 0 and cells == (50.0, 1, 50.0)
    code, out, _ = run(capsys, "analyze", "solve-gap", solved, judged)
    assert code == 0 and "Judge judge-one vs solver judge-one" in out
    code, _, err = run(capsys, "analyze", "solve-gap", judged)
    assert code == 2 and "solve-result files" in err


@pytest.mark.parametrize("cmd", ["position", "length", "agreement"])
def test_bad_input_names_file_and_line(capsys, tmp_path, cmd):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(O1_MINI.open().readline() + '{"pair_id": \n')
    code, out, err = run(capsys, "analyze", cmd, str(O1_MINI), str(bad))
    assert code == 2 and out == "" and "bad.jsonl:2" in err
