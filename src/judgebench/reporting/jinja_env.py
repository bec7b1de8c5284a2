"""The jinja2 environment every report template (``report/templates``) is rendered in.

One set of settings for the report, its Markdown and the probe card: templates from the package, an undefined
name is an error, block tags leave no blank lines. Each renderer adds its own filters to its environment.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined


def template_env(*, autoescape: bool) -> Environment:
    """A new environment over ``report/templates`` (``autoescape``: HTML; off for Markdown)."""
    return Environment(
        loader=PackageLoader("judgebench.reporting", "templates"),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
