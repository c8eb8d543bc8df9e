"""Checks tar members against the signed manifest as they stream past (name, order, size, hash)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Protocol

from bundles.entries import ManifestEntry
from bundles.errors import BoundsExceeded, ContentMismatch, ManifestInvalid
from bundles.manifest import MANIFEST_NAME, MAX_MANIFEST_BYTES, SIGNATURE_NAME
from bundles.tar_format import MemberHeader
from crypto.signing import SIGNATURE_BYTES


class EntrySink(Protocol):
    """Where one entry's bytes go (a staging file, or nowhere when only verifying)."""

    def write(self, data: memoryview, /) -> int: ...

    def close(self) -> None: ...


# Given (manifest bytes, signature bytes), verify them and return the entries to expect.
ManifestCheck = Callable[[bytes, bytes], Sequence[ManifestEntry]]
SinkOpener = Callable[[int, ManifestEntry], EntrySink]


class MemberChecker:
    """A MemberHandler that refuses anything the signed manifest does not announce."""

    def __init__(self, on_manifest: ManifestCheck, open_sink: SinkOpener) -> None:
        self._on_manifest = on_manifest
        self._open_sink = open_sink
        self._member = 0
        self._manifest = bytearray()
        self._signature = bytearray()
        self._entries: Sequence[ManifestEntry] = ()
        self._names: set[str] = set()
        self._sink: EntrySink | None = None
        self._hash = hashlib.sha256()
        self.entry_bytes = 0

    def member_started(self, header: MemberHeader) -> None:
        if self._member == 0:
            if header.name != MANIFEST_NAME:
                raise ManifestInvalid("The bundle does not start with manifest.json; refused.")
            if header.size > MAX_MANIFEST_BYTES:
                raise BoundsExceeded(
                    f"The bundle manifest is {header.size} bytes, more than the "
                    f"{MAX_MANIFEST_BYTES} allowed; refused before reading it."
                )
            return
        if self._member == 1:
            if header.name != SIGNATURE_NAME or header.size != SIGNATURE_BYTES:
                raise ManifestInvalid("manifest.sig is missing or malformed; refused.")
            return
        index = self._member - 2
        if index >= len(self._entries):
            raise ContentMismatch(
                f"The bundle has a member beyond the {len(self._entries)} the manifest lists."
            )
        expected = self._entries[index]
        if header.name != expected.name:
            if header.name in self._names:
                why = "a duplicate of an earlier member"
            elif any(e.name == header.name for e in self._entries):
                why = "out of manifest order"
            else:
                why = "not listed in the manifest"
            raise ContentMismatch(f"Bundle member {index + 1} is {why}; refused.")
        if header.size != expected.size:
            raise ContentMismatch(f"Bundle member {index + 1} has the wrong size; refused.")
        self._names.add(header.name)
        self._hash = hashlib.sha256()
        self._sink = self._open_sink(index, expected)

    def member_data(self, chunk: memoryview) -> None:
        if self._member == 0:
            self._manifest += chunk
        elif self._member == 1:
            self._signature += chunk
        else:
            self._hash.update(chunk)
            self.entry_bytes += len(chunk)
            if self._sink is not None:
                self._sink.write(chunk)

    def member_ended(self) -> None:
        if self._member == 1:
            self._entries = self._on_manifest(bytes(self._manifest), bytes(self._signature))
        elif self._member >= 2:
            index = self._member - 2
            self.close()
            if self._hash.hexdigest() != self._entries[index].sha256:
                raise ContentMismatch(
                    f"Bundle member {index + 1} does not match its SHA-256 in the manifest."
                )
        self._member += 1

    def archive_ended(self) -> None:
        if self._member < 2:
            raise ManifestInvalid("The bundle has no manifest.json and manifest.sig; refused.")
        received = self._member - 2
        if received < len(self._entries):
            raise ContentMismatch(
                f"The bundle holds {received} of the {len(self._entries)} members its "
                "manifest lists; it is incomplete."
            )

    def close(self) -> None:
        """Close the entry being written, if any (also on failure, before staging is wiped)."""
        sink, self._sink = self._sink, None
        if sink is not None:
            sink.close()
