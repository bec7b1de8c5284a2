"""`judgebench train` throughput: training tokens per second and the fraction of the chip's bf16 peak.

A random-weight Llama of a given shape (``1b``: Llama-3.2-1B's — hidden 2048, 16 layers, 32 heads, 8 KV heads,
intermediate 8192; ``tiny``: hidden 32, 2 layers, for a CPU smoke run), a word-level tokenizer built here and
synthetic pairs of ``--seq-len`` tokens per sequence, trained for one epoch by the real command path
(``run_training``: TRL's RewardTrainer, bf16 mixed precision on a CUDA chip that has it). Tokens are counted
exactly (chosen + rejected, as encoded); model FLOPs per token are 6·N (N: parameters outside the embedding)
plus 12·layers·hidden·seq_len for attention, the usual estimate. The per-epoch evaluation (5% of the pairs)
is inside the timed loop.

    python bench/bench_train.py --shape 1b --pairs 512 --seq-len 1024 --batch-size 8   # on a GPU machine
    python bench/bench_train.py --shape tiny                                           # CPU smoke run
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from pathlib import Path
from typing import Any

SHAPES: dict[str, dict[str, int]] = {
    "tiny": {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4,
             "num_key_value_heads": 2},
    "1b": {"hidden_size": 2048, "intermediate_size": 8192, "num_hidden_layers": 16, "num_attention_heads": 32,
           "num_key_value_heads": 8},
}  # fmt: skip
#: Dense bf16 peak, TFLOP/s (no sparsity), by a substring of the device name.
PEAKS = {"H200": 989.0, "H100": 989.0, "A100": 312.0, "L40S": 362.0, "A10G": 125.0}
WORDS = 8000


def build(folder: Path, shape: str) -> None:
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForSequenceClassification, PreTrainedTokenizerFast

    specials = ["<pad>", "<unk>", "<bos>", "<eos>"]
    vocab = {t: i for i, t in enumerate(specials + [f"w{i}" for i in range(WORDS)] + ["<|user|>", "<|end|>"])}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<bos>", eos_token="<eos>", pad_token="<pad>")
    fast.chat_template = "{{ bos_token }}{% for m in messages %}<|user|> {{ m['content'] }} <|end|> {% endfor %}"
    fast.save_pretrained(folder)
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=len(vocab), max_position_embeddings=8192, num_labels=1, pad_token_id=0,
                         bos_token_id=2, eos_token_id=3, **SHAPES[shape])  # fmt: skip
    LlamaForSequenceClassification(config).save_pretrained(folder)


def pairs_file(path: Path, n: int, seq_len: int) -> None:
    rng = random.Random(0)
    with path.open("w") as fh:
        for i in range(n):
            text = [" ".join(f"w{rng.randrange(WORDS)}" for _ in range(seq_len - 40)) for _ in range(2)]
            row = {"pair_id": f"p{i}", "original_id": i, "source": "mmlu-pro-math", "response_model": "bench",
                   "question": " ".join(f"w{rng.randrange(WORDS)}" for _ in range(32)),
                   "response_A": text[0], "response_B": text[1], "label": rng.choice(["A>B", "B>A"])}  # fmt: skip
            fh.write(json.dumps(row) + "\n")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shape", choices=sorted(SHAPES), default="tiny")
    p.add_argument("--pairs", type=int, default=256)
    p.add_argument("--seq-len", type=int, default=512)
    p.add_argument("--batch-size", type=int, default=8)
    p.add_argument("--lora", action="store_true")
    p.add_argument("--peak-tflops", type=float, help="the chip's dense bf16 peak (default: known chips by name)")
    args = p.parse_args()

    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from judgebench.train.data import encode_pairs
    from judgebench.train.run import run_training
    from judgebench.train.trainer import TrainSettings

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build(root / "base", args.shape)
        pairs_file(root / "pairs.jsonl", args.pairs, args.seq_len)
        settings = TrainSettings(
            base=str(root / "base"),
            out=root / "out",
            batch_size=args.batch_size,
            max_length=args.seq_len + 16,
            lora=args.lora,
            eval_split=0.05,
            progress=False,
        )
        report = run_training([str(root / "pairs.jsonl")], settings, resume=False, command="bench")
        split = json.loads((root / "out" / "split.json").read_text())
        from judgebench.records import read_pairs

        train_ids = set(split["train"])
        train = [p for p in read_pairs(root / "pairs.jsonl") if p.pair_id in train_ids]
        tokenizer = AutoTokenizer.from_pretrained(root / "out")
        enc = encode_pairs(train, tokenizer, settings.max_length)
        tokens = sum(map(len, enc.chosen_ids)) + sum(map(len, enc.rejected_ids))
        model: Any = AutoModelForSequenceClassification.from_pretrained(root / "base")
        n_params = sum(p.numel() for n, p in model.named_parameters() if "embed_tokens" not in n)
        seconds = report.outcome.metrics["train_runtime"]
        cfg = SHAPES[args.shape]
        flops = tokens * (6 * n_params + 12 * cfg["num_hidden_layers"] * cfg["hidden_size"] * args.seq_len)
        device = torch.cuda.get_device_name() if torch.cuda.is_available() else "cpu"
        peak = args.peak_tflops or next((v for k, v in PEAKS.items() if k in device), None)
        achieved = flops / seconds / 1e12
        print(f"device {device} · {report.outcome.dtype} · shape {args.shape} ({n_params / 1e6:.1f} M non-embedding"
              f" parameters) · {len(train)} pairs × 2 sequences of ~{args.seq_len} tokens · batch {args.batch_size}"
              f"{' · LoRA' if args.lora else ''}")  # fmt: skip
        print(f"{tokens} tokens in {seconds:.2f} s: {tokens / seconds:,.0f} tokens/s, {achieved:.2f} TFLOP/s", end="")
        print(f" = {100 * achieved / peak:.1f}% of the {peak:g} TFLOP/s bf16 peak" if peak else " (peak unknown)")


if __name__ == "__main__":
    main()
