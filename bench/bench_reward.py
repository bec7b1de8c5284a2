"""Reward-model scoring speed: upstream's one-response-at-a-time loop beside judgebench's planned ``hf/`` run.

The model is Llama-shaped sequence classification with random weights, made on the device (nothing is
downloaded, nothing written to disk): ``--shape 8b`` is Llama-3.1-8B's body (hidden 4096, MLP 14336, 32
layers, 32 heads / 8 KV heads) in bfloat16 on CUDA; ``--shape small`` (hidden 64, 2 layers, float32) runs on
CPU in a few seconds. The tokenizer is a byte-level BPE trained on the pairs' own text (32,000 tokens for 8b)
with a Llama-3-like chat template, so token counts are realistic. Both paths score the same responses of the
``gpt`` pairs (350, 700 responses) with one shared model:

- upstream (``utils/judges.py``, as ``../shared/tools/gpu_reward_bench.py`` measures it): render the chat
  template, tokenize with special tokens, one forward pass per response;
- judgebench: the runner (``run_judge``) over an ``HFRewardBackend`` around the same model, both orders,
  outputs written; the backend plans the run (encode, dedupe, sort, token-budget batches).

Printed: both times and their ratio, the compute floor (2 × parameters × tokens / peak FLOP/s; peak from
``--peak-tflops``, else by device name, else a matmul measured here) and each path's fraction of it, peak device
memory, and agreement (largest score difference, decisions that differ, exact ties). Goal on an H200 (issue 16):
judgebench within 1.5 × the floor and ≥ 2.9 × upstream, decisions equal except exact-tie noise.

    python bench/bench_reward.py                        # on a GPU: the 8B shape (one prepared command)
    python bench/bench_reward.py --pairs PAIRS.jsonl    # the pairs from a file (default: the gpt pairs under
                                                        # $JUDGEBENCH_DATA, else shared/judgebench in or beside
                                                        # the checkout; nothing is downloaded)
    python bench/bench_reward.py --shape small --limit 40   # CPU smoke run (tests/reward/test_bench_reward.py)

Exit status 1 when the GPU goal is missed (the small shape has no goal).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHAPES: dict[str, dict[str, int]] = {
    "8b": {"hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32,
           "num_key_value_heads": 8, "vocab": 32000},
    "small": {"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
              "num_key_value_heads": 2, "vocab": 2000},
}  # fmt: skip
#: dense bf16 FLOP/s a matmul reaches on these chips (issue 16 measured ~790 T on an H200)
PEAK_TFLOPS = {"H200": 790.0, "H100": 790.0, "A100": 290.0}
SPECIALS = ["<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>", "<pad>"]
TEMPLATE = (
    "{{ bos_token }}{% for m in messages %}<|start_header_id|>{{ m['role'] }}<|end_header_id|>\n\n"
    "{{ m['content'] }}<|eot_id|>{% endfor %}"
)


def tokenizer_for(texts: list[str], vocab: int) -> Any:
    """A byte-level BPE trained on ``texts``, with Llama-3's special tokens and a chat template."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab, special_tokens=SPECIALS, initial_alphabet=pre_tokenizers.ByteLevel.alphabet()
    )
    tok.train_from_iterator(texts, trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token="<|begin_of_text|>", eos_token="<|eot_id|>", pad_token="<pad>"
    )
    fast.chat_template = TEMPLATE
    fast.model_max_length = 8192
    return fast


def make_model(shape: str, tok: Any, device: str, dtype: Any, layers: int | None) -> Any:
    """The random-weight Llama sequence classifier, built directly on ``device`` in ``dtype``."""
    import torch
    from transformers import LlamaConfig, LlamaForSequenceClassification

    dims = dict(SHAPES[shape])
    dims.pop("vocab")
    if layers:
        dims["num_hidden_layers"] = layers
    cfg = LlamaConfig(
        vocab_size=len(tok), max_position_embeddings=8192, num_labels=1, rope_theta=500000.0,
        pad_token_id=tok.pad_token_id, bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id,
        attn_implementation="sdpa", **dims,
    )  # fmt: skip
    torch.manual_seed(0)
    with torch.device(device):  # initialised in float32 on the device, then cast (as gpu_reward_bench.py does)
        model = LlamaForSequenceClassification(cfg).to(dtype)
    return model.eval()


def measured_peak(device: str, dtype: Any) -> float:
    """FLOP/s of a large square matmul on ``device`` (the best of a few)."""
    import torch

    n = 8192 if device.startswith("cuda") else 1024
    a = torch.randn(n, n, device=device, dtype=dtype)
    b = torch.randn(n, n, device=device, dtype=dtype)
    best = 0.0
    for _ in range(5):
        sync(device)
        start = time.perf_counter()
        for _ in range(4):
            a @ b
        sync(device)
        best = max(best, 4 * 2 * n**3 / (time.perf_counter() - start))
    return best


def sync(device: str) -> None:
    import torch

    if device.startswith("cuda"):
        torch.cuda.synchronize()


def upstream_loop(model: Any, tok: Any, pairs: list[Any], device: str) -> tuple[list[float], list[int], float]:
    """upstream's SkyworkReward loop: template as text, tokenized with special tokens, one pass each."""
    import torch

    scores: list[float] = []
    lengths: list[int] = []
    with torch.no_grad():
        model(**tok("warm up", return_tensors="pt").to(device))
        sync(device)
        start = time.perf_counter()
        for p in pairs:
            for response in (p.response_A, p.response_B):
                conv = [{"role": "user", "content": p.question}, {"role": "assistant", "content": response}]
                enc = tok(tok.apply_chat_template(conv, tokenize=False), return_tensors="pt").to(device)
                lengths.append(int(enc["input_ids"].shape[1]))
                scores.append(model(**enc).logits[0][0].item())
        sync(device)
    return scores, lengths, time.perf_counter() - start


def judgebench_run(model: Any, tok: Any, pairs: list[Any], device: str) -> tuple[list[float], float, Any]:
    """The runner over the planned hf/ backend, both orders, into a temporary outputs file."""
    import judgebench.metrics.scorecard  # noqa: F401 - imported before the clock starts, as transformers is
    from judgebench.backends.hf_reward import HFRewardBackend
    from judgebench.judges.reward_model import RewardModelJudge
    from judgebench.runner import RunSpec, run_judge

    backend = HFRewardBackend.from_model(model, tok, name="bench-rm", add_special_tokens=True, max_length=None)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        spec = RunSpec("reward_model", "hf/bench-rm", pairs, out, progress=False, bootstrap=0)
        sync(device)
        start = time.perf_counter()
        summary = asyncio.run(run_judge(spec, make_judge=lambda options: RewardModelJudge(backend)))
        sync(device)
        elapsed = time.perf_counter() - start
        rows = {r["pair_id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    if summary.failed_judgments:
        errors = {j["error"] for r in rows.values() for j in r["judgments"] if j["error"]}
        raise SystemExit(f"judgebench failed {summary.failed_judgments} judgments: {sorted(errors)[:3]}")
    scores = [s for p in pairs for s in rows[p.pair_id]["judgments"][0]["judgment"]["scores"]]
    return scores, elapsed, backend.settings


def decisions(scores: list[float]) -> list[str]:
    pairs = zip(scores[::2], scores[1::2], strict=True)
    return ["A>B" if a > b else "B>A" if b > a else "A=B" for a, b in pairs]


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shape", choices=sorted(SHAPES), default="8b")
    parser.add_argument("--pairs", default="gpt", help="pairs spec (default: the 350 gpt pairs)")
    parser.add_argument("--limit", type=int, default=None, help="first N pairs only")
    parser.add_argument("--layers", type=int, default=None, help="override the shape's layer count")
    parser.add_argument("--device", default=None, help="default: cuda when available, else cpu")
    parser.add_argument("--peak-tflops", type=float, default=None, help="the chip's peak for the floor")
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="torch CPU threads (default on CPU: 1; a shared machine's "
        "other jobs make multi-threaded small kernels wait on each other, 20x slower and erratic)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object at the end")
    args = parser.parse_args(argv)

    import torch

    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    dtype = torch.bfloat16 if device.startswith("cuda") else torch.float32
    threads = args.threads or (None if device.startswith("cuda") else 1)
    previous_threads = torch.get_num_threads()
    if threads:
        torch.set_num_threads(threads)
    try:
        return _bench(args, device, dtype)
    finally:
        torch.set_num_threads(previous_threads)


def _bench(args: argparse.Namespace, device: str, dtype: Any) -> dict[str, Any]:
    import torch

    from judgebench.datasets import load_pairs

    pairs = load_pairs(args.pairs)[: args.limit]
    fig: dict[str, Any] = {"shape": args.shape, "device": device, "pairs": len(pairs), "dtype": str(dtype)[6:]}
    fig["threads"] = torch.get_num_threads()
    if device.startswith("cuda"):
        fig["device_name"] = torch.cuda.get_device_name(device)
    start = time.perf_counter()
    texts = [t for p in pairs for t in (p.question, p.response_A, p.response_B)]
    tok = tokenizer_for(texts, SHAPES[args.shape]["vocab"])
    model = make_model(args.shape, tok, device, dtype, args.layers)
    fig["params"] = sum(p.numel() for p in model.parameters())
    fig["setup_s"] = round(time.perf_counter() - start, 2)

    up_scores, lengths, up_s = upstream_loop(model, tok, pairs, device)
    if device.startswith("cuda"):
        fig["peak_gib_upstream"] = round(torch.cuda.max_memory_allocated(device) / 2**30, 2)
        torch.cuda.reset_peak_memory_stats(device)
    jb_scores, jb_s, settings = judgebench_run(model, tok, pairs, device)
    if device.startswith("cuda"):
        fig["peak_gib_judgebench"] = round(torch.cuda.max_memory_allocated(device) / 2**30, 2)
    fig.update(tokens=sum(lengths), tokens_mean=round(sum(lengths) / len(lengths)), tokens_max=max(lengths))
    fig.update(upstream_s=round(up_s, 3), judgebench_s=round(jb_s, 3), ratio=round(up_s / jb_s, 2))
    fig["settings"] = {k: settings.get(k) for k in ("token_budget", "padding", "dtype", "attn_implementation")}

    name = fig.get("device_name", "")
    peak = args.peak_tflops or next((v for k, v in PEAK_TFLOPS.items() if k in name), None)
    fig["peak_source"] = "--peak-tflops" if args.peak_tflops else f"table ({name})" if peak else "measured matmul"
    fig["peak_tflops"] = round(peak if peak else measured_peak(device, dtype) / 1e12, 3)
    floor = 2 * fig["params"] * fig["tokens"] / (fig["peak_tflops"] * 1e12)
    fig.update(floor_s=round(floor, 3), upstream_floor_frac=round(floor / up_s, 3))
    fig.update(judgebench_floor_frac=round(floor / jb_s, 3), judgebench_over_floor=round(jb_s / floor, 2))

    diffs = [abs(a - b) for a, b in zip(up_scores, jb_scores, strict=True)]
    fig["max_abs_diff"] = max(diffs)
    fig["score_spread"] = max(up_scores) - min(up_scores)
    up_dec, jb_dec = decisions(up_scores), decisions(jb_scores)
    both = list(zip(up_dec, jb_dec, strict=True))
    ties = sum(1 for a, b in both if "A=B" in (a, b))
    differ = sum(1 for a, b in both if a != b)
    beyond = sum(1 for a, b in both if a != b and "A=B" not in (a, b))  # one path says A>B, the other B>A
    fig.update(decisions_differ=differ, exact_ties=ties, decisions_differ_beyond_ties=beyond)
    margins = [abs(up_scores[2 * i] - up_scores[2 * i + 1]) for i, (a, b) in enumerate(both) if a != b]
    fig["flip_margin"] = max(margins, default=0.0)
    fig["upstream_scores"], fig["judgebench_scores"] = up_scores, jb_scores

    print(f"device {device} {fig.get('device_name', '')} · shape {args.shape} ({fig['params'] / 1e6:,.1f} M params, "
          f"{fig['dtype']}) · {len(pairs)} pairs, {len(lengths)} responses, {fig['tokens']} tokens "
          f"(mean {fig['tokens_mean']}, max {fig['tokens_max']}) · setup {fig['setup_s']} s")  # fmt: skip
    print(f"upstream loop (one response at a time): {up_s:.2f} s")
    print(f"judgebench (runner, planned hf/ backend, both orders written): {jb_s:.2f} s · settings {fig['settings']}")
    print(f"ratio upstream / judgebench: {fig['ratio']:.2f}x")
    print(f"compute floor 2 x params x tokens / {fig['peak_tflops']} TFLOP/s ({fig['peak_source']}): {floor:.3f} s · "
          f"judgebench at {fig['judgebench_floor_frac']:.1%} of the floor's speed ({fig['judgebench_over_floor']}x "
          f"the floor), upstream at {fig['upstream_floor_frac']:.1%}")  # fmt: skip
    if device.startswith("cuda"):
        print(f"peak memory: upstream {fig['peak_gib_upstream']} GiB, judgebench {fig['peak_gib_judgebench']} GiB")
    else:
        print("peak memory: not measured on CPU")
    print(f"agreement: max |score difference| {fig['max_abs_diff']:.3g} (score spread {fig['score_spread']:.3g}) · "
          f"decisions differing {differ}/{len(pairs)}, {beyond} of them beyond exact-tie noise (largest upstream "
          f"margin among those {fig['flip_margin']:.3g}) · exact ties (either path) {ties}")  # fmt: skip
    if device.startswith("cuda") and args.shape == "8b":
        ok = fig["judgebench_over_floor"] <= 1.5 and fig["ratio"] >= 2.9 and beyond == 0
        fig["goal_met"] = ok
        print(f"goal (<= 1.5x floor, >= 2.9x upstream, decisions equal but exact ties): {'PASS' if ok else 'FAIL'}")
    if args.json:
        print(json.dumps(fig))
    return fig


def default_data() -> None:
    """``JUDGEBENCH_DATA``, when unset, from a ``shared/judgebench`` in the checkout or beside it (no download)."""
    if os.environ.get("JUDGEBENCH_DATA"):
        return
    for root in (ROOT / "shared" / "judgebench", ROOT.parent / "shared" / "judgebench"):
        if (root / "data").is_dir():
            os.environ["JUDGEBENCH_DATA"] = str(root)
            return


if __name__ == "__main__":
    default_data()
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "true")
    sys.path.insert(0, str(ROOT / "src"))
    result = main()
    sys.exit(0 if result.get("goal_met", True) else 1)
