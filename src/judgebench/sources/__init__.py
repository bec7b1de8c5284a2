"""Built-in sources; each declares its facts (category, family, recipe, local layout) in :mod:`judgebench.catalog`.

Each factory is ``(path: str | None = None, **options) -> Source``; ``path=None`` downloads the dataset from
the Hugging Face hub into the cache (``$JUDGEBENCH_CACHE``), a path reads a local copy.

================================  ===============================================  ==========================
name                              dataset                                          options
================================  ===============================================  ==========================
``mmlu-pro``                      TIGER-Lab/MMLU-Pro (test)                        ``categories``
``livebench-math``                livebench/math (test)                            ``release``, ``tasks``
``livebench-reasoning``           livebench/reasoning (test)                       ``release``, ``tasks``
``livecodebench``                 livecodebench/code_generation_lite               ``release``, ``keep_errata``
``jsonl``                         any ``{"question", "answer", "verifier"}`` file  (path required)
================================  ===============================================  ==========================
"""

from judgebench.catalog import SOURCES

__all__ = ["SOURCES"]
