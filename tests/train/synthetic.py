"""Synthetic pair sets for training tests: the right response carries a marker word, nothing else differs."""

from __future__ import annotations

import json
import random
from pathlib import Path

from tests.reward.tiny import WORDS

MARKER = "because"
FILLER = [w for w in WORDS if w.startswith("w")]


def marker_pairs(n_questions: int, seed: int = 0, pairs_per_question: int = 1) -> list[dict[str, object]]:
    """Pairs whose correct response is the other one plus the marker word at a random place."""
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for q in range(n_questions):
        question = " ".join(rng.choices(FILLER, k=6))
        for k in range(pairs_per_question):
            words = rng.choices(FILLER, k=rng.randint(4, 9))
            wrong = " ".join(words)
            marked = list(words)
            marked.insert(rng.randint(0, len(words)), MARKER)
            right = " ".join(marked)
            label = rng.choice(["A>B", "B>A"])
            a, b = (right, wrong) if label == "A>B" else (wrong, right)
            rows.append(
                {
                    "pair_id": f"syn-{q}-{k}",
                    "original_id": q if q % 3 else None,  # a third fall back to the question text
                    "source": ["mmlu-pro-math", "livebench-reasoning", "livebench-math", "livecodebench"][q % 4],
                    "question": question,
                    "response_model": "synthetic",
                    "response_A": a,
                    "response_B": b,
                    "label": label,
                }
            )
    return rows


def write_pairs(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path
