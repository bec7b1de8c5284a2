r"""Rich text whose data parts are literal: judgebench's own markup styles, names from the files never do.

Rich reads every ``str`` it draws (a printed line, a table cell, a title) as markup, so a judge named
``x[/i]y`` raised a MarkupError and one named ``[bold red]x[/]`` restyled the table. Every terminal view
builds what it prints from data with :func:`markup` (a template of judgebench's markup with ``{}`` holes
filled by values as plain text) or :func:`literal` (a value alone). Values are never escaped into the
markup string (``rich.markup.escape`` cannot be exact: a trailing backslash either escapes the tag after
it or is shown doubled), and control characters in them (an ESC that would drive the terminal) are shown
as ``\x1b``-style escapes.
"""

from __future__ import annotations

import re

from rich.text import Span, Text

_HOLE = "\ue000"  # a private-use character stands for each ``{}`` while the template's markup is parsed
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _plain(value: object) -> str:
    """``str(value)`` with control characters other than newline and tab written as escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))


def literal(value: object, style: str = "") -> Text:
    """``value`` as text that rich draws exactly as it reads (never as markup)."""
    return Text(_plain(value), style=style)


def markup(template: str, *values: object) -> Text:
    """Rich ``template`` (judgebench's markup) with each ``{}`` filled by the next value as literal text.

    A value takes the style in force at its hole: ``markup("[bold]{}[/] · {}", name, model)`` draws the
    name bold and the model plain, whatever brackets either holds.
    """
    holes = template.count("{}")
    if holes != len(values):
        raise ValueError(f"markup template has {holes} holes for {len(values)} values: {template!r}")
    parsed = Text.from_markup(template.replace("{}", _HOLE))
    if not values:
        return parsed
    plain = parsed.plain
    cuts = [i for i, ch in enumerate(plain) if ch == _HOLE]
    pieces = parsed.divide(sorted({c for i in cuts for c in (i, i + 1)}))
    out = Text(style=parsed.style, justify=parsed.justify, end=parsed.end)
    filled = iter(values)
    for piece in pieces:
        if piece.plain == _HOLE:
            value = _plain(next(filled))
            spans = [Span(0, len(value), span.style) for span in piece.spans]
            out.append_text(Text(value, spans=spans))
        else:
            out.append_text(piece)
    return out
