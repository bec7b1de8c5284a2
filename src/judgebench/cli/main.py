"""Entry point of the ``judgebench`` console script: parses arguments and maps errors to exit codes.

Exit codes: 0 success, 1 a failed run (e.g. some calls failed), 2 bad input or usage (one line on stderr,
no traceback unless ``--debug``), 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from judgebench import __version__
from judgebench.errors import JudgeBenchError

#: Command modules under judgebench.cli; each has ``add_parser(subparsers)`` setting ``func``.
COMMANDS = (
    "score",
    "judge",
    "leaderboard",
    "build",
    "solve",
    "analyze",
    "report",
    "cache",
    "audit",
    "verify",
    "imports",
    "train",
)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (one sub-parser per command module)."""
    parser = argparse.ArgumentParser(
        prog="judgebench",
        description="How far can you trust an LLM judge on questions with an objectively right answer?",
    )
    parser.add_argument("--version", action="version", version=f"judgebench {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"judgebench.cli.{name}").add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (also used as the process exit status)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = int(args.func(args) or 0)
    except JudgeBenchError as exc:
        if args.debug:
            raise
        print(f"judgebench: error: {exc}", file=sys.stderr)
        code = 2
    except KeyboardInterrupt:
        print("judgebench: interrupted", file=sys.stderr)
        code = 130
    except BrokenPipeError:
        code = 0
    return code


def run() -> None:
    """Console-script wrapper."""
    sys.exit(main())


if __name__ == "__main__":
    run()
