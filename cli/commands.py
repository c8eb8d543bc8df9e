"""The command line: parses `python main.py <command> ...` and dispatches to one module each."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from cli import audit, bench, council, demo, export, provision, receive, recover, trust
from services.errors import ServiceError
from services.program import program_name

Handler = Callable[[argparse.Namespace], int]

# Libraries only the council's own tools use (record matching, the PostgreSQL store): the
# one-folder build (packaging/first-contact.spec) excludes them.
COUNCIL_ONLY_MODULES = frozenset(
    {"splink", "pandas", "numpy", "sqlalchemy", "sqlglot", "altair", "igraph", "jinja2", "psycopg"}
)

EPILOG = """\
With no command, the desktop app starts (options: --data-dir DIR, --training);
--self-test checks the installation (resources, screens, a rendered pack) and exits.
Every command that needs a passphrase prompts on the terminal, or reads one line per
passphrase from standard input with --passphrase-stdin, in the order the command asks.
Exit code 0 on success; non-zero with a one-line reason on standard error otherwise."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=program_name(),
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
    except ModuleNotFoundError as exc:
        if exc.name is None or exc.name.split(".")[0] not in COUNCIL_ONLY_MODULES:
            raise
        # The laptop build leaves the council's matching and store libraries out on purpose.
        print(
            f"error: `{args.command}` is part of the council tools and needs {exc.name}, which "
            "this installation does not include; run it where the council tools are installed",
            file=sys.stderr,
        )
        return 2
    except ServiceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; nothing further was done", file=sys.stderr)
        return 130
