"""The template probe's paraphrases: what they keep word for word, and that they reach the model."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from judgebench.judges.templates import overridden, render
from judgebench.probes.arms import ArmSettings
from judgebench.probes.paraphrases import PARAPHRASES
from judgebench.probes.run import ProbeSpec, run_probes
from tests.fakes.provider_server import FakeProvider
from tests.probes.test_probe_cli import _pairs

VALUES = {"question": "Q-TEXT", "prompt": "Q-TEXT", "answer_a": "ANSWER-ONE", "answer_b": "ANSWER-TWO"}


@pytest.mark.parametrize("judge", sorted(PARAPHRASES))
def test_paraphrases_keep_variables_and_verdict_instructions(judge: str) -> None:
    for paraphrase in PARAPHRASES[judge]:
        for name, source in paraphrase.items():
            original = render(name, **VALUES)
            with overridden({name: source}):
                text = render(name, **VALUES)
            assert text != original and render(name, **VALUES) == original  # only inside the block
            for value in ("Q-TEXT", "ANSWER-ONE", "ANSWER-TWO"):
                assert (value in text) == (value in original)
            if name.startswith("arena_hard_judge_system"):
                tail = original[original.index("After providing your explanation") :]
                assert text.endswith(tail)
            if name == "vanilla_prompt":
                assert '"Output (a)" or "Output (b)"' in text
                assert text.index("ANSWER-ONE") < text.index("ANSWER-TWO")


def test_arena_hard_paraphrases_reach_the_model(tmp_path: Path) -> None:
    systems: list[str] = []

    def reply(body: dict[str, Any]) -> str:
        systems.append(body["messages"][0]["content"])
        return "My final verdict is [[A>B]]"

    with FakeProvider(reply) as server:
        settings = ArmSettings("arena_hard", "vllm/m", tmp_path, base_url=server.openai_base_url, progress=False)
        card = asyncio.run(run_probes(ProbeSpec(settings, _pairs(), probes=("template",), bootstrap=0)))
    assert len(set(systems)) == 4 and len(systems) == 4 * 2 * len(_pairs())
    body = card["probes"]["template"]
    assert body["templates"] == "arena_hard_judge_prompt, arena_hard_judge_system"
    assert (body["kappa"], body["unanimity"]) == (1.0, 100.0)  # always the first slot, whatever the wording
