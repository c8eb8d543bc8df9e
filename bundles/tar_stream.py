"""A push-style tar parser: decrypted bytes in, member events out, no tar name used as a path."""

from __future__ import annotations

from typing import Protocol

from bundles.errors import ContentMismatch
from bundles.tar_format import BLOCK, MemberHeader, padding, parse_member_header

# tar writers pad the archive to a 10 KiB record; allow that much zero fill after the end.
MAX_TRAILER_BYTES = 20 * BLOCK

_HEADER, _DATA, _PAD, _TRAILER = range(4)


class MemberHandler(Protocol):
    """Receives the members of one archive, in order; raises a BundleError to stop."""

    def member_started(self, header: MemberHeader) -> None: ...

    def member_data(self, chunk: memoryview) -> None:
        """A piece of the member's bytes: a view valid only during this call."""

    def member_ended(self) -> None: ...

    def archive_ended(self) -> None: ...


class TarStreamParser:
    """Writable sink for the decrypted stream (pyrage calls write); bounded memory."""

    def __init__(self, handler: MemberHandler) -> None:
        self._handler = handler
        self._state = _HEADER
        self._block = bytearray()
        self._left = 0
        self._pad = 0
        self._trailer = 0
        self.bytes_seen = 0

    def write(self, data: bytes | bytearray | memoryview) -> int:
        view = memoryview(data).cast("B")
        self.bytes_seen += len(view)
        while view:
            view = self._step(view)
        return len(data)

    def flush(self) -> None:
        """Nothing is buffered beyond one header block; present for file-like callers."""

    def _step(self, view: memoryview) -> memoryview:
        if self._state == _DATA:
            take = min(self._left, len(view))
            self._handler.member_data(view[:take])  # no copy: the handler hashes and seals it
            self._left -= take
            if self._left == 0:
                self._after_data()
            return view[take:]
        if self._state == _PAD:
            take = min(self._pad, len(view))
            if bytes(view[:take]).strip(b"\x00"):
                raise ContentMismatch("A tar member is followed by non-zero padding; refused.")
            self._pad -= take
            if self._pad == 0:
                self._end_member()
            return view[take:]
        if self._state == _TRAILER:
            self._trailer += len(view)
            if self._trailer > MAX_TRAILER_BYTES or bytes(view).strip(b"\x00"):
                raise ContentMismatch("The bundle has data after the end of its tar; refused.")
            return view[len(view) :]
        need = BLOCK - len(self._block)
        self._block += view[:need]
        if len(self._block) == BLOCK:
            self._header(bytes(self._block))
            self._block.clear()
        return view[need:]

    def _header(self, block: bytes) -> None:
        if not block.strip(b"\x00"):
            # First of the two zero blocks that end a tar; the rest is checked as trailer.
            self._state = _TRAILER
            return
        header = parse_member_header(block)
        self._handler.member_started(header)
        self._left, self._pad = header.size, padding(header.size)
        self._state = _DATA
        if self._left == 0:
            self._after_data()

    def _after_data(self) -> None:
        if self._pad:
            self._state = _PAD
        else:
            self._end_member()

    def _end_member(self) -> None:
        self._handler.member_ended()
        self._state = _HEADER

    def finish(self) -> None:
        """Call once the decrypted stream has ended cleanly; checks the tar ended properly."""
        if self._state != _TRAILER or self._trailer < BLOCK:
            raise ContentMismatch("The bundle's tar ends early (no end-of-archive); refused.")
        self._handler.archive_ended()
