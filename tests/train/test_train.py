"""``judgebench train`` end to end on a tiny random Llama: learning, scoring equality, the model card, LoRA."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("trl")
pytest.importorskip("peft")

from judgebench.cli.main import main
from judgebench.records import read_pairs
from judgebench.runner import RunSpec, run_judge
from judgebench.train.data import DEFAULT_CHAT_TEMPLATE, sha256_of
from tests.train.synthetic import marker_pairs, write_pairs

ACCURACY = re.compile(r"eval accuracy ([\d.]+)% \((\d+)/(\d+) pairs")


def judge_accuracy(model: Path, pairs: Path, out: Path) -> dict[str, Any]:
    """Judge ``pairs`` with ``hf/<model>`` through the runner (as ``judgebench judge`` does); Overall score."""
    spec = RunSpec("reward_model", f"hf/{model}", read_pairs(pairs), out, cache=False, progress=False, bootstrap=0)
    summary = asyncio.run(run_judge(spec))
    assert summary.failed_judgments == 0 and summary.score is not None
    overall: dict[str, Any] = summary.score.to_dict()["categories"]["Overall"]
    return overall


def test_a_marker_word_is_learned_and_the_printed_accuracy_is_judgebench_score(
    tiny_base: Path, marker_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], one_thread: None
) -> None:
    out = tmp_path / "rm"
    args = ["train", "--pairs", str(marker_file), "--base", str(tiny_base), "--out", str(out)]
    args += ["--epochs", "1", "--lr", "3e-3", "--batch-size", "16", "--eval-split", "0.25", "--seed", "0"]
    cpu, wall = time.process_time(), time.perf_counter()
    assert main(args) == 0
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    printed = capsys.readouterr()
    found = ACCURACY.search(printed.out)
    assert found, printed.out
    accuracy, correct, n = float(found[1]), int(found[2]), int(found[3])
    assert n == 60  # 240 questions, one pair each, a quarter held out
    assert re.search(r"epoch 1 \(step 12\): eval pair accuracy [\d.]+%", printed.err)  # 180 pairs / 16 a step

    # before training the base model is at chance on the held-out pairs; after, it has found the marker
    before = judge_accuracy(tiny_base, out / "eval_pairs.jsonl", tmp_path / "base-judged.jsonl")
    assert 25.0 <= before["accuracy"] <= 75.0, before
    assert accuracy >= 95.0
    print(
        f"\nlearnable signal: {before['accuracy']}% -> {accuracy}% on {n} held-out pairs; "
        f"train command CPU {cpu:.1f} s, wall {wall:.1f} s",
        file=sys.stderr,
    )

    # the printed figure is what `judgebench score` says of the written eval file ...
    scored = subprocess.run(
        [
            sys.executable,
            "-m",
            "judgebench.cli.main",
            "score",
            "--json",
            "--bootstrap",
            "0",
            str(out / "eval_judged.jsonl"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    overall = json.loads(scored.stdout)["results"][0]["categories"]["Overall"]
    assert (overall["accuracy"], overall["correct"], overall["n"]) == (accuracy, correct, n)
    # ... and what judging the saved folder afresh with `reward_model` / `hf/` gives
    again = judge_accuracy(out, out / "eval_pairs.jsonl", tmp_path / "again.jsonl")
    assert (again["accuracy"], again["correct"], again["n"]) == (accuracy, correct, n)

    # the card: base, data file and hash, split, hyper-parameters, evaluation, the command
    card = (out / "README.md").read_text()
    assert f'base_model: "{tiny_base}"' in card
    assert sha256_of(marker_file) in card and f"| `{marker_file}` | 240 |" in card
    assert "**180 training pairs** (180 questions), **60 evaluation pairs** (60 questions)" in card
    assert "| lr | `0.003` |" in card and "| batch_size | `16` |" in card and "| lora | `False` |" in card
    assert f"| Overall | {accuracy:.2f}% | {correct} | {n} |" in card
    assert f"judgebench train --pairs {marker_file} --base {tiny_base} --out {out} --epochs 1" in card
    split = json.loads((out / "split.json").read_text())
    assert sorted(split["eval"]) == sorted(p.pair_id for p in read_pairs(out / "eval_pairs.jsonl"))


def test_lora_on_a_tokenizer_without_chat_template_or_padding_gives_a_plain_model(
    tiny_base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], one_thread: None
) -> None:
    from transformers import AutoConfig, AutoTokenizer

    base = tmp_path / "bare"
    base.mkdir()
    for f in tiny_base.iterdir():
        (base / f.name).write_bytes(f.read_bytes())
    tok = AutoTokenizer.from_pretrained(base)
    tok.chat_template = None
    tok.pad_token = None
    (base / "chat_template.jinja").unlink(missing_ok=True)
    tok.save_pretrained(base)
    assert AutoTokenizer.from_pretrained(base).pad_token is None
    pairs = write_pairs(tmp_path / "p.jsonl", marker_pairs(40, seed=5))

    out = tmp_path / "rm-lora"
    args = ["train", "--pairs", str(pairs), "--base", str(base), "--out", str(out), "--lora", "--lora-r", "4"]
    assert main([*args, "--batch-size", "8", "--max-length", "64", "--eval-split", "0.2"]) == 0
    capsys.readouterr()
    assert not (out / "adapter_config.json").exists() and (out / "model.safetensors").is_file()
    assert AutoConfig.from_pretrained(out).num_labels == 1
    saved = AutoTokenizer.from_pretrained(out)
    assert saved.chat_template == DEFAULT_CHAT_TEMPLATE and saved.pad_token == "<eos>"
    assert saved.model_max_length == 64
    card = (out / "README.md").read_text()
    assert "no chat template" in card and "| lora | `True` |" in card and "| lora_r | `4` |" in card
    judge_accuracy(out, out / "eval_pairs.jsonl", tmp_path / "j.jsonl")  # `hf/` runs it as it is, no failure


def test_real_release_pairs_with_the_other_release_excluded(
    tiny_base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], one_thread: None
) -> None:
    from judgebench.train.split import question_keys
    from tests.conftest import CLAUDE_PAIRS, GPT_PAIRS

    out = tmp_path / "rm-claude"
    args = ["train", "--pairs", "claude", "--exclude", "gpt", "--base", str(tiny_base), "--out", str(out)]
    assert main([*args, "--epochs", "0.1", "--batch-size", "8", "--max-length", "512", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    gpt_keys = {k for p in read_pairs(GPT_PAIRS) for k in question_keys(p)}
    claude = read_pairs(CLAUDE_PAIRS)
    shared = [p for p in claude if not gpt_keys.isdisjoint(question_keys(p))]
    assert len(shared) == doc["split"]["excluded"] == 91  # 44 MMLU-Pro ids, the rest LiveBench/LCB question texts
    split = json.loads((out / "split.json").read_text())
    used = {p.pair_id: p for p in claude if p.pair_id in set(split["train"]) | set(split["eval"])}
    assert len(used) == 270 - 91 and all(gpt_keys.isdisjoint(question_keys(p)) for p in used.values())
    # questions too long for --max-length are skipped with the reason, never cut silently
    assert doc["split"]["skipped"] == len(split["skipped_pairs"]) > 0
    assert all("max_length=512" in s["reason"] for s in split["skipped_pairs"])
    assert doc["score"]["categories"]["Overall"]["n"] == doc["split"]["eval_pairs"]
    assert {"Knowledge", "Reasoning", "Math"} <= set(doc["score"]["categories"])
