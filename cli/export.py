"""`export`, `import-receipt`, `device-info`: the device side of the hand-over to council IT."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cli.options import add_data_dir, add_passphrase_stdin
from cli.passphrases import PassphraseSource
from services.clock import SystemClock
from services.device_identity import device_identity
from services.export import (
    DEFAULT_DISCLOSURE_TO,
    DEFAULT_DISCLOSURE_WHY,
    ExportFailed,
    describe,
    export_cases,
    plan_export,
)
from services.paths import AppPaths
from services.receipts import import_receipt, read_receipt_file
from services.retention import purge_due
from services.session import Session, find_worker_id, unlock


def register(commands: Any) -> None:
    export = commands.add_parser(
        "export",
        help="write every finalised, not yet exported case into one encrypted export file",
        description=(
            "Unlocks as --worker and writes one signed bundle, encrypted to the council import "
            "key(s) pinned on this laptop, into FOLDER (a USB stick). The cases become "
            "'exported, awaiting receipt'. On any failure nothing is left in FOLDER and no "
            "case changes."
        ),
    )
    add_data_dir(export)
    export.add_argument("--worker", required=True, metavar="NAME")
    export.add_argument("--out", type=Path, required=True, metavar="FOLDER")
    export.add_argument(
        "--disclosure-to",
        default=DEFAULT_DISCLOSURE_TO,
        metavar="TEXT",
        help="who the export is for, as written in each case's disclosure log",
    )
    export.add_argument(
        "--disclosure-why",
        default=DEFAULT_DISCLOSURE_WHY,
        metavar="TEXT",
        help="why it is shared, as written in each case's disclosure log",
    )
    add_passphrase_stdin(export)
    export.set_defaults(handler=_export)

    receipt = commands.add_parser(
        "import-receipt",
        help="apply a council receipt: the cases it names become 'receipt confirmed'",
        description=(
            "Verifies RECEIPT against the council receipt key pinned on this laptop, marks the "
            "exported cases it acknowledges as confirmed, then purges confirmed cases older "
            "than the retention period."
        ),
    )
    add_data_dir(receipt)
    receipt.add_argument("--worker", required=True, metavar="NAME")
    receipt.add_argument("receipt", type=Path, metavar="RECEIPT")
    add_passphrase_stdin(receipt)
    receipt.set_defaults(handler=_import_receipt)

    info = commands.add_parser(
        "device-info",
        help="print this laptop's device id and check code (key fingerprint) for council IT",
    )
    add_data_dir(info)
    info.add_argument("--worker", required=True, metavar="NAME")
    add_passphrase_stdin(info)
    info.set_defaults(handler=_device_info)


def _session(args: argparse.Namespace) -> Session:
    paths = AppPaths(args.data_dir)
    passphrase = PassphraseSource(from_stdin=args.passphrase_stdin).ask(
        f"Passphrase for {args.worker}"
    )
    return unlock(paths, find_worker_id(paths, args.worker), passphrase, clock=SystemClock())


def _export(args: argparse.Namespace) -> int:
    clock = SystemClock()
    session = _session(args)
    try:
        # Planning refuses an unusable trust bundle with the same exit code (30) as the export.
        try:
            print(describe(plan_export(session, clock=clock)))
            result = export_cases(
                session,
                args.out,
                clock=clock,
                disclosure_to=args.disclosure_to,
                disclosure_why=args.disclosure_why,
            )
        except ExportFailed as exc:
            print(f"error: {exc}", file=sys.stderr)
            return exc.exit_code
    finally:
        session.lock()
    print(f"Wrote {result.path} ({result.size} bytes, {len(result.case_ids)} case(s)).")
    print("Hand the stick to council IT; import their receipt with `import-receipt`.")
    return 0


def _import_receipt(args: argparse.Namespace) -> int:
    clock = SystemClock()
    data = read_receipt_file(args.receipt)
    session = _session(args)
    try:
        applied = import_receipt(session, data, clock=clock)
        purged = purge_due(session, clock=clock)
    finally:
        session.lock()
    print(f"Receipt for export {applied.bundle_id}: {len(applied.confirmed)} case(s) confirmed.")
    if applied.unchanged:
        print(f"{len(applied.unchanged)} case(s) named in the export were not changed.")
    if purged.purged:
        print(f"{len(purged.purged)} case(s) past the retention period were purged.")
    return 0


def _device_info(args: argparse.Namespace) -> int:
    session = _session(args)
    try:
        me = device_identity(session.vault)
    finally:
        session.lock()
    print(f"Device id:          {me.device_id}")
    print(f"Device check code (fingerprint): {me.fingerprint}")
    if me.training:
        print("This is TRAINING mode: its export files are marked TRAINING.")
    return 0
