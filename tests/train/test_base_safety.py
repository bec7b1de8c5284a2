"""``train --base`` on an unsafe or broken base: one line and exit 2, never a traceback; its code only when asked.

The crafted bases are built here (nothing downloaded). What they would run is harmless: a line appended to a
``tmp_path`` marker file. The pickle is never unpickled unsafely; the custom code runs only in a subprocess.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("trl")
pytest.importorskip("peft")
torch = pytest.importorskip("torch")

from tests.reward.test_remote_code import judgebench as run_train  # noqa: E402
from tests.reward.test_remote_code import marked  # noqa: E402
from tests.reward.tiny import build_classifier, build_tokenizer  # noqa: E402
from tests.safety import cli  # noqa: E402
from tests.train.synthetic import marker_pairs, write_pairs  # noqa: E402


class Payload:
    """Pickled as a call of ``exec``: what an unsafe unpickler would run (append to the marker)."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (exec, (f"open({self.marker!r}, 'a').write('pickle ran\\n')",))


def train_args(base: Path, pairs: Path, out: Path) -> list[str]:
    return ["train", "--pairs", str(pairs), "--base", str(base), "--out", str(out), "--max-length", "64", "--json"]


def one_line(code: int, err: str) -> str:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("judgebench: error: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def pairs(tmp_path: Path) -> Path:
    return write_pairs(tmp_path / "pairs.jsonl", marker_pairs(20, seed=2))


def test_a_pickle_checkpoint_that_holds_code_is_refused_in_one_line(
    tmp_path: Path, pairs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = build_classifier(tmp_path / "pickled", initializer_range=0.02)
    (base / "model.safetensors").unlink()
    marker = tmp_path / "code-ran.txt"
    torch.save({"score.weight": Payload(marker)}, base / "pytorch_model.bin")
    capsys.readouterr()
    code, _, err = cli(capsys, *train_args(base, pairs, tmp_path / "out"))
    line = one_line(code, err)
    assert "cannot train: its pickle checkpoint holds more than tensors" in line and "exec" in line, line
    assert not marker.exists()
    assert not (tmp_path / "out").exists()  # refused before the output folder was written


@pytest.mark.parametrize("out_state", ["absent", "empty folder"])
def test_a_base_that_cannot_load_leaves_out_as_it_was(
    out_state: str, tmp_path: Path, pairs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 19 leftovers, item 4: the base loaded after ``split.json``, ``train_state.json`` and
    ``eval_pairs.jsonl`` were written, so a base that cannot load left them in --out (and the next run there
    was refused as "not empty"). The base now loads first: --out is left as it was."""
    base = build_classifier(tmp_path / "broken", initializer_range=0.02)
    (base / "model.safetensors").write_bytes(b"not a safetensors file")
    out = tmp_path / "out"
    if out_state == "empty folder":
        out.mkdir()
    capsys.readouterr()
    code, _, err = cli(capsys, *train_args(base, pairs, out))
    line = one_line(code, err)
    assert "cannot train: " in line, line
    if out_state == "absent":
        assert not out.exists()
    else:
        assert out.is_dir() and list(out.iterdir()) == []


def test_a_hostile_chat_template_is_refused_in_one_line(
    tmp_path: Path, pairs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = build_classifier(tmp_path / "templated", initializer_range=0.02)
    (base / "chat_template.jinja").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    config = json.loads((base / "tokenizer_config.json").read_text())
    config.pop("chat_template", None)
    (base / "tokenizer_config.json").write_text(json.dumps(config))
    capsys.readouterr()
    code, _, err = cli(capsys, *train_args(base, pairs, tmp_path / "out"))
    line = one_line(code, err)
    assert "its chat template fails on a plain conversation" in line and "unsafe" in line, line
    assert not (tmp_path / "out").exists()  # refused before the output folder was written


def test_a_base_with_its_own_code_needs_the_flag(tmp_path: Path, pairs: Path) -> None:
    base = marked(tmp_path / "internlm2-7b-reward")
    proc, marker = run_train(tmp_path, *train_args(base, pairs, tmp_path / "out"))
    line = one_line(proc.returncode, proc.stderr)
    assert "--trust-remote-code" in line and str(base) in line
    assert not marker.exists() and not (tmp_path / "out").exists()  # refused before anything was read

    # with the flag its code runs (warned); this toy custom model has no sequence-classification class: one line
    proc, marker = run_train(tmp_path, *train_args(base, pairs, tmp_path / "out2"), "--trust-remote-code")
    assert marker.exists()
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert "runs its own Python code" in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("judgebench: error: ")


def test_the_flag_lets_run_only_the_code_the_check_found(tmp_path: Path, pairs: Path) -> None:
    """A LoRA adapter folder has no ``auto_map`` of its own, so the check finds no code and gives no warning;
    its base, named in ``adapter_config.json``, holds code. The trainer loaded the base with the user's flag
    (True) rather than the check's answer (False), as the tokenizer and ``judge hf/`` do: the base's code ran,
    unwarned. It loads with the check's answer now, and transformers refuses the code in one line."""
    base = marked(tmp_path / "coded-base")
    adapter = tmp_path / "adapter"
    build_tokenizer(adapter)
    config = {"base_model_name_or_path": str(base), "peft_type": "LORA", "task_type": "SEQ_CLS", "r": 2}
    (adapter / "adapter_config.json").write_text(json.dumps({**config, "lora_alpha": 4, "target_modules": ["q_proj"]}))
    proc, marker = run_train(tmp_path, *train_args(adapter, pairs, tmp_path / "out"), "--trust-remote-code")
    line = one_line(proc.returncode, proc.stderr)
    assert "cannot train: " in line and "custom code" in line, line
    assert not marker.exists(), marker.read_text()
    assert not (tmp_path / "out").exists()
