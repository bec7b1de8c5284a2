"""Code questions' test cases: LiveCodeBench's encodings (what is accepted, what each field becomes, what is
refused) and the sample cases read from a statement (which examples count, and the exact text a program is
fed and must print)."""

from __future__ import annotations

import base64
import json
import pickle
import zlib

import pytest

from judgebench.errors import MalformedRecordError
from judgebench.verifiers.code_tests import CodeTests, TestCase, decode_test_cases, encode_test_cases, statement_tests


def test_a_test_case_is_stdin_unless_marked_functional() -> None:
    assert TestCase("1\n", "2\n").testtype == "stdin"
    assert not CodeTests(()).functional
    assert not CodeTests((TestCase("1", "2"),)).functional
    assert CodeTests((TestCase("[1]", "1", "functional"), TestCase("1", "2"))).functional
    assert CodeTests(()) == CodeTests((), None, ())


def test_decoded_fields() -> None:
    rows = [
        {"input": "1 2\n", "output": "3\n", "testtype": "stdin"},
        {"input": "[1,2]\n3", "output": 4, "testtype": "functional"},  # a number output becomes its text
        {"input": "x", "output": "y"},  # no testtype: stdin
        {"input": "x", "output": "y", "testtype": "interactive"},  # anything else: stdin
    ]
    want = [
        TestCase("1 2\n", "3\n", "stdin"),
        TestCase("[1,2]\n3", "4", "functional"),
        TestCase("x", "y", "stdin"),
        TestCase("x", "y", "stdin"),
    ]
    assert decode_test_cases(json.dumps(rows)) == want  # public tests: JSON text
    assert decode_test_cases(rows) == want  # already parsed
    assert decode_test_cases(encode_test_cases(want)) == want  # private tests: base64(zlib(pickle(json)))
    assert decode_test_cases("[]") == []


def _blob(obj: object) -> str:
    return base64.b64encode(zlib.compress(pickle.dumps(obj))).decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("not json {", "private_test_cases: not JSON nor LiveCodeBench's encoding"),
        (base64.b64encode(b"not zlib").decode(), "private_test_cases: not JSON nor LiveCodeBench's encoding"),
        (_blob([1, 2]), "private_test_cases: not JSON nor LiveCodeBench's encoding (expected a pickled str"),
        (_blob('{"input": "x"}'), "private_test_cases: expected a list of test cases"),
        ('{"input": "x", "output": "y"}', "private_test_cases: expected a list of test cases"),
        ('["x"]', "private_test_cases: each test needs an 'input' string and an 'output'"),
        ('[{"input": 1, "output": "y"}]', "private_test_cases: each test needs an 'input' string and an 'output'"),
        ('[{"input": "x"}]', "private_test_cases: each test needs an 'input' string and an 'output'"),
        ('[{"input": "x", "output": "y"}, {"output": "y"}]', "private_test_cases: each test needs"),
    ],
)
def test_refused_encodings(value: str, message: str) -> None:
    with pytest.raises(MalformedRecordError) as info:
        decode_test_cases(value)
    assert str(info.value).startswith(f"<input>: {message}")  # no file: the record is named "<input>"


def test_the_field_is_named_in_the_error() -> None:
    with pytest.raises(MalformedRecordError, match=r"^<input>: public_test_cases: expected a list"):
        decode_test_cases("{}", where="public_test_cases")


def test_the_private_encoding_is_a_pickled_json_string() -> None:
    blob = encode_test_cases([TestCase("1\n", "2\n")])
    text = pickle.loads(zlib.decompress(base64.b64decode(blob)))
    assert json.loads(text) == [{"input": "1\n", "output": "2\n", "testtype": "stdin"}]


ATCODER = (
    "Print the sum.\n\nSample Input 1\n\n3\n\n1 2\n\nSample Output 1\n\n  6  \n\n"
    "Sample Input 2\n\n1\n\nSample Output 3\n\n0"  # numbers that do not match: not a sample
)
CODEFORCES = (
    "Sample Input 1:\n1\r\n\r\n2\n\nSample Output 1:\nA\n\n"
    "Sample Input 2:\n5\n\nSample Output 2:\n\nB"  # the output's leading blank line is optional
)
LEETCODE = (
    "Example 1:\nInput: nums = [2,7], target = 9\nOutput: [0,1]\n\n"
    'Example 2:\nInput: s = "x"\nOutput: 1\n'  # other argument names than the first example's: skipped
    "Example 3:\nInput: nums = [3], target = 6\nOutput: nope\n"  # output not JSON: skipped
    "Example 4:\nInput: nums = [1,1], target = 2\nOutput: [0, 1]\n"
    "Example 5:\nInput: nums = 'x', target = 2\nOutput: 1\n"  # an argument not JSON: skipped
    "Example 6:\nInput: nums = [1] target = 2\nOutput: 1\n"  # no comma between arguments: skipped
)


def test_atcoder_samples_keep_inner_blank_lines_and_leading_spaces() -> None:
    assert statement_tests(ATCODER) == CodeTests((TestCase("3\n\n1 2\n", "  6\n"),))


def test_codeforces_samples_drop_blank_lines_and_carriage_returns() -> None:
    tests = statement_tests(CODEFORCES)
    assert tests == CodeTests((TestCase("1\n2\n", "A\n"), TestCase("5\n", "B\n")))
    assert not tests.functional


def test_codeforces_wins_over_atcoder_when_both_appear() -> None:
    assert statement_tests(CODEFORCES + "\n\n" + ATCODER).cases == statement_tests(CODEFORCES).cases


def test_leetcode_examples_become_functional_tests() -> None:
    tests = statement_tests(LEETCODE)
    assert tests.cases == (
        TestCase("[2, 7]\n9", "[0, 1]", "functional"),
        TestCase("[1, 1]\n2", "[0, 1]", "functional"),
    )
    assert tests.arg_names == ("nums", "target") and tests.fn_name is None and tests.functional


@pytest.mark.parametrize(
    ("line", "case"),
    [
        ('a = [1,2], s = "x, y" , k = 3', TestCase('[1, 2]\n"x, y"\n3', "0", "functional")),
        ("a = 1,", TestCase("1", "0", "functional")),
        ("a=1,b=[2]", TestCase("1\n[2]", "0", "functional")),  # no spaces around the comma
        ("A = [1], B = 2", TestCase("[1]\n2", "0", "functional")),  # upper-case names (older problems)
        ('a = {"k": [1]}', TestCase('{"k": [1]}', "0", "functional")),
    ],
)
def test_leetcode_arguments(line: str, case: TestCase) -> None:
    assert statement_tests(f"Input: {line}\nOutput: 0\n").cases == (case,)


@pytest.mark.parametrize("line", ["[1,2]", "a = [1,2] junk", "s = 'abc'", "a = ", "= 3"])
def test_unreadable_leetcode_arguments_are_skipped(line: str) -> None:
    assert statement_tests(f"Input: {line}\nOutput: 0\n") == CodeTests(())


def test_a_statement_without_samples_has_no_tests() -> None:
    assert statement_tests("Just solve it.") == CodeTests((), None, ())


def test_whitespace_only_lines_in_outputs() -> None:
    # Codeforces' samples drop them (LiveCodeBench separated lines with blank ones); AtCoder's keep them, empty
    codeforces = statement_tests("Sample Input 1:\n1\n \n2\n\nSample Output 1:\nA\n \nB")
    assert codeforces.cases == (TestCase("1\n2\n", "A\nB\n"),)
    atcoder = statement_tests("Sample Input 1\n\n1\n \n2\n\nSample Output 1\n\nA\n \nB")
    assert atcoder.cases == (TestCase("1\n\n2\n", "A\n\nB\n"),)
