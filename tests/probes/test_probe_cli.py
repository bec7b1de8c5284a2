"""``judgebench probe`` end to end: real subprocesses, a real local HTTP server, the planted validation.

The served judge is ``vanilla`` over an OpenAI-compatible fake (tests/fakes/provider_server.py) that prefers
the longer output and picks Output (a) when both are as long. On pairs whose responses are equally long it
is all position bias (every pair split, accuracy 0%), and any added text wins: correct padded or asserted
100%, incorrect 0%.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from judgebench.records import Pair, write_pairs
from tests.fakes.provider_server import FakeProvider, last_text

N = 10


def _pairs() -> list[Pair]:
    out = []
    for i in range(N):
        right, wrong = f"The answer is {10 + i}.", f"The answer is {30 + i}."
        first = i % 2 == 0
        out.append(
            Pair(
                f"eq-{i}",
                i,
                "mmlu-pro-math",
                f"What is {i} + 10?",
                "m",
                *((right, wrong) if first else (wrong, right)),
                "A>B" if first else "B>A",
            )
        )
    return out


def _longer(body: dict[str, Any]) -> str:
    text = last_text(body)
    a = text.split("# Output (a):\n", 1)[1].split("\n# Output (b):\n", 1)
    b = a[1].rsplit("\n# Which", 1)[0]
    return "Output (b)" if len(b) > len(a[0]) else "Output (a)"


def _cli(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    cmd = [sys.executable, "-m", "judgebench.cli.main", "probe", *argv]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)


def test_served_judge_card_and_request_counts(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    write_pairs(pairs, _pairs())
    out = tmp_path / "probe"
    with FakeProvider(_longer) as server:
        args = ["--judge", "vanilla", "--model", "vllm/m", "--base-url", server.openai_base_url, "--pairs", str(pairs)]
        args += ["--out", str(out), "--json", "--bootstrap", "100", "--repeats", "2"]
        proc = _cli(*args)
        assert proc.returncode == 0, proc.stderr
        card = json.loads(proc.stdout)
        # original + 4 perturbed arms + 3 paraphrases (cached, all distinct) + 2 uncached repeats, 2 orders each
        assert server.count() == 2 * N * (1 + 4 + 3 + 2)
        again = _cli(*args)  # resumed: every arm's file is complete, nothing is sent
        assert again.returncode == 0 and server.count() == 2 * N * 10
    probes = card["probes"]
    assert card["judge_name"] == "vanilla" and card["judge_model"] == "m" and card["n_pairs"] == N
    assert probes["padding"]["arms"] == {
        "original": {"accuracy": 0.0, "correct": 0, "n": N},
        "pad_incorrect": {"accuracy": 0.0, "correct": 0, "n": N},
        "pad_correct": {"accuracy": 100.0, "correct": N, "n": N},
    }
    assert probes["authority"]["effects"]["assert_correct"]["estimate"] == 100.0
    assert probes["authority"]["effects"]["assert_incorrect"]["p"] == 1.0
    assert probes["position"]["first_pick_rate"] == 100.0 and probes["position"]["flips"] == N
    assert probes["position"]["effects"]["correct_first"]["estimate"] == 100.0
    assert probes["stability"]["unanimity"] == 100.0
    assert probes["template"]["kappa"] == 1.0
    flags = [f.split(":", 1)[0] for f in card["flags"]]
    assert flags == ["padding.pad_correct", "authority.assert_correct", "position.correct_first"]
    rewritten = json.loads((out / "card.json").read_text())  # by the resumed run, which sent nothing
    assert rewritten.pop("requests")["original"] == {"calls": 0, "sent": 0, "failed": 0}
    assert card.pop("requests")["original"] == {"calls": 2 * N, "sent": 2 * N, "failed": 0} and rewritten == card
    judged = [json.loads(line) for line in (out / "pad_correct.judged.jsonl").read_text().splitlines()]
    assert len(judged) == N and all(len(r["judgments"]) == 2 for r in judged)
    shown = [json.loads(line) for line in (out / "pad_correct.pairs.jsonl").read_text().splitlines()]
    assert all(r["added_text"] in r["response_" + r["perturbed"]] for r in shown)


def test_validate_passes_and_is_kept_in_ci() -> None:
    proc = _cli("--validate", "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["passed"] and all(row["ok"] for row in doc["rows"]) and len(doc["rows"]) >= 50
    judges = {(row["judge_name"], row["judge_model"]) for row in doc["rows"]}  # the cards' vocabulary, no "judge"
    assert judges == {(c["judge_name"], c["judge_model"]) for c in doc["cards"].values()} and len(judges) == 3
    planted = doc["cards"]["planted"]["probes"]
    assert planted["padding"]["arms"]["pad_incorrect"]["accuracy"] == 50.0  # 200 pairs: (80 + 20) / 200
    assert {f.split(":", 1)[0] for f in doc["cards"]["null"]["flags"]} == set()


def test_usage_errors_are_one_line_exit_2(tmp_path: Path) -> None:
    proc = _cli("--judge", "vanilla")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "--model, --pairs" in proc.stderr
    pairs = tmp_path / "p.jsonl"
    write_pairs(pairs, _pairs())
    proc = _cli("--judge", "vanilla", "--model", "vllm/m", "--pairs", str(pairs), "--probes", "padding,vibes")
    assert proc.returncode == 2 and "unknown probes vibes" in proc.stderr and proc.stderr.count("\n") == 1


def _planted_args(tmp_path: Path, n: int = 20) -> list[str]:
    from judgebench.probes.validate import synthetic_pairs

    pairs = tmp_path / "pairs.jsonl"
    write_pairs(pairs, synthetic_pairs(n))
    planted = '{"skill": 0.5, "added_text": 0.2, "position": 0.1, "instability": 0.1}'
    args = ["--judge", "planted", "--model", "planted/t", "--pairs", str(pairs), "--option", f"answer_key={pairs}"]
    args += ["--option", f"planted={planted}", "--option", f"cache_path={tmp_path / 'cache'}"]
    return [*args, "--bootstrap", "50", "--repeats", "2"]


def test_terminal_card_by_default_and_every_form_written(tmp_path: Path) -> None:
    out, page = tmp_path / "probe", tmp_path / "page.html"
    proc = _cli(*_planted_args(tmp_path), "--out", str(out), "--html", str(page))
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert text.startswith("Reliability card · planted · t · 20 pairs") and "Verdict" in text
    # 20 pairs (tests/probes/test_planted.py): the padding effects move 2 pairs each, p = 0.5: MDE 30 > 5 points
    assert "underpowered (floor 5)" in text and "significant" not in text.split("Verdict against")[0]
    assert "self: needs pairs from exactly two response models" in text
    card = json.loads((out / "card.json").read_text())
    effect = card["probes"]["padding"]["effects"]["pad_incorrect"]
    assert (effect["estimate"], effect["mde"], effect["verdict"]) == (-10.0, 30.0, "underpowered")
    assert (out / "card.md").read_text().startswith("## Reliability card · planted · t · 20 pairs\n")
    html = (out / "card.html").read_text()
    assert page.read_text() == html and html.count('<g class="effect underpowered">') == 8
    md = _cli(*_planted_args(tmp_path), "--out", str(out), "--markdown")  # resumed: nothing judged again
    assert md.returncode == 0 and md.stdout == (out / "card.md").read_text()


def test_out_that_is_a_file_and_missing_pairs_are_one_line_exit_2(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("keep me\n")
    proc = _cli(*_planted_args(tmp_path), "--out", str(afile))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "is not a folder" in proc.stderr
    assert afile.read_text() == "keep me\n"
    proc = _cli("--validate", "--out", str(afile))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "is not a folder" in proc.stderr
    proc = _cli("--judge", "vanilla", "--model", "vllm/m")
    assert proc.returncode == 2 and proc.stderr == "judgebench: error: probe needs --pairs (or --validate)\n"
    out = tmp_path / "never"
    proc = _cli(*_planted_args(tmp_path), "--probes", "padding,,vibes", "--out", str(out))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "unknown probes vibes" in proc.stderr
    assert not out.exists()  # refused before anything was read or written


def test_validate_prints_the_table_and_exits_1_when_a_check_fails(monkeypatch, capsys) -> None:
    import judgebench.probes.validate as validate
    from judgebench.cli.main import main

    async def one_failure(out: Any, *, seed: int = 0) -> tuple[list[validate.Check], dict[str, Any]]:
        rows = [validate.Check("planted", "padding pad_incorrect effect", -10.0, -10.0)]
        rows.append(validate.Check("planted", "flags", ["padding.pad_incorrect"], []))
        return rows, {}

    monkeypatch.setattr(validate, "validate", one_failure)
    assert main(["probe", "--validate"]) == 1
    text = capsys.readouterr().out
    assert "padding pad_incorrect effect" in text and "FAIL" in text and "1/2 checks pass" in text
    assert re.search(r"│ flags\s*│ padding\.pad_incorrect\s*│ none\s*│ FAIL │", text)


def test_validate_table_every_check_passes() -> None:
    proc = _cli("--validate")
    assert proc.returncode == 0, proc.stderr
    header = next(line for line in proc.stdout.splitlines() if "quantity" in line)
    assert [c.strip() for c in header.strip("┃ ").split("┃")] == ["judge", "quantity", "expected", "observed", "ok"]
    assert re.search(
        r"│ null_small\s*│ padding pad_incorrect verdict\s*│ underpowered\s*│ underpowered\s*│ ok │", proc.stdout
    )
    done = re.search(r"^(\d+)/(\d+) checks pass$", proc.stdout, re.M)
    assert done is not None and done[1] == done[2] and int(done[2]) >= 120 and "FAIL" not in proc.stdout
