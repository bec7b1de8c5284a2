"""Judging throughput: ``judgebench judge`` as a whole process against a local OpenAI-compatible server.

The server (tests/fakes/provider_server.py, in this process's thread) answers every request after 50 ms with
an Arena-Hard verdict. Judging the 350 ``gpt`` pairs in both orders (700 requests) with 16 in flight ideally
takes 700 × 0.05 / 16 = 2.19 s. Targets:

- the whole ``judgebench judge`` process takes at most 1.3 × ideal + interpreter start-up, where start-up is
  ``python -c "import judgebench.cli.main"`` measured alongside (median of 5);
- a resumed run of the finished file takes under 2 s and sends nothing.

The judge model is ``vllm/bench-judge`` with ``--base-url`` pointing at the server: the ``vllm/`` backend
(judgebench/backends/openai_wire.py, the OpenAI wire protocol over aiohttp + orjson) is the one meant for local
OpenAI-compatible servers, which is what this bench models: a fast server, where client overhead shows.
``--model openai/bench-judge`` measures the official SDK instead (it costs about 1 s to import and ~1.9 ms of
CPU per call through the engine; bench/bench_engine.py measures that path in detail). The call cache is on (a
fresh folder), as in a default run. Run::

    JUDGEBENCH_DATA=../shared/judgebench .venv/bin/python bench/bench_judge.py [--runs 3]

Exit status 1 when a target is missed (the best of ``--runs`` runs counts). A last diagnostic line times the
same 700 judgments replayed from the recorded o1-mini file: the runner and judge without any HTTP client.
"""

from __future__ import annotations

import argparse
import os
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
IDEAL = 2 * PAIRS * LATENCY / 16


def reply(body: dict[str, Any]) -> str:
    return "Both answers were checked step by step.\nMy final verdict is Assistant A is slightly better: [[A>B]]"


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    return time.perf_counter() - start, proc


def startup(env: dict[str, str]) -> float:
    times = [timed([sys.executable, "-c", "import judgebench.cli.main"], env)[0] for _ in range(5)]
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh runs (the best counts)")
    parser.add_argument("--model", default="vllm/bench-judge", help="judge model spec (openai/bench-judge: the SDK)")
    args = parser.parse_args()
    data = os.environ.get("JUDGEBENCH_DATA") or str(ROOT.parent / "shared" / "judgebench")
    best_ratio = float("inf")
    resume_ok = True
    with tempfile.TemporaryDirectory() as tmp, FakeProvider(reply=reply, latency=LATENCY) as server:
        for run in range(args.runs):
            env = {**os.environ, "JUDGEBENCH_DATA": data, "JUDGEBENCH_CACHE": f"{tmp}/cache{run}"}
            for var in ("OPENAI_API_KEY", "VLLM_API_KEY", "VLLM_BASE_URL"):
                env.pop(var, None)
            out = Path(tmp) / f"out{run}.jsonl"
            cmd = [
                sys.executable, "-m", "judgebench.cli.main", "judge", "--judge", "arena_hard",
                "--model", args.model, "--base-url", server.openai_base_url, "--pairs", "gpt",
                "--concurrency", "16", "--out", str(out), "--json",
            ]  # fmt: skip
            boot = startup(env)
            before = server.count()
            wall, proc = timed(cmd, env)
            sent = server.count() - before
            if proc.returncode != 0:
                print(proc.stderr, file=sys.stderr)
                return 1
            lines = len(out.read_text(encoding="utf-8").splitlines())
            ratio = (wall - boot) / IDEAL
            best_ratio = min(best_ratio, ratio)
            before = server.count()
            resume_wall, resumed = timed(cmd, env)
            resent = server.count() - before
            resume_ok = resume_ok and resumed.returncode == 0 and resume_wall < 2.0 and resent == 0
            print(
                f"run {run + 1}: {sent} requests, {lines} pairs written · whole process {wall:.2f} s · "
                f"start-up {boot:.2f} s · (process - start-up) / ideal {IDEAL:.2f} s = {ratio:.2f} (target <= 1.3) · "
                f"target wall {1.3 * IDEAL + boot:.2f} s · resumed run {resume_wall:.2f} s sending {resent} "
                f"(target < 2 s, 0)"
            )
        # diagnostic: the same 700 judgments with no HTTP client at all (replay of the recorded o1-mini file)
        o1 = "dataset=judgebench,response_model=gpt-4o-2024-05-13,judge_name=arena_hard,judge_model=o1-mini-2024-09-12"
        o1 += ".jsonl"
        if (Path(data) / "outputs" / o1).is_file():
            env = {**os.environ, "JUDGEBENCH_DATA": data, "JUDGEBENCH_CACHE": f"{tmp}/cache-replay"}
            replay_cmd = [
                sys.executable, "-m", "judgebench.cli.main", "judge", "--judge", "arena_hard",
                "--model", f"replay/{o1}", "--pairs", "gpt", "--out", f"{tmp}/replay.jsonl", "--json",
            ]  # fmt: skip
            wall, _ = timed(replay_cmd, env)
            print(f"diagnostic: the same 700 judgments replayed (no HTTP client, no SDK): whole process {wall:.2f} s")
    ok = best_ratio <= 1.3 and resume_ok
    print(f"best ratio {best_ratio:.2f} · resume {'ok' if resume_ok else 'MISSED'} · {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
