"""Shared pieces of the Inspect adapter tests: eight real JudgeBench pairs, a planned decision per order, and
an offline Inspect (logs under tmp_path, no socket beyond 127.0.0.1)."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from judgebench.records import Pair, flip, read_pairs
from tests.conftest import GPT_PAIRS

#: two pairs of each category of the GPT split (Knowledge, Math, Reasoning, Coding)
ROWS = (0, 1, 154, 155, 210, 211, 308, 309)
#: what the judge says in (order 0, order 1): right / wrong (by the label), none (no verdict), a (first shown)
PLAN = (
    ("right", "right"),  # correct
    ("right", "wrong"),  # undecided (inconsistent)
    ("wrong", "wrong"),  # incorrect
    ("right", "none"),  # correct (+1 and 0; inconsistent)
    ("none", "none"),  # undecided
    ("a", "a"),  # undecided: always the first shown (inconsistent)
    ("right", "right"),  # correct
    ("wrong", "none"),  # incorrect (inconsistent)
)
#: the vote rule on PLAN, by hand: pairs 0, 3 and 6 correct; pairs 1, 3, 5 and 7 inconsistent
EXPECTED_ACCURACY = 3 / 8
EXPECTED_BY_CATEGORY = {"Knowledge": 0.5, "Math": 0.5, "Reasoning": 0.0, "Coding": 0.5}
EXPECTED_INCONSISTENCY = 4 / 8


def write_pairs_file(folder: Path) -> tuple[Path, list[Pair]]:
    """The eight pairs as a JSONL file in ``folder`` (named as upstream names the GPT split)."""
    lines = GPT_PAIRS.read_text(encoding="utf-8").splitlines()
    path = folder / "dataset=judgebench8,response_model=gpt-4o-2024-05-13.jsonl"
    path.write_text("".join(lines[i] + "\n" for i in ROWS), encoding="utf-8")
    pairs = read_pairs(path)
    for p in pairs:  # the fakes find the order by where each response sits in the prompt
        assert p.response_A not in p.response_B and p.response_B not in p.response_A
    return path, pairs


def planned_decision(index: int, order: int, label: str) -> str | None:
    """The decision PLAN makes, in that order's positions."""
    target = label if order == 0 else flip(label)
    what = PLAN[index][order]
    return {"right": target, "wrong": flip(target), "none": None, "a": "A>B"}[what]


def locate(text: str, pairs: list[Pair]) -> tuple[int, int]:
    """(index of the pair, order) a judge prompt shows: the pair whose question it holds, A first or B first."""
    found = [i for i, p in enumerate(pairs) if p.question in text]
    assert len(found) == 1, f"{len(found)} pairs in one prompt"
    pair = pairs[found[0]]
    return found[0], 0 if text.index(pair.response_A) < text.index(pair.response_B) else 1


def judged_records(pairs: list[Pair], judge: str, model: str) -> list[dict[str, Any]]:
    """The judged file PLAN's decisions make, written by hand (what ``score`` should agree with)."""
    out = []
    for i, p in enumerate(pairs):
        judgments = [{"judgment": {"judge_model": model}, "decision": planned_decision(i, o, p.label)} for o in (0, 1)]
        out.append({**p.to_dict(), "judge_name": judge, "judgments": judgments})
    return out


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Inspect with its logs in tmp_path, no display, no hooks, and no connection beyond 127.0.0.1."""
    logs = tmp_path / "logs"
    monkeypatch.setenv("INSPECT_LOG_DIR", str(logs))
    monkeypatch.setenv("INSPECT_DISPLAY", "none")
    for name in ("INSPECT_TELEMETRY", "INSPECT_API_KEY_OVERRIDE", "INSPECT_REQUIRED_HOOKS", "INSPECT_EVAL_MODEL"):
        monkeypatch.delenv(name, raising=False)
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in ("127.0.0.1", "::1", "localhost"):
            raise OSError(f"test tried to reach {address!r}: the Inspect tests run offline")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return logs
