"""`council ...`: council IT's commands (create the key set and the trust bundle for devices)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cli import council_cases, matches, receive
from cli.options import add_passphrase_stdin
from cli.passphrases import PassphraseSource
from services.clock import SystemClock
from services.council import init_council


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "council", help="council IT: keys, trust bundles and the case store"
    )
    actions = parser.add_subparsers(dest="council_command", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init",
        help="create the council key set and a signed trust bundle for devices",
        description=(
            "Creates the root signing key, the import key (age X25519), the recovery key and the "
            "receipt key in DIR, each private key protected by a passphrase, and DIR/"
            "trust-bundle.json signed by the root key. Keep DIR offline."
        ),
    )
    init.add_argument("--out", type=Path, required=True, metavar="DIR", help="an empty folder")
    init.add_argument("--name", default="Council", help="the council's name as devices show it")
    init.add_argument("--valid-days", type=int, default=365, help="trust bundle lifetime")
    add_passphrase_stdin(init)
    init.set_defaults(handler=_init)
    receive.register_council_actions(actions)
    council_cases.register_council_actions(actions)
    matches.register_council_actions(actions)


def _init(args: argparse.Namespace) -> int:
    source = PassphraseSource(from_stdin=args.passphrase_stdin)
    passphrase = source.ask("Passphrase protecting the council private keys", confirm=True)
    report = init_council(
        args.out,
        council_name=args.name,
        passphrase=passphrase,
        clock=SystemClock(),
        valid_days=args.valid_days,
    )
    print(f"Council keys written to {args.out}")
    print(f"Trust bundle for devices: {report.trust_bundle}")
    print("Fingerprints to read out when a device is set up:")
    for name, value in report.fingerprints.items():
        print(f"  {name:<10} {value}")
    return 0
