"""``python -m judgebench``: the command line."""

from judgebench.cli.main import run

if __name__ == "__main__":
    run()
