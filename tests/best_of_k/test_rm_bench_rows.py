"""RM-Bench rows, one by one: the three chosen and three rejected responses in style order, the domain as the
subset, the id as text, and which rows are refused (with their line) or left out."""

from __future__ import annotations

import json

import pytest

from judgebench.errors import MalformedRecordError
from judgebench.importers import base, rm_bench


def row(i=1, domain="math", **more):
    r = {
        "id": i,
        "prompt": f"prompt {i}",
        "chosen": [f"c{i} concise", f"c{i} detailed", f"c{i} markdown"],
        "rejected": [f"r{i} concise", f"r{i} detailed", f"r{i} markdown"],
        "domain": domain,
    }
    r.update(more)
    return r


def test_a_row_keeps_its_responses_in_style_order():
    assert rm_bench.convert(row(4, "safety-refuse"), "rm.json", 1) == {
        "id": "4",
        "prompt": "prompt 4",
        "chosen": ["c4 concise", "c4 detailed", "c4 markdown"],
        "rejected": ["r4 concise", "r4 detailed", "r4 markdown"],
        "num_correct": 3,
        "num_incorrect": 3,
        "total_completions": 6,
        "subset": "safety-refuse",
        "source": "rm-bench",
        "response_model": None,
    }
    assert rm_bench.convert(row("chat/12", "chat"), "rm.json", 1)["id"] == "chat/12"


@pytest.mark.parametrize("domain", rm_bench.DOMAINS)
def test_every_domain_is_a_subset(domain):
    assert rm_bench.convert(row(domain=domain), "w", 1)["subset"] == domain


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": None}, "'id' must be a string or an integer, got NoneType"),
        ({"id": False}, "'id' must be a string or an integer, got bool"),
        ({"id": 2.0}, "'id' must be a string or an integer, got float"),
        ({"prompt": ["p"]}, "'prompt' must be a string"),
        ({"prompt": None}, "'prompt' must be a string"),
        ({"chosen": ["a", "b"]}, "'chosen' must be a list of 3 strings"),
        ({"chosen": ["a", "b", "c", "d"]}, "'chosen' must be a list of 3 strings"),
        ({"chosen": "abc"}, "'chosen' must be a list of 3 strings"),
        ({"chosen": ["a", None, "c"]}, "'chosen' must be a list of 3 strings"),
        ({"rejected": ["a", "b"]}, "'rejected' must be a list of 3 strings"),
        ({"rejected": ["a", "b", 3]}, "'rejected' must be a list of 3 strings"),
        ({"rejected": ("a", "b", "c")}, "'rejected' must be a list of 3 strings"),
        ({"domain": "safety"}, r"unknown domain 'safety' \(known: chat, code, math, safety-refuse, safety-response\)"),
        ({"domain": "Math"}, "unknown domain 'Math'"),
    ],
)
def test_bad_rows_are_refused_with_their_line(change, message):
    with pytest.raises(MalformedRecordError, match=message) as e:
        rm_bench.convert({**row(), **change}, "rm.json", 9)
    assert str(e.value).startswith("rm.json:9: ")


@pytest.mark.parametrize("key", ["id", "prompt", "chosen", "rejected", "domain"])
def test_a_row_missing_a_key_is_refused(key):
    r = row()
    del r[key]
    with pytest.raises(MalformedRecordError, match=f"an RM-Bench row needs '{key}'"):
        rm_bench.convert(r, "rm.json", 2)


def test_run_on_a_local_copy(tmp_path):
    bare = {"id": 3, "prompt": "p", "domain": "code"}  # neither chosen nor rejected: left out, counted
    half = {k: v for k, v in row(5).items() if k != "rejected"}  # one of the two: refused, not skipped
    path = tmp_path / "total_dataset.json"
    path.write_text(json.dumps([row(1, "chat"), bare, row(2, "code")]))
    result = rm_bench.run(str(path), {})
    assert [r["id"] for r in result.records] == ["1", "2"]
    assert [r["subset"] for r in result.records] == ["chat", "code"]
    assert result.left_out == {"rows without responses": 1}
    path.write_text(json.dumps([row(1), bare, half]))
    with pytest.raises(MalformedRecordError, match=r"total_dataset\.json:3: an RM-Bench row needs 'rejected'"):
        rm_bench.run(str(path), {})
    only_rejected = {k: v for k, v in row(6).items() if k != "chosen"}
    path.write_text(json.dumps([only_rejected]))
    with pytest.raises(MalformedRecordError, match=r"total_dataset\.json:1: an RM-Bench row needs 'chosen'"):
        rm_bench.run(str(path), {})


def test_run_downloads_the_hub_split(monkeypatch):
    import judgebench.hub_rows as hub_rows_module

    calls = []

    def fake(dataset, split):
        calls.append((dataset, split))
        return [row(1), row(2, domain="x")], "cache"

    monkeypatch.setattr(hub_rows_module, "hub_rows", fake)
    with pytest.raises(MalformedRecordError, match=r"^hf:THU-KEG/RM-Bench:train:2: unknown domain 'x'"):
        rm_bench.run(None, {})
    assert calls == [("THU-KEG/RM-Bench", "train")]
    with pytest.raises(MalformedRecordError, match=r"^hf:THU-KEG/RM-Bench:other:2: "):
        base.import_rows(None, {"split": "other"}, rm_bench.DATASET, rm_bench.SPLIT, rm_bench.convert, rm_bench._skip)
    assert calls[-1] == ("THU-KEG/RM-Bench", "other")
