"""`apply-trust`: pin a renewed or rotated council trust bundle on this laptop."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cli.options import add_data_dir, add_passphrase_stdin
from cli.passphrases import PassphraseSource
from services.clock import SystemClock
from services.paths import AppPaths
from services.session import find_worker_id, unlock
from services.trust_expiry import trust_expiry
from services.trust_update import read_trust_file, update_trust


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "apply-trust",
        help="apply a trust update from council IT (renewal or key rotation)",
        description=(
            "Verifies FILE against the council root pinned on this laptop (same root, or one "
            "the pinned root cross-signed; a higher version) and pins it. Works after the "
            "pinned bundle expired. Needs an administrator's passphrase."
        ),
    )
    add_data_dir(parser)
    parser.add_argument("--worker", required=True, metavar="NAME", help="an administrator")
    parser.add_argument("trust", type=Path, metavar="FILE")
    add_passphrase_stdin(parser)
    parser.set_defaults(handler=_apply)


def _apply(args: argparse.Namespace) -> int:
    clock = SystemClock()
    raw = read_trust_file(args.trust)
    paths = AppPaths(args.data_dir)
    passphrase = PassphraseSource(from_stdin=args.passphrase_stdin).ask(
        f"Passphrase for {args.worker}"
    )
    session = unlock(paths, find_worker_id(paths, args.worker), passphrase, clock=clock)
    try:
        bundle = update_trust(session, raw, clock=clock)
        state = trust_expiry(session.vault, clock)
    finally:
        session.lock()
    print(f"Trust bundle version {bundle.version} applied; valid until {bundle.expires}.")
    if state.warning:
        print(f"warning: {state.warning}")
    return 0
