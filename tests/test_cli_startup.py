"""Start-up: ``judgebench --version`` and ``--help`` import no command module (nor asyncio, numpy, pyarrow, rich);
``--help`` still lists every command with the one-line help its module registers."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from judgebench.cli import main as cli_main

PROBE = """
import json, sys
from judgebench.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("\\nMODULES " + json.dumps(sorted(sys.modules)))
"""
HEAVY = ("asyncio", "numpy", "pyarrow", "rich", "aiohttp", "orjson")


def modules_after(*argv: str) -> tuple[str, set[str]]:
    """What a fresh interpreter prints for ``judgebench ARGV`` and the modules it has imported by the end."""
    proc = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, check=True)
    out, _, mods = proc.stdout.rpartition("\nMODULES ")
    return out, set(json.loads(mods))


@pytest.mark.parametrize("argv", [["--version"], ["--help"]])
def test_version_and_help_import_no_command(argv):
    out, mods = modules_after(*argv)
    assert "judgebench" in out
    commands = {m for m in mods if m.startswith("judgebench.cli.") and m != "judgebench.cli.main"}
    assert not commands
    assert not [m for m in HEAVY if m in mods]


def test_a_command_imports_only_its_own_module():
    _out, mods = modules_after("cache", "--help")
    assert {m for m in mods if m.startswith("judgebench.cli.")} == {"judgebench.cli.main", "judgebench.cli.cache"}


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, str | None]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {a.dest: a.help for a in sub._choices_actions}


def test_help_table_matches_each_modules_own_help():
    """The table ``--help`` reads is what each command's module registers (every command, in order)."""
    full = cli_main.build_parser(plugins=False)
    assert _subcommands(full) == cli_main._HELP
    lazy = cli_main.build_parser(plugins=False, lazy=True)
    assert lazy.format_help() == full.format_help()


def test_help_lists_every_command():
    out, _mods = modules_after("--help")
    for name, text in cli_main._HELP.items():
        assert name in out and text.split()[0] in out


def test_import_command_runs_its_own_parser(capsys):
    """``import`` (module ``imports``) builds its own sub-parser, not a stub."""
    with pytest.raises(SystemExit) as exc:
        cli_main.main(["import", "--help"])
    assert exc.value.code == 0
    assert "--out" in capsys.readouterr().out
