"""The Inspect tasks on Inspect's mock model: both orders, judgebench's prompts and parser, the vote-rule scorer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("inspect_ai")

from inspect_ai import eval as inspect_eval
from inspect_ai.model import ModelOutput, ModelUsage, get_model

from judgebench.api import score
from judgebench.errors import ConfigError
from judgebench.integrations.inspect import STORE_KEY
from judgebench.integrations.inspect.tasks import judgebench, pairs_task
from judgebench.judges.templates import render
from judgebench.records import Pair
from tests.integrations.inspect_helpers import (
    EXPECTED_ACCURACY,
    EXPECTED_BY_CATEGORY,
    EXPECTED_INCONSISTENCY,
    PLAN,
    judged_records,
    locate,
    offline,
    planned_decision,
    write_jsonl,
    write_pairs_file,
)

__all__ = ["offline"]  # the fixture, imported for pytest

REPLIES = {"none": "Both outputs have merits; I cannot choose."}


def vanilla_reply(pairs: list[Pair], prompts: list[str]) -> Any:
    """Inspect's mockllm ``custom_outputs``: the vanilla reply PLAN wants for the prompt's pair and order."""

    def reply(messages: list[Any], *_: Any) -> ModelOutput:
        text = messages[-1].text
        prompts.append(text)
        index, order = locate(text, pairs)
        decision = planned_decision(index, order, pairs[index].label)
        content = {"A>B": "Output (a)", "B>A": "Output (b)", None: REPLIES["none"]}[decision]
        out = ModelOutput.from_content("mockllm/model", content)
        out.usage = ModelUsage(input_tokens=7, output_tokens=3, total_tokens=10)  # no tokenizer download
        return out

    return reply


def metrics(log: Any) -> dict[str, float]:
    return {k: v.value for s in log.results.scores for k, v in s.metrics.items()}


def test_mock_model_planned_decisions_scored_by_the_vote_rule(offline: Path, tmp_path: Path) -> None:
    path, pairs = write_pairs_file(tmp_path)
    prompts: list[str] = []
    model = get_model("mockllm/model", custom_outputs=vanilla_reply(pairs, prompts))
    [log] = inspect_eval(pairs_task(str(path), "vanilla"), model=model, display="none", max_connections=1)
    assert log.status == "success", log.error
    # both orders of every pair, each with judgebench's own prompt (the vanilla template, this order's responses)
    assert len(log.samples) == 16
    for sample in log.samples:
        pair_id, order = sample.id.rsplit(":", 1)
        index = next(i for i, p in enumerate(pairs) if p.pair_id == pair_id)
        pair = pairs[index]
        first, second = (pair.response_A, pair.response_B) if order == "0" else pair.swapped()
        entry = sample.store[STORE_KEY]
        assert entry["judgment"]["prompt"] == render(
            "vanilla_prompt", question=pair.question, answer_a=first, answer_b=second
        )
        assert entry["decision"] == planned_decision(index, int(order), pair.label)
        assert entry["judgment"]["judge_model"] == "model"
        assert entry["usage"]["input_tokens"] == 7
        assert (entry["no_verdict"] is not None) == (PLAN[index][int(order)] == "none")
        assert entry["error"] is None
    assert sorted(prompts) == sorted(s.store[STORE_KEY]["judgment"]["prompt"] for s in log.samples)
    # the vote rule per pair, per category, and the orders' disagreement, as computed by hand
    got = metrics(log)
    assert got["vote_accuracy"] == pytest.approx(EXPECTED_ACCURACY)
    for category, value in EXPECTED_BY_CATEGORY.items():
        assert got[category] == pytest.approx(value)
    assert got["inconsistency"] == pytest.approx(EXPECTED_INCONSISTENCY)
    # ... and what judgebench's own `score` says of the same decisions
    [card] = score(write_jsonl(tmp_path / "planned.jsonl", judged_records(pairs, "vanilla", "model")))
    overall = card.categories["Overall"]
    assert got["vote_accuracy"] == pytest.approx(overall.correct / overall.n)
    for category in EXPECTED_BY_CATEGORY:
        c = card.categories[category]
        assert got[category] == pytest.approx(c.correct / c.n)
    assert card.inconsistent_pairs / card.n_pairs == pytest.approx(got["inconsistency"])


def test_single_order_task_is_plain_accuracy(offline: Path, tmp_path: Path) -> None:
    path, pairs = write_pairs_file(tmp_path)
    model = get_model("mockllm/model", custom_outputs=vanilla_reply(pairs, []))
    [log] = inspect_eval(pairs_task(str(path), "vanilla", orders=1), model=model, display="none")
    assert [s.id.rsplit(":", 1)[1] for s in log.samples] == ["0"] * 8
    right_first = sum(p[0] == "right" for p in PLAN)  # order 0 alone: right in pairs 0, 1, 3, 6 (the "a" pair is A>B)
    a_right = sum(p[0] == "a" and pairs[i].label == "A>B" for i, p in enumerate(PLAN))
    assert metrics(log)["vote_accuracy"] == pytest.approx((right_first + a_right) / 8)


def test_task_refuses_what_it_cannot_run(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="reward model"):
        pairs_task("gpt", "reward_model")
    with pytest.raises(ConfigError, match="judge"):
        pairs_task("gpt", "no_such_judge")
    with pytest.raises(ConfigError, match="orders"):
        pairs_task("gpt", "vanilla", orders=3)
    with pytest.raises(ConfigError, match="split"):
        judgebench(split="gemini")


def test_judgebench_splits_load_every_pair_in_both_orders() -> None:
    gpt, claude = judgebench(split="gpt", judge="vanilla"), judgebench(split="claude", judge="arena_hard")
    assert len(gpt.dataset) == 2 * 350 and len(claude.dataset) == 2 * 270
    first = gpt.dataset[0]
    assert first.target == first.metadata["label"] and gpt.dataset[1].metadata["order"] == 1


def test_import_judgebench_does_not_import_inspect() -> None:
    code = (
        "import sys, judgebench, judgebench.cli.main, judgebench.importers.inspect_log, "
        "judgebench.integrations.inspect; print('inspect_ai' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "False"


ENTRY_POINT_RUN = """
import sys
from inspect_ai import eval as inspect_eval
from inspect_ai.model import ModelOutput, ModelUsage, get_model
reply = ModelOutput.from_content("mockllm/model", "Output (a)")
reply.usage = ModelUsage(input_tokens=1, output_tokens=1, total_tokens=2)
model = get_model("mockllm/model", custom_outputs=[reply] * 4)
[log] = inspect_eval("judgebench/pairs", model=model, task_args={"pairs": sys.argv[1], "judge": "vanilla"}, limit=4)
print(log.status, log.eval.task, len(log.samples), log.results.scores[0].metrics["inconsistency"].value)
"""


def test_tasks_are_found_by_package_name_through_the_entry_point(tmp_path: Path) -> None:
    """``inspect eval judgebench/pairs``: Inspect loads the ``inspect_ai`` entry point pyproject.toml declares."""
    import tomllib

    declared = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())["project"]["entry-points"]
    module = declared["inspect_ai"]["judgebench"]
    dist = tmp_path / "site" / "judgebench_inspect_probe-0.dist-info"  # the entry point, as an install writes it
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: judgebench-inspect-probe\nVersion: 0\n")
    (dist / "entry_points.txt").write_text(f"[inspect_ai]\njudgebench = {module}\n")
    path, _ = write_pairs_file(tmp_path)
    env = {**os.environ, "INSPECT_LOG_DIR": str(tmp_path / "logs"), "INSPECT_DISPLAY": "none"}
    env["PYTHONPATH"] = os.pathsep.join([str(dist.parent), *filter(None, [env.get("PYTHONPATH")])])
    proc = subprocess.run(
        [sys.executable, "-c", ENTRY_POINT_RUN, str(path)], capture_output=True, text=True, timeout=240, env=env
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    # always "Output (a)": both orders of each of the two pairs disagree once aligned
    assert proc.stdout.split()[-4:] == ["success", "judgebench/pairs", "4", "1.0"]
