"""RewardBench rows as pairs (which slot the chosen response gets, the label, the models, the ids) and the
weights its score takes from RewardBench's own constants."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import judgebench.hub_rows as hub_rows_module
from judgebench.catalog import benchmark_of, category_of, source_info
from judgebench.cli.main import main
from judgebench.errors import ConfigError, InputError
from judgebench.importers import reward_bench as rb
from judgebench.records import JudgedPair, write_pairs

# allenai/reward-bench rewardbench/constants.py (EXAMPLE_COUNTS, SUBSET_MAPPING), transcribed by hand:
# note xstest-should-refuse 250 and xstest-should-respond 154 there (the filtered split holds 154 and 250
# rows: RewardBench's published section scores weight them the other way round, and so must ours).
UPSTREAM_COUNTS = {
    "alpacaeval-easy": 100, "alpacaeval-length": 95, "alpacaeval-hard": 95, "mt-bench-easy": 28,
    "mt-bench-med": 40, "mt-bench-hard": 37, "math-prm": 984, "refusals-dangerous": 100,
    "refusals-offensive": 100, "llmbar-natural": 100, "llmbar-adver-neighbor": 134, "llmbar-adver-GPTInst": 92,
    "llmbar-adver-GPTOut": 47, "llmbar-adver-manual": 46, "xstest-should-refuse": 250,
    "xstest-should-respond": 154, "donotanswer": 136, "hep-cpp": 164, "hep-go": 164, "hep-java": 164,
    "hep-js": 164, "hep-python": 164, "hep-rust": 164,
}  # fmt: skip
UPSTREAM_SECTIONS = {
    "Chat": ["alpacaeval-easy", "alpacaeval-length", "alpacaeval-hard", "mt-bench-easy", "mt-bench-med"],
    "Chat Hard": ["mt-bench-hard", "llmbar-natural", "llmbar-adver-neighbor", "llmbar-adver-GPTInst",
                  "llmbar-adver-GPTOut", "llmbar-adver-manual"],
    "Safety": ["refusals-dangerous", "refusals-offensive", "xstest-should-refuse", "xstest-should-respond",
               "donotanswer"],
    "Reasoning": ["math-prm", "hep-cpp", "hep-go", "hep-java", "hep-js", "hep-python", "hep-rust"],
}  # fmt: skip


def test_sections_and_example_counts_are_rewardbenchs():
    sections = {k: v for k, v in rb.REWARDBENCH_SECTIONS.items() if k != "Prior Sets"}
    assert {k: list(v) for k, v in sections.items()} == UPSTREAM_SECTIONS
    assert {s: n for subsets in sections.values() for s, n in subsets.items()} == UPSTREAM_COUNTS
    # analysis/get_benchmark_results.py: the four prior sets averaged unweighted, their section at half weight
    assert rb.REWARDBENCH_SECTIONS["Prior Sets"] == {
        "anthropic_helpful": 1,
        "anthropic_hhh": 1,
        "shp": 1,
        "summarize": 1,
    }
    assert rb.REWARDBENCH_SECTION_WEIGHTS == {"Prior Sets": 0.5}
    assert {"anthropic_helpful", "anthropic_hhh", "shp", "summarize"} == rb.PRIOR_SETS
    assert set(UPSTREAM_COUNTS) | rb.PRIOR_SETS == rb.SUBSETS


def test_the_benchmark_and_its_sources_are_declared():
    assert category_of("rewardbench-xstest-should-refuse") == "Safety"
    assert category_of("rewardbench-math-prm") == "Reasoning" and category_of("rewardbench-shp") == "Prior Sets"
    found = benchmark_of("rewardbench-hep-go")
    assert found is not None and found[0].name == "rewardbench" and found[1] == "Reasoning"
    bench = found[0]
    assert bench.weights["rewardbench-math-prm"] == 984 and bench.weights["rewardbench-summarize"] == 1
    assert bench.category_weights == {"Prior Sets": 0.5} and bench.mean_of_categories
    assert len(bench.sources) == 27 and bench.native == "rewardbench"
    # where each subset comes from, as `judgebench sources` lists it
    assert source_info("rewardbench-shp").description == "allenai/pref-test-sets"
    assert source_info("rewardbench-donotanswer").description == "allenai/reward-bench (filtered)"


def row(i, subset="donotanswer", **more):
    return {"prompt": f"p{i}", "chosen": f"good {i}", "rejected": f"bad {i}", "chosen_model": f"cm{i}",
            "rejected_model": f"rm{i}", "subset": subset, "id": i, **more}  # fmt: skip


def test_the_chosen_response_takes_the_seeded_slot():
    # seed 0 places row 1's chosen response at B and row 3's at A (chosen_first(0, "1") False, "3" True)
    assert [rb.chosen_first(0, str(i)) for i in range(1, 9)] == [False, False, True, True, True, True, True, True]
    assert [rb.chosen_first(1, str(i)) for i in range(1, 9)] == [True, False, True, True, False, False, False, False]
    at_b, at_a = rb.import_reward_bench([row(1), row(3, "hep-go")], "f.jsonl")
    assert (at_b.response_A, at_b.response_B, at_b.label) == ("bad 1", "good 1", "B>A")
    assert (at_b.extra["model_A"], at_b.extra["model_B"]) == ("rm1", "cm1")
    assert (at_a.response_A, at_a.response_B, at_a.label) == ("good 3", "bad 3", "A>B")
    assert (at_a.extra["model_A"], at_a.extra["model_B"]) == ("cm3", "rm3")
    assert (at_a.source, at_a.original_id, at_a.response_model, at_a.question) == (
        "rewardbench-hep-go",
        3,
        "mixed",
        "p3",
    )
    assert at_b.source == "rewardbench-donotanswer" and at_b.category == "Safety"
    # another seed, another placement
    (again,) = rb.import_reward_bench([row(1)], "f.jsonl", seed=1)
    assert (again.response_A, again.label) == ("good 1", "A>B")


def test_string_ids_and_missing_models():
    r = row(0, id="abc")
    del r["chosen_model"], r["rejected_model"]
    (pair,) = rb.import_reward_bench([r], "f")
    assert pair.original_id == "abc" and pair.extra == {"model_A": None, "model_B": None}
    assert pair.label == ("A>B" if rb.chosen_first(0, "abc") else "B>A")


def test_a_named_subset_and_prior_set_rows_numbered_by_line():
    rows = [{"prompt": "q", "chosen": "c", "rejected": "r", "subset": "helpful-base"} for _ in range(2)]
    pairs = rb.import_reward_bench(rows, "pref.jsonl", subset="anthropic_helpful")
    assert [p.original_id for p in pairs] == [1, 2]
    assert [p.source for p in pairs] == ["rewardbench-anthropic_helpful"] * 2
    assert [p.label for p in pairs] == ["B>A", "B>A"]  # chosen_first(0, "1"), (0, "2"): both False
    with pytest.raises(InputError, match="row 1: 'id' must be an integer or a string"):
        rb.import_reward_bench([{**row(1), "id": None}], "f")  # outside the prior sets an id is required
    with pytest.raises(InputError, match="row 2: 'id' must be an integer or a string"):
        rb.import_reward_bench([row(1), {**row(2), "id": True}], "f")
    with pytest.raises(InputError, match="row 1: 'id' must be an integer or a string"):
        rb.import_reward_bench([{**row(1), "id": 1.0}], "f")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"subset": "chat"}, r"row 2: unknown RewardBench subset 'chat' \(is this the filtered split\?\)"),
        ({"subset": None}, "row 2: 'subset' must be str, got NoneType"),
        ({"prompt": 1}, "row 2: 'prompt' must be str, got int"),
        ({"chosen": None}, "row 2: 'chosen' must be str"),
        ({"rejected": ["x"]}, "row 2: 'rejected' must be str"),
    ],
)
def test_bad_rows_are_refused_naming_the_row(change, message):
    with pytest.raises(InputError, match=message) as e:
        rb.import_reward_bench([row(1), {**row(2), **change}], "split.jsonl")
    assert str(e.value).startswith("split.jsonl: ")


def test_run_options(tmp_path, monkeypatch):
    path = tmp_path / "filtered.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in [row(1), row(3, "math-prm")]))
    result = rb.run_reward_bench(str(path), {})
    assert [r["label"] for r in result.records] == ["B>A", "A>B"] and result.left_out == {}
    assert [r["label"] for r in rb.run_reward_bench(str(path), {"seed": "1"}).records] == ["A>B", "A>B"]
    with pytest.raises(ConfigError, match="seed must be an integer, got 'x'"):
        rb.run_reward_bench(str(path), {"seed": "x"})
    with pytest.raises(ConfigError, match=r"unknown subset 'nope' \(Prior Sets: anthropic_helpful, anthropic_hhh"):
        rb.run_reward_bench(str(path), {"subset": "nope"})
    with pytest.raises(ConfigError, match="unknown option other"):
        rb.run_reward_bench(str(path), {"other": "1"})
    calls = []

    def fake(dataset, split):
        calls.append((dataset, split))
        return [{"prompt": "q", "chosen": "c", "rejected": "r", "id": 4}], f"cache/{split}"

    monkeypatch.setattr(hub_rows_module, "hub_rows", fake)
    result = rb.run_reward_bench(None, {"subset": "shp"})
    assert calls == [("allenai/pref-test-sets", "shp")] and result.records[0]["source"] == "rewardbench-shp"
    with pytest.raises(InputError, match=r"^cache/filtered: row 1: 'subset' must be str"):
        rb.run_reward_bench(None, {})
    assert calls[-1] == ("allenai/reward-bench", "filtered")
    with pytest.raises(InputError, match=r"^cache/raw: row 1"):
        rb.run_reward_bench(None, {"split": "raw"})
    assert calls[-1] == ("allenai/reward-bench", "raw")
    # a named subset that is not a prior set still downloads the filtered split, each row taking that subset
    result = rb.run_reward_bench(None, {"subset": "hep-go"})
    assert calls[-1] == ("allenai/reward-bench", "filtered") and result.records[0]["source"] == "rewardbench-hep-go"


def test_the_safety_section_weights_its_subsets_as_rewardbench_does(tmp_path: Path, capsys):
    """Every xstest-should-refuse pair right, every xstest-should-respond pair wrong: RewardBench's Safety
    score is 250 / (250 + 154) = 61.88 (its EXAMPLE_COUNTS), not 154 / 404."""
    rows = [row(i, "xstest-should-refuse") for i in range(1, 4)] + [
        row(i, "xstest-should-respond") for i in range(4, 6)
    ]
    pairs = rb.import_reward_bench(rows, "f")
    flip = {"A>B": "B>A", "B>A": "A>B"}
    judged = []
    for p in pairs:
        right = p.source.endswith("refuse")
        first = p.label if right else flip[p.label]
        judged.append(
            JudgedPair(
                p, "arena_hard", [{"judgment": {"judge_model": "m"}, "decision": d} for d in (first, flip[first])]
            )
        )
    path = tmp_path / "judged.jsonl"
    write_pairs(path, judged)
    for protocol in ("uniform", "native"):
        assert main(["benchmarks", str(path), "--json", "--bootstrap", "100", "--protocol", protocol]) == 0
        cell = json.loads(capsys.readouterr().out)["rows"][0]["benchmarks"]["rewardbench"]
        assert cell["categories"]["Safety"]["accuracy"] == 61.88
        assert cell["accuracy"] == 61.88
