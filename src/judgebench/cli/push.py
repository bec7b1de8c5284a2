"""``judgebench push PATH --repo owner/name``: publish a pair set, best-of-K set, judged outputs or trained model.

Examples::

    judgebench push pairs.jsonl --repo me/my-hard-pairs            # dataset: Parquet data, the build card as README
    judgebench push outputs/ --repo me/my-judge-runs --private     # dataset: the judged files and their scores
    judgebench push verifier/ --repo me/my-verifier                # model: the folder and its model card

Needs a token with write access (``HF_TOKEN`` or ``hf auth login``); without one: one line, exit 2.
"""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> None:
    """Register the ``push`` command."""
    p = sub.add_parser("push", help="publish a pair set, best-of-K set, judged outputs or trained model to the hub")
    p.add_argument("path", metavar="DIR_OR_FILE", help="a pairs / best-of-K / judged file, an outputs or model folder")
    p.add_argument("--repo", required=True, metavar="owner/name", help="the hub repository (created when missing)")
    p.add_argument("--private", action="store_true", help="create the repository private")
    p.add_argument("--split", default="train", metavar="NAME", help="split name of a pair or best-of-K set (train)")
    p.add_argument("--message", metavar="TEXT", help="the commit message")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Push, then say what went where (never the token)."""
    from judgebench.hub_push import push

    done = push(args.path, repo=args.repo, private=args.private, split=args.split, message=args.message)
    print(f"pushed {done.kind} ({len(done.files)} files) to {done.repo_type} {done.repo_id}: {done.url}")
    for name in done.files:
        print(f"  {name}")
    return 0
