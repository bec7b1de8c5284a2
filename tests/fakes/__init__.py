"""Reusable fakes for tests: a local model-provider server (see :mod:`tests.fakes.provider_server`)."""
