"""``judgebench batch export FILE -- COMMAND ...`` and ``judgebench batch ingest RESULTS --requests FILE``.

Export writes the model calls a command would make as an OpenAI batch-format file (run it with ``vllm
run-batch``, in a SLURM job, or through OpenAI Batch yourself); ingest reads the results back into the same
outputs a live run writes (see :mod:`judgebench.batch.files`).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

_COMMANDS = ("judge", "probe", "build")


def add_parser(sub: Any) -> None:
    """Register the ``batch`` command."""
    p = sub.add_parser("batch", help="export a run's calls as an OpenAI batch file; ingest the results")
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    e = verbs.add_parser(
        "export",
        help="write the calls COMMAND would send (only those missing) as an OpenAI batch-format JSONL",
        description="Example: judgebench batch export requests.jsonl -- judge --judge arena_hard "
        "--model vllm/Qwen/Qwen2.5-7B-Instruct --pairs gpt --out outputs/qwen.jsonl",
    )
    e.add_argument("requests", metavar="FILE", help="the requests file to write (a manifest goes beside it)")
    e.add_argument(
        "command_line", nargs=argparse.REMAINDER, metavar="-- COMMAND ...", help="a judge, probe or build run"
    )
    e.set_defaults(func=run_export)
    i = verbs.add_parser("ingest", help="read a batch results file into the outputs of the exported command")
    i.add_argument("results", metavar="RESULTS", help="the results file (OpenAI batch output format)")
    i.add_argument("--requests", required=True, metavar="FILE", help="the requests file `batch export` wrote")
    i.set_defaults(func=run_ingest)


def _command(words: list[str]) -> list[str]:
    from judgebench.errors import ConfigError

    if words and words[0] == "--":
        words = words[1:]
    if not words or words[0] not in _COMMANDS:
        raise ConfigError(f"batch export: give the run after --, one of: {', '.join(_COMMANDS)} (judge ... --out ...)")
    if any(w in ("--batch", "--no-cache") for w in words):
        raise ConfigError(
            "batch export: the run goes through the call cache and no provider batch: drop --batch/--no-cache"
        )
    return words


def _run_collecting(command: list[str], costs: dict[str, float | None] | None = None) -> tuple[int, Any]:
    """Run ``command`` with every OpenAI-protocol call collected; ``(exit code, the deferral)``."""
    from judgebench.batch.files import OPENAI_PROTOCOL
    from judgebench.cli.main import main
    from judgebench.engine.deferral import ACTIVE, CallDeferred, Deferral

    deferral = Deferral(providers=OPENAI_PROTOCOL, costs=dict(costs or {}), max_attempts=1 << 30)
    token = ACTIVE.set(deferral)
    try:
        code = main(command)
    except CallDeferred:  # the command stopped after collecting its calls (a build stage, a probe's arms)
        code = 0
    finally:
        ACTIVE.reset(token)
    return code, deferral


def run_export(args: argparse.Namespace) -> int:
    """Collect and write the calls."""
    from judgebench.batch.files import write_export

    command = _command(list(args.command_line))
    code, deferral = _run_collecting(command)
    if code == 2:
        return code
    n = write_export(args.requests, list(deferral.calls.values()), command)
    units = {unit for call in deferral.calls.values() for unit, _ in call.items}
    print(
        f"judgebench: {n} requests for {len(units)} items written to {args.requests}; run them, e.g. "
        f"`vllm run-batch -i {args.requests} -o results.jsonl --model MODEL`, then "
        f"`judgebench batch ingest results.jsonl --requests {args.requests}`",
        file=sys.stderr,
    )
    return 0


def run_ingest(args: argparse.Namespace) -> int:
    """Store the answers, rerun the command on them, export what is still missing."""
    from judgebench.batch.files import Manifest, ingest_results, write_export

    manifest = Manifest.read(args.requests)
    got = ingest_results(args.results, manifest)
    code, deferral = _run_collecting(manifest.command, got.costs)
    if code == 2:
        return code
    left = list(deferral.calls.values())
    note = f"{got.answered} answers ingested"
    if got.failed:
        first = next(iter(got.failed.values()))
        note += f", {len(got.failed)} failed lines ({first})"
    if got.unknown:
        note += f", {got.unknown} lines of no exported request ignored"
    if left:
        n = write_export(args.requests, left, manifest.command)
        print(
            f"judgebench: {note}; {n} calls still missing, written to {args.requests}: run and ingest it again",
            file=sys.stderr,
        )
        return 1
    print(f"judgebench: {note}; the run is complete", file=sys.stderr)
    return code
