"""Judges: prompted, fine-tuned, multi-agent and reward-model judges behind one protocol.

Importing this package registers the built-in judges in :data:`JUDGES`: ``vanilla``, ``arena_hard``,
``arena_hard_no_tie``, ``compass_judger`` (:mod:`~judgebench.judges.prompted`), ``pandalm`` (alias
``panda_lm``), ``judge_lm``, ``prometheus_2``, ``auto_j``, ``auto_j_query``, ``skywork_critic``
(:mod:`~judgebench.judges.finetuned`), ``chat_eval`` (:mod:`~judgebench.judges.chat_eval`) and
``reward_model`` (:mod:`~judgebench.judges.reward_model`). Third-party judges join through the
``judgebench.judges`` entry-point group.
"""

from judgebench.judges.base import JUDGES, Judge, JudgeContext, JudgeOptions, PointwiseJudge, Verdict

# built-in judges register on import  isort: skip
from judgebench.judges import chat_eval, finetuned, prompted, reward_model  # noqa: F401  isort: skip

__all__ = ["JUDGES", "Judge", "JudgeContext", "JudgeOptions", "PointwiseJudge", "Verdict"]
