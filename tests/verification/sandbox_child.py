"""Run one sandboxed program in a fresh process, so the environment ``/proc`` shows for it is the test's.

``/proc/<pid>/environ`` holds a process's environment as it was started; a variable a test sets in its own
process never appears there. The escape tests therefore start this module with the fake key in its
environment: ``python -m tests.verification.sandbox_child`` reads a JSON job on stdin and prints the RunResult.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import sys

from judgebench.sandbox.launch import Limits, Sandbox


def main() -> None:
    job = json.loads(sys.stdin.read())
    box = Sandbox(Limits(**job["limits"]), isolation=job["mode"], guard=job["guard"])
    r = box.run_python(job["code"])
    doc = dataclasses.asdict(r)
    doc["stdout"] = base64.b64encode(r.stdout).decode()
    doc["stderr"] = base64.b64encode(r.stderr).decode()
    print(json.dumps(doc))


if __name__ == "__main__":
    main()
