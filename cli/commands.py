"""The command line: parses `python main.py <command> ...` and dispatches to one module each."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from cli import audit, bench, council, demo, export, provision, receive, recover, trust
from services.errors import ServiceError

Handler = Callable[[argparse.Namespace], int]

EPILOG = """\
With no command, the desktop app starts (options: --data-dir DIR, --training).
Every command that needs a passphrase prompts on the terminal, or reads one line per
passphrase from standard input with --passphrase-stdin, in the order the command asks.
Exit code 0 on success; non-zero with a one-line reason on standard error otherwise."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="First Contact: offline, encrypted first-contact assessments.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (council, provision, trust, recover, demo, audit, bench, export, receive):
        module.register(commands)
    return parser


def run_subcommand(argv: list[str]) -> int:
    """Run one command; print a one-line reason and return non-zero on failure."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return handler(args)
    except ServiceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; nothing further was done", file=sys.stderr)
        return 130
