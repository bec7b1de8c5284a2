"""Names from the user's files are literal text on the terminal (rich markup never applies to them).

Rich reads every ``str`` it draws as markup: a judge named ``x[/i]y`` crashed each terminal command with a
MarkupError traceback, and one named ``[bold red]evil[/]`` restyled the table and lost its brackets. Every
terminal command below runs as a real subprocess on files whose judge name, judge model, response model,
file name and folder carry such names; each must exit 0, print every name literally and show no traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.analysis.fixtures import J1, J2, write_judged, write_solve
from tests.conftest import O1_MINI

ROOT = Path(__file__).resolve().parents[2]
JUDGE = "x[/i]y"  # a closing tag that matches nothing: MarkupError
MODEL = "[bold red]evil[/]"  # a style: silently restyled, brackets lost
RESPONSES = "r[/]m\\"  # a bare closing tag, and a trailing backslash that would escape what follows it
SUBSET = "Math[/b]"  # a best-of-K subset (a category row)


def cli(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m judgebench ARGV`` on this tree, wide enough that no name wraps."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "400", "TERM": "dumb"}
    env.pop("FORCE_COLOR", None)
    cmd = [sys.executable, "-m", "judgebench", *argv]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env, cwd=cwd, check=False)


def renamed_release(path: Path) -> str:
    """The release's o1-mini run (350 pairs: a complete, ranked run) under the hostile names."""
    with O1_MINI.open() as src, path.open("w") as dst:
        for line in src:
            record = json.loads(line)
            record["judge_name"] = JUDGE
            for j in record["judgments"]:
                j["judgment"]["judge_model"] = MODEL
            dst.write(json.dumps(record) + "\n")
    return str(path)


def best_of_k(path: Path) -> str:
    """A judged best-of-4 file (two prompts) under the hostile names and subset."""
    base = {"num_correct": 1, "num_incorrect": 3, "total_completions": 4, "subset": SUBSET}
    rows = [
        {"id": pid, "prompt": "p", "chosen": ["c"], "rejected": ["x", "y", "z"], **base, "judge_name": JUDGE,
         "judge_model": MODEL, "response_model": RESPONSES, "scores_chosen": [9.0], "scores_rejected": [1.0, 5.0, 9.5]}
        for pid in ("a", "b")
    ]  # fmt: skip
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return str(path)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every file under a folder ``x[`` whose names continue ``i]...``: each full path holds ``[/i]``."""
    root = tmp_path_factory.mktemp("names") / "x["
    (root / "board").mkdir(parents=True)
    one = dict(judge_name=JUDGE, judge_model=MODEL, response_model=RESPONSES)
    other = dict(judge_name=MODEL, judge_model=JUDGE, response_model="gpt-4o-2024-05-13")
    return {
        "release": renamed_release(root / "board" / "i][bold]run.jsonl"),
        "j1": write_judged(root / "i]j1 [red].jsonl", J1, **one),
        "j2": write_judged(root / "i]j2.jsonl", J2, **other),
        "own": write_judged(root / "i]own.jsonl", J1, **{**one, "judge_model": "acme[/i]"}),
        "other": write_judged(root / "i]other.jsonl", J2, **{**other, "judge_model": "acme[/i]"}),
        "solve": write_solve(root / "i]solve.jsonl", {"p1": (J1[0][1], "correct")}, model=MODEL),
        "bok": best_of_k(root / "i]bok.jsonl"),
        "board": str(root / "board"),
    }


#: command → (argv with {file} placeholders, the names its output must show literally)
COMMANDS: dict[str, tuple[list[str], list[str]]] = {
    "score pairs": (["score", "{j1}"], [JUDGE, MODEL, RESPONSES, "{j1}"]),
    "score best-of-k": (["score", "{bok}"], [JUDGE, MODEL, RESPONSES, SUBSET, "{bok}"]),
    "leaderboard": (["leaderboard", "{board}"], [JUDGE, MODEL]),
    "benchmarks": (["benchmarks", "{release}", "{j1}"], [JUDGE, MODEL]),
    "analyze position": (["analyze", "position", "{j1}"], [MODEL, RESPONSES]),
    "analyze compare": (["analyze", "compare", "{j1}", "{j2}"], [JUDGE, MODEL]),
    "analyze length": (["analyze", "length", "{j1}"], [MODEL, RESPONSES]),
    "analyze agreement": (["analyze", "agreement", "{j1}", "{j2}"], [JUDGE, MODEL]),
    "analyze self-preference": (
        ["analyze", "self-preference", "{other}", "{own}", "--own", "{own}"],
        ["acme[/i]", RESPONSES],
    ),
    "analyze solve-gap": (["analyze", "solve-gap", "{solve}", "{j1}"], [MODEL]),
    "analyze best-of-k": (["analyze", "best-of-k", "{bok}"], [MODEL]),
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_names_are_printed_literally(command: str, files: dict[str, str]) -> None:
    argv, names = COMMANDS[command]
    proc = cli(*(a.format(**files) for a in argv), "--bootstrap", "20")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "MarkupError" not in proc.stderr
    for name in names:
        assert name.format(**files) in proc.stdout, (name, proc.stdout)


def test_leaderboard_ranks_the_hostile_run_in_its_table(files: dict[str, str]) -> None:
    """The complete run is a row of the ranked table (not only a note), its names in their own cells."""
    proc = cli("leaderboard", files["board"], "--bootstrap", "0")
    assert proc.returncode == 0, proc.stderr
    row = next(line for line in proc.stdout.splitlines() if JUDGE in line)
    cells = [c.strip() for c in row.split("│")]
    assert JUDGE in cells and MODEL in cells


def test_judge_summary_and_probe_card_print_the_model_literally(tmp_path: Path) -> None:
    """A served model named like markup, and an output path holding ``[/i]``: judge's summary, the probe card."""
    from judgebench.records import write_pairs
    from tests.fakes.provider_server import FakeProvider
    from tests.probes.test_probe_cli import _pairs

    pairs = tmp_path / "pairs.jsonl"
    write_pairs(pairs, _pairs())
    folder = tmp_path / "x["
    folder.mkdir()
    out, probe = folder / "i]judged [bold].jsonl", folder / "i]probe"
    with FakeProvider(lambda body: "Output (a)") as server:
        served = ["--judge", "vanilla", "--model", f"vllm/{MODEL}", "--base-url", server.openai_base_url]
        proc = cli("judge", *served, "--pairs", str(pairs), "--out", str(out))
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        assert f"vanilla · {MODEL} · pairs by m" in proc.stdout and str(out) in proc.stdout
        argv = ["probe", *served, "--pairs", str(pairs), "--out", str(probe), "--probes", "padding,position"]
        proc = cli(*argv, "--bootstrap", "20")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and f"Reliability card · vanilla · {MODEL} · 10 pairs" in proc.stdout
