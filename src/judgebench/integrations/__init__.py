"""Bridges to the tools people evaluate with; each imports its tool lazily (``import judgebench`` never does)."""
