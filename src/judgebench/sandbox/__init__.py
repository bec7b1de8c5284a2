"""Running model-written code: bubblewrap namespaces, cgroup memory budgets, unprivileged uids, private mounts.

:class:`judgebench.sandbox.launch.Sandbox` is the entry point; the other modules are its parts.
"""
