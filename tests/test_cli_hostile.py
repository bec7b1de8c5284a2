"""Hostile inputs on the newer commands, each a real subprocess: one line on stderr and exit 2, never a traceback.

``probe --out`` on odd paths and ``--pairs`` that are not pairs; ``report --probe`` cards that are not cards
(bad JSON, wrong shapes, 100k-deep nesting); ``import rm-bench`` on empty, mismatched and deep files;
``benchmarks --protocol native`` on a file mixing benchmarks; ``score --rule`` on a judged best-of-K file; a full
disk under ``probe --out`` and ``report --html``. Outputs are written only to regular files and never emptied.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.best_of_k.test_analysis_report import best_of_4
from tests.conftest import O1_MINI
from tests.safety import tmpfs

ROOT = Path(__file__).resolve().parents[1]
PLANTED = '{"skill": 0.5, "added_text": 0.2, "position": 0.1, "instability": 0.1}'


def cli(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "judgebench", *argv]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env, check=False)


def refused(proc: subprocess.CompletedProcess[str], *phrases: str) -> str:
    """Exit 2 with one ``judgebench: error:`` line holding every phrase; returns the line."""
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("judgebench: error: "), proc.stderr
    for phrase in phrases:
        assert phrase in proc.stderr, (phrase, proc.stderr)
    return proc.stderr


@pytest.fixture
def pairs(tmp_path: Path) -> Path:
    from judgebench.probes.validate import synthetic_pairs
    from judgebench.records import write_pairs

    path = tmp_path / "pairs.jsonl"
    write_pairs(path, synthetic_pairs(12))
    return path


def probe(pairs: Path, out: Path | str, *extra: str, answers: Path | None = None) -> list[str]:
    """``probe`` with the offline planted judge (answer key: ``answers``, default ``pairs``)."""
    key = ["--option", f"answer_key={answers or pairs}", "--option", f"planted={PLANTED}"]
    return ["probe", "--judge", "planted", "--model", "planted/t", "--pairs", str(pairs), *key, "--probes",
            "padding", "--bootstrap", "20", "--out", str(out), *extra]  # fmt: skip


# ---- probe --out ---------------------------------------------------------------------------------------------
def _a_file(tmp: Path) -> Path:
    (tmp / "afile").write_text("keep me\n")
    return tmp / "afile"


def _a_fifo(tmp: Path) -> Path:
    os.mkfifo(tmp / "fifo")
    return tmp / "fifo"


def _under_a_file(tmp: Path) -> Path:
    return _a_file(tmp) / "sub"


def _newline_file(tmp: Path) -> Path:
    (tmp / "nl\nfile").write_text("keep me\n")
    return tmp / "nl\nfile"


#: name → (make the --out path, phrases of the one error line)
BAD_OUT: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "a file": (_a_file, ("is not a folder",)),
    "a FIFO": (_a_fifo, ("is not a folder",)),
    "a path under a file": (_under_a_file, ("afile is a file, not a folder",)),
    "a file whose name holds a newline": (_newline_file, ("nl\\nfile is not a folder",)),
}


@pytest.mark.parametrize("case", list(BAD_OUT))
def test_probe_out_that_is_no_folder_is_one_line(case: str, tmp_path: Path, pairs: Path) -> None:
    make, phrases = BAD_OUT[case]
    out = make(tmp_path)
    refused(cli(*probe(pairs, out)), *phrases)
    if case == "a FIFO":
        assert out.is_fifo()
    elif case != "a path under a file":
        assert out.read_text() == "keep me\n"  # never emptied or replaced


def test_probe_out_in_a_read_only_folder_is_one_line(tmp_path: Path, pairs: Path) -> None:
    with tmpfs(tmp_path / "ro", "64k", read_only=True) as ro:
        refused(cli(*probe(pairs, ro / "probe")), "read-only file system")
        refused(cli(*probe(pairs, ro)), "read-only file system")
        refused(cli("probe", "--validate", "--out", str(ro / "v")), "read-only file system")


def test_a_card_file_that_is_a_fifo_is_refused_before_the_work(tmp_path: Path, pairs: Path) -> None:
    out = tmp_path / "probe"
    out.mkdir()
    os.mkfifo(out / "card.md")
    refused(cli(*probe(pairs, out)), "card.md: it is a FIFO")
    assert (out / "card.md").is_fifo() and sorted(p.name for p in out.iterdir()) == ["card.md"]  # nothing judged


@pytest.mark.parametrize("case", ["a dangling symlink", "a new folder whose name holds a newline"])
def test_probe_out_through_a_dangling_symlink_or_with_a_newline_works(case: str, tmp_path: Path, pairs: Path) -> None:
    """A symlink is followed to its target, as for every output file; a newline is just a character."""
    if case == "a dangling symlink":
        out, folder = tmp_path / "link", tmp_path / "not" / "yet"
        out.symlink_to(folder)
    else:
        out = folder = tmp_path / "new\nline"
    proc = cli(*probe(pairs, out, "--json"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads((folder / "card.json").read_text()) == json.loads(proc.stdout)


def _empty(tmp: Path) -> Path:
    (tmp / "empty.jsonl").write_text("")
    return tmp / "empty.jsonl"


def _not_json(tmp: Path) -> Path:
    (tmp / "text.jsonl").write_text("this is not JSON\n")
    return tmp / "text.jsonl"


def _a_folder(tmp: Path) -> Path:
    (tmp / "folder.jsonl").mkdir()
    return tmp / "folder.jsonl"


BAD_PAIRS = {
    "an empty file": (_empty, "no pairs in file"),
    "not JSON": (_not_json, "text.jsonl:1: not valid JSON"),
    "a directory": (_a_folder, "a directory, not a file"),
}


@pytest.mark.parametrize("case", list(BAD_PAIRS))
def test_probe_pairs_that_are_not_pairs_are_one_line(case: str, tmp_path: Path, pairs: Path) -> None:
    make, phrase = BAD_PAIRS[case]
    out = tmp_path / "probe"
    refused(cli(*probe(make(tmp_path), out, answers=pairs)), phrase)
    assert not (out / "card.json").exists()


# ---- report --probe ------------------------------------------------------------------------------------------
DEEP = "[" * 100_000 + "]" * 100_000
BAD_CARDS = {
    "not JSON": ("{not json", "Expecting property name"),
    "empty": ("", "Expecting value"),
    "a list": ("[1, 2]", "no probes object"),
    "no probes": ('{"judge_name": "j"}', "no probes object"),
    "a probe that is a number": ('{"probes": {"padding": 5}}', "probes.padding must be an object, got int"),
    "arms that are a list": ('{"probes": {"padding": {"arms": [1]}}}', "probes.padding.arms must be an object"),
    "an arm that is a number": (
        '{"probes": {"padding": {"arms": {"original": 5}}}}',
        "probes.padding.arms.original must be an object, got int",
    ),
    "an interval that is a number": (
        '{"probes": {"p": {"effects": {"x": {"estimate": 1.0, "ci95": 5}}}}}',
        "probes.p.effects.x.ci95 must be two numbers",
    ),
    "an interval of one end": (
        '{"probes": {"p": {"effects": {"x": {"estimate": 1.0, "ci95": [1.0]}}}}}',
        "probes.p.effects.x.ci95 must be two numbers",
    ),
    "a verdict that is a number": (
        '{"probes": {"p": {"effects": {"x": {"estimate": 1.0, "verdict": 3}}}}}',
        "probes.p.effects.x.verdict must be a string",
    ),
    "flags that are a number": ('{"probes": {}, "flags": 5}', "flags must be a list, got int"),
    "skipped that is a list": ('{"probes": {}, "skipped": ["self"]}', "skipped must be an object, got list"),
    "100k-deep nesting": (DEEP, "nested too deeply to read"),
    "100k-deep nesting in a field": ('{"probes": {"p": {"x": ' + DEEP + "}}}", "nested too deeply to read"),
    "40-deep nesting in a field (readable, but deeper than any card)": (
        '{"probes": {"p": {"x": ' + '{"a": ' * 40 + "1" + "}" * 40 + "}}}",
        "nested deeper than 32 levels",
    ),
    "1010-deep nesting in a field (past the JSON reader's limit)": (
        '{"probes": {"p": {"x": ' + '{"a": ' * 1010 + "1" + "}" * 1010 + "}}}",
        "nested too deeply to read",
    ),
}


@pytest.mark.parametrize("case", list(BAD_CARDS))
def test_report_probe_card_that_is_not_a_card_is_one_line(case: str, tmp_path: Path) -> None:
    text, phrase = BAD_CARDS[case]
    card = tmp_path / "card.json"
    card.write_text(text)
    html, md = tmp_path / "r.html", tmp_path / "r.md"
    html.write_text("the old report")
    refused(cli("report", "--probe", str(card), "--html", str(html), "--markdown", str(md)), "not a probe card", phrase)
    assert html.read_text() == "the old report" and not md.exists()


def test_report_probe_reads_a_real_card_and_its_folder(tmp_path: Path, pairs: Path) -> None:
    out = tmp_path / "probe"
    assert cli(*probe(pairs, out, "--json")).returncode == 0
    for given in (out, out / "card.json"):
        html = tmp_path / "r.html"
        proc = cli("report", "--probe", str(given), "--html", str(html))
        assert proc.returncode == 0, proc.stderr
        assert 'id="probes"' in html.read_text()


# ---- import rm-bench (the shared run_importer path) ----------------------------------------------------------
RM_ROW = {"id": 1, "prompt": "p", "chosen": ["a", "b", "c"], "rejected": ["x", "y", "z"], "domain": "chat"}
BAD_RM = {
    "empty.json": ("", "not a JSON document"),
    "empty-list.json": ("[]", "nothing to import as rm-bench"),
    "mismatched.json": (json.dumps([{**RM_ROW, "rejected": ["x"]}]), "'rejected' must be a list of 3 strings"),
    "no-chosen.json": (json.dumps([{**RM_ROW, "chosen": None}]), "'chosen' must be a list of 3 strings"),
    "deep.json": (DEEP, "nested too deeply to read"),
    "deep.jsonl": (DEEP + "\n", "deep.jsonl:1: nested too deeply to read"),
    "rows.json": ("[1]", "row 1: expected an object, got int"),
    "object.json": ('{"rows": []}', "expected a JSON list of rows"),
}


@pytest.mark.parametrize("name", list(BAD_RM))
def test_import_rm_bench_refuses_bad_files_in_one_line(name: str, tmp_path: Path) -> None:
    text, phrase = BAD_RM[name]
    source, out = tmp_path / name, tmp_path / "out.jsonl"
    source.write_text(text)
    refused(cli("import", "rm-bench", str(source), "--out", str(out)), phrase)
    assert not out.exists()


# ---- benchmarks --protocol native on mixed benchmarks; score --rule on best-of-K -----------------------------
def mixed_file(path: Path) -> Path:
    """One judge on 2 LLMBar Neighbor pairs, 1 GPTOut pair and the first 5 JudgeBench pairs of the o1-mini run."""
    from judgebench.records import write_pairs
    from tests.benchmarks.test_protocols import _judged

    # Neighbor: right in the first order only, then in neither (Acc. (1 + 0) / 4 = 25); GPTOut: both (100)
    write_pairs(path, _judged("Neighbor", [(True, False), (False, False)]) + _judged("GPTOut", [(True, True)]))
    lines = path.read_text().splitlines()
    for line in O1_MINI.read_text().splitlines()[:5]:  # vote: right, wrong, split, right, wrong = 2/5
        record = json.loads(line)
        record["judge_name"] = "Vanilla"
        for j in record["judgments"]:
            j["judgment"]["judge_model"] = "m"
        lines.append(json.dumps(record))
    path.write_text("\n".join(lines) + "\n")
    return path


def test_native_protocol_on_a_file_mixing_benchmarks(tmp_path: Path) -> None:
    mixed = str(mixed_file(tmp_path / "mixed.jsonl"))
    proc = cli("benchmarks", mixed, "--protocol", "native", "--bootstrap", "0", "--json")
    assert proc.returncode == 0, proc.stderr
    table = json.loads(proc.stdout)
    assert table["protocols"] == {"llmbar-adversarial": "llmbar", "judgebench": "judgebench"}
    cells = table["rows"][0]["benchmarks"]
    llmbar, jb = cells["llmbar-adversarial"], cells["judgebench"]
    assert (llmbar["accuracy"], llmbar["correct"], llmbar["n"]) == (62.5, 3, 6)  # mean of 25 and 100; orders
    assert (jb["accuracy"], jb["correct"], jb["n"]) == (40.0, 2, 5)  # JudgeBench's own protocol: the vote rule
    proc = cli("benchmarks", mixed, "--protocol", "native", "--bootstrap", "0")
    assert proc.returncode == 0 and "each benchmark by its own protocol" in proc.stdout and "62.50" in proc.stdout


def test_a_rule_is_refused_for_a_best_of_k_file(tmp_path: Path) -> None:
    perfect, _ = best_of_4(tmp_path)
    for rule in ("average", "vote"):
        proc = cli("score", perfect, "--rule", rule, "--bootstrap", "0")
        refused(proc, f"rule {rule!r} scores judged pairs", "judged best-of-K sets")
        assert proc.stdout == ""
    refused(cli("score", perfect, "--rule", "bogus"), "unknown aggregation rule 'bogus'")
    mixed = str(mixed_file(tmp_path / "mixed.jsonl"))
    proc = cli("score", mixed, perfect, "--rule", "average", "--bootstrap", "0")  # nothing printed for the first
    refused(proc, "judged best-of-K sets")
    assert proc.stdout == ""
    proc = cli("score", mixed, perfect, "--bootstrap", "0")
    assert proc.returncode == 0 and "best-of-K set" in proc.stdout and "vote rule" in proc.stdout


# ---- a full disk ---------------------------------------------------------------------------------------------
def test_disk_full_under_probe_out_is_one_line_and_keeps_the_card(tmp_path: Path, pairs: Path) -> None:
    with tmpfs(tmp_path / "small", "64k") as small:  # the arms' files do not fit
        refused(cli(*probe(pairs, small / "p")), "disk is full")
    with tmpfs(tmp_path / "fs", "1m") as fs:
        assert cli(*probe(pairs, fs / "p")).returncode == 0
        for name in ("card.json", "card.md", "card.html"):
            (fs / "p" / name).write_text(f"the old {name}")
        fd = os.open(fs / "filler", os.O_WRONLY | os.O_CREAT)
        with pytest.raises(OSError, match="No space left"):  # every free block taken
            while True:
                os.write(fd, b"\0" * 4096)
        os.close(fd)
        refused(cli(*probe(pairs, fs / "p", "--html", str(fs / "page.html"))), "disk is full", "nothing was replaced")
        for name in ("card.json", "card.md", "card.html"):
            assert (fs / "p" / name).read_text() == f"the old {name}"
        assert not (fs / "page.html").exists()
        assert not [p.name for p in (fs / "p").iterdir() if p.name.endswith(".tmp")]


def test_disk_full_under_report_with_a_probe_card_is_one_line(tmp_path: Path, pairs: Path) -> None:
    out = tmp_path / "probe"
    assert cli(*probe(pairs, out)).returncode == 0
    with tmpfs(tmp_path / "fs", "64k") as fs:
        (fs / "filler").write_bytes(b"\0" * (64 * 1024 - 4096))  # one block left: less than the page
        report = fs / "report.html"
        report.write_text("the old report")
        proc = cli("report", "--probe", str(out), "--html", str(report), "--bootstrap", "0")
        refused(proc, "disk is full", "nothing was replaced")
        assert report.read_text() == "the old report"
        assert sorted(p.name for p in fs.iterdir()) == ["filler", "report.html"]
