"""LLMBar's dataset.json files as pairs: the real files in ../shared/benchmarks, by path and by name."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest

from judgebench.cli.main import main
from judgebench.datasets import dataset_stem, load_pairs
from judgebench.importers.llmbar import LLMBAR_COMMIT, import_llmbar
from judgebench.records import read_pairs
from tests.conftest import SHARED
from tests.fakes.provider_server import FakeProvider

LLMBAR = SHARED / "benchmarks" / "llmbar"
SIZES = {
    "llmbar-natural": 100,
    "llmbar-adversarial-neighbor": 134,
    "llmbar-adversarial-gptinst": 92,
    "llmbar-adversarial-gptout": 47,
    "llmbar-adversarial-manual": 46,
    "faireval": 66,
    "llmeval2": 200,
    "mt-bench": 200,
}


@pytest.fixture
def benchmarks_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUDGEBENCH_BENCHMARKS", str(SHARED / "benchmarks"))


def test_folder_import_names_every_set_with_stable_ids() -> None:
    pairs = import_llmbar(LLMBAR)
    assert Counter(p.source for p in pairs) == SIZES
    again = import_llmbar(LLMBAR)
    assert [p.pair_id for p in pairs] == [p.pair_id for p in again]
    assert len({p.pair_id for p in pairs}) == len(pairs) == 885


def test_items_map_to_pairs_in_order() -> None:
    raw = json.loads((LLMBAR / "LLMBar" / "Natural" / "dataset.json").read_text())
    pairs = import_llmbar(LLMBAR / "LLMBar" / "Natural" / "dataset.json")
    assert len(pairs) == len(raw) == 100
    for i, (item, pair) in enumerate(zip(raw, pairs, strict=True)):
        assert pair.original_id == i
        assert (pair.question, pair.response_A, pair.response_B) == (item["input"], item["output_1"], item["output_2"])
        assert pair.label == {1: "A>B", 2: "B>A"}[item["label"]]
    assert Counter(p.label for p in pairs) == Counter({1: "A>B", 2: "B>A"}[x["label"]] for x in raw)


def test_cli_import_writes_pairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "llmbar.jsonl"
    assert main(["import", "llmbar", str(LLMBAR / "Processed"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "466 records ->" in printed and "faireval" in printed and "llmeval2" in printed
    pairs = read_pairs(out)
    assert [p.pair_id for p in pairs] == [p.pair_id for p in import_llmbar(LLMBAR / "Processed")]


@pytest.mark.usefixtures("benchmarks_env")
def test_sets_by_name() -> None:
    assert len(load_pairs("llmbar")) == 419  # Natural and the four Adversarial sets
    assert Counter(p.source for p in load_pairs("llmbar-adversarial")) == {
        k: v for k, v in SIZES.items() if k.startswith("llmbar-adversarial")
    }
    assert len(load_pairs("llmeval2")) == 200
    assert dataset_stem("llmbar-natural") == "dataset=llmbar-natural"


@pytest.mark.usefixtures("benchmarks_env")
def test_judge_on_a_named_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-key")
    out = tmp_path / "run.jsonl"
    with FakeProvider(reply=lambda body: "My final verdict is [[A>B]]") as server:
        argv = ["judge", "--judge", "arena_hard", "--model", "openai/fake", "--base-url", server.openai_base_url]
        code = main([*argv, "--pairs", "llmbar-natural", "--limit", "3", "--out", str(out), "--no-cache"])
    assert code == 0, capsys.readouterr()
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    natural = import_llmbar(LLMBAR / "LLMBar" / "Natural" / "dataset.json")[:3]
    assert [x["pair_id"] for x in lines] == [p.pair_id for p in natural]
    assert all(x["source"] == "llmbar-natural" and len(x["judgments"]) == 2 for x in lines)


class _RawGitHub(http.server.SimpleHTTPRequestHandler):
    """Serves ../shared/benchmarks/llmbar as raw.githubusercontent.com serves the repository at the commit."""

    def translate_path(self, path: str) -> str:
        prefix = f"/princeton-nlp/LLMBar/{LLMBAR_COMMIT}/Dataset/"
        path = unquote(path.split("?", 1)[0])
        return str(LLMBAR / path[len(prefix) :]) if path.startswith(prefix) else "/nonexistent"

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def raw_github(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    requested: list[str] = []

    class Handler(_RawGitHub):
        def do_GET(self) -> None:
            requested.append(unquote(self.path))
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.delenv("JUDGEBENCH_BENCHMARKS", raising=False)
    monkeypatch.setenv("JUDGEBENCH_GITHUB_RAW", f"http://127.0.0.1:{server.server_address[1]}")
    try:
        yield requested
    finally:
        server.shutdown()
        thread.join()


def test_named_sets_download_once_from_the_pinned_commit(raw_github: list[str]) -> None:
    first = load_pairs("llmeval2")
    assert raw_github == [f"/princeton-nlp/LLMBar/{LLMBAR_COMMIT}/Dataset/Processed/LLMEval^2/dataset.json"]
    again = load_pairs("llmeval2")  # from the cache now
    assert len(raw_github) == 1
    assert [p.pair_id for p in first] == [p.pair_id for p in again]
    assert first == import_llmbar(LLMBAR / "Processed" / "LLMEval^2" / "dataset.json")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[{"input": "q", "output_1": "a", "output_2": "b", "label": 3}]', "item 0: label must be 1 or 2, got 3"),
        ('[{"input": "q", "output_1": "a", "label": 1}]', "item 0: 'output_2' must be a string"),
        ('{"input": "q"}', "expected a JSON list"),
        ('[{"input": "q", "output_1": "a", "output_2": "b", "label": 1}', "not a JSON document"),
    ],
)
def test_bad_dataset_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    bad = tmp_path / "dataset.json"
    bad.write_text(content)
    assert main(["import", "llmbar", str(bad), "--out", str(tmp_path / "o.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and str(bad) in err
    assert not (tmp_path / "o.jsonl").exists()


def test_unknown_names_and_missing_paths_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "llmbar", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o.jsonl")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["import", "llmbar", str(tmp_path), "--out", str(tmp_path / "o.jsonl")]) == 2
    assert "no dataset.json under this folder" in capsys.readouterr().err


def test_unknown_option_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["import", "llmbar", str(LLMBAR / "Processed"), "--option", "colour=red", "--out", str(tmp_path / "o.jsonl")]
    assert main(argv) == 2
    assert "import llmbar: unknown option colour (known: source)" in capsys.readouterr().err
