"""Receipts on the council side: written atomically and durably before a bundle counts as
imported, and made again for a bundle already imported (a lost or damaged receipt)."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from bundles.archive import CONFLICTS, PROVENANCE, RecordRevision, revision_folder
from bundles.deletions import Deletion, kept_manifest, read_deletions
from bundles.entries import RECORD
from bundles.errors import ReceiptInvalid, ReplayRejected
from bundles.import_ledger import ImportLedger
from bundles.manifest import MANIFEST_NAME, SIGNATURE_NAME, Manifest
from bundles.receipts import make_receipt, verify_receipt
from bundles.trust_checks import verify_provenance
from bundles.write_errors import classified
from crypto.atomic_file import fsync_folder, write_atomic
from crypto.signing import public_key_of

RECEIPT_SUFFIX = ".receipt.json"


def receipt_file(receipts_dir: Path, bundle_id: str) -> Path:
    """<receipts>/<bundle id>.receipt.json (the id is 32 hex digits, checked by the manifest)."""
    return receipts_dir / f"{bundle_id}{RECEIPT_SUFFIX}"


def revisions_of(manifest: Manifest) -> tuple[RecordRevision, ...]:
    """Every case revision a bundle carries, in manifest order (what its receipt lists)."""
    return tuple(dict.fromkeys((e.record_id, e.revision) for e in manifest.entries))


def write_receipt(receipts_dir: Path, bundle_id: str, data: bytes) -> Path:
    """Write a receipt so that a crash leaves the old file or the whole new one, on disk."""
    target = receipt_file(receipts_dir, bundle_id)
    with classified("writing the receipt"):
        if not receipts_dir.is_dir():
            receipts_dir.mkdir(mode=0o700, exist_ok=True)
            fsync_folder(receipts_dir.parent)
        write_atomic(target, data)
    return target


def _missing(archive_dir: Path, manifest: Manifest) -> set[str]:
    """The case ids of record entries whose bytes the archive does not hold (in their own
    folder or as a conflict)."""
    missing: set[str] = set()
    for entry in manifest.entries:
        if entry.kind != RECORD:
            continue
        folders = (
            revision_folder(archive_dir, entry.record_id, entry.revision),
            archive_dir
            / CONFLICTS
            / entry.record_id
            / f"rev-{entry.revision}-{manifest.bundle_id}",
        )
        if not any(_holds(folder / "record.json", entry.sha256) for folder in folders):
            missing.add(entry.record_id)
    return missing


def deleted_cases(archive_dir: Path, manifest: Manifest) -> tuple[Deletion, ...]:
    """The bundle's cases the archive lacks because a person deleted them (deletions.jsonl)."""
    deleted = read_deletions(archive_dir)
    missing = _missing(archive_dir, manifest)
    return tuple(deleted[c] for c in sorted(missing) if c in deleted)


def _holds(path: Path, sha256: str) -> bool:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    except OSError:
        return False


def receipt_again(
    *,
    archive_dir: Path,
    receipts_dir: Path,
    manifest: Manifest,
    manifest_sha256: str,
    receipt_sk: bytes,
    now: datetime | None = None,
) -> Path:
    """The receipt of a bundle already imported: the one on file if it is intact, otherwise a
    new one, acknowledging what it acknowledged at import (every revision the bundle carried).
    A case a person deleted since (council delete-case, in deletions.jsonl) does not stop it:
    the council did receive it (deleted_cases says which). ReplayRejected if the archive lacks
    a revision for any other reason."""
    unexplained = _missing(archive_dir, manifest) - set(read_deletions(archive_dir))
    if unexplained:
        raise ReplayRejected(
            "This bundle was already imported, but the archive no longer holds all of its cases; "
            "no receipt was issued. Restore the archive, then run receive again."
        )
    target = receipt_file(receipts_dir, manifest.bundle_id)
    with contextlib.suppress(OSError, ReceiptInvalid):
        kept = verify_receipt(target.read_bytes(), public_key_of(receipt_sk))
        if kept.manifest_sha256 == manifest_sha256 and kept.records == revisions_of(manifest):
            return target
    receipt = make_receipt(
        receipt_sk,
        bundle_id=manifest.bundle_id,
        device_id=manifest.device_id,
        device_seq=manifest.device_seq,
        manifest_sha256=manifest_sha256,
        records=revisions_of(manifest),
        now=now,
    )
    return write_receipt(receipts_dir, manifest.bundle_id, receipt)


def reissue_from_archive(
    *,
    archive_dir: Path,
    receipts_dir: Path,
    bundle_id: str,
    ledger: ImportLedger,
    enrolled_devices: Mapping[str, str],
    receipt_sk: bytes,
    now: datetime | None = None,
) -> tuple[Path, tuple[Deletion, ...]]:
    """Re-issue the receipt of an imported bundle from the signed manifest kept beside its
    cases (<case>/rev-<n>/bundle/manifest.json), or kept by delete-case when every case of
    the bundle was deleted, without the bundle file. Returns the receipt and the bundle's
    cases a person deleted since import."""
    if not ledger.seen_bundle(bundle_id):
        raise ReplayRejected(
            f"Bundle {bundle_id} is not in the import ledger; there is no receipt to re-issue. "
            "Receive the bundle instead."
        )
    needle = f'"bundle_id":"{bundle_id}"'.encode()
    kept = itertools.chain(
        archive_dir.glob(f"*/rev-*/{PROVENANCE}/{MANIFEST_NAME}"),
        archive_dir.glob(f"{CONFLICTS}/*/rev-*-{bundle_id}/{PROVENANCE}/{MANIFEST_NAME}"),
        # Every case of the bundle deleted: the manifest delete-case kept (bundles/deletions).
        filter(None, [kept_manifest(archive_dir, bundle_id)]),
    )
    for provenance in kept:
        try:
            manifest_bytes = provenance.read_bytes()
            signature = (provenance.parent / SIGNATURE_NAME).read_bytes()
        except OSError:
            continue
        if needle not in manifest_bytes:
            continue
        manifest = verify_provenance(manifest_bytes, signature, enrolled_devices)
        target = receipt_again(
            archive_dir=archive_dir,
            receipts_dir=receipts_dir,
            manifest=manifest,
            manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest(),
            receipt_sk=receipt_sk,
            now=now,
        )
        return target, deleted_cases(archive_dir, manifest)
    raise ReplayRejected(
        f"No case in the archive came from bundle {bundle_id}; no receipt was issued. Check "
        "the bundle id (the receipt file's name) and the --archive folder."
    )
