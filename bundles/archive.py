"""Commit a verified bundle into the council archive, one folder per case revision, atomically.

Plaintext is written as late as possible: each case folder is unsealed from staging into
<archive>/.incoming/<token>/ and renamed into place at once, one case at a time, so a receive
killed during the commit leaves at most the one case folder it was about to rename in
.incoming (and the next receive removes it). Everything is then made durable in one batch
before the receipt is written; a case folder renamed but not yet on disk when the power went
is recognised on the next receive (its provenance is this bundle's manifest) and rebuilt.

Even the provenance manifest itself can be torn that way (empty or cut short), and then it no
longer says whose folder it is. So before its first rename a commit puts a durable marker,
.committing/<bundle id>: a hard link to the provenance manifest every case folder it renames
links to (one file, one inode). A folder whose manifest is that very file, holding a leading
part of this bundle's manifest, was provably left by this bundle's own unfinished commit, and
it is rebuilt too; anything else stays a conflict copy for a person to look at. The marker goes
once the commit is durable.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bundles.case_folders import (
    NO_HARD_LINKS,
    PROVENANCE_FOLDER,
    build_path,
    make_skeleton,
    place,
    write_provenance,
)
from bundles.case_folders import PROVENANCE as PROVENANCE  # re-exported: receipt_store
from bundles.case_folders import RecordRevision as RecordRevision
from bundles.durability import SYNCS_FILE_SYSTEM, sync_tree
from bundles.entries import RECORD
from bundles.errors import ArchiveCommitFailed
from bundles.manifest import MANIFEST_NAME
from bundles.prefetch import prefetched
from bundles.reader import StagedEntry, VerifiedBundle
from bundles.write_errors import write_error
from crypto.atomic_file import fsync_folder
from crypto.staging_seal import StagingSealBroken

INCOMING = ".incoming"
CONFLICTS = "_conflicts"
COMMITTING = ".committing"  # <bundle id>: a commit under way (see the module's docstring)


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


def _unseal(result: VerifiedBundle, staged: StagedEntry, target: Path) -> None:
    """Write the staged entry's plaintext to `target`. Its SHA-256 was checked as it was
    staged; AES-GCM under the in-memory key proves these are the same bytes."""
    # The file exists, empty (bundles.case_folders): opening it costs nothing like creating.
    fd = os.open(target, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_BINARY", 0))
    try:
        for piece in result.plaintext(staged):
            view = memoryview(piece)
            while view:
                view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


@dataclass(frozen=True)
class _Plan:
    key: RecordRevision
    items: list[StagedEntry]
    target: Path | None  # None: the identical revision is already archived
    replace: bool = False
    build: Path | None = None
    whole: bool = False  # a new case: rename its whole record folder (no mkdir in the archive)


def _plans(
    result: VerifiedBundle, archive_dir: Path, incoming: Path, marked: frozenset[FileId]
) -> Iterator[_Plan]:
    """Decide where each revision goes and make its empty folders unless the receiver made
    them all ahead (a helper thread runs this a few cases ahead of the unsealing: creating
    files and folders is most of the commit's time on a busy disk)."""
    provenance: tuple[Path, Path] | None = None
    groups = list(_groups(result))
    revisions: dict[str, int] = {}
    for key, _ in groups:
        revisions[key[0]] = revisions.get(key[0], 0) + 1
    for key, items in groups:
        target, replace = _target(archive_dir, result, key, items, marked)
        if target is None:
            yield _Plan(key, items, None)
            continue
        build = build_path(incoming, key)
        if result.built is None:
            if provenance is None:
                provenance = write_provenance(incoming, result.manifest_bytes, result.signature)
            make_skeleton([s.entry for s in items], build, provenance, files=True)
        whole = (
            target == revision_folder(archive_dir, *key)
            and revisions[key[0]] == 1
            and not target.parent.exists()
        )
        yield _Plan(key, items, target, replace, build, whole)


def _ancestors(folder: Path, archive_dir: Path) -> list[Path]:
    """`folder` and its parents up to and including the archive folder."""
    chain = [folder]
    while chain[-1] != archive_dir and archive_dir in chain[-1].parents:
        chain.append(chain[-1].parent)
    return chain


def _holds_all(folder: Path, items: list[StagedEntry]) -> bool:
    try:
        return all(_file_sha256(folder / place(s.entry)) == s.entry.sha256 for s in items)
    except OSError:
        return False


FileId = tuple[int, int]  # (st_dev, st_ino): which file, whatever its name


def _markers(archive_dir: Path, result: VerifiedBundle) -> list[Path]:
    """The markers of this bundle's earlier commits that never became durable."""
    return sorted((archive_dir / COMMITTING).glob(f"{result.manifest.bundle_id}.*"))


def _marked_files(archive_dir: Path, result: VerifiedBundle) -> frozenset[FileId]:
    """The provenance manifests this bundle's unfinished earlier commits linked to, read once
    before this commit adds its own marker."""
    found = set()
    for marker in _markers(archive_dir, result):
        with contextlib.suppress(OSError):
            info = marker.stat()
            found.add((info.st_dev, info.st_ino))
    return frozenset(found)


def _mark_commit(archive_dir: Path, result: VerifiedBundle, incoming: Path) -> None:
    """Durably link .committing/<bundle id>.<token> to this commit's provenance manifest,
    before any case folder is renamed into place (every one links to that same file)."""
    folder = archive_dir / COMMITTING
    folder.mkdir(exist_ok=True, mode=0o700)
    marker = folder / f"{result.manifest.bundle_id}.{incoming.name}"
    try:
        os.link(incoming / PROVENANCE_FOLDER / MANIFEST_NAME, marker)
    except OSError as exc:
        if exc.errno not in NO_HARD_LINKS:
            raise
        return  # case folders hold copies here: a torn manifest stays a conflict copy
    fsync_folder(folder)


def _torn_by_us(kept: Path, result: VerifiedBundle, marked: frozenset[FileId]) -> bool:
    """`kept` (a folder's provenance manifest) is the very file an unfinished commit of this
    bundle marked, and holds only a leading part of this bundle's manifest: a power cut tore
    it before that commit's sync."""
    try:
        info = kept.stat()
        if (info.st_dev, info.st_ino) not in marked:
            return False
        with kept.open("rb") as f:
            left = f.read(len(result.manifest_bytes) + 1)
    except OSError:
        return False
    return len(left) < len(result.manifest_bytes) and result.manifest_bytes.startswith(left)


def _unfinished_by_us(
    folder: Path, result: VerifiedBundle, items: list[StagedEntry], marked: frozenset[FileId]
) -> bool:
    """A folder this very bundle renamed into place that did not reach the disk whole (the
    power went before the batch sync): its provenance is this manifest, its files are not;
    or its provenance manifest itself is torn (see _torn_by_us)."""
    kept = folder / PROVENANCE / MANIFEST_NAME
    try:
        ours = (
            kept.stat().st_size == len(result.manifest_bytes)
            and _file_sha256(kept) == result.manifest_sha256
        )
    except OSError:
        return False
    if not ours:
        return _torn_by_us(kept, result, marked)
    return not _holds_all(folder, items)


def _target(
    archive_dir: Path,
    result: VerifiedBundle,
    key: RecordRevision,
    items: list[StagedEntry],
    marked: frozenset[FileId],
) -> tuple[Path | None, bool]:
    """Where this revision goes (None if the identical revision is already archived), and
    whether a damaged copy of our own must be replaced there."""
    record = next(s.entry for s in items if s.entry.kind == RECORD)
    folder = revision_folder(archive_dir, *key)
    existing = folder / "record.json"
    if not folder.exists():
        return folder, False
    if _unfinished_by_us(folder, result, items, marked):
        return folder, True
    if existing.is_file() and _file_sha256(existing) == record.sha256:
        return None, False
    # Same revision number, different content: keep both for a person to review.
    conflict = archive_dir / CONFLICTS / key[0] / f"rev-{key[1]}-{result.manifest.bundle_id}"
    if conflict.exists() and _unfinished_by_us(conflict, result, items, marked):
        return conflict, True
    return (None if conflict.exists() else conflict), False


def _make_durable(archive_dir: Path, renamed: set[Path], built: list[Path]) -> None:
    """Every new case folder, its files and the renames on disk, before any receipt."""
    if SYNCS_FILE_SYSTEM:
        sync_tree(archive_dir)  # one syncfs: files, folders and renames together
        return
    for folder in built:
        sync_tree(folder)
    for folder in sorted(renamed, key=lambda p: len(p.parts), reverse=True):
        fsync_folder(folder)


def commit_to_archive(result: VerifiedBundle, archive_dir: Path) -> CommitOutcome:
    """Unseal a verified bundle's entries into the archive, then wipe its staging.

    Each case revision appears atomically (built in <archive>/.incoming, then renamed at
    once); everything is durable when this returns, so a receipt may follow. Re-committing
    the same revision changes nothing. Raises a BundleError on I/O errors (classed as disk
    full, permission or I/O) and ArchiveCommitFailed if staging was changed on disk;
    revisions already moved stay (a retry completes the rest idempotently).
    """
    committed: list[RecordRevision] = []
    present: list[RecordRevision] = []
    conflicts: list[RecordRevision] = []
    incoming = result.built or archive_dir / INCOMING / secrets.token_hex(8)
    renamed: set[Path] = set()
    built: list[Path] = []
    marked = False
    try:
        incoming.mkdir(parents=True, exist_ok=result.built is not None)
        earlier = _marked_files(archive_dir, result)
        plans = _plans(result, archive_dir, incoming, earlier)
        for number, plan in enumerate(prefetched(plans, 8, "plan")):
            if plan.target is None or plan.build is None:
                present.append(plan.key)
                continue
            if not marked:
                _mark_commit(archive_dir, result, incoming)
                marked = True
            for staged in plan.items:
                _unseal(result, staged, plan.build / place(staged.entry))
            # The case's plaintext leaves .incoming with the rename below.
            if plan.whole:
                plan.build.parent.rename(plan.target.parent)
            else:
                if plan.replace:
                    plan.target.rename(incoming / f"damaged-{number}")  # removed with incoming
                plan.target.parent.mkdir(parents=True, exist_ok=True)
                plan.build.rename(plan.target)
            renamed.update(_ancestors(plan.target.parent, archive_dir))
            built.append(plan.target)
            (conflicts if CONFLICTS in plan.target.parts else committed).append(plan.key)
        if built:
            _make_durable(archive_dir, renamed, built)
        for marker in _markers(archive_dir, result):
            marker.unlink()  # every folder of this bundle is whole and on disk now
    except OSError as exc:
        # Disk full, permissions and I/O errors each get their own exit code and advice.
        raise write_error(exc, "moving the cases into the archive") from None
    except StagingSealBroken:
        raise ArchiveCommitFailed(
            "A staged entry was changed on disk while the bundle was being received; the "
            "bundle was not counted as imported. Check the archive disk, then run receive "
            "again."
        ) from None
    finally:
        result.discard()
        shutil.rmtree(incoming, ignore_errors=True)
        with contextlib.suppress(OSError):
            incoming.parent.rmdir()  # only succeeds when no other import is running
    return CommitOutcome(tuple(committed), tuple(present), tuple(conflicts))
