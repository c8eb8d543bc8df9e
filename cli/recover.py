"""`recover`: council-assisted recovery of a worker who cannot unlock."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cli.options import add_data_dir, add_passphrase_stdin
from cli.passphrases import PassphraseSource
from services.clock import SystemClock
from services.kdf_policy import enrolment_kdf
from services.paths import AppPaths
from services.recovery import recover_worker


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "recover",
        help="council-assisted recovery: enrol a new passphrase using the recovery key",
        description=(
            "Opens the vault with the council's recovery key and enrols a new passphrase slot "
            "for the worker (audited). Asks for the recovery key's passphrase, then the "
            "worker's new passphrase."
        ),
    )
    add_data_dir(parser, required=True)
    parser.add_argument("--recovery-key", type=Path, required=True, metavar="FILE")
    parser.add_argument("--worker", required=True, metavar="NAME")
    add_passphrase_stdin(parser)
    parser.set_defaults(handler=_recover)


def _recover(args: argparse.Namespace) -> int:
    source = PassphraseSource(from_stdin=args.passphrase_stdin)
    key_passphrase = source.ask("Passphrase of the council recovery key")
    new_passphrase = source.ask(f"New passphrase for {args.worker}", confirm=True)
    worker_id = recover_worker(
        AppPaths(args.data_dir),
        recovery_key=args.recovery_key,
        key_passphrase=key_passphrase,
        worker_name=args.worker,
        new_passphrase=new_passphrase,
        clock=SystemClock(),
        kdf=enrolment_kdf(),
    )
    print(f"Recovered: {args.worker} ({worker_id}) can unlock with the new passphrase.")
    return 0
