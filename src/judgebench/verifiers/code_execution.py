"""Code execution for LiveCodeBench: extract the code, run every test in the sandbox, compare like LCB.

Extraction follows LiveCodeBench's ``extract_code``: the lines between the fences of the last (since
2024-12-26; ``extraction="first"`` for the 2024 rule) fenced block. JudgeBench's responses are already
extracted code without fences, so ``auto`` (the default) takes the last block when there are fences and the
whole response otherwise. Comparison follows LCB's current grader: stdin outputs are compared line by line
after stripping, each line exactly or else token-wise as ``Decimal`` numbers; call-based results compare as
JSON values (a returned tuple counts as a list). A test that runs past ``timeout_s`` (6 s, LCB's default),
crashes or prints too much fails the response, as in LCB; only a sandbox that cannot start, a question
without tests, or a method name that cannot be determined make the verdict *unverifiable*.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from judgebench.errors import VerificationError
from judgebench.sandbox.launch import Sandbox
from judgebench.verifiers.base import Check, Outcome, Question
from judgebench.verifiers.code_tests import CodeTests, TestCase, statement_tests

_HARNESS = Path(__file__).with_name("code_harness.py")


def extract_code(response: str, extraction: Literal["auto", "first", "last", "none"] = "auto") -> str:
    """The code in a response: a fenced block (LCB's rule), or the response itself (``auto`` without fences)."""
    if extraction == "none":
        return response
    lines = response.split("\n")
    fences = [i for i, line in enumerate(lines) if "```" in line]
    if len(fences) < 2:
        return response if extraction == "auto" else ""
    if extraction == "first":
        return "\n".join(lines[fences[0] + 1 : fences[1]])
    return "\n".join(lines[fences[-2] + 1 : fences[-1]])


def _stripped_lines(text: str) -> list[str]:
    return [line.strip() for line in text.strip().split("\n")]


def stdin_output_matches(got: str, expected: str) -> bool:
    """LCB's stdin comparison: same line count, each line equal or equal as Decimal tokens."""
    got_lines, want_lines = _stripped_lines(got), _stripped_lines(expected)
    if len(got_lines) != len(want_lines):
        return False
    for g, w in zip(got_lines, want_lines, strict=True):
        if g == w:
            continue
        try:
            if [Decimal(t) for t in g.split()] != [Decimal(t) for t in w.split()]:
                return False
        except (InvalidOperation, ValueError):
            return False
    return True


def call_output_matches(got: str | None, expected: str) -> bool:
    """LCB's call-based comparison on JSON values (None: the result was not JSON-serialisable)."""
    if got is None:
        return False
    try:
        return bool(json.loads(got) == json.loads(expected))
    except ValueError:
        return False


def infer_method(code: str, arg_names: tuple[str, ...]) -> str | None:
    """The ``Solution`` method (or top-level function) whose parameters are ``arg_names``; None if unclear."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    scopes = [node.body for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Solution"]
    for body in [*scopes, tree.body]:
        funcs = [
            n for n in body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and not n.name.startswith("_")
        ]
        skip = 1 if body is not tree.body else 0
        matching = [f.name for f in funcs if tuple(a.arg for a in f.args.args[skip:]) == arg_names]
        if len(matching) == 1:
            return matching[0]
        if body is not tree.body and len(funcs) == 1 and not arg_names:
            return funcs[0].name
    return None


@dataclass(slots=True)
class CodeExecutionVerifier:
    """Runs a response's code against a question's :class:`CodeTests` (or the samples in its statement).

    Args:
        timeout_s: per-test limit (LCB: 6 s); the whole run is killed after ``(timeout_s + 1) * n + 5`` s.
        extraction: ``auto``, ``last`` (LCB since 2024-12-26), ``first`` (LCB 2024) or ``none``.
        sandbox: the isolation and limits (its ``wall_s`` is replaced per run).
        output_cap: bytes a single test may print.
    """

    name: str = "livecodebench"
    timeout_s: float = 6.0
    extraction: Literal["auto", "first", "last", "none"] = "auto"
    sandbox: Sandbox = field(default_factory=Sandbox)
    output_cap: int = 4 << 20

    def preflight(self) -> None:
        """Before any work: refuse (one line) when code cannot run contained, warn about the opt-in fallback."""
        self.sandbox.preflight()

    def tests_for(self, question: Question) -> CodeTests:
        """The question's tests; a question without any falls back to the samples printed in its prompt."""
        gt = question.ground_truth
        if isinstance(gt, CodeTests) and gt.cases:
            return gt
        return statement_tests(question.prompt)

    def check(self, question: Question, response: str) -> Check:
        """Run the tests; see the module docstring for which failures are incorrect and which unverifiable."""
        tests = self.tests_for(question)
        if not tests.cases:
            return Check(Outcome.UNVERIFIABLE, None, "no-tests", "the question has no test cases")
        code = extract_code(response, self.extraction)
        if not code.strip():
            return Check(Outcome.INCORRECT, "", "no-code", "no code block in the response")
        fn_name = tests.fn_name
        if tests.functional and fn_name is None:
            fn_name = infer_method(code, tests.arg_names)
            if fn_name is None:
                detail = f"no Solution method with parameters {tests.arg_names}"
                return Check(Outcome.UNVERIFIABLE, code, "no-method", detail)
        try:
            results = self._run(code, tests, fn_name)
        except VerificationError as exc:
            return Check(Outcome.UNVERIFIABLE, code, "sandbox-error", str(exc))
        return self._judge(code, tests.cases, results)

    def _run(self, code: str, tests: CodeTests, fn_name: str | None) -> list[dict[str, Any]]:
        n = len(tests.cases)
        job = {
            "mode": "call" if tests.functional else "stdin",
            "code": code,
            "fn_name": fn_name,
            "inputs": [c.input for c in tests.cases],
            "timeout": self.timeout_s,
            "output_cap": self.output_cap,
        }
        limits = replace(
            self.sandbox.limits,
            wall_s=(self.timeout_s + 1) * n + 5,
            cpu_s=int((self.timeout_s + 1) * n + 5),
            output_bytes=n * (2 * self.output_cap + 1024) + 65536,
        )
        box = replace(self.sandbox, limits=limits)
        run = box.run_python(_HARNESS.read_text(encoding="utf-8"), files={"job.json": json.dumps(job).encode()})
        records: list[Any] = []
        for line in run.stdout.decode("utf-8", "replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if not isinstance(record, dict):  # a program writing to the report descriptor: stop at its first line
                break
            records.append(record)
        if not records or records[0] != {"ready": True}:
            tail = run.stderr.decode("utf-8", "replace").strip()[-300:]
            raise VerificationError(f"the test runner did not start (exit {run.returncode}): {tail}")
        # a program can write anything to the report descriptor, "done" included: only a record per test counts
        results = [r for r in records[1:] if "done" not in r][:n]
        if len(results) < n and (not results or results[-1].get("status") == "ok"):
            # killed from outside: the output cap (a flood on any descriptor: the parent kills the run, so this
            # comes before the SIGKILL it sent is read as a timeout), the memory bound (the kernel's SIGKILL),
            # the wall clock, the CPU limit, a signal; or the program ended the runner itself (exit, a forged
            # "done"): it did not pass every test, so it fails like a crash
            if run.output_truncated:
                results.append({"status": "output_limit"})
            elif run.memory_exceeded:
                results.append({"status": "memory_limit"})
            elif run.timed_out or run.killed_by in (9, 24):
                results.append({"status": "timeout"})
            else:
                detail = f"the program ended the test runner after {len(results)}/{n} tests (exit {run.returncode})"
                results.append({"status": "error", "error": detail})
        return results

    def _judge(self, code: str, cases: tuple[TestCase, ...], results: list[dict[str, Any]]) -> Check:
        n = len(cases)
        for i, result in enumerate(results):
            status = result.get("status")
            where = f"test {i + 1}/{n}"
            if result.get("stage") == "load":
                where = "loading the code"
            if status == "timeout":
                return Check(Outcome.INCORRECT, code, "time-limit", f"{where}: over {self.timeout_s:g} s")
            if status == "output_limit":
                return Check(Outcome.INCORRECT, code, "output-limit", f"{where}: printed over {self.output_cap} bytes")
            error = str(result.get("error", ""))
            if status == "memory_limit" or (status == "error" and error.startswith("MemoryError")):
                limit = self.sandbox.limits.total_memory_mb
                return Check(Outcome.INCORRECT, code, "memory-limit", f"{where}: out of memory (run: {limit} MiB)")
            if status != "ok":
                return Check(Outcome.INCORRECT, code, "runtime-error", f"{where}: {result.get('error')}")
            case = cases[i]
            got = result.get("output")
            ok = (
                call_output_matches(got, case.output)
                if case.testtype == "functional"
                else stdin_output_matches(got or "", case.output)
            )
            if not ok:
                shown = result.get("repr", got)
                detail = f"{where}: wrong answer: expected {case.output[:80]!r}, got {str(shown)[:80]!r}"
                return Check(Outcome.INCORRECT, code, "wrong-answer", detail)
        if len(results) < n:  # pragma: no cover - _run ends a short report with a failing record, returned above
            raise AssertionError(f"only {len(results)}/{n} tests reported, none of them failing")
        return Check(Outcome.CORRECT, code, "tests-passed", f"{n}/{n} tests passed")
