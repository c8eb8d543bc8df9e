"""`demo`: a vault filled with fictional cases, for evaluation and benchmarks."""

from __future__ import annotations

import argparse
from typing import Any

from cli.options import add_data_dir, add_nation, add_passphrase_stdin
from cli.passphrases import PassphraseSource
from services.clock import SystemClock
from services.demo import fill_demo, finalise_demo_cases
from services.errors import InvalidInput
from services.kdf_policy import enrolment_kdf
from services.paths import AppPaths
from services.session import find_worker_id, unlock
from services.training import provision_training


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "demo",
        help="fill a vault with fictional cases (creates a training vault if there is none)",
        description=(
            "Adds N fictional cases (the fixture people, then generated people in the same "
            "scripts). With no vault in DIR, first creates a TRAINING vault for --worker. "
            "Asks for that worker's passphrase."
        ),
    )
    add_data_dir(parser, required=True)
    parser.add_argument("--cases", type=int, default=50, metavar="N")
    parser.add_argument(
        "--finalised",
        type=int,
        default=5,
        metavar="N",
        help="sign off N ready cases as 'Demo Supervisor' (same passphrase) to try export",
    )
    parser.add_argument("--worker", default="Demo Worker", metavar="NAME")
    parser.add_argument(
        "--recorded-again",
        action="store_true",
        help="the same fictional people as a second worker elsewhere would record them "
        "(other spellings, names in another order, the age a year off, "
        "for example): fill a second training laptop with this to rehearse the "
        "council's possible-match check",
    )
    add_nation(
        parser,
        required=False,
        help_text="the nation of the fictional cases (needed when a training vault is created; "
        "otherwise the vault's own nation)",
    )
    add_passphrase_stdin(parser)
    parser.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> int:
    paths = AppPaths(args.data_dir)
    clock = SystemClock()
    if args.nation is None and not paths.is_provisioned():
        raise InvalidInput("Give --nation: the nation the training vault and its cases are in.")
    passphrase = PassphraseSource(from_stdin=args.passphrase_stdin).ask(
        f"Passphrase for {args.worker}", confirm=not paths.is_provisioned()
    )
    if not paths.is_provisioned():
        provision_training(
            paths,
            worker_name=args.worker,
            passphrase=passphrase,
            nation=args.nation,
            clock=clock,
            kdf=enrolment_kdf(),
        )
        print(f"Created a TRAINING vault in {args.data_dir} for {args.worker} ({args.nation}).")
    session = unlock(paths, find_worker_id(paths, args.worker), passphrase, clock=clock)
    try:
        added = fill_demo(
            session, args.cases, clock=clock, nation=args.nation, again=args.recorded_again
        )
        finalised = finalise_demo_cases(
            session, args.finalised, supervisor_passphrase=passphrase, clock=clock
        )
    finally:
        session.lock()
    print(f"Added {added} fictional cases; {finalised} finalised, ready to export.")
    return 0
