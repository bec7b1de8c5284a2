"""judgebench: how far can you trust an LLM judge or a reward model on objectively labeled pairs.

Implements the JudgeBench method (Tan et al., 2024, arXiv 2410.12784): build hard pairs from data with
ground truth, judge them in both orders with any judge, score them with the paper's vote rule, analyse.
"""

from judgebench.errors import (
    ConfigError,
    DataUnavailableError,
    InputError,
    JudgeBenchError,
    MalformedRecordError,
)
from judgebench.records import CATEGORIES, Category, JudgedPair, Pair, category_of, read_judged, read_pairs

__version__ = "0.1.0"

__all__ = [
    "CATEGORIES",
    "Category",
    "ConfigError",
    "DataUnavailableError",
    "InputError",
    "JudgeBenchError",
    "JudgedPair",
    "MalformedRecordError",
    "Pair",
    "__version__",
    "category_of",
    "read_judged",
    "read_pairs",
]
