"""When code may run, and what reaches the user: the opt-in, output floods as verdicts, the key never shown.

Before issue 10: without bubblewrap, code ran under rlimits silently (as root, when judgebench was root);
a flood on stderr or on the report descriptor was judged a time limit; and ``judgebench audit`` printed the
``OPENAI_API_KEY`` a coding response read from ``/proc/<ppid>/environ`` in a verdict's ``detail``.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from judgebench.errors import ConfigError
from judgebench.sandbox import containment
from judgebench.sandbox.launch import Limits, Sandbox, bwrap_path
from judgebench.verifiers.base import Outcome, Question
from judgebench.verifiers.code_execution import CodeExecutionVerifier
from judgebench.verifiers.code_tests import CodeTests, TestCase
from tests.conftest import DATA, GPT_PAIRS
from tests.verification.test_sandbox_escapes import FORK_EXEC, MODES

FAKE_KEY = "sk-test-AUDIT-7777-never-shown"
ROOT = Path(__file__).resolve().parents[2]


def no_bwrap_path(tmp_path: Path) -> str:
    """A PATH on which bubblewrap is not found (the commands judgebench needs are called by absolute path)."""
    empty = tmp_path / "bin"
    empty.mkdir(exist_ok=True)
    return str(empty)


def test_without_bubblewrap_code_is_refused_unless_the_user_opts_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("PATH", no_bwrap_path(tmp_path))
    monkeypatch.delenv("JUDGEBENCH_ALLOW_UNSANDBOXED", raising=False)
    monkeypatch.setattr(containment, "_warned", False)
    with pytest.raises(ConfigError, match=r"install bubblewrap .*--allow-unsandboxed"):
        Sandbox().preflight()
    monkeypatch.setenv("JUDGEBENCH_ALLOW_UNSANDBOXED", "1")
    with caplog.at_level(logging.WARNING, logger="judgebench.sandbox"):
        assert Sandbox().preflight() == "rlimits"
    assert any("WITHOUT a namespace sandbox" in r.getMessage() for r in caplog.records)


STATEMENT_Q = Question("q", "livecodebench", "fixture", "", CodeTests((TestCase("1 2\n", "3\n"),)), "livecodebench")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("where", "code"),
    [
        ("stderr", "import sys\nfor _ in range(1024):\n    sys.stderr.write('x' * (1 << 20))\n"),
        ("report-fd", "import os\nfor _ in range(1024):\n    os.write(3, b'{' * (1 << 20))\n"),
        ("stdout", "for _ in range(1024):\n    print('x' * (1 << 20))\n"),
    ],
)
def test_a_flood_on_any_descriptor_is_an_output_limit(mode: str, where: str, code: str) -> None:
    limits = Limits(memory_mb=1024)
    verifier = CodeExecutionVerifier(timeout_s=5.0, sandbox=Sandbox(limits, isolation=mode), output_cap=1 << 16)  # type: ignore[arg-type]
    check = verifier.check(STATEMENT_Q, code)
    assert (check.outcome, check.rule) == (Outcome.INCORRECT, "output-limit"), check.detail


STEAL = (
    FORK_EXEC
    + """
found = []
def grab(what, fn):
    try:
        found.append(fn())
    except BaseException as exc:
        found.append(what + ":" + type(exc).__name__)
grab("ppid", lambda: open(f"/proc/{os.getppid()}/environ", "rb").read().decode(errors="replace"))
grab("init", lambda: open("/proc/1/environ", "rb").read().decode(errors="replace"))
grab("all", lambda: [open(f"/proc/{p}/environ", "rb").read() for p in os.listdir("/proc") if p.isdigit()])
grab("env", lambda: repr(dict(os.environ)))
grab("shell", lambda: os.waitpid(fork_exec(["/bin/sh", "-c", "cat /proc/$PPID/environ /proc/[0-9]*/environ; env"]), 0))
print(" ".join(map(str, found)))
raise RuntimeError("stolen: " + " ".join(map(str, found))[-250:])
"""
)


@pytest.mark.parametrize("mode", MODES)
def test_the_parents_key_never_reaches_a_verdict_or_the_terminal(mode: str, tmp_path: Path) -> None:
    """``judgebench audit`` on a coding pair whose responses hunt for the key, started with the key set."""
    pair = next(
        json.loads(line)
        for line in GPT_PAIRS.read_text(encoding="utf-8").splitlines()
        if json.loads(line)["source"].startswith("livecodebench")
    )
    pair["response_A"] = pair["response_B"] = STEAL
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps(pair) + "\n", encoding="utf-8")
    env = {**os.environ, "JUDGEBENCH_DATA": str(DATA), "OPENAI_API_KEY": FAKE_KEY}
    sources = tmp_path / "sources"
    (sources / "livebench").mkdir(parents=True)  # no LiveBench questions: coding pairs need none
    argv = [sys.executable, "-m", "judgebench.cli.main", "audit", str(pairs), "--json", "--sources", str(sources)]
    if mode == "rlimits":
        env["PATH"] = no_bwrap_path(tmp_path)
        refused = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "install bubblewrap" in refused.stderr
        argv.append("--allow-unsandboxed")
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert FAKE_KEY not in done.stdout + done.stderr
    assert done.returncode == 0, done.stderr
    audit = json.loads(done.stdout)
    details = [side["detail"] for side in audit["summary"]["not_agreeing"][0].values() if isinstance(side, dict)]
    assert details and all("stolen:" in d for d in details), details  # what it found reached the verdict, no key
    if mode == "rlimits":
        assert "WITHOUT a namespace sandbox" in done.stderr
    else:
        assert bwrap_path() is not None
