from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from judgebench.cli.main import main
from tests.conftest import GPT_PAIRS, O1_MINI, OUTPUTS


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_score_json_schema(capsys):
    code, out, _ = run_cli(capsys, "score", str(O1_MINI), "--json", "--seed", "3")
    assert code == 0
    res = json.loads(out)["results"][0]
    assert set(res) >= {
        "file",
        "judge_name",
        "judge_model",
        "response_model",
        "n_pairs",
        "categories",
        "decisions",
        "inconsistent_pairs",
    }
    assert list(res["categories"]) == ["Knowledge", "Reasoning", "Math", "Coding", "Overall"]
    assert res["categories"]["Overall"] == {
        "accuracy": 65.71,
        "correct": 230,
        "n": 350,
        "ci95": res["categories"]["Overall"]["ci95"],
    }
    assert len(res["categories"]["Overall"]["ci95"]) == 2
    _, out2, _ = run_cli(capsys, "score", str(O1_MINI), "--json", "--seed", "3")
    assert out2 == out  # seeded


def test_score_table(capsys):
    code, out, _ = run_cli(capsys, "score", str(O1_MINI))
    assert code == 0
    assert "65.71" in out and "230/350" in out and "position-inconsistent pairs: 110" in out


def test_leaderboard_default_is_the_release(capsys):
    code, out, _ = run_cli(capsys, "leaderboard", "--json")
    assert code == 0
    rows = json.loads(out)["rows"]
    assert [(r["kind"], r["judge_model"], r["categories"]["Overall"]["accuracy"]) for r in rows] == [
        ("prompted", "o1-mini-2024-09-12", 65.71),
        ("reward model", "Skywork/Skywork-Reward-Llama-3.1-8B", 62.29),
        ("reward model", "Ray2333/GRM-Gemma-2B-rewardmodel-ft", 59.43),
    ]
    code, md, _ = run_cli(capsys, "leaderboard", str(OUTPUTS), "--markdown")
    assert md.splitlines()[0].startswith("| Kind | Judge | Model | Pairs by | Knowledge |")
    assert (
        "| prompted | arena_hard | o1-mini-2024-09-12 | gpt-4o-2024-05-13 | 58.44 | 62.24 | 82.14 | 78.57 | 65.71 |"
        in md
    )


GOOD = json.loads(O1_MINI.open().readline())


def _write(path, lines):
    path.write_text("".join(lines))
    return str(path)


def _bad_cases(tmp_path):
    good = json.dumps(GOOD) + "\n"
    two = dict(GOOD, pair_id="other")
    return {
        "malformed": (_write(tmp_path / "a.jsonl", [good, "{not json}\n"]), "a.jsonl:2: not valid JSON"),
        "truncated": (_write(tmp_path / "b.jsonl", [good, good[:100]]), "b.jsonl:2: truncated line"),
        "missing key": (
            _write(tmp_path / "c.jsonl", [json.dumps({k: v for k, v in GOOD.items() if k != "label"}) + "\n"]),
            "c.jsonl:1: missing key 'label'",
        ),
        "unknown label": (
            _write(tmp_path / "d.jsonl", [json.dumps(dict(GOOD, label="A>>B")) + "\n"]),
            "d.jsonl:1: unknown label 'A>>B'",
        ),
        "duplicate": (
            _write(tmp_path / "e.jsonl", [good, json.dumps(two) + "\n", good]),
            "e.jsonl:3: duplicate pair_id",
        ),
        "judgments length": (
            _write(tmp_path / "f.jsonl", [json.dumps(dict(GOOD, judgments=GOOD["judgments"] * 2)) + "\n"]),
            "f.jsonl:1: 'judgments' must be a list of 1 or 2",
        ),
        "not jsonl": (_write(tmp_path / "g.jsonl", ["pair_id,label\nx,A>B\n"]), "g.jsonl:1: not valid JSON"),
        "unknown decision": (
            _write(
                tmp_path / "h.jsonl", [json.dumps(dict(GOOD, judgments=[{"judgment": {}, "decision": "A>>B"}])) + "\n"]
            ),
            "h.jsonl:1: unknown decision 'A>>B'",
        ),
        "missing file": (str(tmp_path / "nope.jsonl"), "nope.jsonl: no such file"),
        "empty": (_write(tmp_path / "i.jsonl", ["\n"]), "i.jsonl: no judged pairs"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "malformed",
        "truncated",
        "missing key",
        "unknown label",
        "duplicate",
        "judgments length",
        "not jsonl",
        "unknown decision",
        "missing file",
        "empty",
    ],
)
def test_bad_input_exit_2_one_line(capsys, tmp_path, case):
    path, message = _bad_cases(tmp_path)[case]
    code, out, err = run_cli(capsys, "score", str(O1_MINI), path)
    assert code == 2
    assert out == ""  # nothing printed for the good file either: never a partial report
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_real_process_exit_codes(tmp_path):
    bad = _write(tmp_path / "x.jsonl", ["[1, 2]\n"])
    proc = subprocess.run([sys.executable, "-m", "judgebench.cli.main", "score", bad], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"judgebench: error: {bad}:1: expected a JSON object, got list"
    proc = subprocess.run(
        [sys.executable, "-m", "judgebench.cli.main", "--debug", "score", bad], capture_output=True, text=True
    )
    assert proc.returncode != 0 and "Traceback" in proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "judgebench.cli.main", "leaderboard", str(GPT_PAIRS)], capture_output=True, text=True
    )
    assert proc.returncode == 2 and "not a directory" in proc.stderr


def test_judge_process_ends_fast_with_everything_written(tmp_path):
    """`judge` ends with os._exit after flushing: the piped JSON report and the outputs file are whole."""
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "judgebench.cli.main", "judge", "--judge", "arena_hard", "--model"]
    cmd += [f"replay/{O1_MINI}", "--pairs", str(GPT_PAIRS), "--limit", "12", "--out", str(out), "--json"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # stdout block-buffered, as by default
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)  # buffered on a pipe: only a flush before os._exit prints it
    assert report["judged"] == 12 and report["score"]["n_pairs"] == 12
    assert len(out.read_text(encoding="utf-8").splitlines()) == 12
    proc = subprocess.run([*cmd[:-1], "--limit", "-1"], capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "--limit" in proc.stderr
