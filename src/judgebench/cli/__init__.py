"""The ``judgebench`` command line: one module per command, wired in :mod:`judgebench.cli.main`."""
