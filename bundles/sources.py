"""What the writer is given: the export context and one re-openable source per entry."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from bundles.entries import (
    ATTACHMENT,
    AUDIT,
    JSON_MEDIA_TYPE,
    PDF,
    PDF_MEDIA_TYPE,
    RECORD,
    ManifestEntry,
    entries_problem,
    entry_name,
)
from bundles.errors import ExportCancelled, ExportInputError

READ_CHUNK = 1024 * 1024
Opener = Callable[[], BinaryIO]
CancelCheck = Callable[[], bool]


@dataclass(frozen=True)
class ExportContext:
    """Who sends the bundle and where it sits in the device's chain (from the vault)."""

    device_id: str
    device_pk: bytes
    device_seq: int
    prev_manifest_sha256: str
    worker_id: str
    worker_cert: bytes
    app_version: str
    schema_version: int
    training: bool


@dataclass(frozen=True)
class EntrySource:
    """One entry to export. `open` is called once to hash (unless sha256 and size are given)
    and once to stream, so a 1 GB attachment is never held in memory."""

    kind: str
    record_id: str
    revision: int
    item_id: str | None
    media_type: str
    open: Opener = field(repr=False)
    size: int | None = None
    sha256: str | None = None

    @classmethod
    def from_bytes(
        cls, kind: str, record_id: str, revision: int, data: bytes, item_id: str | None, media: str
    ) -> EntrySource:
        digest = hashlib.sha256(data).hexdigest()
        return cls(
            kind, record_id, revision, item_id, media, lambda: io.BytesIO(data), len(data), digest
        )

    @classmethod
    def record(cls, record_id: str, revision: int, data: bytes) -> EntrySource:
        """The record JSON of one case revision: r/<record_id>.json."""
        return cls.from_bytes(RECORD, record_id, revision, data, record_id, JSON_MEDIA_TYPE)

    @classmethod
    def pdf(cls, record_id: str, revision: int, pack_id: str, data: bytes) -> EntrySource:
        """A referral pack PDF built for this revision: p/<pack_id>.pdf."""
        return cls.from_bytes(PDF, record_id, revision, data, pack_id, PDF_MEDIA_TYPE)

    @classmethod
    def audit(cls, record_id: str, revision: int, data: bytes) -> EntrySource:
        """The case's audit slice as JSON: l/<record_id>.json."""
        return cls.from_bytes(AUDIT, record_id, revision, data, record_id, JSON_MEDIA_TYPE)

    @classmethod
    def attachment(
        cls,
        record_id: str,
        revision: int,
        open_: Opener,
        *,
        media_type: str,
        size: int | None = None,
        sha256: str | None = None,
    ) -> EntrySource:
        """An attachment streamed from `open_`: a/<sha256>.bin (hashed first if not given)."""
        return cls(ATTACHMENT, record_id, revision, None, media_type, open_, size, sha256)


def _hash_source(source: EntrySource, cancel: CancelCheck) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with source.open() as stream:
        while chunk := stream.read(READ_CHUNK):
            if cancel():
                raise ExportCancelled("The export was cancelled; no bundle was written.")
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def prepare_entries(
    sources: Sequence[EntrySource], cancel: CancelCheck
) -> tuple[ManifestEntry, ...]:
    """The manifest entries for these sources, hashing any whose hash is not yet known."""
    entries = []
    for source in sources:
        size, sha256 = source.size, source.sha256
        if size is None or sha256 is None:
            try:
                size, sha256 = _hash_source(source, cancel)
            except OSError:
                raise ExportInputError(
                    "An attachment could not be read from the vault; nothing was written."
                ) from None
        item_id = sha256 if source.kind == ATTACHMENT else (source.item_id or "")
        name = (
            entry_name(source.kind, item_id)
            if source.kind in (RECORD, PDF, ATTACHMENT, AUDIT)
            else ""
        )
        entries.append(
            ManifestEntry(
                name=name,
                kind=source.kind,
                record_id=source.record_id,
                revision=source.revision,
                size=size,
                sha256=sha256,
                media_type=source.media_type,
            )
        )
    problem = entries_problem(entries)
    if problem is not None:
        raise ExportInputError(
            f"The cases handed to the export are inconsistent ({problem}); nothing was written."
        )
    return tuple(entries)
