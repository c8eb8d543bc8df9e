"""The council case store, kept in step with the archive: what `receive` records, what
`council index` rebuilds, `council delete-case` removes, and the reference index file.

The archive folders are the source of truth. `receive` records each bundle's revisions in the
store right after the archive commit and before the receipt, under the receive lock; a
pending marker written before the commit makes a crash between the two repairable: the next
receive (or any council command that opens the store) indexes what the marker lists.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import re
import secrets
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bundles import deletions
from bundles.archive import CONFLICTS, PROVENANCE, CommitOutcome, revision_folder
from bundles.errors import ArchiveCommitFailed, BundleError
from bundles.manifest import MANIFEST_NAME, parse_manifest
from bundles.work_folders import receive_lock
from council_store import (
    CaseRevision,
    CaseStore,
    StoreError,
    open_store,
)
from council_store.store import iter_chunks
from crypto.atomic_file import fsync_folder, write_atomic
from crypto.errors import CryptoError
from crypto.strict_json import strict_json_value
from services.errors import InvalidInput
from services.practice_archive import is_practice_archive, refuse_shared_store

PENDING = ".store-pending"  # markers of revisions being committed (see module docstring)
INDEX_FILE = "index.csv"  # reference -> folder, for people looking through the archive
DELETIONS_FILE = deletions.DELETIONS_FILE  # the archive's own log (bundles/deletions.py)
INDEX_COLUMNS = ("reference", "case_id", "latest_revision", "revisions", "received_at", "folder")
MAX_RECORD_BYTES = 32 * 1024 * 1024
_CASE_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_REV = re.compile(r"^rev-([1-9][0-9]{0,8})$")
_REFERENCE = re.compile(r"(?:^|,)reference=(FC-[A-Za-z0-9-]{1,40})(?:,|$)")
_BATCH = 500


class _Unreadable(CryptoError):
    pass


def _json_file(path: Path, what: str) -> Any:
    return strict_json_value(
        path.read_bytes(), max_bytes=MAX_RECORD_BYTES, error=_Unreadable, what=what
    )


def _reference(folder: Path, case_id: str) -> str:
    """The FC reference from the case's audit slice (its case_created entry), or ""."""
    try:
        rows = _json_file(folder / "audit.json", "audit.json")
    except (OSError, _Unreadable):
        return ""
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict) and row.get("event") == "case_created":
            if row.get("case_id") not in (None, case_id):
                continue
            found = _REFERENCE.search(str(row.get("detail", "")))
            if found:
                return found.group(1)
    return ""


# A bundle's manifest is hard-linked into every revision folder it brought (one file for up
# to thousands of cases): parse each file once, not once per case.
_PROVENANCE_CACHE: dict[tuple[int, int, int, int], tuple[str, str]] = {}


def _provenance(path: Path) -> tuple[str, str]:
    """(device id, bundle id) from the signed manifest kept beside a revision."""
    info = path.stat()
    key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    found = _PROVENANCE_CACHE.get(key)
    if found is None:
        manifest = parse_manifest(path.read_bytes())
        found = (manifest.device_id, manifest.bundle_id)
        if len(_PROVENANCE_CACHE) >= 64:
            _PROVENANCE_CACHE.clear()
        _PROVENANCE_CACHE[key] = found
    return found


def read_revision(archive: Path, case_id: str, revision: int) -> CaseRevision | None:
    """One archived revision as the store keeps it; None if its folder is not (yet) there.
    A damaged record or manifest raises InvalidInput naming the folder."""
    folder = revision_folder(archive, case_id, revision)
    record_path = folder / "record.json"
    if not record_path.is_file():
        return None
    try:
        data = record_path.read_bytes()
        record = _json_file(record_path, f"{case_id}/rev-{revision}/record.json")
        device_id, bundle_id = _provenance(folder / PROVENANCE / MANIFEST_NAME)
        received = datetime.fromtimestamp(folder.stat().st_mtime, UTC)
    except (OSError, _Unreadable, BundleError) as exc:
        raise InvalidInput(f"The archived case folder {folder} cannot be read: {exc}") from None
    if not isinstance(record, dict):
        raise InvalidInput(f"{record_path} does not hold a case record (a JSON object).")
    packs = folder / "packs"
    pdfs = tuple(f"packs/{p.name}" for p in sorted(packs.iterdir())) if packs.is_dir() else ()
    return CaseRevision(
        case_id=case_id,
        revision=revision,
        reference=_reference(folder, case_id),
        device_id=device_id,
        bundle_id=bundle_id,
        received_at=received.strftime("%Y-%m-%dT%H:%M:%SZ"),
        folder=f"{case_id}/rev-{revision}",
        record=record,
        record_sha256=hashlib.sha256(data).hexdigest(),
        pdfs=pdfs,
    )


def archived_revisions(archive: Path) -> Iterator[tuple[str, int]]:
    """Every (case id, revision) in the archive's case folders (not _conflicts)."""
    if not archive.is_dir():
        return
    for case_dir in sorted(archive.iterdir()):
        if not (_CASE_ID.match(case_dir.name) and case_dir.is_dir()):
            continue
        for rev_dir in sorted(case_dir.iterdir()):
            match = _REV.match(rev_dir.name)
            if match and (rev_dir / "record.json").is_file():
                yield case_dir.name, int(match.group(1))


# ------------------------------------------------------------------ pending markers
def _mark_pending(archive: Path, revisions: Sequence[tuple[str, int]]) -> Path:
    folder = archive / PENDING
    folder.mkdir(exist_ok=True, mode=0o700)
    marker = folder / f"{secrets.token_hex(8)}.json"
    write_atomic(marker, json.dumps([[c, r] for c, r in revisions]).encode())
    return marker


def _pending_markers(archive: Path) -> list[Path]:
    folder = archive / PENDING
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def repair_pending(store: CaseStore, archive: Path) -> int:
    """Index what a receive interrupted between archive and store left listed; returns the
    number of revisions recorded. Call holding the receive lock."""
    repaired = 0
    for marker in _pending_markers(archive):
        try:
            listed = _json_file(marker, marker.name)
        except (OSError, _Unreadable):
            listed = None
        keys: list[tuple[str, int]] = []
        if isinstance(listed, list):
            keys = [
                (str(item[0]), int(item[1]))
                for item in listed
                if isinstance(item, list) and len(item) == 2 and isinstance(item[1], int)
            ]
        else:  # a marker torn by a crash: fall back to the whole archive
            keys = list(archived_revisions(archive))
        found = [r for c, n in keys if _CASE_ID.match(c) and (r := read_revision(archive, c, n))]
        for batch in iter_chunks(found, _BATCH):
            store.put_revisions(batch)
        repaired += len(found)
        marker.unlink()
    if repaired:
        write_reference_index(store, archive)
    return repaired


# ------------------------------------------------------------------ the receive hook
class StoreRecorder:
    """What bundles.receiver calls around the archive commit (bundles.receiver.CaseIndex)."""

    def __init__(self, store: CaseStore, archive: Path) -> None:
        self.store = store
        self.archive = archive
        self._marker: Path | None = None
        self.recorded = 0

    def repair(self) -> None:
        self._call(lambda: repair_pending(self.store, self.archive))

    def begin(self, revisions: Sequence[tuple[str, int]]) -> None:
        self._marker = self._call(lambda: _mark_pending(self.archive, revisions))

    def committed(self, outcome: CommitOutcome) -> None:
        def record() -> None:
            keys = [k for k in outcome.committed + outcome.already_present]
            found = [r for c, n in keys if (r := read_revision(self.archive, c, n))]
            self.store.put_revisions(found)
            self.recorded += len(found)
            if found:
                write_reference_index(self.store, self.archive)
            if self._marker is not None:
                self._marker.unlink(missing_ok=True)
                self._marker = None

        self._call(record)

    def _call(self, action: Any) -> Any:
        try:
            return action()
        except (StoreError, OSError, InvalidInput) as exc:
            raise ArchiveCommitFailed(
                f"The cases are in the archive but the case store could not record them "
                f"({exc}). Run receive again (or council index) to complete it."
            ) from None


@contextlib.contextmanager
def store_recorder(archive: Path, spec: str | None) -> Iterator[StoreRecorder]:
    """The store, opened for a batch of imports into `archive` (see StoreRecorder)."""
    with open_case_store(archive, spec, create=True) as store:
        yield StoreRecorder(store, archive)


# ------------------------------------------------------------------ the reference index
def write_reference_index(store: CaseStore, archive: Path) -> Path:
    """Rewrite ARCHIVE/index.csv atomically: one row per case, FC reference -> folder. No
    names or other personal data: it is for finding a folder by the reference on the PDF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(INDEX_COLUMNS)
    rows = sorted(store.summaries(), key=lambda s: (s.reference or "~", s.case_id))
    for s in rows:
        writer.writerow(
            (s.reference, s.case_id, s.revision, s.revisions, s.received_at,
             s.folder.relative_to(archive).as_posix())
        )  # fmt: skip
    target = archive / INDEX_FILE
    write_atomic(target, buffer.getvalue().encode("utf-8"))
    return target


# ------------------------------------------------------------------ council commands
def open_case_store(archive: Path, spec: str | None, *, create: bool = False) -> CaseStore:
    """Open the store for `archive` and finish anything an interrupted receive left.
    `create` (receive): make the archive folder (private) if it is not there yet."""
    if archive.exists() and not archive.is_dir():
        raise InvalidInput(f"--archive {archive} is a file, not a folder; name a folder.")
    if not archive.exists():
        if not create:
            raise InvalidInput(f"--archive {archive} does not exist; name the council archive.")
        try:
            archive.mkdir(parents=True, mode=0o700)
        except OSError as exc:
            raise InvalidInput(f"The archive folder {archive} cannot be made: {exc}") from None
    if is_practice_archive(archive):
        refuse_shared_store(archive, spec)
    try:
        store = open_store(spec, archive)
    except StoreError as exc:
        raise InvalidInput(str(exc)) from None
    if _pending_markers(archive):
        try:
            with receive_lock(archive):
                repair_pending(store, archive)
        except BaseException:
            store.close()
            raise
    return store


@dataclass(frozen=True)
class IndexReport:
    revisions: int
    cases: int
    removed: int
    index_file: Path


def index_archive(archive: Path, spec: str | None) -> IndexReport:
    """Rebuild the store from the archive: record every archived revision (idempotent) and
    drop cases the store holds that the archive no longer has."""
    if not archive.is_dir():
        raise InvalidInput(f"--archive {archive} is not a folder.")
    with open_case_store(archive, spec) as store, receive_lock(archive):
        try:
            for leftover in archive.glob(".deleting-*"):
                shutil.rmtree(leftover)  # a delete-case that was interrupted: finish it
            keys = list(archived_revisions(archive))
            revisions = (r for c, n in keys if (r := read_revision(archive, c, n)))
            for batch in iter_chunks(revisions, _BATCH):
                store.put_revisions(batch)
            present = {c for c, _ in keys}
            gone = sorted(store.case_ids() - present)
            for case_id in gone:
                store.delete_case(case_id, reason="not in the archive", actor="council index")
            store.refresh_statistics()  # every revision may have been new: plan for them
            index_file = write_reference_index(store, archive)
            for marker in _pending_markers(archive):
                marker.unlink()  # everything they listed has just been indexed
        except StoreError as exc:
            raise InvalidInput(str(exc)) from None
        return IndexReport(len(keys), len(present), len(gone), index_file)


@dataclass(frozen=True)
class Deleted:
    case_id: str
    reference: str
    revisions: int
    log: Path


def delete_case(archive: Path, spec: str | None, case: str, *, reason: str, actor: str) -> Deleted:
    """Remove a case (every revision, and its conflict copies) from the archive and the store.

    Audited twice: a line in ARCHIVE/deletions.jsonl (kept with the archive, so it survives a
    store rebuild) and a row in the store's store_audit table. The log is written first, so a
    crash part-way leaves a record of what was being deleted; running the command again (or
    `council index`) completes it.
    """
    reason = " ".join(reason.split())
    actor = " ".join(actor.split())
    if not 10 <= len(reason) <= 500:
        raise InvalidInput(
            "Give the reason for deleting this case in 10 to 500 characters, e.g. --reason "
            "'right to erasure request 2026-114' or 'duplicate of FC-20261201-7KQ4'."
        )
    if not actor:
        raise InvalidInput("Say who is deleting the case (--by NAME): deletions are audited.")
    with open_case_store(archive, spec) as store, receive_lock(archive):
        found = store.find(case)
        case_id = found.case_id if found else case.strip().lower()
        if found is None and not (_CASE_ID.match(case_id) and (archive / case_id).is_dir()):
            raise InvalidInput(
                f"No case {case!r} in this archive or store (give its case id or FC reference; "
                "`council cases search` finds it by name)."
            )
        reference = found.reference if found else ""
        log = archive / DELETIONS_FILE
        entry = {
            "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "case_id": case_id,
            "reference": reference,
            "by": actor,
            "reason": reason,
        }
        deletions.log_event(archive, entry)
        # The signed manifests the case came with (ids and hashes only), so its bundles'
        # receipts can still be issued again (bundles/deletions.py).
        deletions.keep_provenance(archive, [archive / case_id, archive / CONFLICTS / case_id])
        for folder in (archive / case_id, archive / CONFLICTS / case_id):
            if folder.is_dir():
                # Renamed out of the way first, so a half-deleted folder is never indexed.
                doomed = archive / f".deleting-{case_id}-{secrets.token_hex(4)}"
                folder.rename(doomed)
                shutil.rmtree(doomed)
        fsync_folder(archive)
        try:
            count = store.delete_case(case_id, reason=reason, actor=actor)
            write_reference_index(store, archive)
        except StoreError as exc:
            raise InvalidInput(str(exc)) from None
    return Deleted(case_id, reference, count, log)
