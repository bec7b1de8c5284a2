"""Engine throughput and per-request CPU overhead against a local fake OpenAI server.

1. Throughput: 2,000 distinct chat calls at concurrency 64 through the full engine (fresh SQLite cache,
   limits, retry policy, accounting) against a server answering after 200 ms. Ideal: 2000 / 64 × 0.2 s =
   6.25 s; target ≤ 1.2 × ideal.
2. CPU overhead: the same calls with a 0 ms server, once through a bare ``AsyncOpenAI`` client and once
   through the engine, alternated over several rounds in this process; the median difference of process CPU
   time per request is the engine's cost on top of the SDK. Target < 1 ms.

Both are measured for the aiohttp transport (the default when installed) and the SDK's default httpx one.
The server runs in a subprocess so its CPU is not counted. Run: ``.venv/bin/python bench/bench_engine.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from judgebench.backends import ChatRequest, Message  # noqa: E402
from judgebench.backends.openai_api import OpenAIBackend, http_client  # noqa: E402
from judgebench.engine import Cache, Engine  # noqa: E402


def start_server(latency: float) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.provider_server", "--latency", str(latency)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    return proc, url + "/v1"


def requests(n: int, tag: str) -> list[ChatRequest]:
    return [
        ChatRequest(messages=(Message("system", "You are a judge."), Message("user", f"{tag} question {i}")))
        for i in range(n)
    ]


async def run_engine(base_url: str, n: int, concurrency: int, transport: str, tag: str) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        backend = OpenAIBackend("gpt-4o-mini", base_url=base_url, api_key="sk-bench", transport=transport)
        engine = Engine(backend, cache=Cache(Path(tmp) / "calls.sqlite"), concurrency=concurrency)
        batch = requests(n, tag)
        await engine.chat(requests(1, f"warm-{tag}")[0])
        wall, cpu = time.perf_counter(), time.process_time()
        results = await asyncio.gather(*(engine.chat(r) for r in batch))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert len(results) == n and engine.stats.requests_sent == n + 1, engine.stats.to_dict()
        await engine.aclose()
        assert engine.cache is not None
        engine.cache.close()
    return wall, cpu


async def run_bare(
    base_url: str, n: int, concurrency: int, transport: str, tag: str, raw: bool = False
) -> tuple[float, float]:
    import openai

    client = openai.AsyncOpenAI(
        api_key="sk-bench", base_url=base_url, max_retries=0, http_client=http_client(transport, openai)
    )
    slots = asyncio.Semaphore(concurrency)

    async def one(i: int) -> str | None:
        messages = [
            {"role": "system", "content": "You are a judge."},
            {"role": "user", "content": f"{tag} question {i}"},
        ]
        async with slots:
            if raw:  # the same SDK call the backend makes: client.post with a plain body, JSON back
                body = await client.post(
                    "/chat/completions", body={"model": "gpt-4o-mini", "messages": messages}, cast_to=object
                )
                return str(body["choices"][0]["message"]["content"])  # type: ignore[index]
            reply = await client.chat.completions.create(model="gpt-4o-mini", messages=messages)  # type: ignore[arg-type]
            return reply.choices[0].message.content

    await one(-1)
    wall, cpu = time.perf_counter(), time.process_time()
    results = await asyncio.gather(*(one(i) for i in range(n)))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert all(results)
    await client.close()
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--transports", default="aiohttp,httpx")
    args = parser.parse_args()
    ideal = args.n / args.concurrency * args.latency
    slow, slow_url = start_server(args.latency)
    fast, fast_url = start_server(0.0)
    try:
        for transport in args.transports.split(","):
            wall, _ = asyncio.run(run_engine(slow_url, args.n, args.concurrency, transport, f"t-{transport}"))
            bare, _ = asyncio.run(run_bare(slow_url, args.n, args.concurrency, transport, f"tb-{transport}", True))
            print(
                f"[{transport}] throughput: {args.n} calls at concurrency {args.concurrency}, {args.latency * 1000:.0f}"
                f" ms server: engine {wall:.2f} s = {wall / ideal:.3f} x ideal ({ideal:.2f} s; target <= 1.2);"
                f" bare SDK client.post {bare:.2f} s = {bare / ideal:.3f} x ideal"
            )
            create_cpu, post_cpu, engine_cpu = [], [], []
            for r in range(args.rounds):
                create_cpu.append(asyncio.run(run_bare(fast_url, args.n, args.concurrency, transport, f"c{r}"))[1])
                post_cpu.append(asyncio.run(run_bare(fast_url, args.n, args.concurrency, transport, f"p{r}", True))[1])
                engine_cpu.append(asyncio.run(run_engine(fast_url, args.n, args.concurrency, transport, f"e{r}"))[1])
            c, p, e = (statistics.median(x) / args.n * 1000 for x in (create_cpu, post_cpu, engine_cpu))
            print(
                f"[{transport}] CPU per request (median of {args.rounds}): bare SDK chat.completions.create {c:.3f} ms,"
                f" bare SDK client.post (the backend's call) {p:.3f} ms, engine {e:.3f} ms"
            )
            print(
                f"[{transport}] engine overhead: {e - p:.3f} ms over the same SDK call (ratio {e / p:.3f}),"
                f" {e - c:.3f} ms over create() (ratio {e / c:.3f}); target < 1 ms"
            )
    finally:
        for proc in (slow, fast):
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
