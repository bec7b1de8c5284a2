"""The model engine: one path for every model call — cache, limits, retries, usage and cost.

Use :func:`open_engine` with a model spec, or wrap a backend in :class:`Engine` yourself::

    engine = open_engine("openai/gpt-4o-mini", concurrency=32)
    reply = await engine.chat(ChatRequest(messages=(Message("user", "2+2?"),), temperature=0))
    print(reply.text, engine.stats.to_dict())
    await engine.aclose()
"""

from judgebench.engine.accounting import EngineStats, ModelPrice, PriceTable
from judgebench.engine.cache import Cache, CacheStats, default_cache_path, request_key
from judgebench.engine.engine import Engine, open_engine
from judgebench.engine.limits import Limits
from judgebench.engine.options import EngineOptions
from judgebench.engine.retry import RetryPolicy

__all__ = [
    "Cache",
    "CacheStats",
    "Engine",
    "EngineOptions",
    "EngineStats",
    "Limits",
    "ModelPrice",
    "PriceTable",
    "RetryPolicy",
    "default_cache_path",
    "open_engine",
    "request_key",
]
