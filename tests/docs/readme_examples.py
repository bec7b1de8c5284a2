"""The shell examples of the README, as commands: what ``tests/docs/test_readme_examples.py`` runs.

Every fenced block whose language is ``bash``, ``sh``, ``shell`` or ``console`` is an example. In a ``console``
block the commands are the lines starting with ``$ `` (the other lines are output); in the others, every line
that is not blank or a comment. A line ending in ``\\`` continues on the next.

An example that cannot run offline from the clone's root (it needs an API key, a GPU, a download, or it
installs things) is marked where it stands, and the test skips it with that reason shown:

* a whole block: an HTML comment on the line right before its fence,
  ``<!-- readme-test: skip needs OPENAI_API_KEY and the network -->`` (invisible on the rendered page);
* one command: a trailing comment starting ``# needs:``, e.g. ``judgebench judge ... # needs: OPENAI_API_KEY``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SHELLS = ("bash", "sh", "shell", "console")
_FENCE = re.compile(r"^```(\w*)\s*$")
_SKIP_BLOCK = re.compile(r"^<!--\s*readme-test:\s*skip\s+(.+?)\s*-->\s*$")
_NEEDS = re.compile(r"\s#\s*needs:\s*(.+)$")


@dataclass(frozen=True)
class Example:
    """One command of the README: where it is, what to run, and why not (None: it runs)."""

    line: int
    command: str
    skip: str | None

    @property
    def id(self) -> str:
        """A short test id: the line and the command's first words."""
        words = re.sub(r"[^\w./=-]+", " ", self.command).split()[:4]
        return f"L{self.line}-" + "-".join(words)[:60]


def _commands(body: list[tuple[int, str]], console: bool) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for lineno, text in body:
        if pending is not None:
            start, so_far = pending
            so_far += " " + text.strip()
            if so_far.endswith("\\"):
                pending = (start, so_far[:-1].rstrip())
            else:
                out.append((start, so_far))
                pending = None
            continue
        if console:
            if not text.startswith("$ "):
                continue
            text = text[2:]
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending = (lineno, stripped[:-1].rstrip())
        else:
            out.append((lineno, stripped))
    if pending is not None:
        out.append(pending)
    return out


def readme_examples(readme: Path) -> list[Example]:
    """Every command of the README's shell blocks, in order, with its skip reason if marked."""
    lines = readme.read_text(encoding="utf-8").splitlines()
    examples: list[Example] = []
    i = 0
    while i < len(lines):
        fence = _FENCE.match(lines[i])
        if not fence:
            i += 1
            continue
        lang, start = fence.group(1), i
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        if lang in SHELLS:
            marked = _SKIP_BLOCK.match(lines[start - 1]) if start else None
            body = [(n + 1, lines[n]) for n in range(start + 1, j)]
            for lineno, command in _commands(body, console=lang == "console"):
                needs = _NEEDS.search(command)
                skip = marked.group(1) if marked else (f"needs {needs.group(1)}" if needs else None)
                examples.append(Example(lineno, command, skip))
        i = j + 1
    return examples
