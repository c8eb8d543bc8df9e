"""First Contact entry point: the desktop app by default, subcommands for IT and council staff."""

from __future__ import annotations

import sys

from services.process_hardening import configure_logging, harden_process


def main(argv: list[str] | None = None) -> int:
    """Run the app or a subcommand; return the process exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    harden_process()
    configure_logging()
    from cli.commands import is_subcommand, run_subcommand

    if args and is_subcommand(args[0]):
        return run_subcommand(args)
    if args and args[0] in ("-h", "--help"):
        return run_subcommand(args)
    # Imported late so that council IT can run subcommands on a machine without Qt's libraries.
    from ui.application import run_app

    return run_app(args)


def main_entry() -> None:
    """Console-script entry point."""
    raise SystemExit(main())


if __name__ == "__main__":
    raise SystemExit(main())
