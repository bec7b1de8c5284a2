"""The vectorised ``benchmarks`` table against the per-pair loop it replaced, on random judged files.

Random files mix the benchmarks' sources (JudgeBench, LLMBar subsets, RewardBench's weighted subsets,
MT-Bench human with expert votes, and a source of no benchmark), both labels and no-majority, one or two
orders, ties, failed and null judgments, several judges per file (named in the records, in the file name, or
not at all) and pairs met again in other files. Every cell, k/n, interval, category, coverage, spread and
baseline must be the same, in both views, strict or not; a refused input must be refused with the same error.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from judgebench.analysis.benchmarks_table import build_table
from judgebench.errors import InputError
from judgebench.judged_columns import read_columns

from .table_reference import reference_table

SOURCES = [
    "mmlu-pro-law",
    "livebench-math",
    "livecodebench",
    "llmbar-natural",
    "llmbar-adversarial-manual",
    "llmbar-adversarial-neighbor",
    "rewardbench-alpacaeval-easy",
    "rewardbench-hep-go",
    "rewardbench-donotanswer",
    "mt-bench-human-writing",
    "mt-bench-human-math",
]
UNKNOWN = "no-such-benchmark-source"
DECISIONS = ["A>B", "B>A", "A>B", "B>A", "A=B", None]


def _judgment(rng: random.Random, model: str | None) -> Any:
    roll = rng.random()
    if roll < 0.05:
        return None  # a null entry: failed
    inner: dict[str, Any] = {"response": "..."}
    if model is not None:
        inner["judge_model"] = model
    entry: dict[str, Any] = {"judgment": inner, "decision": rng.choice(DECISIONS)}
    if entry["decision"] is None and roll < 0.15:
        entry["error"] = "timeout"  # failed, not merely without a verdict
    return entry


def _record(rng: random.Random, pid: str, sources: list[str], judge: tuple[str | None, str | None]) -> dict[str, Any]:
    source = rng.choice(sources)
    label = "no-majority" if rng.random() < 0.1 else rng.choice(["A>B", "B>A"])
    d: dict[str, Any] = {
        "pair_id": pid,
        "original_id": pid,
        "source": source,
        "question": f"q {pid}",
        "response_model": "m",
        "response_A": "a" * rng.randrange(1, 30),
        "response_B": "b" * rng.randrange(1, 30),
        "label": label,
        "votes": {"model-x": rng.randrange(3), "model-y": rng.randrange(3), "tie": rng.randrange(2)},
        "model_A": "model-x",
        "model_B": "model-y",
    }
    if judge[0] is not None:
        d["judge_name"] = judge[0]
    d["judgments"] = [_judgment(rng, judge[1]) for _ in range(1 if rng.random() < 0.2 else 2)]
    return d


def write_files(tmp: Path, seed: int, *, unknown: bool, repeats: bool) -> list[Path]:
    """Three to five files; with ``repeats`` a judge meets some pairs again in a later file."""
    rng = random.Random(seed)
    sources = SOURCES + ([UNKNOWN] if unknown else [])
    judges = [("vanilla", "gpt-x"), ("arena_hard", None), (None, "claude-y"), (None, None), ("reward_model", "rm")]
    paths = []
    for f in range(rng.randrange(3, 6)):
        named = "reward_model" if f % 2 else "named"  # a judge the records leave unnamed takes the file's name
        name = f"run{f},judge_name={named},judge_model=file-model.jsonl" if f % 3 else f"plain{f}.jsonl"
        in_file = rng.sample(judges, rng.randrange(1, 3))
        ids = range(rng.randrange(40, 120))
        prefix = "p" if repeats else f"f{f}-"
        records = [_record(rng, f"{prefix}{i:04d}", sources, rng.choice(in_file)) for i in ids]
        rng.shuffle(records)
        path = tmp / name
        path.write_text("".join(json.dumps(r) + "\n" for r in records))
        paths.append(path)
    return paths


def _outcome(fn: Any, *args: Any, **kw: Any) -> Any:
    try:
        table = fn(*args, **kw)
    except InputError as exc:
        return ("error", str(exc))
    return json.dumps(table.to_dict()) if table is not None else None  # key order compared too


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("protocol", ["uniform", "native"])
def test_vectorised_table_equals_the_per_pair_loop(tmp_path: Path, seed: int, protocol: str):
    kw = {"bootstrap": 40, "seed": seed, "protocol": protocol}
    cases = [
        (False, False, True),  # distinct pairs per file: strict accepts them
        (True, True, False),  # unknown sources and repeated pairs: left out (the report's use)
        (True, True, True),  # ... refused with the first error met
        (False, True, True),
    ]
    for n, (unknown, repeats, strict) in enumerate(cases):
        folder = tmp_path / str(n)
        folder.mkdir()
        paths = write_files(folder, seed * 10 + n, unknown=unknown, repeats=repeats)
        new = _outcome(build_table, paths, strict=strict, **kw)
        old = _outcome(reference_table, paths, strict=strict, **kw)
        assert new == old, (seed, protocol, unknown, repeats, strict)
        if n == 0:  # the cases exercise what they name: a full table, with intervals and partial cells
            table = json.loads(new)
            assert len(table["columns"]) >= 4
            assert any(c["ci95"] for r in table["rows"] for c in r["benchmarks"].values())
        if n == 2:
            assert new[0] == "error"
    # the same from files already read into columns
    paths = sorted((tmp_path / "1").iterdir())
    cols = [read_columns(p, unlabelled=True, questions=False) for p in paths]
    assert build_table(cols, strict=False, **kw) is not None
    assert _outcome(build_table, cols, strict=False, **kw) == _outcome(reference_table, paths, strict=False, **kw)


def test_no_pairs_of_any_benchmark(tmp_path: Path):
    path = tmp_path / "x.jsonl"
    rng = random.Random(0)
    path.write_text("".join(json.dumps(_record(rng, f"p{i}", [UNKNOWN], ("j", "m"))) + "\n" for i in range(5)))
    assert build_table([path], strict=False) is None is reference_table([path], strict=False)
    assert _outcome(build_table, [path]) == _outcome(reference_table, [path])


@pytest.mark.parametrize("votes_first", [True, False])
def test_strict_errors_in_the_order_the_pairs_come(tmp_path: Path, votes_first: bool):
    """A protocol's error on a pair (MT-Bench without votes) and a repeated pair: the first met is named."""
    rng = random.Random(3)
    judge = ("j", "m")
    first = [_record(rng, f"p{i}", ["mt-bench-human-math"], judge) for i in range(4)]
    bad = _record(rng, "q0", ["mt-bench-human-math"], judge)
    del bad["votes"]
    repeated = dict(first[2])
    second = [bad, repeated] if votes_first else [repeated, bad]
    paths = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    for path, records in zip(paths, [first, second], strict=True):
        path.write_text("".join(json.dumps(r) + "\n" for r in records))
    new = _outcome(build_table, paths, protocol="native", bootstrap=10)
    assert new == _outcome(reference_table, paths, protocol="native", bootstrap=10)
    assert ("votes" in new[1]) is votes_first and ("judged twice" in new[1]) is not votes_first
