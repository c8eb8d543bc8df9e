"""`receive` (council IT): verify bundles, archive them, write signed receipts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cli.options import add_keys, add_passphrase_stdin, add_store_option
from cli.passphrases import PassphraseSource
from services.council_cases import store_recorder
from services.practice_archive import make_practice_archive
from services.receiver import (
    CouncilSecrets,
    ReceiveOutcome,
    accept_late,
    age_identity_text,
    exit_codes_text,
    open_council_secrets,
    receive_many,
    reissue_receipt,
    restore_deleted,
)
from services.receiver_verify import verify_exit_codes_text, verify_only

RECEIVE_EPILOG = (
    "Each bundle is checked in full before anything reaches the archive; a refused bundle "
    "leaves the archive and the import ledger untouched, and never stops the other bundles. "
    "Receipts are written (atomically, synced) to ARCHIVE/receipts/<bundle id>.receipt.json "
    "before the bundle counts as imported; give them back to the device. Receiving a bundle "
    "that was already imported writes its receipt again (exit 4). Every receive first removes "
    "what a killed receive left in ARCHIVE/.staging and ARCHIVE/.incoming.\n\n"
    "Every received case revision is also recorded in the council case store (--store; by "
    "default ARCHIVE/council-store.duckdb) before its receipt is written, and ARCHIVE/index.csv "
    "maps FC references to case folders (docs/council-store.md).\n\n"
    "Exit codes (with several bundles, the first non-zero one):\n"
)


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "receive",
        help="council IT: verify and archive bundles from devices",
        description="Verifies each BUNDLE and archives its cases (one folder per case).",
        epilog=RECEIVE_EPILOG + exit_codes_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("bundles", type=Path, nargs="+", metavar="BUNDLE")
    add_keys(parser, "receiving", "receive")
    parser.add_argument("--archive", type=Path, required=True, metavar="DIR")
    add_store_option(parser)
    parser.add_argument(
        "--training",
        action="store_true",
        help="rehearsal: receive bundles from TRAINING laptops (practice cases) into a separate "
        "practice archive, which is marked as one and then refuses real bundles; without it, "
        "training bundles are refused (exit 35) so practice cases never meet real ones",
    )
    add_passphrase_stdin(parser)
    parser.set_defaults(handler=_receive)


def register_council_actions(actions: Any) -> None:
    """`council verify-bundle`, `accept-late`, `reissue-receipt`, `restore-deleted`,
    `age-identity`."""
    verify = actions.add_parser(
        "verify-bundle",
        help="check a bundle completely without archiving it (manual verification)",
        description=(
            "Runs every receiver check and prints the manifest entries with their SHA-256, so "
            "they can be compared with `age -d ... | tar -x` output. The replay checks need the "
            "import ledger: give --archive (read only); without it they are skipped and the "
            "output says so. Nothing is archived, recorded or written to disk."
        ),
        epilog="Exit codes:\n" + verify_exit_codes_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verify.add_argument("bundle", type=Path, metavar="BUNDLE")
    add_keys(verify, "receiving", "council verify-bundle")
    verify.add_argument(
        "--archive", type=Path, metavar="DIR", help="run the replay checks against its ledger"
    )
    add_passphrase_stdin(verify)
    verify.set_defaults(handler=_verify)

    late = actions.add_parser(
        "accept-late",
        help="import a bundle refused as older than the device's newest (after review)",
        description=(
            "For a bundle `receive` refused with exit 19 because a newer bundle from the same "
            "device was imported first (a stick delivered late). Every other check runs as in "
            "`receive`; a bundle already imported is never imported twice. The import is "
            "flagged late_accepted (exit 3) and logged with --reason in "
            "ARCHIVE/late-imports.jsonl."
        ),
        epilog="Exit codes (as for receive):\n" + exit_codes_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    late.add_argument("bundle", type=Path, metavar="BUNDLE")
    add_keys(late, "receiving", "council accept-late")
    late.add_argument("--archive", type=Path, required=True, metavar="DIR")
    late.add_argument(
        "--reason", required=True, metavar="TEXT", help="who reviewed it and why (audited)"
    )
    add_store_option(late)
    add_passphrase_stdin(late)
    late.set_defaults(handler=_accept_late)

    reissue = actions.add_parser(
        "reissue-receipt",
        help="write the receipt of an imported bundle again (lost or damaged receipt)",
        description=(
            "Writes ARCHIVE/receipts/BUNDLE_ID.receipt.json again from the signed manifest kept "
            "beside the bundle's cases (or kept by delete-case); the bundle file is not needed. "
            "The bundle must be in the import ledger and its cases in the archive, or deleted "
            "by `council delete-case` (the output names them, with when and by whom)."
        ),
        epilog=(
            "Exit codes: 4 receipt written; 19 not imported, or cases missing from the "
            "archive for another reason; 13/14/15/16 the kept manifest no longer verifies; "
            "24/25/26/27 the archive could not be written (full, permission, I/O error, "
            "another receive)."
        ),
    )
    reissue.add_argument("bundle_id", metavar="BUNDLE_ID")
    add_keys(reissue, "receiving", "council reissue-receipt")
    reissue.add_argument("--archive", type=Path, required=True, metavar="DIR")
    add_passphrase_stdin(reissue)
    reissue.set_defaults(handler=_reissue)

    restore = actions.add_parser(
        "restore-deleted",
        help="import again from its bundle a case deleted by mistake (audited)",
        description=(
            "For a case removed with `council delete-case` in error: give the bundle it came "
            "in (a device sending it again gets its receipt, and the output names the deleted "
            "cases). Every check of `receive` runs; only a bundle already imported that "
            "carried a deleted case is accepted. The case goes back into the archive and the "
            "store, and ARCHIVE/deletions.jsonl records who restored it, when and why."
        ),
        epilog="Exit codes (as for receive):\n" + exit_codes_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    restore.add_argument("bundle", type=Path, metavar="BUNDLE")
    add_keys(restore, "receiving", "council restore-deleted")
    restore.add_argument("--archive", type=Path, required=True, metavar="DIR")
    restore.add_argument("--reason", required=True, metavar="TEXT", help="why (audited)")
    restore.add_argument("--by", required=True, metavar="NAME", help="who restores it")
    add_store_option(restore)
    add_passphrase_stdin(restore)
    restore.set_defaults(handler=_restore_deleted)

    identity = actions.add_parser(
        "age-identity",
        help="print the council import key as an age identity (for `age -d -i`)",
        description=(
            "Writes the AGE-SECRET-KEY-1... line to standard output. Pipe it straight into age "
            "(age -d -i <(...)); never save it unencrypted."
        ),
    )
    add_keys(identity, "receiving", "council age-identity")
    add_passphrase_stdin(identity)
    identity.set_defaults(handler=_age_identity)


def _receive(args: argparse.Namespace) -> int:
    if args.training:
        make_practice_archive(args.archive)
    secrets = _secrets(args)
    with store_recorder(args.archive, args.store) as recorder:
        outcomes = receive_many(
            args.bundles,
            keys_dir=args.keys,
            archive_dir=args.archive,
            secrets=secrets,
            index=recorder,
        )
    code = 0
    for outcome in outcomes:
        _print_outcome(outcome)
        code = code or outcome.exit_code
    return code


def _print_outcome(outcome: ReceiveOutcome) -> None:
    stream = sys.stdout if outcome.exit_code in (0, 3, 4) else sys.stderr
    print(f"{outcome.bundle.name}: {outcome.message}", file=stream)
    if outcome.receipt is not None:
        print(f"  receipt: {outcome.receipt}", file=stream)


_IMPORT_KEY_PROMPT = "Passphrase of the council import key (the council key passphrase)"


def _council_passphrase(args: argparse.Namespace) -> str:
    return PassphraseSource(from_stdin=args.passphrase_stdin).ask(_IMPORT_KEY_PROMPT)


def _secrets(args: argparse.Namespace) -> CouncilSecrets:
    """The import key's passphrase first; the receipt key's is asked only if it differs."""
    source = PassphraseSource(from_stdin=args.passphrase_stdin)
    return open_council_secrets(args.keys, source.ask(_IMPORT_KEY_PROMPT), ask=source.ask)


def _verify(args: argparse.Namespace) -> int:
    secrets = _secrets(args)
    outcome = verify_only(
        args.bundle, keys_dir=args.keys, secrets=secrets, archive_dir=args.archive
    )
    print(outcome.message, file=sys.stdout if outcome.exit_code == 0 else sys.stderr)
    return outcome.exit_code


def _accept_late(args: argparse.Namespace) -> int:
    secrets = _secrets(args)
    with store_recorder(args.archive, args.store) as recorder:
        outcome = accept_late(
            args.bundle,
            keys_dir=args.keys,
            archive_dir=args.archive,
            secrets=secrets,
            reason=args.reason,
            index=recorder,
        )
    _print_outcome(outcome)
    return outcome.exit_code


def _restore_deleted(args: argparse.Namespace) -> int:
    secrets = _secrets(args)
    with store_recorder(args.archive, args.store) as recorder:
        outcome = restore_deleted(
            args.bundle,
            keys_dir=args.keys,
            archive_dir=args.archive,
            secrets=secrets,
            reason=args.reason,
            by=args.by,
            index=recorder,
        )
    _print_outcome(outcome)
    return outcome.exit_code


def _reissue(args: argparse.Namespace) -> int:
    secrets = _secrets(args)
    outcome = reissue_receipt(
        args.bundle_id, keys_dir=args.keys, archive_dir=args.archive, secrets=secrets
    )
    print(outcome.message, file=sys.stdout if outcome.receipt is not None else sys.stderr)
    return outcome.exit_code


def _age_identity(args: argparse.Namespace) -> int:
    print(age_identity_text(args.keys, _council_passphrase(args)))
    return 0
