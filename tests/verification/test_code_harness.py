"""The test runner inside the sandbox (``code_harness.py``), record by record: what a program is fed, what of
its output counts, how each way of failing is reported, and that the run stops at the first failing test.

Each job runs the real runner script in the project's sandbox (as the LiveCodeBench verifier does), on
hand-written programs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from judgebench.sandbox.launch import Limits, Sandbox
from judgebench.verifiers import code_harness
from judgebench.verifiers.base import Outcome, Question
from judgebench.verifiers.code_execution import CodeExecutionVerifier
from judgebench.verifiers.code_tests import CodeTests, TestCase

HARNESS = Path(code_harness.__file__).read_text(encoding="utf-8")
SANDBOX = Sandbox(Limits(memory_mb=1024, wall_s=30))
READY, DONE = {"ready": True}, {"done": True}


def run(code: str, inputs: list[str], mode: str = "stdin", fn_name: str | None = None, **job: Any) -> list[Any]:
    """The runner's report records for one job."""
    spec = {"mode": mode, "code": code, "fn_name": fn_name, "inputs": inputs, "timeout": 2.0, "output_cap": 1 << 16}
    result = SANDBOX.run_python(HARNESS, files={"job.json": json.dumps(spec | job).encode()})
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def ok(output: str | None) -> dict[str, Any]:
    return {"status": "ok", "output": output}


def test_stdin_programs_read_each_test_from_input_stdin_and_open0() -> None:
    code = "import sys\na = int(input())\nb = int(sys.stdin.readline())\nc = int(open(0).read())\nprint(a + b + c)\n"
    assert run(code, ["1\n2\n3\n", "10\n20\n30\n"]) == [READY, ok("6\n"), ok("60\n"), DONE]


def test_each_test_runs_in_a_fresh_namespace_with_the_prelude() -> None:
    code = "runs = globals().get('runs', 0) + 1\nprint(runs, gcd(12, 18), deque([1]).pop(), __name__)\n"
    assert run(code, ["", ""]) == [READY, ok("1 6 1 __main__\n"), ok("1 6 1 __main__\n"), DONE]


def test_exit_ends_only_the_test_and_threads_are_awaited() -> None:
    code = (
        "import threading, time\ndef main():\n    time.sleep(0.2)\n    print(input())\n"
        "threading.Thread(target=main).start()\n"
    )
    assert run(code, ["x\n", "y\n"]) == [READY, ok("x\n"), ok("y\n"), DONE]
    assert run("print(1)\nexit()\nprint(2)\n", ["", ""]) == [READY, ok("1\n"), ok("1\n"), DONE]


def test_a_program_cannot_write_the_report() -> None:
    code = "import os\nos.write(1, b'{\"done\": true}\\n')\nprint(5)\n"
    assert run(code, ["", ""]) == [READY, ok("5\n"), ok("5\n"), DONE]


def test_the_first_failing_test_ends_the_run() -> None:
    code = (
        "n = int(input())\nif n == 2:\n    raise ValueError('two')\n"
        "if n == 3:\n    while True:\n        pass\nprint(n)\n"
    )
    assert run(code, ["1", "2", "1"]) == [READY, ok("1\n"), {"status": "error", "error": "ValueError: two"}]
    assert run(code, ["3", "1"], timeout=0.3) == [READY, {"status": "timeout"}]
    swallow = "try:\n    while True:\n        pass\nexcept Exception:\n    print('caught')\n"
    assert run(swallow, ["", ""], timeout=0.3) == [READY, {"status": "timeout"}]


def test_a_long_error_is_cut_to_300_characters() -> None:
    (_, record) = run("raise ValueError('x' * 1000)\n", [""])
    assert record["status"] == "error" and record["error"] == ("ValueError: " + "x" * 1000)[:300]


def test_the_output_cap_is_per_test_and_inclusive() -> None:
    code = "print('abc')\n"  # four bytes with the newline
    assert run(code, ["", ""], output_cap=4) == [READY, ok("abc\n"), ok("abc\n"), DONE]
    assert run(code, ["", ""], output_cap=3) == [READY, {"status": "output_limit"}]


def test_a_program_that_does_not_compile_fails_while_loading() -> None:
    (ready, record) = run("def broken(:\n", ["1"])
    assert ready == READY and record["status"] == "error" and record["stage"] == "load"
    assert record["error"].startswith("SyntaxError")


SOLUTION = (
    "class Solution:\n    def pair(self, nums, k):\n        print('chatter')\n"
    "        return (nums[0] + k, len(nums))\n    def other(self, nums, k):\n        return {k}\n"
)


def test_call_mode_calls_the_solution_method_with_one_json_value_per_line() -> None:
    records = run(SOLUTION, ["[1, 2]\n3", "[5]\n-1"], mode="call", fn_name="pair")
    assert records == [READY, ok("[4, 2]"), ok("[4, 1]"), DONE]  # a tuple is returned as a list


def test_call_mode_reports_a_result_that_is_not_json_by_its_repr() -> None:
    records = run(SOLUTION, ["[1]\n7"], mode="call", fn_name="other")
    assert records == [READY, {"status": "ok", "output": None, "repr": "{7}"}, DONE]


def test_call_mode_without_a_class_calls_the_function() -> None:
    assert run("def add(a, b):\n    return a + b\n", ["1\n2"], mode="call", fn_name="add") == [READY, ok("3"), DONE]


@pytest.mark.parametrize(
    ("code", "status", "error"),
    [
        ("while True:\n    pass\n", "timeout", None),
        ("raise KeyError('k')\n", "error", "KeyError: 'k'"),
        ("class Solution:\n    pass\n", "error", "AttributeError: 'Solution' object has no attribute 'f'"),
        ("def g():\n    pass\n", "error", "KeyError: 'f'"),
    ],
)
def test_call_mode_load_failures(code: str, status: str, error: str | None) -> None:
    (ready, got) = run(code, ["1"], mode="call", fn_name="f", timeout=0.3)
    assert ready == READY
    assert got == {"status": status, "stage": "load"} | ({"error": error} if error else {})


def test_call_mode_test_failures() -> None:
    code = (
        "class Solution:\n    def f(self, n):\n        if n == 0:\n            while True:\n"
        "                pass\n        return 10 // n\n"
    )
    assert run(code, ["5", "0", "1"], mode="call", fn_name="f", timeout=0.3) == [READY, ok("2"), {"status": "timeout"}]
    crash = run(code, ["-10", "x"], mode="call", fn_name="f")
    assert crash[:2] == [READY, ok("-1")] and crash[2]["status"] == "error" and len(crash) == 3
    assert crash[2]["error"].startswith("JSONDecodeError")


def test_a_long_repr_is_cut_to_200_characters() -> None:
    code = "def many(n):\n    return set(range(n))\n"
    (_, record, _) = run(code, ["100"], mode="call", fn_name="many")
    assert record == {"status": "ok", "output": None, "repr": repr(set(range(100)))[:200]}


def test_only_a_defined_solution_class_is_instantiated() -> None:
    code = "# a class Solution is not needed here\ndef add(a, b):\n    return a + b\n"
    assert run(code, ["1\n2"], mode="call", fn_name="add") == [READY, ok("3"), DONE]


def test_a_tuple_is_reported_as_a_list_even_by_its_repr() -> None:
    code = "def pair(x):\n    return (x, {2})\n"
    (_, record, _) = run(code, ["1"], mode="call", fn_name="pair")
    assert record == {"status": "ok", "output": None, "repr": "[1, {2}]"}


def test_a_long_load_error_is_cut_to_300_characters() -> None:
    (_, record) = run("raise ValueError('z' * 1000)\n", ["1"], mode="call", fn_name="f")
    assert record == {"status": "error", "stage": "load", "error": ("ValueError: " + "z" * 1000)[:300]}


def test_an_error_message_holding_a_lone_surrogate_is_still_reported() -> None:
    # the report is UTF-8: a surrogate the program put in its own message must not end the runner
    (_, record) = run("raise ValueError('bad ' + chr(0xD800))\n", [""])
    assert record == {"status": "error", "error": "ValueError: bad \ud800"}


def test_non_ascii_output_up_to_the_cap_passes() -> None:
    # the report carries the text as UTF-8, not as \\u escapes (up to 12 bytes a character): an answer of
    # 24,999 emoji and a newline (just under the 100,000-byte cap) stays within what the parent reads for one test
    smiles = "\U0001f600" * 24_999
    verifier = CodeExecutionVerifier(timeout_s=5.0, sandbox=SANDBOX, output_cap=100_000)
    question = Question("q", "livecodebench", "fixture", "", CodeTests((TestCase("", smiles + "\n"),)), "")
    check = verifier.check(question, "print('\\U0001f600' * 24_999)\n")
    assert (check.outcome, check.rule) == (Outcome.CORRECT, "tests-passed"), check.detail


def test_text_and_byte_writes_keep_their_order() -> None:
    code = "import sys\nprint('a')\nsys.stdout.buffer.write(b'b\\n')\nprint('c')\n"
    assert run(code, [""]) == [READY, ok("a\nb\nc\n"), DONE]


def test_a_program_may_open_other_files() -> None:
    code = "import os\nwith open(os.devnull) as fh:\n    print(repr(fh.read()))\n"
    assert run(code, [""]) == [READY, ok("''\n"), DONE]


def test_a_solution_constructor_counts_as_loading() -> None:
    code = (
        "class Solution:\n    def __init__(self):\n        while True:\n            pass\n"
        "    def f(self, n):\n        return n\n"
    )
    assert run(code, ["1"], mode="call", fn_name="f", timeout=0.3) == [READY, {"status": "timeout", "stage": "load"}]
