"""`provision`: set up this laptop's vault from a council trust bundle."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cli.options import add_data_dir, add_nation, add_passphrase_stdin
from cli.passphrases import PassphraseSource
from services.clock import SystemClock
from services.errors import InvalidInput
from services.kdf_policy import enrolment_kdf
from services.paths import AppPaths
from services.provisioning import provision


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "provision",
        help="set up this laptop from the set-up file council IT gives (trust bundle)",
        description=(
            "Verifies the trust bundle's signature and expiry, creates the encrypted vault with "
            "its first (administrator) worker, and prints the fingerprints to read back to "
            "council IT. Asks for the new worker's passphrase."
        ),
    )
    parser.add_argument("--trust", type=Path, required=True, metavar="FILE")
    add_data_dir(parser, required=True)
    parser.add_argument("--worker", required=True, metavar="NAME", help="the first worker's name")
    add_nation(
        parser,
        required=True,
        help_text="the nation this laptop is used in: new cases open in it (each case can change)",
    )
    parser.add_argument(
        "--training",
        action="store_true",
        help=(
            "a training laptop for council IT's rehearsals and courses: every screen, document "
            "and export says TRAINING, and only such a vault takes `demo` cases"
        ),
    )
    add_passphrase_stdin(parser)
    parser.set_defaults(handler=_provision)


def _provision(args: argparse.Namespace) -> int:
    try:
        raw = args.trust.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"Cannot read the trust bundle {args.trust}: {exc.strerror}.") from exc
    passphrase = PassphraseSource(from_stdin=args.passphrase_stdin).ask(
        f"New passphrase for {args.worker}", confirm=True
    )
    report = provision(
        AppPaths(args.data_dir),
        raw,
        worker_name=args.worker,
        passphrase=passphrase,
        nation=args.nation,
        clock=SystemClock(),
        kdf=enrolment_kdf(),
        training=args.training,
    )
    if args.training:
        print("TRAINING vault: its cases and exports are marked as training.")
    print(f"Vault created in {args.data_dir} for worker {args.worker} ({report.worker_id}).")
    print(f"New cases open in: {report.nation}")
    print("Council keys as this device sees them (compare with council IT):")
    for name, value in report.council_fingerprints.items():
        print(f"  {name:<10} {value}")
    print(f"Device id:          {report.device_id}")
    print(
        f"Device check code (fingerprint): {report.device_fingerprint}"
        "  (read this back to council IT)"
    )
    return 0
