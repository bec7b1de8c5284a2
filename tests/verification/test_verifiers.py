"""Verifier rule tables (hand-made responses) and the audit of the released pairs."""

from __future__ import annotations

import pickle

import pytest

import judgebench.sources  # noqa: F401 - registers sources and verifiers
from judgebench.verifiers.base import SOURCES, VERIFIERS, Outcome, Question, Verifier
from judgebench.verifiers.livebench_amps import normalize_final_answer
from judgebench.verifiers.livebench_boxed import last_boxed
from tests.conftest import CLAUDE_PAIRS, GPT_PAIRS, SHARED

SRC = SHARED / "sources"


def _check(verifier: str, gt: object, response: str, task: str = "", prompt: str = "", **meta: str) -> Outcome:
    q = Question("q", "test", task, prompt, gt, verifier, dict(meta))
    return VERIFIERS.get(verifier)().check(q, response).outcome


C, W, U = Outcome.CORRECT, Outcome.INCORRECT, Outcome.UNVERIFIABLE


@pytest.mark.parametrize(
    ("verifier", "gt", "response", "want"),
    [
        ("mmlu-pro", "C", "so the answer is CCCCC", C),
        ("mmlu-pro", "C", "AAAAA at first, finally CCCCCCCCCC", C),
        ("mmlu-pro", "C", "CCCCC then DDDDD", W),
        ("mmlu-pro", "C", "CCCC", W),
        ("mmlu-pro", "(C) 12 lamps", "_CCCCC_", C),
        ("mmlu-pro-strict", "C", "_CCCCC_", W),
        ("mmlu-pro-strict", "C", "CCCCC.", C),
        ("mmlu-pro-official", "B", "The answer is (B).", C),
        ("mmlu-pro-official", "B", "Answer: D", W),
        ("mmlu-pro", "Z", "ZZZZZ", U),
    ],
)
def test_mmlu_pro_rules(verifier: str, gt: str, response: str, want: Outcome) -> None:
    assert _check(verifier, gt, response) is want


AMC_PROMPT = (
    r"What is 1+1? $\textbf{(A) }1\qquad\textbf{(B) }2\qquad\textbf{(C) }37\qquad\textbf{(D) }4\qquad\textbf{(E) }5$"
)


@pytest.mark.parametrize(
    ("gt", "response", "subtask", "want"),
    [
        ("B", "I pick BBBBB", "amc_12a_2023", C),
        ("B", "(B)BBB", "amc_12a_2023", W),
        ("B", "CCCCCC", "amc_12a_2023", W),
        ("B", r"so $\boxed{B}$", "smc", C),
        ("C", "the value is 37", "amc_12b_2023", C),
        ("025", "... so the answer is 025", "aime_i_2024", C),
        ("025", "025 is wrong, it is 026 " + "x" * 30, "aime_i_2024", W),
    ],
)
def test_math_comp_rules(gt: str, response: str, subtask: str, want: Outcome) -> None:
    assert _check("livebench-math", gt, response, "math_comp", AMC_PROMPT, subtask=subtask) is want


@pytest.mark.parametrize(
    ("gt", "response", "want"),
    [
        (r"\frac{29}{\sqrt{2}}", r"$\boxed{20.5061}$", C),  # within LiveBench's 1e-3
        (r"\frac{29}{\sqrt{2}}", r"$\boxed{20.51}$", W),
        (r"\frac{2}{2 x+1}", r"$\boxed{\frac{1}{x+\frac12}}$", C),
        (r"x^2", r"$\boxed{x^2 + C}$", C),
        (r"x^2", r"$\boxed{x^3}$", W),
        (r"x^2", "x^2 without a box", W),
        (r"-\frac{96}{5}", r"$y = \boxed{-19.2}$", C),
    ],
)
def test_amps_hard_rules(gt: str, response: str, want: Outcome) -> None:
    assert _check("livebench-math", gt, response, "AMPS_Hard", subtask="amps_hard_derivatives") is want


def test_math_verify_second_opinion_is_stricter_on_tolerance() -> None:
    q = Question("q", "livebench-math", "AMPS_Hard", "", r"\frac{29}{\sqrt{2}}", "math-verify")
    mv = VERIFIERS.get("math-verify")()
    assert mv.check(q, r"$\boxed{20.5061}$").outcome is W
    assert mv.check(q, r"$\boxed{\frac{29 \sqrt{2}}{2}}$").outcome is C


@pytest.mark.parametrize(
    ("task", "gt", "response", "released", "want"),
    [
        ("web_of_lies_v2", "yes, no, yes", "so **yes, no, yes**", "2024-06-24", C),
        ("web_of_lies_v2", "yes, no, yes", "**Yes, No, Yes.**", "2024-06-24", C),
        ("web_of_lies_v2", "yes, no, yes", "**no, no, yes**", "2024-06-24", W),
        ("zebra_puzzle", "police-officer", "***police-officer***", "2024-06-24", W),  # LiveBench's \w+ misses it
        ("zebra_puzzle", "three", "***3***", "2024-06-24", C),
        ("zebra_puzzle", "horror", "***Horror***", "2024-06-24", C),
        ("zebra_puzzle", "1, filmmaking", "<solution>1, filmmaking</solution>", "2024-11-25", C),
        ("zebra_puzzle", "1, filmmaking", "<solution>2, filmmaking</solution>", "2024-11-25", W),
        ("spatial", "3", "**three**", "2024-07-26", C),
        ("spatial", "triangle", "**triangles**", "2024-07-26", C),
        ("spatial", "3", r"$\boxed{3}$", "2024-07-26", C),
        ("spatial", "3", "**4**", "2024-07-26", W),
        ("house_traversal", "alice bob", "**alice** then **bob**", "2024-06-24", C),
        ("unknown_task", "x", "x", "2024-06-24", U),
    ],
)
def test_reasoning_rules(task: str, gt: str, response: str, released: str, want: Outcome) -> None:
    assert _check("livebench-reasoning", gt, response, task, livebench_release_date=released) is want


def test_boxed_and_normalisation_helpers() -> None:
    assert last_boxed(r"\boxed{1} and \boxed{\frac{a}{b}}") == r"\frac{a}{b}"
    assert last_boxed("none") is None
    assert normalize_final_answer(r"y = \text{5}") == " 5"  # LiveBench keeps the space after "="
    assert normalize_final_answer("100,000") == "100000"


@pytest.mark.parametrize("name", VERIFIERS.names())
def test_every_verifier_is_a_picklable_protocol_instance(name: str) -> None:
    v = VERIFIERS.get(name)()
    assert isinstance(v, Verifier) and v.name == name
    assert pickle.loads(pickle.dumps(v)) == v


@pytest.fixture(scope="module")
def index():  # type: ignore[no-untyped-def]
    from judgebench.verifiers.audit import QuestionIndex

    qs = [
        *SOURCES.get("mmlu-pro")(str(SRC / "mmlu-pro" / "test.jsonl")).questions(),
        *SOURCES.get("livebench-math")(str(SRC / "livebench")).questions(),
        *SOURCES.get("livebench-reasoning")(str(SRC / "livebench")).questions(),
    ]
    return QuestionIndex.build(qs)


def test_audit_claude_split_every_non_code_pair_agrees(index) -> None:  # type: ignore[no-untyped-def]
    from judgebench.records import read_pairs
    from judgebench.verifiers.audit import audit_pairs, summarize

    pairs = [p for p in read_pairs(CLAUDE_PAIRS) if not p.source.startswith("livecodebench")]
    summary = summarize(audit_pairs(pairs, index, second_opinion=False))
    assert (summary["pairs"], summary["agree"]) == (239, 239)
    assert summary["by_source"]["mmlu-pro"]["agree"] == 154
    assert summary["by_source"]["livebench-math"]["tasks"]["AMPS_Hard"]["agree"] == 19


def test_audit_gpt_split_matches_the_known_label_noise(index) -> None:  # type: ignore[no-untyped-def]
    from judgebench.records import read_pairs
    from judgebench.verifiers.audit import audit_pairs, summarize

    pairs = [p for p in read_pairs(GPT_PAIRS) if p.source.startswith(("mmlu-pro", "livebench-reasoning"))]
    pairs += [p for p in read_pairs(GPT_PAIRS) if p.source == "livebench-math" and "\\boxed" not in p.question]
    by = summarize(audit_pairs(pairs, index, second_opinion=False))["by_source"]
    assert by["mmlu-pro"]["agree"] == 154
    tasks = by["livebench-reasoning"]["tasks"]
    assert [tasks[t]["agree"] for t in ("web_of_lies_v2", "zebra_puzzle", "spatial")] == [44, 22, 16]
    assert by["livebench-math"]["tasks"]["math_comp"] == {"pairs": 40, "agree": 25, "disagree": 15, "unverifiable": 0}
