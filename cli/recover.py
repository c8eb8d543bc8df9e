"""Council-assisted recovery: `recovery-request`, `apply-recovery` (laptop), `recover` (direct)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cli.options import add_data_dir, add_passphrase_stdin
from cli.passphrases import PassphraseSource
from services.clock import SystemClock
from services.kdf_policy import enrolment_kdf
from services.paths import AppPaths
from services.recovery import (
    answer_recovery,
    apply_recovery_answer,
    recover_worker,
    request_recovery,
)


def register(commands: Any) -> None:
    request = commands.add_parser(
        "recovery-request",
        help="a worker cannot unlock: write a recovery request file for council IT",
        description=(
            "For an existing worker, named exactly as the unlock screen shows. Asks for the "
            "worker's NEW passphrase (twice) and writes FILE for council IT, who answer it "
            "with `council answer-recovery`; then run `apply-recovery` with their answer and "
            "the same new passphrase. Read the printed check code to council IT on the phone."
        ),
    )
    add_data_dir(request, required=True)
    request.add_argument("--worker", required=True, metavar="NAME")
    request.add_argument("--out", type=Path, required=True, metavar="FILE")
    add_passphrase_stdin(request)
    request.set_defaults(handler=_request)

    apply = commands.add_parser(
        "apply-recovery",
        help="apply council IT's answer to this laptop's recovery request",
        description=(
            "Asks for the new passphrase chosen with `recovery-request`; afterwards the worker "
            "unlocks with it (same id and role, a new signing key; audited)."
        ),
    )
    add_data_dir(apply, required=True)
    apply.add_argument("answer", type=Path, metavar="ANSWER")
    add_passphrase_stdin(apply)
    apply.set_defaults(handler=_apply)

    parser = commands.add_parser(
        "recover",
        help="recovery with the council recovery key file itself (laptop brought to council IT)",
        description=(
            "Opens the vault with the council recovery key in FILE and gives an existing "
            "worker (named exactly) a new passphrase (audited). Prefer recovery-request: it "
            "keeps the recovery key off the laptop. Asks for the recovery key's passphrase, "
            "then the worker's new passphrase."
        ),
    )
    add_data_dir(parser, required=True)
    parser.add_argument("--recovery-key", type=Path, required=True, metavar="FILE")
    parser.add_argument("--worker", required=True, metavar="NAME")
    add_passphrase_stdin(parser)
    parser.set_defaults(handler=_recover)


def register_council_actions(actions: Any) -> None:
    """`council answer-recovery`, added to the `council` command's actions."""
    answer = actions.add_parser(
        "answer-recovery",
        help="answer a laptop's recovery request with the recovery key (on council IT's machine)",
        description=(
            "Prints the request's check code, vault and worker id: compare the code with the "
            "one the worker reads out before handing the answer over. Writes ANSWER (0600); "
            "it opens nothing without the new passphrase the worker chose. Asks for the "
            "recovery key's passphrase."
        ),
    )
    answer.add_argument("request", type=Path, metavar="REQUEST")
    answer.add_argument("--recovery-key", type=Path, required=True, metavar="FILE")
    answer.add_argument("--out", type=Path, required=True, metavar="ANSWER")
    add_passphrase_stdin(answer)
    answer.set_defaults(handler=_answer)


def _request(args: argparse.Namespace) -> int:
    new_passphrase = PassphraseSource(from_stdin=args.passphrase_stdin).ask(
        f"New passphrase for {args.worker}", confirm=True
    )
    written = request_recovery(
        AppPaths(args.data_dir),
        worker_name=args.worker,
        new_passphrase=new_passphrase,
        out=args.out,
        clock=SystemClock(),
        kdf=enrolment_kdf(),
    )
    print(f"Recovery request for {written.display_name} ({written.worker_id}): {written.path}")
    print(f"Check code (read it to council IT): {written.check_code}")
    return 0


def _answer(args: argparse.Namespace) -> int:
    key_passphrase = PassphraseSource(from_stdin=args.passphrase_stdin).ask(
        "Passphrase of the council recovery key"
    )
    seen = answer_recovery(
        args.request, recovery_key=args.recovery_key, key_passphrase=key_passphrase, out=args.out
    )
    request = seen.request
    print(f"Request from vault {request.vault_id}, worker {request.worker_id}, {request.created}")
    print(f"Check code: {seen.check_code}  (must match what the worker reads out)")
    print(f"Answer written to {args.out}")
    return 0


def _apply(args: argparse.Namespace) -> int:
    new_passphrase = PassphraseSource(from_stdin=args.passphrase_stdin).ask(
        "The new passphrase chosen for the request"
    )
    worker_id = apply_recovery_answer(
        AppPaths(args.data_dir),
        args.answer,
        new_passphrase=new_passphrase,
        clock=SystemClock(),
        kdf=enrolment_kdf(),
    )
    print(f"Recovered: worker {worker_id} can unlock with the new passphrase.")
    return 0


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
