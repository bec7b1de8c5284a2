from __future__ import annotations

import subprocess
import sys

import judgebench
from judgebench import errors


def test_all_is_sorted_and_importable():
    assert judgebench.__all__ == sorted(judgebench.__all__)
    for name in judgebench.__all__:
        assert hasattr(judgebench, name)


def test_every_error_is_documented_in_the_tree():
    doc = errors.__doc__ or ""
    for name in errors.__all__:
        cls = getattr(errors, name)
        assert issubclass(cls, errors.JudgeBenchError)
        assert name in doc, f"{name} missing from the tree in errors.py's docstring"


def test_console_script_help_and_version():
    out = subprocess.run([sys.executable, "-m", "judgebench.cli.main", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == f"judgebench {judgebench.__version__}"
    out = subprocess.run([sys.executable, "-m", "judgebench.cli.main", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    for command in ("score", "leaderboard"):
        assert command in out.stdout
    out = subprocess.run([sys.executable, "-m", "judgebench.cli.main", "frobnicate"], capture_output=True, text=True)
    assert out.returncode == 2 and "invalid choice" in out.stderr


def test_no_submodule_shares_a_name_with_a_root_api_function() -> None:
    # Python binds a submodule to its parent's attribute when it loads: a package or module named like a root
    # function (judgebench.report, judgebench.build, judgebench.leaderboard once were) turned the function into
    # a module after its first call. Checked in a fresh interpreter that loads every submodule.
    import subprocess
    import sys

    code = (
        "import importlib, pkgutil, judgebench\n"
        "names = [m.name for m in pkgutil.iter_modules(judgebench.__path__)]\n"
        "clash = sorted(set(names) & set(judgebench.__all__))\n"
        "assert not clash, clash\n"
        "for name in names:\n"
        "    importlib.import_module('judgebench.' + name)\n"
        "for name in ('leaderboard', 'report', 'build', 'score', 'judge', 'probe', 'solve', 'analyze'):\n"
        "    assert callable(getattr(judgebench, name)), name\n"
        "print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr
