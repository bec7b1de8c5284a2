"""What the line that stops a run advises: resume after a transient stop, fix the model when it cannot load.

A reward model that cannot load (``EndpointError`` reason ``unloadable``) stops every rerun the same way, so
"rerun the command to resume" was wrong advice there (issue 19 leftovers, item 1); a refused connection, a
rejected key or an unreachable hub keep the resume hint, with the judged items kept.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from judgebench.errors import EndpointError
from judgebench.runner.workers import append_by_workers


def stop_line(tmp_path: Path, error: EndpointError, judged_first: int) -> tuple[str, str, list[str]]:
    """Run three items through append_by_workers, the item after ``judged_first`` raising ``error``."""
    out = tmp_path / "out.jsonl"
    done = [0]

    async def line_of(item: int) -> str:
        if item >= judged_first:
            raise error
        done[0] += 1
        return f'{{"item": {item}}}'

    with pytest.raises(EndpointError) as stopped:
        asyncio.run(append_by_workers(out, [0, 1, 2], 1, line_of, lambda: done[0], "pairs"))
    return str(stopped.value), stopped.value.reason, out.read_text().splitlines()


def test_a_model_that_cannot_load_says_what_to_fix_not_resume(tmp_path: Path) -> None:
    error = EndpointError("unloadable", "could not load reward model '/m/rm': Error while deserializing header")
    message, reason, lines = stop_line(tmp_path, error, judged_first=0)
    assert reason == "unloadable" and "\n" not in message
    assert message.startswith("could not load reward model '/m/rm': Error while deserializing header — run stopped")
    assert "resume" not in message  # a rerun of the same command would stop the same way
    assert "fix the model folder" in message and "choose another model" in message
    assert lines == []


@pytest.mark.parametrize(
    ("reason", "text"),
    [
        ("refused", "openai/m: connection refused: nothing listens there"),
        ("auth", "openai/m: authentication failed: check OPENAI_API_KEY (401)"),
        ("unavailable", "reward model 'o/n' is neither a local folder nor in the Hugging Face cache"),
    ],
)
def test_transient_stops_keep_the_resume_hint(tmp_path: Path, reason: str, text: str) -> None:
    message, got, lines = stop_line(tmp_path, EndpointError(reason, text), judged_first=2)
    assert got == reason
    assert message == f"{text} — run stopped; the 2 pairs judged are kept in {tmp_path / 'out.jsonl'}; " + (
        "rerun the command to resume"
    )
    assert lines == ['{"item": 0}', '{"item": 1}']
