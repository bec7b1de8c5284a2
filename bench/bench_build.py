"""Build throughput against a local OpenAI-compatible server with 50 ms latency: questions per second at k = 5,
local and Ray executors side by side, on the same questions and server.

Two yardsticks: the ideal rate of one engine, ``concurrency / (k × latency)`` questions per second, and the
measured baseline — the same number of calls through one bare engine against the same server, in the same
run — so the ratio shows what the pipeline (sources, stage files, verification, selection, card) and the
executor cost on top of the calls themselves. The server runs in its own process: by default an aiohttp server
on one event loop (``--server asyncio``), as cheap per call as the engine, so the bench measures the client;
``--server threaded`` is the tests' http.server (a thread per call), for comparison. Each line gives the
client process's CPU seconds beside its wall time: a client far below one CPU-second per second waits on
the network (the latency floor is ``calls × latency / concurrency``), it is not CPU-bound.

    python bench/bench_build.py [--questions 20] [--k 5] [--latency 0.05] [--concurrency 16] [--executors local,ray]
                                [--server asyncio|threaded]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("JUDGEBENCH_SHARED", ROOT.parent / "shared"))
SOURCES = [f"mmlu-pro={SHARED / 'sources' / 'mmlu-pro' / 'test.jsonl'}"]


def serve(conn, questions: int, seed: int, latency: float, kind: str) -> None:
    from tests.pipeline.oracle import OracleServer, answer_key

    from judgebench.builder.inputs import SourceSpec, gather_inputs

    inputs = gather_inputs([SourceSpec.parse(s) for s in SOURCES], seed=seed, model="vllm/x", questions=questions)
    key = answer_key(inputs.questions)
    if kind == "asyncio":
        import asyncio

        asyncio.run(serve_async(conn, key, latency))
        return
    with OracleServer(key, latency_s=latency) as srv:  # the tests' threaded http.server
        conn.send(srv.base_url)
        conn.recv()  # serve until told to stop
        conn.send(srv.total)


async def serve_async(conn, key: dict, latency: float) -> None:
    """The oracle's answers from an aiohttp server on one event loop: a few hundred µs of CPU per call, so
    the server is never what the client waits for (the threaded http.server spends a thread and its GIL
    share on each call in flight, and at 16 in flight its CPU competes with the client's)."""
    import asyncio

    import orjson
    from aiohttp import web
    from tests.pipeline.oracle import oracle_reply

    answered = 0

    async def chat(request: web.Request) -> web.Response:
        nonlocal answered
        body = orjson.loads(await request.read())
        prompt = body["messages"][-1]["content"]
        if latency:
            await asyncio.sleep(latency)
        text = oracle_reply(key, prompt, body.get("seed"))
        answered += 1
        payload = {
            "id": "chatcmpl-oracle",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", "oracle"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": len(prompt) // 4, "completion_tokens": 8, "total_tokens": 0},
        }
        return web.Response(body=orjson.dumps(payload), content_type="application/json")

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    conn.send(f"http://127.0.0.1:{port}/v1")
    await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # serve until told to stop
    conn.send(answered)
    await runner.cleanup()


def engine_alone(base_url: str, calls: int, concurrency: int) -> float:
    """Seconds for the same number of calls through one engine, nothing else (the measured baseline)."""
    import asyncio

    from judgebench.backends.base import ChatRequest, Message
    from judgebench.builder.executors import EngineSpec, sample_with_engine

    async def go() -> float:
        eng = EngineSpec("vllm/oracle", base_url, concurrency, cache=False).open()
        jobs = [(str(i), 0, ChatRequest(messages=(Message("user", f"q{i}"),), seed=i)) for i in range(calls)]
        t0 = time.perf_counter()
        async for _ in sample_with_engine(eng, jobs, concurrency * 2):
            pass
        dt = time.perf_counter() - t0
        await eng.aclose()
        return dt

    return asyncio.run(go())


def run_one(executor: str, base_url: str, args: argparse.Namespace, workdir: Path) -> tuple[float, int, int]:
    from judgebench.builder.inputs import SourceSpec
    from judgebench.builder.pipeline import BuildConfig, run_build

    cfg = BuildConfig(
        sources=[SourceSpec.parse(s) for s in SOURCES],
        out=workdir / executor / "pairs.jsonl",
        model="vllm/oracle",
        k=args.k,
        questions=args.questions,
        seed=args.seed,
        executor=executor,
        base_url=base_url,
        cache=False,
        concurrency=args.concurrency,
        progress=lambda msg: print(f"    {time.perf_counter() - t0:6.2f} s  {msg}"),
    )
    t0 = time.perf_counter()
    cpu0 = _cpu()
    res = run_build(cfg)
    CPU[executor] = _cpu() - cpu0
    return time.perf_counter() - t0, res.card.to_dict()["counts"]["questions"], len(res.pairs)


CPU: dict[str, float] = {}


def _cpu() -> float:
    """CPU seconds of this process (user + system): the client's own CPU, Ray's workers not counted."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--questions", type=int, default=20, help="questions per MMLU-Pro discipline (14 disciplines)")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--latency", type=float, default=0.05)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--executors", default="local,ray")
    p.add_argument(
        "--server", choices=["asyncio", "threaded"], default="asyncio", help="the stand-in server (default asyncio)"
    )
    args = p.parse_args()
    os.environ.setdefault("OPENAI_API_KEY", "sk-bench")
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.get_context("spawn").Process(
        target=serve, args=(child, args.questions, args.seed, args.latency, args.server), daemon=True
    )
    server.start()
    base_url = parent.recv()
    ideal = args.concurrency / (args.k * args.latency)
    print(f"{args.server} server {base_url}: latency {args.latency * 1000:.0f} ms; k = {args.k}; ", end="")
    print(f"concurrency {args.concurrency}")
    print(f"ideal sampling rate of one engine: {ideal:.1f} questions/s")
    n_calls = args.questions * 14 * args.k
    cpu0 = _cpu()
    base = engine_alone(base_url, n_calls, args.concurrency)
    base_cpu = _cpu() - cpu0
    base_rate = n_calls / args.k / base
    floor = n_calls * args.latency / args.concurrency
    print(
        f"baseline, the engine alone ({n_calls} bare calls, same server): {base:.2f} s = {base_rate:.1f} questions/s, "
        f"{base / floor:.2f} x the latency floor {floor:.2f} s; client CPU {base_cpu:.2f} s"
    )
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.executors.split(","):
            if name == "ray":
                import ray

                t0 = time.perf_counter()
                ray.init(
                    num_cpus=2,
                    include_dashboard=False,
                    log_to_driver=False,
                    runtime_env={"env_vars": {"OPENAI_API_KEY": "sk-bench", "PYTHONPATH": str(ROOT)}},
                )
                print(f"  (ray.init: {time.perf_counter() - t0:.1f} s, not counted)")
            secs, n_q, n_pairs = run_one(name, base_url, args, Path(tmp))
            rate = n_q / secs
            results[name] = (Path(tmp) / name / "pairs.jsonl").read_bytes()
            print(
                f"{name:>6}: {n_q} questions, {n_q * args.k} calls, {n_pairs} pairs in {secs:.2f} s = "
                f"{rate:.1f} questions/s ({rate / base_rate:.2f} x engine alone, {rate / ideal:.2f} x ideal); "
                f"this process's CPU {CPU[name]:.2f} s of {secs:.2f} s"
            )
        if len(results) > 1:
            print("same pair file from every executor:", len(set(results.values())) == 1)
    parent.send("stop")
    print(f"server answered {parent.recv()} calls")
    server.join(timeout=5)


if __name__ == "__main__":
    main()
