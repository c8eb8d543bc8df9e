"""One whole import, as `main.py receive` runs it: verify, commit, sign and store a receipt,
and only then record the bundle in the ledger."""

from __future__ import annotations

import secrets
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from bundles.archive import CommitOutcome, RecordRevision, commit_to_archive
from bundles.archive_kind import is_training_archive
from bundles.deletions import Deletion, log_event
from bundles.errors import EXIT_FLAGGED, EXIT_OK, EXIT_RECEIPT_REISSUED, ReplayRejected
from bundles.import_ledger import FLAG_LATE_ACCEPTED, AlreadyImported, DeviceHead, ImportLedger
from bundles.late_log import log_late_import
from bundles.manifest import Manifest
from bundles.reader import VerifiedBundle, read_bundle
from bundles.receipt_store import deleted_cases, receipt_again, revisions_of, write_receipt
from bundles.receipts import make_receipt
from bundles.trust_checks import SUPPORTED_SCHEMA_VERSIONS
from bundles.work_folders import INCOMING, STAGING, clear_stale_work, receive_lock
from bundles.write_errors import classified
from crypto.encoding import format_utc

RECEIPTS = "receipts"


class CaseIndex(Protocol):
    """The council case store's side of an import (services/council_cases.StoreRecorder):
    `repair` finishes what an interrupted import left, `begin` notes the revisions about to
    be committed, `committed` records them once they are in the archive (before the receipt).
    Each raises a BundleError if the store cannot follow."""

    def repair(self) -> None: ...

    def begin(self, revisions: Sequence[RecordRevision]) -> None: ...

    def committed(self, outcome: CommitOutcome) -> None: ...


@dataclass(frozen=True)
class Restore:
    """`council restore-deleted`: who brings deleted cases back from their bundle, and why."""

    by: str
    reason: str


class _Restoring:
    """The ledger as restore-deleted reads a bundle through it: a bundle it has imported is
    let through again (its deleted cases are what is wanted), one it has not is refused."""

    def __init__(self, ledger: ImportLedger) -> None:
        self._ledger = ledger

    def head(self, device_id: str) -> DeviceHead | None:
        return self._ledger.head(device_id)

    def seen_bundle(self, bundle_id: str) -> bool:
        if not self._ledger.seen_bundle(bundle_id):
            raise ReplayRejected(
                "This bundle was never imported, so none of its cases was deleted; receive it "
                "with `receive` instead."
            )
        return False

    def seen_file(self, file_sha256: str) -> bool:
        return False

    def record(self, manifest: Manifest, manifest_sha256: str, file_sha256: str) -> None:
        self._ledger.record(manifest, manifest_sha256, file_sha256)


@dataclass(frozen=True)
class Received:
    """The outcome of a successful import; `flags` non-empty means a person must look.
    `reissued`: the bundle had been imported before and only its receipt was written again."""

    manifest: Manifest
    manifest_sha256: str
    file_sha256: str
    outcome: CommitOutcome
    flags: tuple[str, ...]
    receipt: bytes
    receipt_path: Path
    reissued: bool = False
    stale_removed: int = 0
    deleted: tuple[Deletion, ...] = ()  # reissued: its cases a person deleted since import
    restored: tuple[Deletion, ...] = ()  # restore-deleted: the cases imported again

    @property
    def exit_code(self) -> int:
        if self.reissued:
            return EXIT_RECEIPT_REISSUED
        return EXIT_FLAGGED if self.flags else EXIT_OK


def receive_bundle(
    path: Path,
    *,
    identities: Sequence[str],
    enrolled_devices: Mapping[str, str],
    ledger: ImportLedger,
    archive_dir: Path,
    receipt_sk: bytes,
    supported_schema_versions: Collection[int] = SUPPORTED_SCHEMA_VERSIONS,
    now: datetime | None = None,
    late_reason: str | None = None,
    index: CaseIndex | None = None,
    restore: Restore | None = None,
) -> Received:
    """Import one bundle into `archive_dir`; raises a BundleError (see errors.py for the
    exit code) and leaves the archive and the ledger untouched if it is refused.

    Order, so that a crash at any point loses nothing: the archive commit, then the receipt
    (atomic, fsynced), then the ledger. A crash before the ledger means the bundle imports
    again idempotently; once the ledger has it, its receipt is already on disk, and receiving
    it again writes that receipt again (exit 4).

    `late_reason` (council accept-late) lets a bundle older than the device's newest one in,
    flagged late_accepted and logged with the reason in <archive>/late-imports.jsonl.

    `index` (the council case store) records the committed revisions in the same step: a
    case is in the archive and the store, or a marker makes the next import complete it.

    A bundle already imported gets its receipt again, even when a person has deleted some of
    its cases since (`deleted` lists them; they are not imported again). `restore` (council
    restore-deleted) imports such a bundle again for its deleted cases, logged in
    deletions.jsonl as restored, by whom and why.
    """
    receipts_dir = archive_dir / RECEIPTS
    with receive_lock(archive_dir):
        stale = clear_stale_work(archive_dir)
        if index is not None:
            index.repair()
        try:
            result = read_bundle(
                path,
                identities=identities,
                enrolled_devices=enrolled_devices,
                ledger=ledger if restore is None else _Restoring(ledger),
                staging_dir=archive_dir / STAGING,
                incoming_dir=archive_dir / INCOMING / secrets.token_hex(8),
                supported_schema_versions=supported_schema_versions,
                now=now,
                accept_late=late_reason is not None or restore is not None,
                training_archive=is_training_archive(archive_dir),
            )
        except AlreadyImported as seen:
            target = receipt_again(
                archive_dir=archive_dir,
                receipts_dir=receipts_dir,
                manifest=seen.manifest,
                manifest_sha256=seen.manifest_sha256,
                receipt_sk=receipt_sk,
                now=now,
            )
            records = revisions_of(seen.manifest)
            return Received(
                manifest=seen.manifest,
                manifest_sha256=seen.manifest_sha256,
                file_sha256="",
                outcome=CommitOutcome((), records, ()),
                flags=(),
                receipt=target.read_bytes(),
                receipt_path=target,
                reissued=True,
                stale_removed=stale,
                deleted=deleted_cases(archive_dir, seen.manifest),
            )
        if restore is not None:
            return _restore(result, archive_dir, receipts_dir, receipt_sk, index, restore, now)
        if index is not None:
            index.begin(revisions_of(result.manifest))
        outcome = commit_to_archive(result, archive_dir)
        if index is not None:
            index.committed(outcome)
        receipt = make_receipt(
            receipt_sk,
            bundle_id=result.manifest.bundle_id,
            device_id=result.manifest.device_id,
            device_seq=result.manifest.device_seq,
            manifest_sha256=result.manifest_sha256,
            records=outcome.received,
            now=now,
        )
        target = write_receipt(receipts_dir, result.manifest.bundle_id, receipt)
        if FLAG_LATE_ACCEPTED in result.flags:
            log_late_import(archive_dir, result.manifest, late_reason or "", now=now)
        with classified("recording the bundle in the import ledger"):
            ledger.record(result.manifest, result.manifest_sha256, result.file_sha256)
    return Received(
        manifest=result.manifest,
        manifest_sha256=result.manifest_sha256,
        file_sha256=result.file_sha256,
        outcome=outcome,
        flags=result.flags,
        receipt=receipt,
        receipt_path=target,
        stale_removed=stale,
    )


def _restore(
    result: VerifiedBundle,
    archive_dir: Path,
    receipts_dir: Path,
    receipt_sk: bytes,
    index: CaseIndex | None,
    restore: Restore,
    now: datetime | None,
) -> Received:
    """The deleted cases of an imported bundle back into the archive (and the store): the
    revisions still there are committed again unchanged; the receipt is the one on file."""
    gone = deleted_cases(archive_dir, result.manifest)
    if not gone:
        clear_stale_work(archive_dir)  # what read_bundle staged (we hold the receive lock)
        raise ReplayRejected(
            "None of this bundle's cases is recorded as deleted in deletions.jsonl; nothing to "
            "restore. `receive` writes its receipt again."
        )
    if index is not None:
        index.begin(revisions_of(result.manifest))
    outcome = commit_to_archive(result, archive_dir)
    if index is not None:
        index.committed(outcome)
    at = format_utc(now or datetime.now(UTC))
    with classified("writing the deletion log"):
        for case in gone:
            log_event(archive_dir, {"event": "restored", "at": at, "case_id": case.case_id,
                                    "bundle_id": result.manifest.bundle_id, "by": restore.by,
                                    "reason": restore.reason})  # fmt: skip
    target = receipt_again(
        archive_dir=archive_dir,
        receipts_dir=receipts_dir,
        manifest=result.manifest,
        manifest_sha256=result.manifest_sha256,
        receipt_sk=receipt_sk,
        now=now,
    )
    return Received(
        manifest=result.manifest,
        manifest_sha256=result.manifest_sha256,
        file_sha256=result.file_sha256,
        outcome=outcome,
        flags=(),
        receipt=target.read_bytes(),
        receipt_path=target,
        restored=gone,
    )
