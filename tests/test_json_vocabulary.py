"""One vocabulary in every ``--json`` output (issue 20, item 5).

Every command's JSON names a judge by ``judge_name`` and ``judge_model`` (both present wherever one is), the
responses' model by ``response_model``, a pair of files' judges by the same names with ``_a``/``_b``, and never
by a display label (``judge``, ``name``, ``judge_a``...). The test runs each command on the release data (and
the hand-made fixtures where an analysis needs two splits or a solve file) and walks every key.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from judgebench.cli.main import main
from tests.analysis.fixtures import J1, J2, write_judged, write_solve
from tests.conftest import GPT_PAIRS, GRM, O1_MINI, SKYWORK

#: Keys that named a judge (or a model) by a display label before; none may appear anywhere.
RETIRED = {"judge", "judge_a", "judge_b", "name", "model", "solver"}
#: A key of one of these names comes with the others of its group in the same object.
GROUPS = [("judge_name", "judge_model"), ("judge_name_a", "judge_model_a"), ("judge_name_b", "judge_model_b")]


def _run(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main([*argv]) == 0, argv
    return out.getvalue()


def _json(*argv: str) -> Any:
    return json.loads(_run(*argv))


def command_outputs(tmp: Path) -> dict[str, Any]:
    """Every command's ``--json`` output, by command line."""
    runs = tmp / "runs"
    runs.mkdir()
    for f in (O1_MINI, GRM, SKYWORK):
        (runs / f.name).write_bytes(f.read_bytes())
    bo2 = tmp / "bo2.jsonl"
    _run("import", "pairs", str(GRM), "--out", str(bo2))
    own = write_judged(tmp / "own.jsonl", J1, judge_model="acme-1", response_model="claude-x")
    other = write_judged(tmp / "other.jsonl", J2, judge_model="acme-1", response_model="gpt-4o")
    first = [json.loads(line) for line in GPT_PAIRS.read_text().splitlines()[:2]]
    outcomes = {r["pair_id"]: (r["source"], o) for r, o in zip(first, ("correct", "incorrect"), strict=True)}
    solved = write_solve(tmp / "s.jsonl", outcomes, model="o1-mini-2024-09-12")
    b = ("--bootstrap", "0")
    limited = tmp / "limit.jsonl"
    judge = ["judge", "--judge", "arena_hard", "--model", f"replay/{O1_MINI}", "--pairs", str(GPT_PAIRS)]
    out: dict[str, Any] = {
        "score pairs": _json("score", str(O1_MINI), "--json", *b),
        "score best-of-k": _json("score", str(bo2), "--json", *b),
        "judge": _json(*judge, "--limit", "3", "--out", str(limited), "--json"),
        "leaderboard": _json("leaderboard", str(runs), "--json", *b),
        "benchmarks": _json("benchmarks", str(O1_MINI), str(GRM), "--json", *b),
        "benchmarks native": _json("benchmarks", str(O1_MINI), "--protocol", "native", "--json", *b),
        "analyze position": _json("analyze", "position", str(O1_MINI), "--json", *b),
        "analyze length": _json("analyze", "length", str(GPT_PAIRS), str(O1_MINI), "--json", *b),
        "analyze compare": _json("analyze", "compare", str(O1_MINI), str(SKYWORK), "--json", *b),
        "analyze agreement": _json("analyze", "agreement", str(O1_MINI), str(GRM), "--json", *b),
        "analyze self-preference": _json("analyze", "self-preference", other, own, "--own", own, "--json", *b),
        "analyze solve-gap": _json("analyze", "solve-gap", solved, str(O1_MINI), "--json", *b),
        "analyze best-of-k": _json("analyze", "best-of-k", str(bo2), "--json", *b),
    }
    return out


def objects(doc: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every JSON object in ``doc`` with its path (list items as ``[]``)."""
    if isinstance(doc, dict):
        yield path, doc
        for k, v in doc.items():
            yield from objects(v, f"{path}.{k}")
    elif isinstance(doc, list):
        for v in doc:
            yield from objects(v, f"{path}[]")


def identity_keys(doc: Any) -> set[str]:
    """The keys that name a judge or a model, wherever they are."""
    return {
        k
        for _, obj in objects(doc)
        for k in obj
        if k in RETIRED or "judge_name" in k or "judge_model" in k or k.endswith("response_model")
    }


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return command_outputs(tmp_path_factory.mktemp("vocab"))


def test_no_output_names_a_judge_by_a_display_label(outputs: dict[str, Any]) -> None:
    found = {cmd: sorted(identity_keys(doc) & RETIRED) for cmd, doc in outputs.items()}
    assert {cmd: keys for cmd, keys in found.items() if keys} == {}


def test_judge_name_and_judge_model_come_together(outputs: dict[str, Any]) -> None:
    for cmd, doc in outputs.items():
        for path, obj in objects(doc):
            for group in GROUPS:
                present = [k for k in group if k in obj]
                assert present in ([], list(group)), (cmd, path or ".", present)


def test_every_output_names_its_judges(outputs: dict[str, Any]) -> None:
    named = {cmd for cmd, doc in outputs.items() if identity_keys(doc) & {"judge_name", "judge_name_a"}}
    assert named == set(outputs)


def test_one_run_has_one_identity_everywhere(outputs: dict[str, Any]) -> None:
    """o1-mini's and GRM's runs are named alike by every output that lists them by file."""
    want = {
        O1_MINI.name: ("arena_hard", "o1-mini-2024-09-12", "gpt-4o-2024-05-13"),
        GRM.name: ("reward_model", "Ray2333/GRM-Gemma-2B-rewardmodel-ft", "gpt-4o-2024-05-13"),
    }
    seen: dict[str, set[str]] = {name: set() for name in want}
    for cmd, doc in outputs.items():
        for _, obj in objects(doc):
            for suffix in ("", "_a", "_b"):
                name = Path(str(obj.get(f"file{suffix}") or obj.get("judged_file") or "")).name
                if name in want and f"judge_name{suffix}" in obj:
                    got = (obj[f"judge_name{suffix}"], obj[f"judge_model{suffix}"])
                    assert got == want[name][:2], (cmd, name, got)
                    if "response_model" in obj and not suffix:
                        assert obj["response_model"] == want[name][2], (cmd, name)
                    seen[name].add(cmd)
    assert seen[O1_MINI.name] == {
        "score pairs",
        "leaderboard",
        "analyze position",
        "analyze length",
        "analyze compare",
        "analyze agreement",
        "analyze solve-gap",
    }
    assert seen[GRM.name] == {"leaderboard", "analyze agreement"}
    (bo2,) = outputs["analyze best-of-k"]["judges"]  # GRM's run imported as a best-of-K set
    assert (bo2["judge_name"], bo2["judge_model"]) == want[GRM.name][:2]
