"""First Contact entry point: the desktop app by default, subcommands for IT and council staff."""

from __future__ import annotations

import sys

from services.process_hardening import configure_logging, harden_process


def main(argv: list[str] | None = None) -> int:
    """Run the app or a subcommand; return the process exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    harden_process()
    configure_logging()
    # A first word that is not an option names a command (council IT and benchmarks); the app
    # itself takes only options. Each side is imported only when needed: the command line
    # then runs on a machine without Qt's libraries, and the app starts without loading every
    # command's dependencies.
    if args and (not args[0].startswith("-") or args[0] in ("-h", "--help")):
        from cli.commands import run_subcommand

        return run_subcommand(args)
    if "--self-test" in args:
        # The installation's own check (ui/self_test.py): offscreen, needs no display.
        from ui.self_test import run_self_test

        return run_self_test()
    from ui.application import run_app

    return run_app(args)


def main_entry() -> None:
    """Console-script entry point."""
    raise SystemExit(main())


if __name__ == "__main__":
    raise SystemExit(main())
