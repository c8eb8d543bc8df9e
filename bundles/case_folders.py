"""Empty case folders, made ahead of the commit: every folder, every (empty) file and the
signed provenance of each case revision in a bundle, built under <archive>/.incoming/<token>/.

Creating a file costs about half a millisecond on a busy disk whatever it holds, and a bundle of
1,000 cases has some 3,000 entries: made one by one in the commit, that was most of the receive
time. None of it is case plaintext (names come from the signed manifest: record ids, pack ids,
attachment hashes), so a helper thread makes it while the bundle is still being decrypted and
checked; the commit then only fills the files and renames each folder into place.
"""

from __future__ import annotations

import errno
import os
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path

from bundles.entries import ATTACHMENT, AUDIT, PDF, RECORD, ManifestEntry
from bundles.errors import ArchiveCommitFailed
from bundles.manifest import MANIFEST_NAME, SIGNATURE_NAME

PROVENANCE = "bundle"  # sub-folder holding the signed manifest the revision came with
PROVENANCE_FOLDER = "_provenance"

RecordRevision = tuple[str, int]
# What os.link fails with where a file system has no hard links (or no more for this file).
NO_HARD_LINKS = frozenset({errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP})
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def place(entry: ManifestEntry) -> str:
    """Where an entry goes inside its revision folder."""
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


def build_path(incoming: Path, key: RecordRevision) -> Path:
    """The folder a revision is built in: .incoming/<token>/<record id>/rev-<n>, laid out as
    in the archive so a new case's whole folder can be renamed into place in one step."""
    return incoming / key[0] / f"rev-{key[1]}"


def write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, _NEW, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def write_provenance(incoming: Path, manifest: bytes, signature: bytes) -> tuple[Path, Path]:
    """The signed manifest and signature, written once per bundle; every revision folder gets
    hard links to them (a manifest of 1,000 cases is ~1 MiB: a copy per case was ~1 GiB)."""
    folder = incoming / PROVENANCE_FOLDER
    folder.mkdir()
    paths = folder / MANIFEST_NAME, folder / SIGNATURE_NAME
    write_new(paths[0], manifest)
    write_new(paths[1], signature)
    return paths


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in NO_HARD_LINKS:
            raise
        shutil.copyfile(source, target)  # a file system without hard links


def make_skeleton(
    entries: Sequence[ManifestEntry], build: Path, provenance: tuple[Path, Path], *, files: bool
) -> None:
    """A revision's folders and provenance links, and (`files`) its entries' empty files."""
    build.parent.mkdir(exist_ok=True)
    build.mkdir()
    (build / PROVENANCE).mkdir()
    for source in provenance:
        _link_or_copy(source, build / PROVENANCE / source.name)
    for folder in sorted({(build / place(e)).parent for e in entries} - {build}):
        folder.mkdir()
    if files:
        for entry in entries:
            os.close(os.open(build / place(entry), _NEW, 0o600))


def group(entries: Sequence[ManifestEntry]) -> dict[RecordRevision, list[ManifestEntry]]:
    """The entries of each case revision, in manifest order."""
    groups: dict[RecordRevision, list[ManifestEntry]] = {}
    for entry in entries:
        groups.setdefault((entry.record_id, entry.revision), []).append(entry)
    return groups


class SkeletonBuilder:
    """Makes every revision's empty folder under `incoming` on WORKERS helper threads, started
    once the manifest is verified. `finish()` waits and returns `incoming` (raising the first
    OSError a thread met, if any); `abandon()` stops them and removes what they made."""

    WORKERS = 3  # folder and file creation waits on the file system, not on this process

    def __init__(self, incoming: Path) -> None:
        self.incoming = incoming
        self._stop = threading.Event()
        self._fault: OSError | None = None
        self._threads: list[threading.Thread] = []

    def start(self, manifest: bytes, signature: bytes, entries: Sequence[ManifestEntry]) -> None:
        first = threading.Thread(
            target=self._begin, args=(manifest, signature, entries), name="case-folders"
        )
        first.daemon = True
        self._threads.append(first)
        first.start()

    def _begin(self, manifest: bytes, signature: bytes, entries: Sequence[ManifestEntry]) -> None:
        try:
            self.incoming.mkdir(parents=True)
            provenance = write_provenance(self.incoming, manifest, signature)
        except OSError as exc:
            self._fault = exc
            return
        groups = list(group(entries).items())
        helpers = [
            threading.Thread(
                target=self._make,
                args=(groups[n :: self.WORKERS], provenance),
                name=f"case-folders-{n}",
                daemon=True,
            )
            for n in range(1, self.WORKERS)
        ]
        for helper in helpers:
            helper.start()
        self._make(groups[:: self.WORKERS], provenance)
        for helper in helpers:
            helper.join()

    def _make(
        self,
        groups: list[tuple[RecordRevision, list[ManifestEntry]]],
        provenance: tuple[Path, Path],
    ) -> None:
        try:
            for key, items in groups:
                if self._stop.is_set() or self._fault is not None:
                    return
                make_skeleton(items, build_path(self.incoming, key), provenance, files=True)
        except OSError as exc:
            self._fault = self._fault or exc
            self._stop.set()

    def _join(self) -> None:
        for thread in self._threads:
            thread.join()

    def finish(self) -> Path | None:
        """The folder holding the skeletons, once all are made; None if never started."""
        self._join()
        if self._fault is not None:
            raise self._fault
        return self.incoming if self._threads else None

    def abandon(self) -> None:
        self._stop.set()
        self._join()
        shutil.rmtree(self.incoming, ignore_errors=True)
