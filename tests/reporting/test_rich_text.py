"""judgebench.reporting.rich_text: data is literal text inside judgebench's own rich markup, and the progress bars."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rich.console import Console

from judgebench.reporting.rich_text import literal, markup

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ["x[/i]y", "[bold red]evil[/]", "a\\", "a\\\\", "\\[b]", "[link=https://e.x]l[/link]", "{0}{task.x}", "[@x]"]


def draw(text: object) -> str:
    console = Console(width=300, force_terminal=True, color_system="standard")
    with console.capture() as cap:
        console.print(text, highlight=False)
    return cap.get()


@pytest.mark.parametrize("name", HOSTILE)
def test_values_come_out_exactly_inside_styled_markup(name: str) -> None:
    """``rich.markup.escape`` is not exact here: ``a\\`` before ``[/]`` comes out ``a\\\\`` at the line's end."""
    text = markup("[bold]{}[/] · {} · [dim]{}[/]", name, name, name)
    assert text.plain == f"{name} · {name} · {name}"
    assert [(s.start, s.end, s.style) for s in text.spans] == [
        (0, len(name), "bold"),
        (2 * len(name) + 6, 3 * len(name) + 6, "dim"),
    ]
    assert literal(name).plain == name and not literal(name).spans
    shown = draw(text)
    assert f"\x1b[1m{name}\x1b[0m · {name} · \x1b[2m{name}\x1b[0m" in shown


def test_control_characters_are_shown_not_sent_to_the_terminal() -> None:
    text = markup("[bold]{}[/]", "a\x1b]0;owned\x07b\tc\nd")
    assert text.plain == "a\\x1b]0;owned\\x07b\tc\nd"
    assert "\x07" not in draw(text) and "\x1b]" not in draw(literal("\x1b]0;x\x07"))


def test_a_template_needs_one_value_per_hole() -> None:
    with pytest.raises(ValueError, match="2 holes for 1 values"):
        markup("{} and {}", "x")
    assert markup("[bold]no holes[/]").plain == "no holes"


def test_progress_bars_draw_hostile_labels_and_file_names(tmp_path: Path) -> None:
    """The run's bar (its label) and the download bar (the file's name) on a forced terminal, as a subprocess."""
    (tmp_path / "srv").mkdir()
    (tmp_path / "srv" / "f.txt").write_text("hello\n")
    script = textwrap.dedent(
        f"""
        import functools, http.server, sys, threading
        from pathlib import Path
        from judgebench.hub import download
        from judgebench.runner.progress import RunProgress

        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory={str(tmp_path / "srv")!r})
        handler.log_message = lambda *a: None
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        dest = Path({str(tmp_path)!r}) / "x[" / "i]y [bold].jsonl"
        download(f"http://127.0.0.1:{{server.server_address[1]}}/f.txt", dest)
        assert dest.read_text() == "hello\\n"
        with RunProgress(2, label="judging x[/i]y {{task.x}}") as bar:
            bar.advance(correct=True, failed=0, cost_usd=None)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "FORCE_COLOR": "1", "COLUMNS": "200"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "i]y [bold].jsonl" in proc.stdout  # the download bar (stdout), name whole
    assert "judging x[/i]y {task.x}" in proc.stderr  # the run's bar (stderr)
