"""Tiny randomly initialised reward models built from a config, saved to a folder; nothing is downloaded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

WORDS = [f"w{i}" for i in range(150)] + ["the", "answer", "is", "yes", "no", "because", "then", "so"]
SPECIALS = ["<pad>", "<unk>", "<bos>", "<eos>", "<|user|>", "<|assistant|>", "<|end|>", "<|reward|>"]
CHAT_TEMPLATE = "{{ bos_token }}{% for m in messages %}<|{{ m['role'] }}|> {{ m['content'] }} <|end|> {% endfor %}"


def words(n: int, start: int = 0) -> str:
    """``n`` in-vocabulary words."""
    return " ".join(WORDS[(start + i) % len(WORDS)] for i in range(n))


def build_tokenizer(folder: Path) -> Any:
    """A WordLevel tokenizer with special tokens and a chat template, saved to ``folder``."""
    from tokenizers import Tokenizer, models, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    vocab = {tok: i for i, tok in enumerate(SPECIALS + WORDS)}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tok.add_special_tokens(SPECIALS)
    # like Llama-3's and Gemma's tokenizers: encoding with special tokens prepends <bos>
    tok.post_processor = processors.TemplateProcessing(single="<bos> $A", special_tokens=[("<bos>", vocab["<bos>"])])
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token="<bos>", eos_token="<eos>", pad_token="<pad>", unk_token="<unk>"
    )
    fast.chat_template = CHAT_TEMPLATE
    fast.model_max_length = 4096
    fast.save_pretrained(folder)
    return fast


def build_classifier(folder: Path, arch: str = "llama", seed: int = 0, initializer_range: float = 0.5) -> Path:
    """A 2-layer, hidden-32 sequence-classification model (Llama or Gemma) and its tokenizer.

    The default ``initializer_range`` spreads the random scores so differences are visible; training tests
    pass a usual one (0.02), from which the model learns.
    """
    import torch
    from transformers import GemmaConfig, GemmaForSequenceClassification, LlamaConfig, LlamaForSequenceClassification

    folder.mkdir(parents=True, exist_ok=True)
    build_tokenizer(folder)
    common: dict[str, Any] = {
        "vocab_size": len(SPECIALS) + len(WORDS),
        "hidden_size": 32,
        "intermediate_size": 64,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "max_position_embeddings": 1024,
        "num_labels": 1,
        "pad_token_id": 0,
        "bos_token_id": 2,
        "eos_token_id": 3,
        "initializer_range": initializer_range,
    }
    torch.manual_seed(seed)
    if arch == "gemma":
        model: Any = GemmaForSequenceClassification(GemmaConfig(head_dim=8, **common))
    else:
        model = LlamaForSequenceClassification(LlamaConfig(**common))
    model.save_pretrained(folder)
    return folder


CUSTOM_CONFIG = """
from transformers import PretrainedConfig


class TinyRewardConfig(PretrainedConfig):
    model_type = "tiny_internlm2_reward"

    def __init__(self, vocab_size=170, hidden_size=32, reward_token_id=7, pad_token_id=0, **kwargs):
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.reward_token_id = reward_token_id
        super().__init__(pad_token_id=pad_token_id, **kwargs)
"""

CUSTOM_MODEL = '''
import torch
from torch import nn
from transformers import PreTrainedModel

from .configuration_tiny_reward import TinyRewardConfig


class TinyInternLM2ForRewardModel(PreTrainedModel):
    """InternLM2-Reward's interface on a toy body: a causal GRU, a value head read at the reward token."""

    config_class = TinyRewardConfig

    def __init__(self, config):
        super().__init__(config)
        self.embed = nn.Embedding(config.vocab_size, config.hidden_size)
        self.body = nn.GRU(config.hidden_size, config.hidden_size, num_layers=2, batch_first=True)
        self.v_head = nn.Linear(config.hidden_size, 1, bias=False)
        self.reward_token_id = config.reward_token_id
        self.post_init()

    def _init_weights(self, module):
        pass

    def forward(self, input_ids, attention_mask):
        hidden, _ = self.body(self.embed(input_ids))
        values = self.v_head(hidden).squeeze(-1)
        ends = attention_mask.long().cumsum(dim=1).argmax(dim=1).view(-1, 1)
        return (torch.gather(values, 1, ends).squeeze(-1),)

    def _ids(self, tokenizer, conversation):
        text = tokenizer.apply_chat_template(conversation, tokenize=False, add_generation_prompt=False)
        ids = tokenizer.encode(text, add_special_tokens=False)
        return torch.tensor(ids + [self.reward_token_id], dtype=torch.long)

    @torch.no_grad()
    def get_score(self, tokenizer, conversation):
        ids = self._ids(tokenizer, conversation).unsqueeze(0).to(self.device)
        return self.forward(ids, torch.ones_like(ids, dtype=torch.bool))[0][0].item()

    @torch.no_grad()
    def get_scores(self, tokenizer, conversations):
        seqs = [self._ids(tokenizer, c) for c in conversations]
        ids = nn.utils.rnn.pad_sequence(seqs, batch_first=True, padding_value=tokenizer.pad_token_id)
        mask = nn.utils.rnn.pad_sequence(
            [torch.ones(len(s), dtype=torch.bool) for s in seqs], batch_first=True, padding_value=False
        )
        return self.forward(ids.to(self.device), mask.to(self.device))[0].cpu().tolist()
'''


def build_custom(folder: Path, seed: int = 0) -> Path:
    """A remote-code reward model with ``get_score``/``get_scores``, loadable with trust_remote_code=True."""
    import torch
    from transformers import AutoConfig, AutoModel

    folder.mkdir(parents=True, exist_ok=True)
    build_tokenizer(folder)
    (folder / "configuration_tiny_reward.py").write_text(CUSTOM_CONFIG)
    (folder / "modeling_tiny_reward.py").write_text(CUSTOM_MODEL)
    config = {
        "model_type": "tiny_internlm2_reward",
        "architectures": ["TinyInternLM2ForRewardModel"],
        "auto_map": {
            "AutoConfig": "configuration_tiny_reward.TinyRewardConfig",
            "AutoModel": "modeling_tiny_reward.TinyInternLM2ForRewardModel",
        },
        "vocab_size": len(SPECIALS) + len(WORDS),
        "hidden_size": 32,
        "reward_token_id": SPECIALS.index("<|reward|>"),
        "pad_token_id": 0,
    }
    (folder / "config.json").write_text(json.dumps(config))
    torch.manual_seed(seed)
    model = AutoModel.from_config(AutoConfig.from_pretrained(folder, trust_remote_code=True), trust_remote_code=True)
    for p in model.parameters():
        torch.nn.init.normal_(p, std=0.5)
    model.save_pretrained(folder)
    return folder
