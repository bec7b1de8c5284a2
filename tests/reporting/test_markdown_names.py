"""Names from the files are literal text in every Markdown output (issue 19 leftovers, item 5).

The title was escaped (19.5a) but judge names and other cells were written raw: a ``|`` in a judge name split
its table row into more cells, ``<script>`` stayed raw HTML and ``*x*`` became emphasis. Each output is parsed
as GitHub Markdown (markdown-it, which rich brings) and must give the name back as one plain-text cell.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from judgebench.cli.main import main
from tests.conftest import O1_MINI

JUDGE = "evil|judge <script>alert(1)</script> *bold* a_b"
MODEL = "m|odel <img src=x> **x**"


def renamed(path: Path) -> Path:
    """O1_MINI's judged pairs under the hostile judge name and judge model."""
    with O1_MINI.open() as src, path.open("w") as dst:
        for line in src:
            record = json.loads(line)
            record["judge_name"] = JUDGE
            judgments = record["judgments"]
            text = isinstance(judgments, str)
            if text:  # the release writes judgments as a Python literal
                import ast

                judgments = ast.literal_eval(judgments)
            for j in judgments:
                j["judgment"]["judge_model"] = MODEL
            record["judgments"] = judgments
            dst.write(json.dumps(record) + "\n")
    return path


def tables(md: str) -> list[list[list[tuple[str, list[str]]]]]:
    """Each table as rows of cells: (the cell's text, the inline token types inside it)."""
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(md)
    assert not [t for t in tokens if t.type.startswith("html")], "raw HTML block"
    out: list[list[list[tuple[str, list[str]]]]] = []
    row: list[tuple[str, list[str]]] = []
    in_cell = False
    for t in tokens:
        if t.type == "table_open":
            out.append([])
        elif t.type == "tr_open":
            row = []
        elif t.type == "tr_close":
            out[-1].append(row)
        elif t.type in ("th_open", "td_open"):
            in_cell = True
        elif t.type in ("th_close", "td_close"):
            in_cell = False
        elif t.type == "inline" and in_cell:
            children = t.children or []
            row.append(("".join(c.content for c in children), [c.type for c in children]))
    return out


def check(md: str, names: tuple[str, ...] = (JUDGE, MODEL)) -> None:
    """Every table keeps its column count; each name is one cell of plain text; no HTML anywhere."""
    found: set[str] = set()
    for table in tables(md):
        width = len(table[0])
        assert all(len(r) == width for r in table), table  # a '|' in a name split no row
        for r in table:
            for text, kinds in r:
                for name in names:
                    if name in text:
                        assert text.strip() in (name, f"{name} (baseline)"), text
                        assert set(kinds) <= {"text", "softbreak"}, kinds  # no emphasis, HTML or link
                        found.add(name)
    assert found == set(names), found
    for t in MarkdownIt("commonmark").enable(["table"]).parse(md):
        assert not [c for c in t.children or [] if c.type.startswith("html")], t.content


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "outputs"
    folder.mkdir()
    return renamed(folder / "evil.jsonl")


def test_leaderboard_markdown(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["leaderboard", str(hostile.parent), "--markdown", "--bootstrap", "0"]) == 0
    check(capsys.readouterr().out)


def test_benchmarks_markdown(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["benchmarks", str(hostile), "--markdown", "--bootstrap", "0"]) == 0
    check(capsys.readouterr().out)


def test_report_markdown(hostile: Path, tmp_path: Path) -> None:
    md = tmp_path / "r.md"
    assert main(["report", str(hostile), str(O1_MINI), "--markdown", str(md), "--bootstrap", "0"]) == 0
    text = md.read_text()
    check(text, (MODEL,))  # the report names a judge by its model
    assert not re.search(r"(?<!\\)<", text) and "\\<img src=x\\>" in text  # every < escaped


def test_probe_card_markdown() -> None:
    from judgebench.reporting.probe_card import render_markdown

    card: dict[str, Any] = {"judge_name": JUDGE, "judge_model": MODEL, "n_pairs": 2, "probes": {}, "flags": []}
    md = render_markdown(card)
    heading = MarkdownIt("commonmark").parse(md)[1]
    assert [c.type for c in heading.children or []] == ["text"]
    assert heading.children[0].content == f"Reliability card · {JUDGE} · {MODEL} · 2 pairs"  # type: ignore[index]


def test_a_leaderboard_note_names_a_skipped_file_as_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "outputs"
    folder.mkdir()
    renamed(folder / "evil.jsonl")
    (folder / "x|<i>*y*.jsonl").write_text('{"not": "judged"}\n')
    assert main(["leaderboard", str(folder), "--markdown", "--bootstrap", "0"]) == 0
    md = capsys.readouterr().out
    note = next(line for line in md.splitlines() if line.startswith("- skipped: "))
    inline = next(t for t in MarkdownIt("commonmark").parse(note) if t.type == "inline")
    assert {c.type for c in inline.children or []} == {"text"}
    assert inline.children[0].content.startswith("skipped: x|<i>*y*.jsonl: ")  # type: ignore[index]
