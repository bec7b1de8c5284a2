from __future__ import annotations

import base64
import json
import pickle
import zlib

import pytest

from judgebench.errors import MalformedRecordError
from judgebench.sandbox.launch import Limits, Sandbox
from judgebench.verifiers.base import Outcome, Question
from judgebench.verifiers.code_execution import (
    CodeExecutionVerifier,
    extract_code,
    infer_method,
    stdin_output_matches,
)
from judgebench.verifiers.code_tests import (
    CodeTests,
    TestCase,
    decode_test_cases,
    encode_test_cases,
    statement_tests,
)
from tests.verification import lcb_fixtures as fx

VERIFIER = CodeExecutionVerifier(timeout_s=1.0, sandbox=Sandbox(Limits(memory_mb=1024)))


def _q(tests: CodeTests, prompt: str = "") -> Question:
    return Question("q1", "livecodebench", "fixture", prompt, tests, "livecodebench")


@pytest.mark.parametrize(
    ("code", "outcome", "rule"),
    [
        (fx.SUM_MAX_CORRECT, Outcome.CORRECT, "tests-passed"),
        (fx.SUM_MAX_OPEN0, Outcome.CORRECT, "tests-passed"),
        (fx.SUM_MAX_FENCED, Outcome.CORRECT, "tests-passed"),
        (fx.SUM_MAX_WRONG, Outcome.INCORRECT, "wrong-answer"),
        (fx.SUM_MAX_SLOW, Outcome.INCORRECT, "time-limit"),
        (fx.SUM_MAX_CRASH, Outcome.INCORRECT, "runtime-error"),
        ("def broken(:\n", Outcome.INCORRECT, "runtime-error"),
        ("```\n```", Outcome.INCORRECT, "no-code"),
    ],
)
def test_stdin_fixtures(code: str, outcome: Outcome, rule: str) -> None:
    check = VERIFIER.check(_q(fx.SUM_MAX), code)
    assert (check.outcome, check.rule) == (outcome, rule), check.detail


@pytest.mark.parametrize(
    ("code", "outcome", "rule", "detail"),
    [
        (fx.TWO_SUM_CORRECT, Outcome.CORRECT, "tests-passed", "3/3 tests passed"),
        (fx.TWO_SUM_WRONG, Outcome.INCORRECT, "wrong-answer", "test 2/3"),
        (fx.TWO_SUM_SLOW, Outcome.INCORRECT, "time-limit", "test 1/3"),
        (fx.TWO_SUM_SWALLOWS, Outcome.INCORRECT, "time-limit", "test 1/3"),
        (fx.TWO_SUM_CRASH, Outcome.INCORRECT, "runtime-error", "IndexError"),
    ],
)
def test_functional_fixtures(code: str, outcome: Outcome, rule: str, detail: str) -> None:
    check = VERIFIER.check(_q(fx.TWO_SUM), code)
    assert (check.outcome, check.rule) == (outcome, rule)
    assert detail in (check.detail or "")


def test_question_without_tests_is_unverifiable() -> None:
    check = VERIFIER.check(_q(CodeTests(())), fx.SUM_MAX_CORRECT)
    assert check.outcome is Outcome.UNVERIFIABLE and check.rule == "no-tests"


def test_decimal_token_comparison_like_lcb() -> None:
    assert stdin_output_matches("0.40000\n", "0.4")
    assert stdin_output_matches("  1 2 \n3\n\n", "1 2\n3")
    assert not stdin_output_matches("1 2\n", "1 2\n3")
    assert not stdin_output_matches("Yes", "YES")


def test_extraction_first_and_last_blocks() -> None:
    text = "```python\nA\n```\ntext\n```python\nB\n```"
    assert (extract_code(text, "first"), extract_code(text, "last"), extract_code(text)) == ("A", "B", "B")
    assert extract_code("print(1)", "auto") == "print(1)"
    assert extract_code("print(1)", "last") == ""


def test_private_tests_round_trip_through_lcb_encoding() -> None:
    cases = [TestCase("1\n", "2\n"), TestCase("[1]\n2", "3", "functional")]
    blob = encode_test_cases(cases)
    assert blob.startswith("eJ")
    assert decode_test_cases(blob) == cases
    assert decode_test_cases(json.dumps([{"input": "x", "output": "y", "testtype": "stdin"}])) == [TestCase("x", "y")]


def test_restricted_unpickler_refuses_code() -> None:
    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (print, ("pwned",))

    blob = base64.b64encode(zlib.compress(pickle.dumps(Evil()))).decode()
    with pytest.raises(MalformedRecordError, match="refusing to load global"):
        decode_test_cases(blob)
    not_a_str = base64.b64encode(zlib.compress(pickle.dumps([1, 2]))).decode()
    with pytest.raises(MalformedRecordError, match="pickled str"):
        decode_test_cases(not_a_str)


def test_statement_samples_atcoder_codeforces_leetcode() -> None:
    atcoder = (
        "Print it.\n\nSample Input 1\n\n2 3\r\nab\n\nSample Output 1\n\n5\r\n6\n\nBecause.\n\n"
        "Sample Input 2\n\n1\n\nSample Output 2\n\n0"
    )
    assert statement_tests(atcoder).cases == (TestCase("2 3\nab\n", "5\n6\n"), TestCase("1\n", "0\n"))
    codeforces = "Output YES.Sample Input 1:\n2\n\n1 0\n\na\n\n\n\nSample Output 1:\n\nYES\nNO\n\n\nNote\n\nx"
    assert statement_tests(codeforces).cases == (TestCase("2\n1 0\na\n", "YES\nNO\n"),)
    leetcode = 'Example 1:\n\nInput: nums = [1,2], s = "a, b"\nOutput: true\nExplanation: ...\n'
    tests = statement_tests(leetcode)
    assert tests.cases == (TestCase('[1, 2]\n"a, b"', "true", "functional"),)
    assert tests.arg_names == ("nums", "s") and tests.functional


def test_infer_method_by_parameter_names() -> None:
    code = "class Solution:\n    def helper(self, x): ...\n    def solve(self, nums, s): ...\n"
    assert infer_method(code, ("nums", "s")) == "solve"
    assert infer_method(code, ("other",)) is None
    assert infer_method("def f(:", ("a",)) is None
