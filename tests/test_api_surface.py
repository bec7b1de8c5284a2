"""The Python API where people call it: inside a running event loop (a notebook), with the command line's
options as typed keywords (a typo named against the function called), short reprs, and results that hold no
name of a temporary file already removed."""

from __future__ import annotations

import argparse
import asyncio
import gc
import inspect
import json
import signal
import threading
import warnings
from pathlib import Path

import pytest

import judgebench
from judgebench.errors import ConfigError
from judgebench.event_loops import run_coroutine
from tests.conftest import OUTPUTS
from tests.judges.fake_engine import FakeEngine

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")  # a never-awaited coroutine fails the test

O1_MINI = OUTPUTS / (
    "dataset=judgebench,response_model=gpt-4o-2024-05-13,judge_name=arena_hard,judge_model=o1-mini-2024-09-12.jsonl"
)
REPLAY = f"replay/{O1_MINI}"


def _never_awaited(caught: list[warnings.WarningMessage]) -> list[str]:
    gc.collect()  # a never-awaited coroutine warns when it is collected
    return [str(w.message) for w in caught if "never awaited" in str(w.message)]


def test_judge_inside_a_running_event_loop() -> None:
    async def main() -> judgebench.JudgeResult:
        return judgebench.judge("gpt", judge="arena_hard", model=REPLAY, limit=20, bootstrap=0)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        inside = asyncio.run(main())  # before: "asyncio.run() cannot be called from a running event loop"
        assert not _never_awaited(caught)
    outside = judgebench.judge("gpt", judge="arena_hard", model=REPLAY, limit=20, bootstrap=0)
    assert len(inside.records) == 20 and inside.failed == 0
    assert [r.decisions for r in inside.records] == [r.decisions for r in outside.records]
    assert inside.score is not None and outside.score is not None
    assert inside.score.categories["Overall"].accuracy == outside.score.categories["Overall"].accuracy == 30.0


def test_errors_inside_a_running_loop_reach_the_caller_unchanged() -> None:
    async def main() -> None:
        with pytest.raises(ConfigError, match="no-such-judge"):
            judgebench.judge("gpt", judge="no-such-judge", model=REPLAY, limit=2)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        asyncio.run(main())
        assert not _never_awaited(caught)


def test_an_interrupt_while_waiting_cancels_the_coroutine_on_its_loop() -> None:
    seen: list[str] = []

    async def work() -> str:
        try:
            # Ctrl-C, to this process's main thread only (the thread waiting for this coroutine)
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
            await asyncio.sleep(60)
            seen.append("finished")
            return "done"
        except asyncio.CancelledError:
            seen.append("cancelled")
            raise

    async def main() -> None:
        # a notebook kernel raises KeyboardInterrupt on Ctrl-C; asyncio.run's own handler would only cancel main
        signal.signal(signal.SIGINT, signal.default_int_handler)  # asyncio.run restores its own on leaving
        run_coroutine(work())

    with pytest.raises(KeyboardInterrupt):
        asyncio.run(main())
    assert seen == ["cancelled"]  # unwound on its own loop before the interrupt reached the caller


def test_a_typo_names_the_function_called() -> None:
    with pytest.raises(TypeError, match=r"^judge\(\) got an unexpected keyword argument 'limt'"):
        judgebench.judge("gpt", judge="arena_hard", model=REPLAY, limt=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"^probe\(\) got an unexpected keyword argument 'repeat'"):
        judgebench.probe("gpt", judge="arena_hard", model=REPLAY, repeat=2)  # type: ignore[call-arg]


# command-line dest → API parameter, where they differ; options that only choose how a result is printed
RENAMED = {"no_cache": "cache", "single_order": "orders", "source": "sources", "source_option": "source_options",
           "probe": "probe_cards", "option": "options", "pairs": "pairs"}  # fmt: skip
PRINT_ONLY = {"help", "json", "markdown", "func", "command", "debug", "validate", "analysis"}
COMMANDS = {
    "score": ["score"],
    "judge": ["judge", "ajudge"],
    "leaderboard": ["leaderboard"],
    "build": ["build", "abuild"],
    "solve": ["solve"],
    "report": ["report"],
    "probe": ["probe", "aprobe"],
}


def _dests(command: str) -> set[str]:
    from judgebench.cli.main import build_parser

    parser = build_parser(command, plugins=False)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {a.dest for a in sub.choices[command]._actions} - PRINT_ONLY


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_option_is_a_typed_keyword(command: str) -> None:
    dests = _dests(command)
    if command == "judge":  # best-of-K sets: judge_best_of_k takes the same, less the pairs-only ones
        best = {RENAMED.get(d, d) for d in dests} - {"pairs", "orders", "retry_no_verdict"}
        _check(judgebench.judge_best_of_k, best - {"pairs"} | {"comparisons"})
        dests -= {"comparisons"}
    if command == "probe":
        dests -= {"html"}  # the card's page is the command's output; the API returns the card
    for name in COMMANDS[command]:
        _check(getattr(judgebench, name), {RENAMED.get(d, d) for d in dests})


def _check(function: object, wanted: set[str]) -> None:
    params = inspect.signature(function).parameters  # type: ignore[arg-type]
    assert not [p for p in params.values() if p.kind is inspect.Parameter.VAR_KEYWORD], function
    missing = wanted - set(params)
    assert not missing, (function, missing)
    for p in params.values():
        assert p.annotation is not inspect.Parameter.empty, (function, p.name)


def test_analyze_takes_declared_options_only() -> None:
    first = judgebench.analyze("compare", [O1_MINI, O1_MINI], rule="first", bootstrap=0).to_dict()
    vote = judgebench.analyze("compare", [O1_MINI, O1_MINI], bootstrap=0).to_dict()  # the declared default
    assert (first["tiers"][0]["accuracy"], vote["tiers"][0]["accuracy"]) == (70.86, 65.71)
    with pytest.raises(ConfigError, match="analysis position takes no option rule"):
        judgebench.analyze("position", [O1_MINI], rule="first", bootstrap=0)


def test_judge_best_of_k_takes_limit(tmp_path: Path) -> None:
    records = [{"id": f"q{i}", "prompt": "p", "chosen": ["good"], "rejected": ["bad"]} for i in range(3)]
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    engine = FakeEngine(lambda r: "[[9]]" if "Answer]\ngood" in r.messages[0].content else "[[4]]")
    summary = judgebench.judge_best_of_k(
        path, judge="rating", model="openai/fake", out=tmp_path / "o.jsonl", limit=2, options={"engine": engine}
    )
    assert (summary.prompts, summary.judged, len(engine.requests)) == (2, 2, 4)


def test_judge_result_is_short_and_names_no_removed_file(tmp_path: Path) -> None:
    result = judgebench.judge("gpt", judge="arena_hard", model=REPLAY, limit=20, bootstrap=0)
    text = repr(result)
    assert text == "JudgeResult(records=20, failed=0, no_verdict=0, accuracy=30.0, out=None)"  # was 478 KB
    assert result.out is None and result.summary.out is None
    assert result.score is not None and result.score.file is None and result.score.to_dict()["file"] is None
    kept = tmp_path / "judged.jsonl"
    written = judgebench.judge("gpt", judge="arena_hard", model=REPLAY, limit=20, bootstrap=0, out=kept)
    assert written.out == kept and written.score is not None and written.score.file == str(kept)
    assert [r.decisions for r in written.records] == [r.decisions for r in result.records]
