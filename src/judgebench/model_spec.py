"""A model spec, parsed once where it enters (the command line, the Python API) and carried through typed.

``provider/model`` names a chat or reward backend (``openai/gpt-4o-mini``, ``vllm/Skywork/Skywork-Critic-
Llama-3.1-8B``, ``hf/Skywork/Skywork-Reward-Llama-3.1-8B``, ``replay/<recorded outputs file>``); the model part
may hold further slashes. ``str(spec)`` gives back the canonical text, which is what output files, file names,
cache keys and messages hold, so they read as before the spec was typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from judgebench.errors import ConfigError


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """A parsed ``provider/model`` spec.

    Attributes:
        provider: the registry name of the backend (``openai``, ``vllm``, ``hf``, ``replay``...).
        model: the provider's model name (upstream's ``judge_model`` / ``response_model``), or the recorded
            file for ``replay``.
    """

    provider: str
    model: str

    @classmethod
    def parse(cls, spec: str | ModelSpec) -> ModelSpec:
        """``spec`` parsed (a ModelSpec is returned as is); a ConfigError when it does not read provider/model."""
        if isinstance(spec, ModelSpec):
            return spec
        provider, sep, model = spec.partition("/")
        if not sep or not provider or not model:
            raise ConfigError(
                f"model spec must read provider/model (e.g. openai/gpt-4o-mini, vllm/Skywork/Skywork-Critic-"
                f"Llama-3.1-8B, replay/outputs.jsonl), got {spec!r}"
            )
        return cls(provider, model)

    def __str__(self) -> str:
        return f"{self.provider}/{self.model}"


#: What the public entry points accept: a spec string or a parsed spec.
ModelLike = str | ModelSpec
