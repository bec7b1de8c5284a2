"""Judges: prompted, fine-tuned, multi-agent and reward-model judges behind one protocol."""

from judgebench.judges.base import JUDGES, Judge, JudgeContext, JudgeOptions, PointwiseJudge, Verdict

__all__ = ["JUDGES", "Judge", "JudgeContext", "JudgeOptions", "PointwiseJudge", "Verdict"]
