"""A plugin package extends every seam through entry points, and each extension runs end to end.

``tests/plugin/demo_plugin`` is published by a ``.dist-info/entry_points.txt`` written into a temporary folder;
a fresh interpreter with that folder and the plugin on ``PYTHONPATH`` discovers it as any installed package
is discovered (``importlib.metadata``). judgebench's code does not name it anywhere. The plugin imports only
:mod:`judgebench.extend`, and covers every registry judgebench has (checked against the source).
"""

from __future__ import annotations

import ast
import configparser
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PLUGIN = Path(__file__).resolve().parent / "plugin"
ENTRY_POINTS = """\
[judgebench.backends]
demo = demo_plugin:DemoBackend

[judgebench.reward_backends]
demo-rm = demo_plugin:LengthRewards

[judgebench.judges]
demo_longer = demo_plugin:demo_longer

[judgebench.sources]
demo-arith = demo_plugin:arith

[judgebench.verifiers]
demo-last-int = demo_plugin:LastInteger

[judgebench.benchmarks]
demo-bench = demo_plugin:BENCHMARK

[judgebench.metrics]
demo-label-a = demo_plugin:label_a

[judgebench.protocols]
demo-proto = demo_plugin:PROTOCOL

[judgebench.analyses]
demo-count = demo_plugin:demo_count

[judgebench.importers]
demo-import = demo_plugin:import_sums

[judgebench.pair_sets]
demo-sums = demo_plugin:demo_sums

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


SRC = Path(__file__).resolve().parents[1] / "src" / "judgebench"


def test_the_plugin_covers_every_registry_through_judgebench_extend_only() -> None:
    groups = set()
    for path in SRC.rglob("*.py"):
        groups |= set(re.findall(r'Registry\(\s*"[^"]+",\s*"([^"]+)"', path.read_text(encoding="utf-8")))
    published = configparser.ConfigParser()
    published.read_string(ENTRY_POINTS)
    assert len(groups) == 12
    assert set(published.sections()) == groups
    tree = ast.parse((PLUGIN / "demo_plugin" / "__init__.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    assert {m for m in imported if m and m.startswith("judgebench")} == {"judgebench.extend"}


def pairs_of(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_reward_backend_scores_for_the_reward_model_judge(env: dict[str, str], work: Path) -> None:
    judgebench(env, work, "judge", "--judge", "reward_model", "--model", "demo-rm/len", "--pairs", "pairs.jsonl",
               "--out", "rm/len.jsonl", "--json")  # fmt: skip
    # the longer response scores higher and wins; the pairs' right and wrong answers differ in length only
    # when the sum carries into a new digit, so count by hand
    expected = sum(
        (len(p["response_A"]) > len(p["response_B"]) and p["label"] == "A>B")  # type: ignore[arg-type]
        or (len(p["response_B"]) > len(p["response_A"]) and p["label"] == "B>A")  # type: ignore[arg-type]
        for p in pairs_of(work / "pairs.jsonl")
    )
    out = judgebench(env, work, "score", "rm/len.jsonl", "--json", "--bootstrap", "0")
    math = json.loads(out.stdout)["results"][0]["categories"]["Math"]
    assert (math["correct"], math["n"]) == (expected, 4)
    judged = pairs_of(work / "rm" / "len.jsonl")
    assert all(j["judgments"][0]["judgment"]["scores"] == [len(j["response_A"]), len(j["response_B"])]  # type: ignore[index]
               for j in judged)  # fmt: skip


def test_aggregation_rule_from_the_plugin(env: dict[str, str], work: Path) -> None:
    labelled_a = sum(p["label"] == "A>B" for p in pairs_of(work / "pairs.jsonl"))
    out = judgebench(env, work, "score", "judged/demo.jsonl", "--rule", "demo-label-a", "--json", "--bootstrap", "0")
    math = json.loads(out.stdout)["results"][0]["categories"]["Math"]
    assert (math["correct"], math["n"]) == (labelled_a, 4)


def test_importer_and_pair_set_from_the_plugin(env: dict[str, str], work: Path) -> None:
    (work / "sums.txt").write_text("1 + 2\n10 + 20\n3 + 4\n", encoding="utf-8")
    judgebench(env, work, "import", "demo-import", "sums.txt", "--out", "imported.jsonl")
    imported = pairs_of(work / "imported.jsonl")
    assert [(p["question"], p["label"]) for p in imported] == [
        ("What is 1 + 2?", "A>B"), ("What is 10 + 20?", "B>A"), ("What is 3 + 4?", "A>B")
    ]  # fmt: skip
    judgebench(env, work, "judge", "--judge", "demo_longer", "--model", "demo/m", "--pairs", "demo-sums-5",
               "--out", "sums/demo.jsonl", "--json")  # fmt: skip
    assert len(pairs_of(work / "sums" / "demo.jsonl")) == 5
    # the benchmark the plugin declares over its source, scored by its own protocol (pairs 0, 2, 4 labelled A>B)
    native = judgebench(env, work, "benchmarks", "sums/demo.jsonl", "--json", "--protocol", "native",
                        "--bootstrap", "0")  # fmt: skip
    table = json.loads(native.stdout)
    assert table["columns"] == ["demo-bench"]
    cell = table["rows"][0]["benchmarks"]["demo-bench"]
    assert (cell["correct"], cell["n"]) == (3, 5)
