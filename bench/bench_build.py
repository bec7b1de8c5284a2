"""Build throughput against a local OpenAI-compatible server with 50 ms latency: questions per second at k = 5,
local and Ray executors side by side, on the same questions and server.

Two yardsticks: the ideal rate of one engine, ``concurrency / (k × latency)`` questions per second, and the
measured baseline — the same number of calls through one bare engine against the same server, in the same
run — so the ratio shows what the pipeline (sources, stage files, verification, selection, card) and the
executor cost on top of the calls themselves. The server runs in its own process.

    python bench/bench_build.py [--questions 20] [--k 5] [--latency 0.05] [--concurrency 16] [--executors local,ray]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("JUDGEBENCH_SHARED", ROOT.parent / "shared"))
SOURCES = [f"mmlu-pro={SHARED / 'sources' / 'mmlu-pro' / 'test.jsonl'}"]


def serve(conn, questions: int, seed: int, latency: float) -> None:
    from tests.pipeline.oracle import OracleServer, answer_key

    from judgebench.builder.inputs import SourceSpec, gather_inputs

    inputs = gather_inputs([SourceSpec.parse(s) for s in SOURCES], seed=seed, model="vllm/x", questions=questions)
    with OracleServer(answer_key(inputs.questions), latency_s=latency) as srv:
        conn.send(srv.base_url)
        conn.recv()  # serve until told to stop
        conn.send(srv.total)


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
    res = run_build(cfg)
    return time.perf_counter() - t0, res.card.to_dict()["counts"]["questions"], len(res.pairs)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--questions", type=int, default=20, help="questions per MMLU-Pro discipline (14 disciplines)")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--latency", type=float, default=0.05)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--executors", default="local,ray")
    args = p.parse_args()
    os.environ.setdefault("OPENAI_API_KEY", "sk-bench")
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.get_context("spawn").Process(
        target=serve, args=(child, args.questions, args.seed, args.latency), daemon=True
    )
    server.start()
    base_url = parent.recv()
    ideal = args.concurrency / (args.k * args.latency)
    print(f"server {base_url}: latency {args.latency * 1000:.0f} ms; k = {args.k}; concurrency {args.concurrency}")
    print(f"ideal sampling rate of one engine: {ideal:.1f} questions/s")
    n_calls = args.questions * 14 * args.k
    base = engine_alone(base_url, n_calls, args.concurrency)
    base_rate = n_calls / args.k / base
    print(f"baseline, the engine alone ({n_calls} bare calls, same server): {base:.2f} s = {base_rate:.1f} questions/s")
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
                f"{rate:.1f} questions/s ({rate / base_rate:.2f} x engine alone, {rate / ideal:.2f} x ideal)"
            )
        if len(results) > 1:
            print("same pair file from every executor:", len(set(results.values())) == 1)
    parent.send("stop")
    print(f"server answered {parent.recv()} calls")
    server.join(timeout=5)


if __name__ == "__main__":
    main()
