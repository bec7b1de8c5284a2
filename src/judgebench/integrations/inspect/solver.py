"""The solver: one order of a pair judged by a judgebench judge over the task's Inspect model.

The judge is the registered one (:data:`judgebench.judges.JUDGES`: ``vanilla``, ``arena_hard``...) built over
:class:`~judgebench.integrations.inspect.engine.InspectEngine`, and the order is judged by the runner's own
:func:`judgebench.runner.orders.judge_orders`, so the prompt, the call settings, the continuation turn, the
verdict parser and the failed / no-verdict accounting are exactly those of ``judgebench judge``. The sample's
``judgments`` entry (:func:`judgebench.runner.orders.entry`) goes to ``state.store`` under
:data:`~judgebench.integrations.inspect.STORE_KEY`; the prompt and the reply become the sample's messages and
output, for ``inspect view``.
"""

from __future__ import annotations

from typing import Any

from inspect_ai.model import ChatMessageAssistant, ChatMessageUser, ModelOutput, get_model
from inspect_ai.solver import Generate, Solver, TaskState, solver

from judgebench.errors import ConfigError
from judgebench.integrations.inspect import ORDER_KEY, PAIR_KEY, STORE_KEY
from judgebench.integrations.inspect.engine import InspectEngine
from judgebench.judges import JUDGES, Judge, JudgeOptions, judge_kind
from judgebench.model_spec import ModelSpec
from judgebench.records import Pair
from judgebench.runner.orders import entry, judge_orders


def check_judge(name: str) -> None:
    """Refuse a judge an Inspect model cannot drive: unknown, or a reward model (it scores, it does not chat)."""
    JUDGES.get(name)  # ConfigError naming the known judges
    if judge_kind(name) == "reward model":
        raise ConfigError(f"judge {name!r} is a reward model: Inspect runs chat models (use a prompted judge)")


def open_judge(name: str, seed: int = 0) -> Judge:
    """The registered judge ``name`` over the active Inspect model (recorded as that model's name)."""
    model = get_model()
    engine = InspectEngine(model)
    options = JudgeOptions(
        model=ModelSpec.parse(str(model)), seed=seed, cache=False, extra={"engine": engine, "model_name": model.name}
    )
    return JUDGES.get(name)(options)


def conversation(judgment: dict[str, Any]) -> list[ChatMessageUser | ChatMessageAssistant]:
    """The recorded prompt and reply as chat messages (what ``inspect view`` shows as the sample's messages)."""
    out: list[ChatMessageUser | ChatMessageAssistant] = []
    if judgment.get("prompt"):
        out.append(ChatMessageUser(content=str(judgment["prompt"])))
    if judgment.get("response"):
        out.append(ChatMessageAssistant(content=str(judgment["response"])))
    return out


@solver
def judge_pair(judge: str = "arena_hard", seed: int = 0) -> Solver:
    """Judge the sample's pair in the sample's order with the judgebench judge ``judge``.

    Args:
        judge: a registered judge name (prompted judges: ``vanilla``, ``arena_hard``, ``arena_hard_no_tie``...).
        seed: the run's seed (judges that draw derive it from seed, pair id and order).
    """
    check_judge(judge)

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        pair = Pair.from_dict(dict(state.metadata[PAIR_KEY]))
        order = int(state.metadata[ORDER_KEY])
        judge_obj = open_judge(judge, seed)
        try:
            verdict = (await judge_orders(judge_obj, pair, [order], seed))[order]
        finally:
            await judge_obj.aclose()
        record = entry(verdict)
        state.store.set(STORE_KEY, record)
        judgment = verdict.judgment
        state.messages = list(conversation(judgment))
        state.output = ModelOutput.from_content(judge_obj.model_name, str(judgment.get("response") or ""))
        return state

    return solve
