"""Built-in sources, registered in :data:`judgebench.build.base.SOURCES` on import.

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

from __future__ import annotations

import judgebench.build.verifiers  # noqa: F401  - the verifiers the sources name
from judgebench.build.base import SOURCES
from judgebench.build.sources import jsonl, livebench, livecodebench, mmlu_pro

SOURCES.add("mmlu-pro", mmlu_pro.make_source)
SOURCES.add("livebench-math", livebench.make_math)
SOURCES.add("livebench-reasoning", livebench.make_reasoning)
SOURCES.add("livecodebench", livecodebench.make_source)
SOURCES.add("jsonl", jsonl.make_source)
