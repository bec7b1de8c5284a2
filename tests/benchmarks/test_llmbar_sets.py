"""LLMBar's sets by name and by path: which set a file belongs to, the label each item gets (1 and "1" are
``A>B``), the items refused, and where a named set is read from (a local copy, the cache, a pinned download)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

import judgebench.hub as hub
from judgebench.errors import ConfigError, DataUnavailableError, InputError
from judgebench.importers import llmbar


def test_the_groups():
    assert llmbar.GROUPS == {
        "llmbar": ("llmbar-natural", "llmbar-adversarial-neighbor", "llmbar-adversarial-gptinst",
                   "llmbar-adversarial-gptout", "llmbar-adversarial-manual"),
        "llmbar-adversarial": ("llmbar-adversarial-neighbor", "llmbar-adversarial-gptinst",
                               "llmbar-adversarial-gptout", "llmbar-adversarial-manual"),
    }  # fmt: skip
    assert llmbar.set_names("faireval") == ("faireval",)
    assert llmbar.set_names("llmbar-adversarial") == llmbar.GROUPS["llmbar-adversarial"]
    assert llmbar.set_names("llmbar-casestudy-normal") == ("llmbar-casestudy-normal",)
    assert llmbar.set_names("nope") is None


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("Dataset/LLMBar/Natural/dataset.json", "llmbar-natural"),
        ("/x/LLMBar/Adversarial/GPTOut/dataset.json", "llmbar-adversarial-gptout"),
        ("/x/LLMBar/Adversarial/GPTOut", "llmbar-adversarial-gptout"),  # the folder itself
        ("/x/Processed/LLMEval^2/other.json", "llmeval2"),
        ("/x/Processed/FairEval/evaluators/gpt-4/vanilla/result.json", "faireval"),
        ("/x/CaseStudy/Base_9/evaluators/m/dataset.json", "llmbar-casestudy-base-9"),
        ("/x/Natural/dataset.json", None),  # the folder's parent must match too
        ("/x/LLMBar/Natural/sub/dataset.json", None),
        ("/x/LLMBar/Natural/data.txt", None),  # not a .json file: a folder named so
        ("dataset.json", None),
    ],
)
def test_the_set_of_a_path(path, source):
    assert llmbar.source_for(path) == source


def item(i, label=1):
    return {"input": f"in {i}", "output_1": f"one {i}", "output_2": f"two {i}", "label": label}


@pytest.mark.parametrize(("label", "want"), [(1, "A>B"), (2, "B>A"), ("1", "A>B"), ("2", "B>A")])
def test_output_1_is_a_and_the_label_names_the_better(label, want):
    pair = llmbar.item_pair(item(4, label), 4, "llmbar-natural", "d.json")
    assert (pair.response_A, pair.response_B, pair.label, pair.original_id) == ("one 4", "two 4", want, 4)
    assert (pair.question, pair.source, pair.response_model) == ("in 4", "llmbar-natural", "unknown")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (["in", "one", "two", 1], "item 3: expected an object, got list"),
        ({**item(3), "input": None}, "item 3: 'input' must be a string"),
        ({**item(3), "output_1": 1}, "item 3: 'output_1' must be a string"),
        ({k: v for k, v in item(3).items() if k != "output_2"}, "item 3: 'output_2' must be a string"),
        (item(3, 0), "item 3: label must be 1 or 2, got 0"),
        (item(3, 3), "item 3: label must be 1 or 2, got 3"),
        (item(3, "A"), "item 3: label must be 1 or 2, got 'A'"),
        ({k: v for k, v in item(3).items() if k != "label"}, "item 3: label must be 1 or 2, got None"),
    ],
)
def test_bad_items_are_refused(bad, message):
    with pytest.raises(InputError) as e:
        llmbar.item_pair(bad, 3, "s", "d.json")
    assert str(e.value) == f"d.json: {message}"


def write(path: Path, items) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(items))
    return path


def test_reading_files_and_folders(tmp_path):
    natural = write(tmp_path / "LLMBar" / "Natural" / "dataset.json", [item(0), item(1, 2)])
    manual = write(tmp_path / "LLMBar" / "Adversarial" / "Manual" / "dataset.json", [item(0, 2)])
    write(tmp_path / "LLMBar" / "Natural" / "evaluators" / "m" / "dataset.json", [item(9)])  # a run: not a set
    own = write(tmp_path / "My Set!" / "dataset.json", [item(0)])
    pairs = llmbar.import_llmbar(tmp_path)
    # sorted by path: LLMBar/Adversarial/Manual, LLMBar/Natural, My Set!
    assert [(p.source, p.original_id, p.label) for p in pairs] == [
        ("llmbar-adversarial-manual", 0, "B>A"), ("llmbar-natural", 0, "A>B"), ("llmbar-natural", 1, "B>A"),
        ("llmbar-my-set", 0, "A>B")]  # fmt: skip
    assert [p.source for p in llmbar.import_llmbar(natural)] == ["llmbar-natural"] * 2
    assert [p.source for p in llmbar.import_llmbar(manual, "mine")] == ["mine"]
    assert llmbar.read_dataset(own)[0].source == "llmbar-my-set"
    odd = write(tmp_path / "!!!" / "dataset.json", [item(0)])
    assert llmbar.read_dataset(odd)[0].source == "llmbar-dataset"  # nothing left of the folder name
    with pytest.raises(InputError, match=r"no dataset\.json under this folder"):
        llmbar.import_llmbar(tmp_path / "LLMBar" / "Natural" / "evaluators")
    with pytest.raises(InputError, match="no such file or folder"):
        llmbar.import_llmbar(tmp_path / "missing.json")
    bad = tmp_path / "obj" / "dataset.json"
    bad.parent.mkdir()
    bad.write_text(json.dumps({"input": "x"}))
    with pytest.raises(InputError, match="expected a JSON list of"):
        llmbar.read_dataset(bad)


def test_run_options(tmp_path):
    path = write(tmp_path / "LLMBar" / "Natural" / "dataset.json", [item(0), item(1, 2)])
    result = llmbar.run_llmbar(str(path), {})
    assert [r["source"] for r in result.records] == ["llmbar-natural"] * 2 and result.left_out == {}
    assert llmbar.run_llmbar(str(path), {"source": "custom"}).records[0]["source"] == "custom"
    with pytest.raises(ConfigError, match=r"unknown option x \(known: source\)"):
        llmbar.run_llmbar(str(path), {"x": "1"})


def _local_copy(tmp_path: Path) -> Path:
    root = tmp_path / "benchmarks"
    for name, rel in llmbar.SETS.items():
        write(root / "llmbar" / rel / "dataset.json", [item(0, 1 if "casestudy" in name else 2)])
    return root


def test_named_sets_from_a_local_copy(tmp_path, monkeypatch):
    root = _local_copy(tmp_path)
    monkeypatch.setenv("JUDGEBENCH_BENCHMARKS", str(root))
    assert llmbar.benchmarks_root() == root
    assert llmbar.dataset_file("llmeval2") == root / "llmbar" / "Processed" / "LLMEval^2" / "dataset.json"
    pairs = llmbar.load_sets("llmbar")
    assert [p.source for p in pairs] == list(llmbar.GROUPS["llmbar"])
    assert llmbar.resolve_set("mt-bench")[0].source == "mt-bench" and llmbar.resolve_set("nope") is None
    with pytest.raises(InputError, match=r"unknown LLMBar set \(known: llmbar, llmbar-adversarial, llmbar-natural"):
        llmbar.load_sets("nope")
    # no source: every set but the case studies
    result = llmbar.run_llmbar(None, {})
    assert [r["source"] for r in result.records] == [s for s in llmbar.SETS if "casestudy" not in s]
    (root / "llmbar" / "Processed" / "MT-Bench" / "dataset.json").unlink()
    with pytest.raises(DataUnavailableError, match=r"MT-Bench/dataset\.json not found \(JUDGEBENCH_BENCHMARKS="):
        llmbar.dataset_file("mt-bench")
    monkeypatch.setenv("JUDGEBENCH_BENCHMARKS", str(tmp_path / "nowhere"))
    with pytest.raises(DataUnavailableError, match="is not a directory"):
        llmbar.benchmarks_root()


def test_named_sets_downloaded_once_at_the_pinned_commit(tmp_path, monkeypatch):
    monkeypatch.delenv("JUDGEBENCH_BENCHMARKS", raising=False)
    assert llmbar.benchmarks_root() is None
    monkeypatch.setenv("JUDGEBENCH_BENCHMARKS", "")
    assert llmbar.benchmarks_root() is None
    monkeypatch.setenv("JUDGEBENCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("JUDGEBENCH_GITHUB_RAW", "http://raw.example")
    source = _local_copy(tmp_path)
    fetched = []

    def fake_download(url, dest, **kw):
        fetched.append(url)
        rel = unquote(url.split(f"{llmbar.LLMBAR_COMMIT}/Dataset/", 1)[1])
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source / "llmbar" / rel, dest)
        return dest

    monkeypatch.setattr(hub, "download", fake_download)
    path = llmbar.dataset_file("llmbar-natural")
    assert path == tmp_path / "cache" / "benchmarks" / "llmbar" / "LLMBar" / "Natural" / "dataset.json"
    assert fetched == [
        f"http://raw.example/princeton-nlp/LLMBar/{llmbar.LLMBAR_COMMIT}/Dataset/LLMBar/Natural/dataset.json"
    ]
    assert llmbar.dataset_file("llmbar-natural") == path and len(fetched) == 1  # cached
    assert llmbar.load_sets("llmeval2")[0].source == "llmeval2" and fetched[-1].endswith(
        "Processed/LLMEval%5E2/dataset.json"
    )
