"""Judging throughput: ``judgebench judge`` as a whole process, beside upstream's ``run_judge.py``, against a
local OpenAI-compatible server.

The server (tests/fakes/provider_server.py, in this process's thread) answers every request after 50 ms with
an Arena-Hard verdict. Judging the 350 ``gpt`` pairs in both orders (700 requests) with 16 in flight cannot take
less than 700 × 0.05 / 16 = 2.19 s (the latency floor). Goal (issue 16): the whole ``judgebench judge`` process,
interpreter start to exit, within 1.2 × the floor (≤ 2.63 s), median of ``--runs``; a resumed run of a finished
file under 2 s, sending nothing.

Upstream's ``run_judge.py`` (``--judge_name arena_hard --judge_model gpt-4o-2024-05-13 --concurrency_limit 16``,
its OpenAI client pointed at the same server by ``OPENAI_BASE_URL``) runs alternately with judgebench, so both
see the same machine load; its whole-process time is printed beside judgebench's. It needs a clone of
github.com/ScalerLab/JudgeBench: ``--upstream DIR`` or ``$JUDGEBENCH_UPSTREAM_MIRROR`` (a checkout or a bare
git directory; ``run_judge.py`` and ``utils/`` are copied out of it), and upstream's imports (``openai``,
``anthropic``, ``backoff``, ``tqdm``, ``jinja2``; the ``dev`` extra has them). Without it, judgebench runs alone.

The judge model is ``vllm/bench-judge`` with ``--base-url``: the ``vllm/`` backend (the OpenAI wire protocol
over aiohttp + orjson) is the one meant for local OpenAI-compatible servers. The call cache is on (a fresh
folder), as in a default run. Both programs' bytecode is compiled first, as ``pip install`` leaves it (this
matters where ``PYTHONDONTWRITEBYTECODE`` is set: every run would compile every module again). Each line
shows the load average beside the figure. Run::

    JUDGEBENCH_DATA=../shared/judgebench JUDGEBENCH_UPSTREAM_MIRROR=~/src/JudgeBench \\
        .venv/bin/python bench/bench_judge.py [--runs 3]

Exit status 1 when the goal is missed.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.provider_server import FakeProvider  # noqa: E402

LATENCY = 0.05
PAIRS = 350
FLOOR = 2 * PAIRS * LATENCY / 16
GOAL = 1.2
GPT_PAIRS = "dataset=judgebench,response_model=gpt-4o-2024-05-13.jsonl"


def reply(body: dict[str, Any]) -> str:
    return "Both answers were checked step by step.\nMy final verdict is Assistant A is slightly better: [[A>B]]"


def load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def upstream_copy(source: str, dest: Path) -> Path | None:
    """``run_judge.py`` and ``utils/`` of upstream's clone ``source`` (checkout or bare) under ``dest``."""
    src = Path(source).expanduser()
    if (src / "run_judge.py").is_file():
        shutil.copy(src / "run_judge.py", dest)
        shutil.copytree(src / "utils", dest / "utils")
        return dest
    archive = subprocess.run(
        ["git", "-C", str(src), "archive", "HEAD", "run_judge.py", "utils"], capture_output=True, check=False
    )
    if archive.returncode != 0:
        return None
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return dest


class Run:
    """One whole process against the server: wall time, first request, and exit after the last reply."""

    def __init__(self, cmd: list[str], env: dict[str, str], server: FakeProvider, cwd: Path | None = None) -> None:
        first = len(server.requests)
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        self.proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
        end = time.monotonic()
        now = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu = now.ru_utime - used.ru_utime + now.ru_stime - used.ru_stime
        self.wall = end - start
        times = [r.at for r in server.requests[first:]]
        self.sent = len(times)
        self.first = (min(times) - start) if times else float("nan")
        self.tail = (end - max(times) - LATENCY) if times else float("nan")
        self.load = load()

    def line(self, name: str) -> str:
        return (
            f"{name}: whole process {self.wall:.2f} s ({self.wall / FLOOR:.2f} x floor), CPU {self.cpu:.2f} s · "
            f"{self.sent} requests · "
            f"first request at {self.first:.2f} s · exit {self.tail:.2f} s after the last reply · {self.load}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="alternating runs of each program (the median counts)")
    parser.add_argument("--model", default="vllm/bench-judge", help="judge model spec (openai/bench-judge: the SDK)")
    parser.add_argument("--upstream", default=os.environ.get("JUDGEBENCH_UPSTREAM_MIRROR"), help="upstream clone")
    args = parser.parse_args()
    data = os.environ.get("JUDGEBENCH_DATA") or str(ROOT.parent / "shared" / "judgebench")
    compileall.compile_dir(ROOT / "src" / "judgebench", quiet=1)
    ours: list[float] = []
    theirs: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, FakeProvider(reply=reply, latency=LATENCY) as server:
        upstream = upstream_copy(args.upstream, Path(tmp)) if args.upstream else None
        if upstream is not None:
            compileall.compile_dir(upstream, quiet=1)
        elif args.upstream:
            print(f"no run_judge.py in {args.upstream}: judgebench runs alone")
        base = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "VLLM_API_KEY", "VLLM_BASE_URL")}
        print(f"latency floor {FLOOR:.2f} s (700 requests, 16 in flight, 50 ms); goal {GOAL} x = {GOAL * FLOOR:.3f} s")
        cmd: list[str] = []
        env: dict[str, str] = {}
        for run in range(args.runs):
            env = {**base, "JUDGEBENCH_DATA": data, "JUDGEBENCH_CACHE": f"{tmp}/cache{run}"}
            out = Path(tmp) / f"out{run}.jsonl"
            cmd = [
                sys.executable, "-m", "judgebench.cli.main", "judge", "--judge", "arena_hard",
                "--model", args.model, "--base-url", server.openai_base_url, "--pairs", "gpt",
                "--concurrency", "16", "--out", str(out), "--json",
            ]  # fmt: skip
            jb = Run(cmd, env, server)
            if jb.proc.returncode != 0:
                print(jb.proc.stderr, file=sys.stderr)
                return 1
            ours.append(jb.wall)
            print(f"run {run + 1} " + jb.line("judgebench"))
            if upstream is not None:
                shutil.rmtree(upstream / "outputs", ignore_errors=True)
                up_env = {**base, "OPENAI_BASE_URL": server.openai_base_url, "OPENAI_API_KEY": "sk-bench"}
                up_cmd = [
                    sys.executable, "run_judge.py", "--judge_name", "arena_hard", "--judge_model",
                    "gpt-4o-2024-05-13", "--pairs", str(Path(data) / "data" / GPT_PAIRS), "--concurrency_limit", "16",
                ]  # fmt: skip
                up = Run(up_cmd, up_env, server, cwd=upstream)
                if up.proc.returncode != 0 or up.sent != 2 * PAIRS:
                    print(up.proc.stderr[-2000:], file=sys.stderr)
                    return 1
                theirs.append(up.wall)
                print(f"run {run + 1} " + up.line("upstream  "))
        resumed = Run(cmd, env, server)
        resume_ok = resumed.proc.returncode == 0 and resumed.wall < 2.0 and resumed.sent == 0
        print(f"resumed run: {resumed.wall:.2f} s, {resumed.sent} requests (target < 2 s, 0) · {resumed.load}")
    median = statistics.median(ours)
    summary = f"median of {len(ours)}: judgebench {median:.2f} s = {median / FLOOR:.2f} x floor"
    if theirs:
        up_median = statistics.median(theirs)
        summary += f" · upstream {up_median:.2f} s = {up_median / FLOOR:.2f} x floor · upstream / judgebench "
        summary += f"{up_median / median:.2f}"
    ok = median <= GOAL * FLOOR and resume_ok
    print(f"{summary} · goal <= {GOAL * FLOOR:.3f} s: {'PASS' if ok else 'FAIL'} · {load()}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
