"""A model's own Python code runs only when the user asks: the check made before anything is loaded.

A transformers checkpoint may name its own classes in ``auto_map`` (``config.json``, ``tokenizer_config.json``);
loading it with ``trust_remote_code=True`` imports that code into this process, which holds the API keys of the
run. judgebench never grants that on its own: not for a local folder named like a hub model whose spec needs
custom code (InternLM2-Reward), and not for that hub id either (the code comes from the hub at load time and
can change after anyone read it). The user opts in with ``--trust-remote-code`` (``trust_remote_code=True``
from Python), and is warned when the code runs. Without it, :func:`check_remote_code` refuses in one line
before anything is loaded, and loaders pass ``trust_remote_code=False`` explicitly, so transformers never
prompts or decides.
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

from judgebench.errors import ConfigError

log = logging.getLogger(__name__)
#: the files whose ``auto_map`` makes transformers import a checkpoint's own code
AUTO_MAP_FILES = ("config.json", "tokenizer_config.json")
OPT_IN = "--trust-remote-code (Python: trust_remote_code=True)"


def auto_map_of(model: str) -> list[str]:
    """The classes a local folder's ``auto_map`` entries name (its own code), sorted; [] for a hub id.

    Only JSON is read; an unreadable or malformed file counts as naming none (loading reports it).
    """
    folder = Path(os.path.expanduser(model))
    if not folder.is_dir():
        return []
    found: set[str] = set()
    for name in AUTO_MAP_FILES:
        try:
            doc = json.loads((folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        auto_map = doc.get("auto_map") if isinstance(doc, dict) else None
        if isinstance(auto_map, dict):
            for ref in auto_map.values():
                refs = ref if isinstance(ref, list) else [ref]
                found.update(str(r) for r in refs if r)
    return sorted(found)


def check_remote_code(model: str, *, trusted: bool, needs_code: bool = False, what: str = "model") -> bool:
    """Refuse a model whose own code would run unless ``trusted``; warn when it may run, and say so (True).

    Loaders pass the result as ``trust_remote_code``: a local folder without ``auto_map`` gets False even
    when trusted.

    Args:
        model: a hub id or a local folder.
        trusted: the user's opt-in (``--trust-remote-code``).
        needs_code: the model is known to need its own code (a custom-code spec), even where no ``auto_map``
            can be read here (a hub id).
        what: how the message names the model (``reward model``, ``base model``).

    Raises:
        ConfigError: the model holds or needs its own code and the user did not opt in (one line).
    """
    refs = auto_map_of(model)
    if not refs and not needs_code:
        if trusted and not Path(os.path.expanduser(model)).is_dir():  # a hub id: its code is not known here
            log.warning("%s %s: its hub code, if any, will run in this process (--trust-remote-code)", what, model)
            return True
        return False
    where = f"auto_map: {', '.join(refs)}" if refs else "its spec loads it with the model's own code"
    if not trusted:
        raise ConfigError(
            f"{what} {model} runs its own Python code ({where}), which judgebench imports only when asked: "
            f"pass {OPT_IN} if you trust it"
        )
    log.warning(
        "%s %s runs its own Python code in this process (%s), as asked by --trust-remote-code", what, model, where
    )
    return True


def first_line(exc: BaseException) -> str:
    """A model's load error as one line (transformers' and torch's run to several; ``Type`` if empty).

    A pickle checkpoint (``pytorch_model.bin``) that holds more than tensors is refused by torch's weights-only
    loader, the only one transformers uses here; its message then says so, and what the file asked to run.
    """
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if "Weights only load failed" in text:
        why = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("WeightsUnpickler error")), "")
        detail = f" ({why.split('. ')[0]})" if why else ""
        return f"its pickle checkpoint holds more than tensors{detail}: torch's weights-only loader refused it"
    return lines[0] if lines else type(exc).__name__
