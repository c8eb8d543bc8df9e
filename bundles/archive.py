"""Commit a verified bundle into the council archive, one folder per case revision, atomically."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bundles.durability import SYNCS_FILE_SYSTEM, sync_tree
from bundles.entries import ATTACHMENT, AUDIT, PDF, RECORD, ManifestEntry
from bundles.errors import ArchiveCommitFailed
from bundles.manifest import MANIFEST_NAME, SIGNATURE_NAME
from bundles.reader import StagedEntry, VerifiedBundle
from bundles.write_errors import write_error
from crypto.atomic_file import fsync_folder

INCOMING = ".incoming"
CONFLICTS = "_conflicts"
PROVENANCE = "bundle"  # sub-folder holding the signed manifest the revision came with

RecordRevision = tuple[str, int]


@dataclass(frozen=True)
class CommitOutcome:
    """What happened to each (record id, revision) the bundle carried."""

    committed: tuple[RecordRevision, ...]
    already_present: tuple[RecordRevision, ...]
    conflicts: tuple[RecordRevision, ...]

    @property
    def received(self) -> tuple[RecordRevision, ...]:
        """Every revision now safely in the archive (what a receipt may acknowledge)."""
        return self.committed + self.already_present + self.conflicts


def revision_folder(archive_dir: Path, record_id: str, revision: int) -> Path:
    """Where a case revision lives: <archive>/<record id>/rev-<n>/."""
    return archive_dir / record_id / f"rev-{revision}"


def _place(entry: ManifestEntry) -> str:
    # Names below come from manifest fields already checked against UUID/hex patterns.
    if entry.kind == RECORD:
        return "record.json"
    if entry.kind == AUDIT:
        return "audit.json"
    if entry.kind == PDF:
        return f"packs/{entry.name[2:]}"
    if entry.kind == ATTACHMENT:
        return f"attachments/{entry.name[2:]}"
    raise ArchiveCommitFailed("An entry of unknown kind reached the archive; nothing was moved.")


def _groups(result: VerifiedBundle) -> Iterator[tuple[RecordRevision, list[StagedEntry]]]:
    groups: dict[RecordRevision, list[StagedEntry]] = {}
    for staged in result.staged:
        groups.setdefault((staged.entry.record_id, staged.entry.revision), []).append(staged)
    yield from groups.items()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _provenance(result: VerifiedBundle, incoming: Path) -> tuple[Path, Path]:
    """The signed manifest and signature, written once per bundle; every revision folder gets
    hard links to them (a manifest of 1,000 cases is ~1 MiB: a copy per case was ~1 GiB)."""
    folder = incoming / "_provenance"
    folder.mkdir(parents=True)
    manifest, signature = folder / MANIFEST_NAME, folder / SIGNATURE_NAME
    _write_new(manifest, result.manifest_bytes)
    _write_new(signature, result.signature)
    return manifest, signature


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        shutil.copyfile(source, target)  # a file system without hard links


def _build(items: list[StagedEntry], build: Path, provenance: tuple[Path, Path]) -> None:
    (build / PROVENANCE).mkdir(parents=True)
    for source in provenance:
        _link_or_copy(source, build / PROVENANCE / source.name)
    for staged in items:
        target = build / _place(staged.entry)
        target.parent.mkdir(exist_ok=True)
        shutil.move(staged.path, target)  # a rename when staging is on the same disk


def _ancestors(folder: Path, archive_dir: Path) -> list[Path]:
    """`folder` and its parents up to and including the archive folder."""
    chain = [folder]
    while chain[-1] != archive_dir and archive_dir in chain[-1].parents:
        chain.append(chain[-1].parent)
    return chain


def _target(
    archive_dir: Path, result: VerifiedBundle, key: RecordRevision, items: list[StagedEntry]
) -> Path | None:
    """Where this revision goes, or None if the identical revision is already archived."""
    record = next(s.entry for s in items if s.entry.kind == RECORD)
    folder = revision_folder(archive_dir, *key)
    existing = folder / "record.json"
    if not folder.exists():
        return folder
    if existing.is_file() and _file_sha256(existing) == record.sha256:
        return None
    # Same revision number, different content: keep both for a person to review.
    return archive_dir / CONFLICTS / key[0] / f"rev-{key[1]}-{result.manifest.bundle_id}"


def commit_to_archive(result: VerifiedBundle, archive_dir: Path) -> CommitOutcome:
    """Move a verified bundle's entries into the archive, then wipe its staging.

    Each case revision appears atomically (built in <archive>/.incoming, synced, then
    renamed); everything is durable when this returns, so a receipt may follow. Re-committing
    the same revision changes nothing. Raises ArchiveCommitFailed on I/O
    errors; revisions already moved stay (a retry completes the rest idempotently).
    """
    committed: list[RecordRevision] = []
    present: list[RecordRevision] = []
    conflicts: list[RecordRevision] = []
    incoming = archive_dir / INCOMING / secrets.token_hex(8)
    built: list[tuple[RecordRevision, Path, Path]] = []
    try:
        provenance: tuple[Path, Path] | None = None
        for key, items in _groups(result):
            target = _target(archive_dir, result, key, items)
            if target is None or target.exists():
                present.append(key)
                continue
            build = incoming / f"{key[0]}-{key[1]}"
            provenance = provenance or _provenance(result, incoming)
            _build(items, build, provenance)
            built.append((key, build, target))
        if built:
            # One batch for the whole bundle, before anything is renamed into place.
            sync_tree(incoming)
        renamed: set[Path] = set()
        for key, build, target in built:
            target.parent.mkdir(parents=True, exist_ok=True)
            build.rename(target)
            renamed.update(_ancestors(target.parent, archive_dir))
            (conflicts if CONFLICTS in target.parts else committed).append(key)
        # The renames (and new case folders) reach the disk before the receipt is written.
        if renamed and SYNCS_FILE_SYSTEM:
            sync_tree(archive_dir)
        else:
            for folder in sorted(renamed, key=lambda p: len(p.parts), reverse=True):
                fsync_folder(folder)
    except OSError as exc:
        # Disk full, permissions and I/O errors each get their own exit code and advice.
        raise write_error(exc, "moving the cases into the archive") from None
    finally:
        result.discard()
        shutil.rmtree(incoming, ignore_errors=True)
        with contextlib.suppress(OSError):
            incoming.parent.rmdir()  # only succeeds when no other import is running
    return CommitOutcome(tuple(committed), tuple(present), tuple(conflicts))
