"""One whole import, as `main.py receive` runs it: verify, commit, record, sign a receipt."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bundles.archive import CommitOutcome, commit_to_archive
from bundles.errors import EXIT_FLAGGED, EXIT_OK
from bundles.import_ledger import ImportLedger
from bundles.manifest import Manifest
from bundles.reader import read_bundle
from bundles.receipts import make_receipt
from bundles.trust_checks import SUPPORTED_SCHEMA_VERSIONS

STAGING = ".staging"


@dataclass(frozen=True)
class Received:
    """The outcome of a successful import; `flags` non-empty means a person must look."""

    manifest: Manifest
    manifest_sha256: str
    file_sha256: str
    outcome: CommitOutcome
    flags: tuple[str, ...]
    receipt: bytes

    @property
    def exit_code(self) -> int:
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
) -> Received:
    """Import one bundle into `archive_dir`; raises a BundleError (see errors.py for the
    exit code) and leaves the archive and the ledger untouched if it is refused.

    The ledger is written after the archive, so a crash in between only means the same
    bundle imports again later, idempotently.
    """
    result = read_bundle(
        path,
        identities=identities,
        enrolled_devices=enrolled_devices,
        ledger=ledger,
        staging_dir=archive_dir / STAGING,
        supported_schema_versions=supported_schema_versions,
        now=now,
    )
    outcome = commit_to_archive(result, archive_dir)
    ledger.record(result.manifest, result.manifest_sha256, result.file_sha256)
    receipt = make_receipt(
        receipt_sk,
        bundle_id=result.manifest.bundle_id,
        device_id=result.manifest.device_id,
        device_seq=result.manifest.device_seq,
        manifest_sha256=result.manifest_sha256,
        records=outcome.received,
        now=now,
    )
    return Received(
        manifest=result.manifest,
        manifest_sha256=result.manifest_sha256,
        file_sha256=result.file_sha256,
        outcome=outcome,
        flags=result.flags,
        receipt=receipt,
    )
