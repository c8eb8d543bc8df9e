"""The inner tar as a stream of chunks, each entry re-read and re-hashed from its source."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

from bundles.entries import ManifestEntry
from bundles.errors import ExportCancelled, ExportInputError
from bundles.manifest import MANIFEST_NAME, SIGNATURE_NAME
from bundles.sources import READ_CHUNK, CancelCheck, EntrySource
from bundles.tar_format import BLOCK, END_OF_ARCHIVE, member_header, padding

_CANCELLED = "The export was cancelled; no bundle was saved."


def tar_length(manifest_bytes: bytes, signature: bytes, entries: Sequence[ManifestEntry]) -> int:
    """The exact byte length of the tar stream tar_chunks will produce."""
    sizes = [len(manifest_bytes), len(signature), *(e.size for e in entries)]
    return sum(BLOCK + size + padding(size) for size in sizes) + len(END_OF_ARCHIVE)


def _member(name: str, data: bytes) -> Iterator[bytes]:
    yield member_header(name, len(data))
    yield data
    yield bytes(padding(len(data)))


def tar_prefix(manifest_bytes: bytes, signature: bytes) -> bytes:
    """The tar's first bytes: the manifest and signature members (entry_chunks follows
    them; the writer's read-back compares them)."""
    return b"".join([*_member(MANIFEST_NAME, manifest_bytes), *_member(SIGNATURE_NAME, signature)])


def _entry_chunks(
    entry: ManifestEntry, source: EntrySource, cancel: CancelCheck
) -> Iterator[bytes]:
    changed = ExportInputError(
        "A case's data changed while it was being exported; nothing was saved. Export again."
    )
    digest, size = hashlib.sha256(), 0
    try:
        stream = source.open()
    except OSError:
        raise ExportInputError(
            "An entry could not be read from the vault; nothing was saved."
        ) from None
    with stream:
        while True:
            if cancel():
                raise ExportCancelled(_CANCELLED)
            try:
                chunk = stream.read(READ_CHUNK)
            except OSError:
                raise ExportInputError(
                    "An entry could not be read from the vault; nothing was saved."
                ) from None
            if not chunk:
                break
            size += len(chunk)
            if size > entry.size:
                raise changed
            digest.update(chunk)
            yield chunk
    if size != entry.size or digest.hexdigest() != entry.sha256:
        raise changed


def entry_chunks(
    entries: Sequence[ManifestEntry], sources: Sequence[EntrySource], cancel: CancelCheck
) -> Iterator[bytes]:
    """Yield the tar after its prefix (every entry, then the end-of-archive blocks), checking
    `cancel` before every member and every chunk. It needs only the checked entries, not the
    signed manifest, so the writer starts it while it still builds and signs the manifest."""
    for entry, source in zip(entries, sources, strict=True):
        if cancel():
            raise ExportCancelled(_CANCELLED)
        yield member_header(entry.name, entry.size)
        yield from _entry_chunks(entry, source, cancel)
        yield bytes(padding(entry.size))
    yield END_OF_ARCHIVE


def tar_chunks(
    manifest_bytes: bytes,
    signature: bytes,
    entries: Sequence[ManifestEntry],
    sources: Sequence[EntrySource],
    cancel: CancelCheck,
) -> Iterator[bytes]:
    """Yield the whole tar, checking `cancel` before every member and every chunk."""
    yield tar_prefix(manifest_bytes, signature)
    yield from entry_chunks(entries, sources, cancel)
