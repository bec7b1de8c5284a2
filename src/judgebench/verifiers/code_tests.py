"""Test cases for code questions: LiveCodeBench's encodings, and the samples printed in a statement.

LiveCodeBench (``livecodebench/code_generation_lite``) stores ``public_test_cases`` as a JSON list of
``{"input", "output", "testtype"}`` and ``private_test_cases`` either as the same JSON or as
``base64(zlib(pickle(json_string)))``. The pickle is decoded by :class:`_StrOnlyUnpickler`, which refuses
every global (so no object can be constructed and no code can run) and accepts only a ``str`` result; plain
``pickle.loads`` is never called on downloaded data.

JudgeBench's coding questions carry no tests, only the statement. :func:`statement_tests` recovers the
sample cases printed in it: AtCoder's ``Sample Input 1`` / ``Sample Output 1`` blocks, Codeforces'
``Sample Input 1:`` blocks (whose lines LiveCodeBench separated with blank lines, dropped here) and
LeetCode's ``Input: a = [1,2], k = 3`` / ``Output: 4`` examples (one JSON value per argument).
"""

from __future__ import annotations

import base64
import io
import json
import pickle
import re
import zlib
from dataclasses import dataclass
from typing import Any, Literal

from judgebench.errors import MalformedRecordError

TestType = Literal["stdin", "functional"]


@dataclass(frozen=True, slots=True)
class TestCase:
    """One test case.

    For stdin tests the program's input and expected output text; for functional tests one JSON value per
    line (the arguments) and the JSON of the expected return value.
    """

    __test__ = False  # not a pytest class

    input: str
    output: str
    testtype: TestType = "stdin"


@dataclass(frozen=True, slots=True)
class CodeTests:
    """The ground truth of a code question.

    Attributes:
        cases: the tests, public first.
        fn_name: the method to call for functional tests; None for stdin programs, or when unknown (then
            the verifier picks the ``Solution`` method whose parameters match ``arg_names``).
        arg_names: the parameter names of functional tests, when known (from a statement's examples).
    """

    cases: tuple[TestCase, ...]
    fn_name: str | None = None
    arg_names: tuple[str, ...] = ()

    @property
    def functional(self) -> bool:
        """Whether the tests call a function rather than feed stdin."""
        return bool(self.cases) and self.cases[0].testtype == "functional"


class _StrOnlyUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"refusing to load global {module}.{name}")


def _decode_blob(blob: str) -> Any:
    raw = zlib.decompress(base64.b64decode(blob.encode("utf-8")))
    text = _StrOnlyUnpickler(io.BytesIO(raw)).load()
    if not isinstance(text, str):
        raise pickle.UnpicklingError(f"expected a pickled str, got {type(text).__name__}")
    return json.loads(text)


def decode_test_cases(value: str | list[Any], where: str = "private_test_cases") -> list[TestCase]:
    """Test cases from LiveCodeBench's JSON or compressed-pickle encodings.

    Raises:
        MalformedRecordError: neither encoding, or a pickle that holds anything but a string.
    """
    data: Any = value
    if isinstance(value, str):
        try:
            data = json.loads(value)
        except ValueError:
            try:
                data = _decode_blob(value)
            except (ValueError, zlib.error, pickle.UnpicklingError, EOFError) as exc:
                raise MalformedRecordError(f"{where}: not JSON nor LiveCodeBench's encoding ({exc})") from None
    if not isinstance(data, list):
        raise MalformedRecordError(f"{where}: expected a list of test cases")
    cases = []
    for item in data:
        if not isinstance(item, dict) or not isinstance(item.get("input"), str) or "output" not in item:
            raise MalformedRecordError(f"{where}: each test needs an 'input' string and an 'output'")
        kind = item.get("testtype", "stdin")
        cases.append(TestCase(item["input"], str(item["output"]), "functional" if kind == "functional" else "stdin"))
    return cases


def encode_test_cases(cases: list[TestCase]) -> str:
    """LiveCodeBench's private encoding (for fixtures and round trips)."""
    text = json.dumps([{"input": c.input, "output": c.output, "testtype": c.testtype} for c in cases])
    return base64.b64encode(zlib.compress(pickle.dumps(text, protocol=4))).decode("ascii")


_ATCODER = re.compile(r"Sample Input (\d+)\n\n(.*?)\n\nSample Output \1\n\n(.*?)(?:\n\n|\Z)", re.S)
_CODEFORCES = re.compile(r"Sample Input (\d+):\n(.*?)\n\nSample Output \1:\n\n?(.*?)(?:\n\n|\Z)", re.S)
_LEETCODE = re.compile(r"^Input:\s*(.+?)\s*\nOutput:\s*(.+?)\s*$", re.M)
_ARG = re.compile(r"\s*([A-Za-z_]\w*)\s*=\s*")


def _lines(block: str, drop_blank: bool) -> str:
    lines = [line.rstrip() for line in block.replace("\r\n", "\n").split("\n")]
    if drop_blank:
        lines = [line for line in lines if line.strip()]
    return "\n".join(lines).strip("\n") + "\n"


def _leetcode_args(text: str) -> tuple[tuple[str, ...], list[Any]] | None:
    """``a = [1,2], s = "x"`` → names and JSON values; None if any value is not JSON."""
    decoder = json.JSONDecoder()
    names: list[str] = []
    values: list[Any] = []
    pos = 0
    while pos < len(text):
        m = _ARG.match(text, pos)
        if not m:
            return None
        try:
            value, pos = decoder.raw_decode(text, m.end())
        except ValueError:
            return None
        names.append(m.group(1))
        values.append(value)
        rest = text[pos:].lstrip()
        if rest.startswith(","):
            pos = len(text) - len(rest) + 1
        elif rest:
            return None
        else:
            break
    return (tuple(names), values) if names else None


def statement_tests(statement: str) -> CodeTests:
    """The sample cases printed in a problem statement (empty ``cases`` when none could be read)."""
    cf = [(m.group(2), m.group(3)) for m in _CODEFORCES.finditer(statement)]
    if cf:
        return CodeTests(tuple(TestCase(_lines(i, True), _lines(o, True)) for i, o in cf))
    at = [(m.group(2), m.group(3)) for m in _ATCODER.finditer(statement)]
    if at:
        return CodeTests(tuple(TestCase(_lines(i, False), _lines(o, False)) for i, o in at))
    cases: list[TestCase] = []
    names: tuple[str, ...] = ()
    for m in _LEETCODE.finditer(statement):
        parsed = _leetcode_args(m.group(1))
        try:
            expected = json.loads(m.group(2))
        except ValueError:
            continue
        if parsed is None or (names and parsed[0] != names):
            continue
        names = parsed[0]
        args = "\n".join(json.dumps(v) for v in parsed[1])
        cases.append(TestCase(args, json.dumps(expected), "functional"))
    return CodeTests(tuple(cases), None, names)
