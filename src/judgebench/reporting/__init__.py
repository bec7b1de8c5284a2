"""Renderers: terminal tables (rich), Markdown and JSON."""
