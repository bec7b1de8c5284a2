"""A model folder's own code runs only when the user opts in; a model that cannot load stops the run in one line.

The crafted folders are built here from a config (nothing downloaded). Their code is harmless: importing it
appends a line to the file named by ``$JB_REMOTE_CODE_MARKER`` (a ``tmp_path`` file), so a test sees whether
it ran. It runs only in ``judgebench`` subprocesses, each with its own empty module cache.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

import judgebench
from tests.reward.tiny import build_classifier, build_custom
from tests.safety import cli
from tests.train.synthetic import marker_pairs, write_pairs

SRC = str(Path(judgebench.__file__).resolve().parents[1])  # the subprocess runs the judgebench under test

#: prepended to the folder's configuration and modeling code: what "the code ran" leaves behind
MARK = (
    "import os as _os\n"
    "if _os.environ.get('JB_REMOTE_CODE_MARKER'):\n"
    "    with open(_os.environ['JB_REMOTE_CODE_MARKER'], 'a') as _f:\n"
    "        _f.write(__name__ + '\\n')\n"
)
SECRET = "sk-test-not-a-real-key-0123456789"


def marked(folder: Path) -> Path:
    """A custom-code reward model (``auto_map``) whose code, when imported, writes the marker."""
    build_custom(folder)
    for name in ("configuration_tiny_reward.py", "modeling_tiny_reward.py"):
        path = folder / name
        path.write_text(MARK + path.read_text())
    return folder


@pytest.fixture(scope="module")
def internlm_named(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # named like the hub model whose spec trusted remote code before
    return marked(tmp_path_factory.mktemp("hostile") / "internlm2-7b-reward")


@pytest.fixture(scope="module")
def other_named(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return marked(tmp_path_factory.mktemp("hostile") / "my-rm")


@pytest.fixture(scope="module")
def pairs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pairs(tmp_path_factory.mktemp("pairs") / "pairs.jsonl", marker_pairs(3, seed=1))


def judgebench(tmp: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    """``judgebench ARGS`` in a subprocess with an API key in its environment; and the marker's path."""
    marker = tmp / "code-ran.txt"
    env = {
        **os.environ,
        "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "JB_REMOTE_CODE_MARKER": str(marker),
        "HF_MODULES_CACHE": str(tmp / "hf-modules"),  # transformers copies a folder's code here to import it
        "HF_HUB_OFFLINE": "1",
        "OPENAI_API_KEY": SECRET,
    }
    proc = subprocess.run(
        [sys.executable, "-m", "judgebench.cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    return proc, marker


def records(out: Path) -> list[dict[str, Any]]:
    """The outputs file's records, as written."""
    return [json.loads(line) for line in out.read_text().splitlines() if line.strip()]


def judge_args(folder: Path, pairs: Path, out: Path) -> list[str]:
    return ["judge", "--judge", "reward_model", "--model", f"hf/{folder}", "--pairs", str(pairs), "--out", str(out)]


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("judgebench: error: "), proc.stderr
    assert "Traceback" not in proc.stderr and SECRET not in proc.stderr + proc.stdout
    return lines[0]


@pytest.mark.parametrize("fixture", ["internlm_named", "other_named"])
def test_a_folders_code_never_runs_without_the_flag(
    fixture: str, request: pytest.FixtureRequest, pairs: Path, tmp_path: Path
) -> None:
    folder: Path = request.getfixturevalue(fixture)
    out = tmp_path / "judged.jsonl"
    proc, marker = judgebench(tmp_path, *judge_args(folder, pairs, out))
    line = one_line_error(proc)
    assert "--trust-remote-code" in line and str(folder) in line
    assert not marker.exists()  # the folder's code was not imported
    assert not out.exists()  # refused before anything was loaded or written


def test_with_the_flag_the_code_runs_with_a_warning_and_the_folder_is_the_model(
    internlm_named: Path, pairs: Path, tmp_path: Path
) -> None:
    out = tmp_path / "judged.jsonl"
    proc, marker = judgebench(tmp_path, *judge_args(internlm_named, pairs, out), "--trust-remote-code", "--json")
    assert proc.returncode == 0, proc.stderr
    assert marker.exists()  # opted in: the folder's own code ran
    assert "runs its own Python code" in proc.stderr and str(internlm_named) in proc.stderr
    written = records(out)
    assert len(written) == 3
    for record in written:
        for entry in record["judgments"]:
            assert entry["judgment"]["judge_model"] == str(internlm_named)  # not the hub id it is named like
            assert entry["judgment"]["reward_spec"] == {
                "name": "internlm2-reward",
                "borrowed_from": "internlm/internlm2-7b-reward",
            }
            assert entry["decision"] in ("A>B", "B>A", "A=B")
        # the permission is not a setting: a rerun without the flag is refused for the code, not the file
        assert "trust_remote_code" not in json.dumps(record["judge_settings"])


def test_a_folder_named_like_skywork_is_recorded_as_the_folder(
    tmp_path: Path, pairs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = build_classifier(tmp_path / "Skywork-Reward-Llama-3.1-8B")
    out = tmp_path / "judged.jsonl"
    capsys.readouterr()
    code, _, err = cli(capsys, *judge_args(folder, pairs, out), "--json")
    assert code == 0, err
    written = records(out)
    assert len(written) == 3
    for record in written:
        for entry in record["judgments"]:
            judgment = entry["judgment"]
            assert judgment["judge_model"] == str(folder)  # whose model it was
            assert judgment["reward_spec"] == {
                "name": "skywork-reward",
                "borrowed_from": "Skywork/Skywork-Reward-Llama-3.1-8B",
            }


def test_a_model_that_cannot_load_stops_the_run_in_one_line(
    tmp_path: Path, pairs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = build_classifier(tmp_path / "broken-rm")
    (folder / "model.safetensors").write_bytes(b"not a safetensors file")
    out = tmp_path / "judged.jsonl"
    capsys.readouterr()  # what building the folder printed
    code, _, err = cli(capsys, *judge_args(folder, pairs, out))
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "could not load reward model" in lines[0], err
    # what to fix, not "rerun the command to resume": a rerun as it is would stop the same way
    assert "resume" not in lines[0] and "fix the model folder" in lines[0], lines[0]
    # no failed judgment per pair: the file holds nothing (or is absent)
    assert not out.exists() or records(out) == []


def test_a_hub_id_whose_spec_needs_custom_code_needs_the_opt_in_too(caplog: pytest.LogCaptureFixture) -> None:
    from judgebench.backends.hf_reward import hf_reward_backend
    from judgebench.errors import ConfigError

    with pytest.raises(ConfigError, match="--trust-remote-code") as refused:
        hf_reward_backend("internlm/internlm2-7b-reward")  # refused before anything is fetched or loaded
    assert "\n" not in str(refused.value)
    with caplog.at_level("WARNING"):
        backend = hf_reward_backend("internlm/internlm2-7b-reward", trust_remote_code=True)
    assert backend.model == "internlm/internlm2-7b-reward" and backend.borrowed_spec is None
    assert "runs its own Python code" in caplog.text


def test_a_chat_template_that_fails_stops_the_run_in_one_line(
    tmp_path: Path, pairs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = build_classifier(tmp_path / "bad-template-rm")
    # a template that reaches for Python internals: jinja's sandbox refuses it (SecurityError)
    (folder / "chat_template.jinja").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    config = json.loads((folder / "tokenizer_config.json").read_text())
    config.pop("chat_template", None)
    (folder / "tokenizer_config.json").write_text(json.dumps(config))
    out = tmp_path / "judged.jsonl"
    capsys.readouterr()
    code, _, err = cli(capsys, *judge_args(folder, pairs, out))
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "chat template fails on a plain conversation" in lines[0], err
    assert "resume" not in lines[0] and "fix the model folder" in lines[0], lines[0]
    assert not out.exists() or records(out) == []


def test_a_fine_tuned_judges_tokenizer_folder_with_its_own_code_is_refused(other_named: Path) -> None:
    from judgebench.errors import ConfigError
    from judgebench.judges.truncation import load_tokenizer

    with pytest.raises(ConfigError, match="--trust-remote-code"):
        load_tokenizer(str(other_named), local_only=True)  # refused before transformers reads it


def test_the_flag_is_refused_where_no_model_code_is_loaded(pairs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # refused before any key is read or any call is made
    code, _, err = cli(
        capsys,
        "judge",
        "--judge",
        "arena_hard",
        "--model",
        "openai/gpt-4o-mini",
        "--pairs",
        str(pairs),
        "--trust-remote-code",
    )
    assert code == 2 and err.strip() == (
        "judgebench: error: --trust-remote-code: judge arena_hard with openai/gpt-4o-mini loads no model code here "
        "(it applies to hf/ reward models and PandaLM's and JudgeLM's tokenizers)"
    )
