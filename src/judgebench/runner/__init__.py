"""The runner: both orders of every pair, appended as judged, resumable, scored at the end."""

from judgebench.runner.orders import entry, judge_orders, succeeded
from judgebench.runner.run import RunSpec, RunSummary, default_output_path, run_judge

__all__ = ["RunSpec", "RunSummary", "default_output_path", "entry", "judge_orders", "run_judge", "succeeded"]
