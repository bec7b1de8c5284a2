"""The test runner that executes inside the sandbox (stdlib only; copied into the sandbox as a script).

It reads ``job.json`` (``mode``: ``stdin`` or ``call``, ``code``, ``fn_name``, ``inputs``, ``timeout``,
``output_cap``) and prints one JSON line per test on the real stdout: ``{"status": "ok", "output": ...}``,
``{"status": "timeout"}``, ``{"status": "error", "error": ...}`` or ``{"status": "output_limit"}``, after a
first ``{"ready": true}`` line (so the parent can tell a sandbox that never started from a crashing program).
It never sees the expected outputs: the parent compares, so a program cannot forge a pass.

Like LiveCodeBench's runner, stdin programs are executed once per test in a fresh ``__main__`` namespace with
``sys.stdin``, ``open(0)`` and ``input()`` reading the test input and stdout captured; call-based solutions are
loaded once, ``Solution()`` instantiated, and the method called with one JSON value per input line. A per-test
``setitimer`` alarm ends slow tests; the run stops at the first timeout or error, as LiveCodeBench does.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import json
import os
import signal
import sys
import threading
from typing import Any

# LiveCodeBench prepends this block of imports to every solution before running it.
PRELUDE = (
    "from string import *\nfrom re import *\nfrom datetime import *\nfrom collections import *\n"
    "from heapq import *\nfrom bisect import *\nfrom copy import *\nfrom math import *\nfrom random import *\n"
    "from statistics import *\nfrom itertools import *\nfrom functools import *\nfrom operator import *\n"
    "from io import *\nfrom sys import *\nfrom json import *\nfrom builtins import *\nfrom typing import *\n"
    "import string\nimport re\nimport datetime\nimport collections\nimport heapq\nimport bisect\nimport copy\n"
    "import math\nimport random\nimport statistics\nimport itertools\nimport functools\nimport operator\n"
    "import io\nimport sys\nimport json\nsys.setrecursionlimit(50000)\n"
)


class TestTimeout(BaseException):
    """Raised by the alarm; a BaseException so ``except Exception`` in a solution cannot swallow it."""


class OutputLimit(BaseException):
    """The program printed more than the cap."""


class CappedBytes(io.BytesIO):
    """A byte sink that refuses to grow past ``cap``."""

    def __init__(self, cap: int) -> None:
        super().__init__()
        self.cap = cap

    def write(self, data: Any) -> int:
        """Write, or raise OutputLimit past the cap."""
        if self.tell() + len(data) > self.cap:
            raise OutputLimit
        return super().write(data)


def _alarm(signum: int, frame: Any) -> None:
    raise TestTimeout


def _run_one(job: dict[str, Any], target: Any, text: str) -> dict[str, Any]:
    """Run one test; ``target`` is compiled code (stdin) or a callable (call)."""
    sink = CappedBytes(job["output_cap"])
    out = io.TextIOWrapper(sink, encoding="utf-8", write_through=True)
    stdin = io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8")
    real_open = builtins.open

    def fake_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if file == 0:
            return stdin
        return real_open(file, *args, **kwargs)

    saved = sys.stdin, sys.stdout
    sys.stdin, sys.stdout, builtins.open = stdin, out, fake_open
    signal.setitimer(signal.ITIMER_REAL, job["timeout"])
    try:
        if job["mode"] == "stdin":
            with contextlib.suppress(SystemExit):
                exec(target, {"__name__": "__main__", "__builtins__": builtins})
            for thread in threading.enumerate():  # ``threading.Thread(target=main).start()`` is common
                if thread is not threading.main_thread():
                    thread.join()
            out.flush()
            return {"status": "ok", "output": sink.getvalue().decode("utf-8", "replace")}
        args = [json.loads(line) for line in text.split("\n")]
        result = target(*args)
        if isinstance(result, tuple):
            result = list(result)
        try:
            return {"status": "ok", "output": json.dumps(result)}
        except (TypeError, ValueError):
            return {"status": "ok", "output": None, "repr": repr(result)[:200]}
    except TestTimeout:
        return {"status": "timeout"}
    except OutputLimit:
        return {"status": "output_limit"}
    except BaseException as exc:  # the program's own failure, reported not raised
        return {"status": "error", "error": f"{type(exc).__name__}: {exc}"[:300]}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        sys.stdin, sys.stdout = saved
        builtins.open = real_open


def _load(job: dict[str, Any]) -> Any:
    """The compiled program (stdin) or the method to call; raises the program's own errors."""
    source = PRELUDE + job["code"]
    code = compile(source, "<solution>", "exec")
    if job["mode"] == "stdin":
        return code
    namespace: dict[str, Any] = {"__name__": "solution", "__builtins__": builtins}
    signal.setitimer(signal.ITIMER_REAL, job["timeout"])
    try:  # the constructor's work counts as loading: it runs under the same limit
        exec(code, namespace)
        if "class Solution" in job["code"] and "Solution" in namespace:
            return getattr(namespace["Solution"](), job["fn_name"])
        return namespace[job["fn_name"]]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def main() -> None:
    """Run the job in ``job.json`` and report on the real stdout, which the program cannot reach by name."""
    report_fd = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)

    def report(obj: dict[str, Any]) -> None:
        # a lone surrogate (a program's own error message can hold one) goes as a JSON escape, not a crash
        os.write(report_fd, (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace"))

    with open("job.json", encoding="utf-8") as fh:
        job = json.load(fh)
    signal.signal(signal.SIGALRM, _alarm)
    report({"ready": True})
    try:
        target = _load(job)
    except TestTimeout:
        report({"status": "timeout", "stage": "load"})
        return
    except BaseException as exc:
        report({"status": "error", "stage": "load", "error": f"{type(exc).__name__}: {exc}"[:300]})
        return
    for text in job["inputs"]:
        result = _run_one(job, target, text)
        report(result)
        if result["status"] != "ok":
            return
    report({"done": True})


if __name__ == "__main__":
    main()
