"""The engine a judgebench judge calls inside an Inspect task: whatever model Inspect was given.

A judge's :meth:`~judgebench.judges.engine_judge.EngineCalls.chat` sends a
:class:`~judgebench.backends.base.ChatRequest` to its engine; :class:`InspectEngine` turns it into Inspect
chat messages and a :class:`~inspect_ai.model.GenerateConfig` (temperature, top_p, max_tokens, seed, stop: the
judge's own call settings) and asks the task's model (:func:`inspect_ai.model.get_model`), so every call lands
in the sample's transcript and ``inspect view`` shows it. Retries, rate limits and caching are Inspect's.

Inspect models are chat models: a judge that needs raw text completion (PandaLM, JudgeLM) gets a
:class:`~judgebench.errors.BackendError` per call, which its judgment records as failed, never as a guess.
"""

from __future__ import annotations

from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageSystem,
    ChatMessageUser,
    GenerateConfig,
    Model,
    get_model,
)

from judgebench.backends.base import ChatRequest, ChatResponse, Message, Usage
from judgebench.errors import BackendError


def chat_messages(messages: tuple[Message, ...]) -> list[ChatMessage]:
    """Judgebench's messages as Inspect chat messages (system, user, assistant)."""
    out: list[ChatMessage] = []
    for m in messages:
        if m.role == "system":
            out.append(ChatMessageSystem(content=m.content))
        elif m.role == "assistant":
            out.append(ChatMessageAssistant(content=m.content))
        else:
            out.append(ChatMessageUser(content=m.content))
    return out


def generate_config(request: ChatRequest) -> GenerateConfig:
    """The judge's call settings as Inspect's generation config (unset settings stay the model's)."""
    return GenerateConfig(
        temperature=request.temperature,
        top_p=request.top_p,
        max_tokens=request.max_tokens,
        seed=request.seed,
        stop_seqs=list(request.stop) if request.stop else None,
    )


class InspectEngine:
    """What a judge needs of an engine (``chat``, ``complete``, ``aclose``), over the task's Inspect model.

    Args:
        model: the model to call; None: the active task's model, looked up at each call.
    """

    def __init__(self, model: Model | None = None) -> None:
        self._model = model

    @property
    def model(self) -> Model:
        """The model calls go to."""
        return self._model if self._model is not None else get_model()

    async def chat(self, request: ChatRequest) -> ChatResponse:
        """One chat call through Inspect; an answer with an error is a :class:`BackendError`."""
        model = self.model
        output = await model.generate(chat_messages(request.messages), config=generate_config(request))
        if output.error:
            raise BackendError(f"{model}: {output.error}")
        used = output.usage
        counted = Usage(used.input_tokens, used.output_tokens, used.reasoning_tokens or 0) if used else Usage()
        return ChatResponse(
            text=output.completion,
            finish_reason=output.stop_reason,
            usage=counted,
            model=output.model or model.name,
        )

    async def complete(self, request: ChatRequest) -> ChatResponse:
        """Raw text completion: not something an Inspect model offers."""
        raise BackendError(
            f"{self.model}: Inspect models take chat messages; this judge needs raw text completion "
            "(run it with 'judgebench judge' instead)"
        )

    async def aclose(self) -> None:
        """Nothing to release: Inspect owns the model."""
