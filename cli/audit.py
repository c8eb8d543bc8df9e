"""`audit verify`: check that the vault's audit trail is an unbroken hash chain."""

from __future__ import annotations

import argparse
from typing import Any

from cli.options import add_data_dir, add_passphrase_stdin
from cli.passphrases import PassphraseSource
from services.audit_trail import verify_audit_trail
from services.clock import SystemClock
from services.paths import AppPaths
from services.session import find_worker_id, unlock


def register(commands: Any) -> None:
    parser = commands.add_parser("audit", help="check the vault's audit trail")
    actions = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = actions.add_parser(
        "verify",
        help="recompute the audit hash chain and report the first broken entry, if any",
        description="Unlocks as --worker and checks every link of the audit trail.",
    )
    add_data_dir(verify)
    verify.add_argument("--worker", required=True, metavar="NAME")
    add_passphrase_stdin(verify)
    verify.set_defaults(handler=_verify)


def _verify(args: argparse.Namespace) -> int:
    paths = AppPaths(args.data_dir)
    passphrase = PassphraseSource(from_stdin=args.passphrase_stdin).ask(
        f"Passphrase for {args.worker}"
    )
    session = unlock(paths, find_worker_id(paths, args.worker), passphrase, clock=SystemClock())
    try:
        check = verify_audit_trail(session)
    finally:
        session.lock()
    print(f"Audit trail intact: {check.entries} entries, head {check.head_hash[:16]}.")
    return 0
