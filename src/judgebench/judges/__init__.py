"""Judges: prompted, fine-tuned, multi-agent and reward-model judges behind one protocol.

The built-in judges are declared below, each with its kind, and imported on first use. Third-party judges
join through the ``judgebench.judges`` entry-point group (a factory with a ``kind`` attribute).
"""

from judgebench.judges.base import (
    JUDGES,
    KIND_ORDER,
    Judge,
    JudgeContext,
    JudgeOptions,
    PointwiseJudge,
    Verdict,
    judge_kind,
)

_P = "judgebench.judges.prompted"
_F = "judgebench.judges.finetuned"
JUDGES.add_lazy("vanilla", f"{_P}:vanilla_judge", kind="prompted")
JUDGES.add_lazy("arena_hard", f"{_P}:arena_hard_judge", kind="prompted")
JUDGES.add_lazy("arena_hard_no_tie", f"{_P}:arena_hard_no_tie_judge", "arena_hard_notie", kind="prompted")
JUDGES.add_lazy("compass_judger", f"{_P}:compass_judger", kind="fine-tuned")
JUDGES.add_lazy("pandalm", f"{_F}:pandalm_judge", "panda_lm", kind="fine-tuned")
JUDGES.add_lazy("judge_lm", f"{_F}:judge_lm_judge", kind="fine-tuned")
JUDGES.add_lazy("prometheus_2", f"{_F}:prometheus_2_judge", kind="fine-tuned")
JUDGES.add_lazy("auto_j", f"{_F}:auto_j_judge", kind="fine-tuned")
JUDGES.add_lazy("auto_j_query", f"{_F}:auto_j_query_judge", kind="fine-tuned")
JUDGES.add_lazy("skywork_critic", f"{_F}:skywork_critic_judge", kind="fine-tuned")
JUDGES.add_lazy("chat_eval", "judgebench.judges.chat_eval:chat_eval_judge", kind="multi-agent")
JUDGES.add_lazy("rating", "judgebench.judges.rating:rating_judge", kind="prompted")
JUDGES.add_lazy("prometheus_2_absolute", "judgebench.judges.rating:prometheus_2_absolute_judge", kind="fine-tuned")
JUDGES.add_lazy("reward_model", "judgebench.judges.reward_model:reward_model_judge", kind="reward model")
# a test instrument with planted biases (judgebench probe --validate), over the ``planted`` chat backend
JUDGES.add_lazy("planted", "judgebench.probes.mock:planted_judge", kind="other")
# vertext_ai_gen_ai_evaluation appears in upstream's outputs (Vertex AI's evaluation service); it is not
# runnable here, but its files are scored and ranked with the prompted judges.
JUDGES.add_lazy("vertext_ai_gen_ai_evaluation", "judgebench.judges.base:not_runnable", kind="prompted")

__all__ = ["JUDGES", "KIND_ORDER", "Judge", "JudgeContext", "JudgeOptions", "PointwiseJudge", "Verdict", "judge_kind"]
