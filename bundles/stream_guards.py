"""File-like wrappers handed to pyrage on the receiving side: they gather its small reads and
writes into large pieces, hash, and remember the first fault."""

from __future__ import annotations

import hashlib
import io
from typing import BinaryIO, Protocol, cast

from bundles.errors import BundleError

_DRAIN_CHUNK = 1024 * 1024
# pyrage reads and writes 8 KiB at a time; gathering those into 1 MiB pieces before they
# reach our Python wrappers (tar parser, hashing, progress) made receiving a 40 MiB bundle
# about a quarter faster. Memory stays bounded by this size.
IO_BUFFER = 1024 * 1024


class _Writable(Protocol):
    def write(self, data: bytes | bytearray | memoryview, /) -> int: ...


class _Readable(Protocol):
    def readinto(self, buffer: memoryview, /) -> int | None: ...


class _HashingRaw(io.RawIOBase):
    """The raw layer under HashingSource's BufferedReader: reads, hashes, remembers a fault."""

    def __init__(self, raw: _Readable) -> None:
        super().__init__()
        self._raw = raw
        self.hash = hashlib.sha256()
        self.fault: OSError | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            count = self._raw.readinto(buffer) or 0
        except OSError as exc:
            self.fault = exc
            raise
        self.hash.update(buffer[:count])
        return count


class HashingSource:
    """Feeds the bundle file to the decrypter, hashing every byte it hands over.

    Pass `stream` to the decrypter: it reads the file in IO_BUFFER pieces (one Python call and
    one hash update per piece) whatever size the decrypter asks for.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = _HashingRaw(cast(_Readable, raw))
        self.stream = io.BufferedReader(self._raw, IO_BUFFER)

    @property
    def fault(self) -> OSError | None:
        """The first OSError reading the file raised, if any."""
        return self._raw.fault

    def drain(self) -> int:
        """Hash whatever the decrypter left unread; returns how many bytes that was."""
        left = 0
        while chunk := self.stream.read(_DRAIN_CHUNK):
            left += len(chunk)
        return left

    def hexdigest(self) -> str:
        return self._raw.hash.hexdigest()


class GuardedSink:
    """Passes decrypted bytes on and remembers the first BundleError the consumer raised."""

    def __init__(self, target: _Writable) -> None:
        self._target = target
        self.fault: BundleError | None = None

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self.fault is not None:
            raise self.fault
        try:
            return self._target.write(data)
        except BundleError as exc:
            self.fault = exc
            raise

    def flush(self) -> None:
        """Nothing is buffered here."""


class _RawSink(io.RawIOBase):
    """The raw layer under a BufferedWriter: hands each gathered piece to the consumer."""

    def __init__(self, target: _Writable) -> None:
        super().__init__()
        self._target = target
        self.dropping = False

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview, /) -> int:  # type: ignore[override]
        if self.dropping:
            return len(data)  # the operation already failed; nothing more reaches the consumer
        # A copy: the buffer's memory is reused after this call returns.
        return self._target.write(bytes(data))


class BufferedSink:
    """Gathers the decrypter's small writes into IO_BUFFER-sized ones for `target`.

    Pass `stream` to the decrypter; call `finish()` after it returned (the last piece reaches
    the consumer then) or `discard()` when it failed, so nothing is delivered later.
    """

    def __init__(self, target: _Writable) -> None:
        self._raw = _RawSink(target)
        self.stream = io.BufferedWriter(self._raw, IO_BUFFER)  # type: ignore[type-var]

    def finish(self) -> None:
        self.stream.flush()

    def discard(self) -> None:
        self._raw.dropping = True
