"""bench/bench_reward.py's CPU run (small shape): both paths score the same responses, the ratio is printed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
ROOT = Path(__file__).resolve().parents[2]


def test_small_shape_on_cpu_matches_the_unbatched_loop(capsys: pytest.CaptureFixture[str]) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import bench_reward
    finally:
        sys.path.remove(str(ROOT / "bench"))
    fig = bench_reward.main(["--shape", "small", "--limit", "4", "--device", "cpu"])
    out = capsys.readouterr().out
    print(out)  # the figures, for -s
    assert "ratio upstream / judgebench:" in out and f"{fig['ratio']:.2f}x" in out
    assert fig["pairs"] == 4 and len(fig["upstream_scores"]) == len(fig["judgebench_scores"]) == 8
    assert fig["judgebench_scores"] == pytest.approx(fig["upstream_scores"], abs=1e-5)  # float32: same numbers
    assert fig["score_spread"] > 1e-3  # the scores differ from response to response: the check means something
    assert fig["decisions_differ"] == 0 and fig["settings"]["padding"] == "right-causal"
    assert fig["tokens"] > 8 * 100 and fig["floor_s"] > 0 and fig["judgebench_s"] > 0 and "goal_met" not in fig
