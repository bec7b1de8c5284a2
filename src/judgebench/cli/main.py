"""Entry point of the ``judgebench`` console script: parses arguments and maps errors to exit codes.

Exit codes: 0 success, 1 a failed run (e.g. some calls failed), 2 bad input or usage (one line on stderr,
no traceback unless ``--debug``), 130 interrupted.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from typing import Any

from judgebench.errors import JudgeBenchError
from judgebench.registry import Registry, builtins_only
from judgebench.version import __version__

#: The built-in commands, in ``--help``'s order, one line each: name → its one-line help. Each lives in the module
#: judgebench.cli.<name> (``import``: ``imports``) with ``add_parser(subparsers)`` setting ``func``; a module is
#: imported only when its command runs, so ``--version`` and ``--help`` import none (tests/test_cli_startup.py).
_HELP = {
    "score": "score judged-pair files (the JudgeBench vote rule) or judged best-of-K files (top-1, best-of-K)",
    "judge": "judge pairs in both orders (resumable) and score them",
    "leaderboard": "rank recorded judge outputs (default: the release's)",
    "benchmarks": "one row per judge, one column per benchmark (LLMBar, MT-Bench, ...)",
    "build": "build labeled (correct, incorrect) response pairs from questions with ground truth",
    "solve": "let a model answer the pairs' questions and verify its answers (solver accuracy per category)",
    "analyze": "position bias, judge comparisons, baselines, self-preference, agreement",
    "report": "an offline HTML (and Markdown) report: leaderboard, bias, judge vs solve",
    "cache": "inspect or clear the model-call cache",
    "audit": "re-verify pair labels against ground truth (agreement per source and task)",
    "verify": "verify LiveBench model answers against LiveBench question files",
    "import": "import a public benchmark (reward-bench-2, ppe, pairs, llmbar, llmbar-results, mt-bench, ...)",
    "train": "train a reward model on labeled pairs (needs judgebench[train])",
    "probe": "bias probes: perturb pairs on purpose and measure what it costs a judge",
    "evaluate": "judge a model on JudgeBench and every selected benchmark (resumable), one results JSON",
    "push": "publish a pair set, best-of-K set, judged outputs or trained model to the hub",
    "batch": "export a run's calls as an OpenAI batch file; ingest the results",
}
_MODULE = {"import": "imports"}  # a command whose module has another name
#: The built-in commands' module names (their keys in :data:`COMMANDS`).
_BUILTIN = tuple(_MODULE.get(name, name) for name in _HELP)
#: ``name`` → ``add_parser(subparsers)``, which adds the command's sub-parser and sets ``func(args) -> int``.
#: Plugins add commands through the ``judgebench.commands`` entry-point group.
COMMANDS: Registry[Callable[[Any], None]] = Registry("command", "judgebench.commands")
for _name in _BUILTIN:
    COMMANDS.add_lazy(_name, f"judgebench.cli.{_name}:add_parser")


_RERUN = "the finished work is kept: rerun the same command to resume"
#: What to do after Ctrl-C, for the commands that keep their finished work.
RESUMABLE = {
    "judge": _RERUN,
    "probe": _RERUN,
    "build": _RERUN,
    "solve": _RERUN,
    "train": "rerun with --resume to continue",
    "evaluate": _RERUN,
}


def _wants_plugins(argv: Sequence[str] | None) -> bool:
    """Whether parsing ``argv`` needs the plugins' commands and analyses (help, or a name no built-in has)."""
    if argv is None:
        return True
    if "-h" in argv or "--help" in argv:
        return True
    words = [a for a in argv if not a.startswith("-")]
    if not words:
        return False
    if words[0] not in _HELP and words[0] not in COMMANDS.declared():
        return True
    if words[0] != "analyze":
        return False
    from judgebench.analysis.registry import ANALYSES

    return len(words) < 2 or words[1] not in ANALYSES.declared()


def build_parser(only: str | None = None, *, plugins: bool = True, lazy: bool = False) -> argparse.ArgumentParser:
    """The argument parser: one sub-parser per command, or only ``only``'s (a built-in command's module name).

    Each sub-parser imports its command's module, so a run of one command builds just its own. ``lazy``: the
    built-in commands other than ``only`` get a stub sub-parser (their name and one-line help, enough for
    ``judgebench --help`` and ``--version``) and no module is imported. ``plugins=False`` leaves out the
    plugins' commands and analyses (scanning installed packages for them costs start-up time).
    """
    parser = argparse.ArgumentParser(
        prog="judgebench",
        description="How far can you trust an LLM judge on questions with an objectively right answer?",
    )
    parser.add_argument("--version", action="version", version=f"judgebench {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    stubs = {_MODULE.get(name, name): name for name in _HELP} if lazy and not only else {}
    with nullcontext() if plugins else builtins_only():
        for name in [only] if only else COMMANDS.in_order():
            if name in stubs:
                sub.add_parser(stubs[name], help=_HELP[stubs[name]], add_help=False)
            else:
                COMMANDS.get(name)(sub)
    return parser


def _builtin_command(argv: Sequence[str]) -> str | None:
    """The module of the built-in command ``argv`` runs, if it names one (its first word that is not an option)."""
    first = next((a for a in argv if not a.startswith("-")), None)
    return _MODULE.get(first, first) if first in _HELP else None


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def one_line(message: object) -> str:
    """``message`` on one line: newlines and other control characters (a path may hold any) as escapes."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], str(message))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (also used as the process exit status)."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_builtin_command(words), plugins=_wants_plugins(words), lazy=True)
    args = parser.parse_args(words)
    try:
        code = int(args.func(args) or 0)
    except JudgeBenchError as exc:
        if args.debug:
            raise
        print(f"judgebench: error: {one_line(exc)}", file=sys.stderr)
        code = 2
    except KeyboardInterrupt:
        hint = RESUMABLE.get(args.command)
        print(f"judgebench: interrupted{'; ' + hint if hint else ''}", file=sys.stderr)
        code = 130
    except BrokenPipeError:
        code = 0
    except OSError as exc:  # a file system failure no command turned into its own message: still one line
        if args.debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"judgebench: error: {one_line(f'{where}{exc.strerror or exc}')}", file=sys.stderr)
        code = 2
    return code


#: Commands whose process ends without the interpreter's teardown once their work is written and flushed.
FAST_EXIT = frozenset({"judge"})


def run() -> None:
    """Console-script wrapper.

    After a ``judge`` run the process exits at once (``os._exit``) once stdout, stderr and logging are
    flushed and no other non-daemon thread is alive: every file the run writes is closed by then, and
    the interpreter's teardown of numpy, aiohttp and the rest (about 0.1 s of CPU) does nothing a finished
    run needs. Other commands exit normally.
    """
    code = main()
    if _builtin_command(sys.argv[1:]) in FAST_EXIT:
        import logging
        import os
        import threading

        others = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
        if not others:
            try:
                logging.shutdown()
                sys.stdout.flush()
                sys.stderr.flush()
            except (OSError, ValueError):  # a closed or broken pipe: let the normal exit report it
                sys.exit(code)
            os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
