"""Templates: byte-for-byte copies of the release, rendered as upstream renders them, equal to recorded prompts."""

from __future__ import annotations

import hashlib
import json

import pytest

from judgebench.datasets import load_pairs
from judgebench.judges.chat_eval import REFEREES
from judgebench.judges.prompted import ArenaHardJudge, ArenaHardNoTieJudge
from judgebench.judges.templates import UPSTREAM_TEMPLATES, render, source
from tests.conftest import SHARED

PROMPTS = SHARED / "design" / "prompts"

# sha256 of json.dumps([[pair_id, order, prompt], ...] sorted by pair_id, ensure_ascii=False) over the 540 prompts
# recorded in upstream's outputs/dataset=judgebench,response_model=claude-3-5-sonnet-20240620,judge_name=arena_hard,
# judge_model=claude-3-haiku-20240307.jsonl (a release file with genuine prompts; only its digest is kept here).
HAIKU_PROMPTS_SHA256 = "40a8c975a4843bdd106b2e93bd5d57ba31e772e76e79ccc10f61a313e3ba3fef"


@pytest.mark.parametrize("name", UPSTREAM_TEMPLATES)
def test_templates_are_byte_copies_of_the_release(name: str) -> None:
    assert source(name) == (PROMPTS / f"{name}.jinja2").read_bytes()


def test_every_released_template_is_shipped() -> None:
    assert sorted(p.stem for p in PROMPTS.glob("*.jinja2")) == sorted(UPSTREAM_TEMPLATES)


def test_arena_hard_prompts_equal_the_recorded_genuine_prompts() -> None:
    """Render both orders of all 270 claude pairs; the digest must equal the recorded prompts' digest."""
    judge = ArenaHardJudge.__new__(ArenaHardJudge)
    items = []
    for pair in sorted(load_pairs("claude"), key=lambda p: p.pair_id):
        for order, (a, b) in enumerate([(pair.response_A, pair.response_B), pair.swapped()]):
            items.append([pair.pair_id, order, judge.messages(pair.question, a, b)[1].content])
    digest = hashlib.sha256(json.dumps(items, ensure_ascii=False).encode()).hexdigest()
    assert len(items) == 540
    assert digest == HAIKU_PROMPTS_SHA256


def test_rendering_rules_trailing_newline_dropped_no_escaping_undefined_empty() -> None:
    question = 'What is <b>1 & 2</b>? Say "x".\n'
    out = render("vanilla_prompt", question=question, answer_a="A\n", answer_b="B")
    expected = (PROMPTS / "vanilla_prompt.jinja2").read_text(encoding="utf-8")
    expected = expected.replace("{{question}}", question).replace("{{answer_a}}", "A\n").replace("{{answer_b}}", "B")
    assert out == expected.removesuffix("\n")  # jinja drops one trailing newline; nothing is escaped
    assert render("autoj_prompt", question="Q?", response="r1", response_another="r2").count("[Query]: \n") == 1


def test_pandalm_prompt_keeps_the_newline_upstream_appends() -> None:
    out = render("pandalm_prompt", instruction="Q", resp1="a", resp2="b")
    assert out.endswith("### Evaluation:")  # the file's final newline is dropped by jinja; the judge adds it


def test_system_prompts_and_no_tie_variant() -> None:
    tie = ArenaHardJudge.__new__(ArenaHardJudge).messages("q", "a", "b")[0].content
    no_tie = ArenaHardNoTieJudge.__new__(ArenaHardNoTieJudge).messages("q", "a", "b")[0].content
    assert "[[A=B]]" in tie and "[[A=B]]" not in no_tie
    assert tie == source("arena_hard_judge_system").decode()


def test_chat_eval_prompt_shows_the_debate_so_far() -> None:
    history = [{"name": "Critic", "round": 1, "text": "A is wrong.\n[[B>A]]"}]
    slots = {"question": "Q", "answer_a": "a", "answer_b": "b", "rounds": 2}
    out = render("chat_eval_prompt", **slots, history=history, name="Scientist", round=2)
    assert "Critic (round 1): A is wrong.\n[[B>A]]" in out
    assert out.endswith("[[A=B]] if they are equally good.")
    first = render("chat_eval_prompt", **slots, history=[], name="X", round=1)
    assert "Discussion" not in first
    assert len(REFEREES) == 3
