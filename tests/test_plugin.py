"""A plugin package extends every seam through entry points, and each extension runs end to end.

``tests/plugin/demo_plugin`` is published by a ``.dist-info/entry_points.txt`` written into a temporary folder;
a fresh interpreter with that folder and the plugin on ``PYTHONPATH`` discovers it as any installed package
is discovered (``importlib.metadata``). judgebench's code does not name it anywhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PLUGIN = Path(__file__).resolve().parent / "plugin"
ENTRY_POINTS = """\
[judgebench.backends]
demo = demo_plugin:DemoBackend

[judgebench.judges]
demo_longer = demo_plugin:demo_longer

[judgebench.sources]
demo-arith = demo_plugin:SOURCE

[judgebench.verifiers]
demo-last-int = demo_plugin:LastInteger

[judgebench.analyses]
demo-count = demo_plugin:ANALYSIS

[judgebench.commands]
demo-hello = demo_plugin:add_parser
"""


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    site = tmp_path_factory.mktemp("site")
    info = site / "demo_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: demo-plugin\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
    path = os.pathsep.join([str(site), str(PLUGIN), os.environ.get("PYTHONPATH", "")])
    cache = tmp_path_factory.mktemp("cache")
    return {**os.environ, "PYTHONPATH": path, "JUDGEBENCH_CACHE": str(cache), "NO_COLOR": "1", "COLUMNS": "200"}


def judgebench(env: dict[str, str], cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    out = subprocess.run(
        [sys.executable, "-m", "judgebench", *argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return out


@pytest.fixture(scope="module")
def work(env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build from the plugin's source, verified by its verifier, answered by its backend; then judged."""
    cwd = tmp_path_factory.mktemp("work")
    judgebench(env, cwd, "build", "--source", "demo-arith", "--model", "demo/m", "--k", "4", "--workers", "0",
               "--out", "pairs.jsonl")  # fmt: skip
    judgebench(env, cwd, "judge", "--judge", "demo_longer", "--model", "demo/m", "--pairs", "pairs.jsonl",
               "--out", "judged/demo.jsonl", "--json")  # fmt: skip
    return cwd


def test_source_verifier_and_backend_build_pairs_in_the_declared_category(work: Path) -> None:
    pairs = [json.loads(line) for line in (work / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    # the recipe the source declares: 2 questions per group (easy, hard); the backend answers odd seeds wrong
    assert sorted(p["source"] for p in pairs) == ["demo-arith-easy"] * 2 + ["demo-arith-hard"] * 2
    for p in pairs:
        a, b = map(int, p["question"].removeprefix("What is ").removesuffix("?").split(" + "))
        right = f"The answer is {a + b}"
        assert {p["response_A"], p["response_B"]} == {right, f"The answer is {a + b + 1}"}
        assert p["label"] == ("A>B" if p["response_A"] == right else "B>A")


def test_judge_runs_through_the_plugin_backend_and_counts_in_the_sources_category(
    env: dict[str, str], work: Path
) -> None:
    pairs = [json.loads(line) for line in (work / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    # the judge takes the longer response in both orders (A on equal lengths): count by hand what it gets right
    expected = 0
    for p in pairs:
        first = "A>B" if len(p["response_A"]) >= len(p["response_B"]) else "B>A"
        second = "A>B" if len(p["response_B"]) >= len(p["response_A"]) else "B>A"
        second = {"A>B": "B>A", "B>A": "A>B"}[second]
        expected += (first == p["label"]) + (second == p["label"]) - (first != p["label"]) - (second != p["label"]) > 0
    out = judgebench(env, work, "score", "judged/demo.jsonl", "--json", "--bootstrap", "0")
    cats = json.loads(out.stdout)["results"][0]["categories"]
    assert set(cats) == {"Math", "Overall"}  # the source's declared category, not Other
    assert (cats["Math"]["correct"], cats["Math"]["n"]) == (expected, 4)
    board = json.loads(judgebench(env, work, "leaderboard", "judged", "--json", "--bootstrap", "0").stdout)
    assert [(r["kind"], r["judge_name"], r["judge_model"]) for r in board["rows"]] == [
        ("fine-tuned", "demo_longer", "m")
    ]


def test_analysis_and_command_from_the_plugin(env: dict[str, str], work: Path) -> None:
    out = judgebench(env, work, "analyze", "demo-count", "judged/demo.jsonl", "--json")
    assert json.loads(out.stdout) == {"categories": {"Math": 4}}
    out = judgebench(env, work, "analyze", "demo-count", "judged/demo.jsonl", "--by", "source")
    assert out.stdout.splitlines() == ["demo-arith-easy: 2 pairs", "demo-arith-hard: 2 pairs"]
    out = judgebench(env, work, "demo-hello", "pairs.jsonl")
    assert sorted(set(out.stdout.splitlines())) == ["demo-arith-easy Math", "demo-arith-hard Math"]
    help_ = judgebench(env, work, "--help").stdout
    assert "demo-hello" in help_
    code = (
        "import judgebench; r = judgebench.analyze('demo-count', ['judged/demo.jsonl']);"
        "print(r.to_dict()['categories']['Math'], judgebench.judge('pairs.jsonl', judge='demo_longer', "
        "model='demo/m').score.categories['Math'].n)"
    )
    api = subprocess.run([sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True, timeout=120)
    assert api.returncode == 0, api.stderr
    assert api.stdout.split() == ["4", "4"]
