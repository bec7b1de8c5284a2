"""Every root API function, called twice in one process on real data, works the second time and gives the same.

A subpackage or module named like a root function once replaced it after its first call (``judgebench.build``
became the package ``judgebench/build/``); a cache, lock or event loop kept from the first call could break
the second. Recorded outputs are scored, replayed and ranked; the model calls go to local HTTP servers
(tests/fakes/provider_server.py, tests/pipeline/oracle.py) that answer deterministically.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import judgebench
from judgebench.builder.inputs import SourceSpec, gather_inputs
from judgebench.model_spec import ModelSpec
from judgebench.records import read_pairs, write_pairs
from tests.conftest import CLAUDE_PAIRS, GRM, OUTPUTS, SHARED
from tests.fakes.provider_server import FakeProvider, last_text
from tests.pipeline.oracle import OracleServer, answer_key

O1_MINI = OUTPUTS / (
    "dataset=judgebench,response_model=gpt-4o-2024-05-13,judge_name=arena_hard,judge_model=o1-mini-2024-09-12.jsonl"
)
MMLU = f"mmlu-pro={SHARED / 'sources' / 'mmlu-pro' / 'test.jsonl'}"
ROOT_FUNCTIONS = {"score", "judge", "ajudge", "judge_best_of_k", "probe", "aprobe", "leaderboard", "build", "abuild",
                  "solve", "analyze", "report"}  # fmt: skip


def _verdict(body: dict[str, Any]) -> str:
    """A pairwise verdict or a 1-10 rating drawn from the request's text: the same request, the same reply."""
    text = last_text(body)
    digest = hashlib.sha256(text.encode()).digest()[0]
    if "[[rating]]" in json.dumps(body):  # the rating judge's prompt
        return f"Rating: [[{digest % 10 + 1}]]"
    return f"My final verdict is [[{'A>B' if digest % 2 else 'B>A'}]]"


def _judged(result: judgebench.JudgeResult) -> tuple[Any, ...]:
    assert result.score is not None
    return [(r.pair.pair_id, r.decisions) for r in result.records], result.score.to_dict()


@pytest.fixture(scope="module")
def build_key() -> dict[str, tuple[str | None, str]]:
    inputs = gather_inputs([SourceSpec.parse(MMLU)], seed=3, model=ModelSpec("vllm", "oracle"), questions=1)
    return answer_key(inputs.questions)


def test_every_root_function_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, build_key: Any) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    called: set[str] = set()
    runs: dict[str, int] = {}

    def twice(name: str, call: Callable[[Path], Any], same: Callable[[Any], Any] = lambda r: r) -> Any:
        """``call`` twice (each with its own scratch folder); both give the same, judged by ``same``."""
        results = []
        for _ in range(2):
            runs[name] = runs.get(name, 0) + 1
            folder = tmp_path / f"{name}-{runs[name]}"
            folder.mkdir()
            results.append(call(folder))
            assert callable(getattr(judgebench, name)), name  # still the function, not a module
        assert same(results[0]) == same(results[1]), name
        called.add(name)
        return results[1]

    twice("score", lambda _: judgebench.score([O1_MINI], bootstrap=50), lambda r: [s.to_dict() for s in r])
    replay = f"replay/{O1_MINI}"
    result = twice("judge", lambda _: judgebench.judge("gpt", judge="arena_hard", model=replay, limit=8), _judged)
    assert len(result.records) == 8 and result.out is None and result.score.file is None
    twice(
        "ajudge",
        lambda _: asyncio.run(judgebench.ajudge("gpt", judge="arena_hard", model=replay, limit=8, bootstrap=50)),
        _judged,
    )
    twice("leaderboard", lambda _: judgebench.leaderboard(OUTPUTS, bootstrap=0), lambda b: b.to_dict())
    twice("analyze", lambda _: judgebench.analyze("position", [O1_MINI], bootstrap=50), lambda r: r.to_dict())
    twice(
        "report",
        lambda d: judgebench.report([O1_MINI], markdown=d / "r.md", bootstrap=50) and (d / "r.md").read_text(),
    )

    from judgebench.cli.main import main

    bo2 = tmp_path / "bo2.jsonl"
    assert main(["import", "pairs", str(GRM), "--out", str(bo2)]) == 0
    pairs = [p for p in read_pairs(CLAUDE_PAIRS) if p.source.startswith("mmlu-pro")][:2]
    write_pairs(tmp_path / "solve-pairs.jsonl", pairs)
    with FakeProvider(_verdict) as server:
        url = server.openai_base_url
        twice(
            "judge_best_of_k",
            lambda d: judgebench.judge_best_of_k(
                bo2, judge="rating", model="vllm/m", out=d / "bok.jsonl", limit=3, base_url=url, cache=False,
                bootstrap=0,
            ),
            lambda s: (s.judged, s.failed_judgments, {**s.score.to_dict(), "file": None}),  # each its own out
        )  # fmt: skip
        settings: dict[str, Any] = dict(judge="arena_hard", model="vllm/m", probes=["padding"], base_url=url,
                                        cache=False, limit=4, bootstrap=50)  # fmt: skip
        twice("probe", lambda _: judgebench.probe("gpt", **settings))
        twice("aprobe", lambda _: asyncio.run(judgebench.aprobe("gpt", **settings)))
    with OracleServer(build_key) as oracle:
        build: dict[str, Any] = dict(model="vllm/oracle", base_url=oracle.base_url, k=3, questions=1, seed=3,
                                     cache=False, workers=0)  # fmt: skip
        built = twice("build", lambda d: judgebench.build([MMLU], out=d / "pairs.jsonl", **build), lambda r: r.pairs)
        assert repr(built) == f"BuildResult(pairs={len(built.pairs)}, out={str(built.out)!r}, failed_calls=0)"
        twice("abuild", lambda d: asyncio.run(judgebench.abuild([MMLU], out=d / "p.jsonl", **build)), lambda r: r.pairs)
        solved = twice(
            "solve",
            lambda d: judgebench.solve(
                "vllm/oracle", tmp_path / "solve-pairs.jsonl", out=d / "solve.jsonl", sources=[MMLU],
                base_url=oracle.base_url, cache=False, workers=0,
            ),
            lambda r: r.rows,
        )  # fmt: skip
    assert repr(solved) == "SolveResult(rows=2, failed=0)"  # short: the rows are an attribute
    assert called == ROOT_FUNCTIONS
