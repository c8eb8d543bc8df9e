"""File-like wrappers handed to age that hash, count and remember the first fault."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from typing import BinaryIO, Protocol, cast

from bundles.errors import BundleError

_DRAIN_CHUNK = 1024 * 1024
# age (pyrage) reads and writes 8 KiB at a time; gathering those into 1 MiB pieces before they
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


class _GuardedRaw(io.RawIOBase):
    """The raw layer under GuardedOutput's BufferedWriter: writes to the destination file,
    counts bytes and remembers the first OSError."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self.written = 0
        self.fault: OSError | None = None
        self.dropping = False

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview, /) -> int:  # type: ignore[override]
        if self.dropping:
            return len(data)  # the write already failed; nothing more reaches the file
        try:
            count = self._raw.write(data)
        except OSError as exc:
            self.fault = self.fault or exc
            raise
        self.written += count
        return count


class GuardedOutput:
    """The destination file for the encrypter: counts bytes and remembers an OSError
    (disk full, stick pulled out) so the writer can say which one happened.

    Pass `stream` to the encrypter: its writes reach the file in IO_BUFFER pieces. Call
    `flush()` after it returned (the last piece reaches the file then) and `discard()` if
    anything failed, so nothing is written later.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._guard = _GuardedRaw(raw)
        self.stream = io.BufferedWriter(self._guard, IO_BUFFER)  # type: ignore[type-var]

    @property
    def written(self) -> int:
        """Bytes that reached the destination file object so far."""
        return self._guard.written

    @property
    def fault(self) -> OSError | None:
        """The first OSError the destination raised, if any."""
        return self._guard.fault

    def flush(self) -> None:
        self.stream.flush()
        try:
            self._raw.flush()
        except OSError as exc:
            self._guard.fault = self._guard.fault or exc
            raise

    def discard(self) -> None:
        self._guard.dropping = True
        self.stream.close()


class ChunkSource(io.RawIOBase):
    """A readable stream over a generator of byte chunks (the tar being built), remembering
    the first exception the generator raised (cancel, changed source, read error)."""

    def __init__(self, chunks: Iterator[bytes], on_read: Callable[[int], None]) -> None:
        super().__init__()
        self._chunks = chunks
        self._pending = memoryview(b"")
        self._on_read = on_read
        self.fault: BundleError | OSError | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            try:
                self._pending = memoryview(next(self._chunks))
            except StopIteration:
                return 0
            except (BundleError, OSError) as exc:
                self.fault = exc
                raise
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        self._on_read(size)
        return size


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


def buffered_source(source: ChunkSource) -> io.BufferedReader:
    """`source` read in IO_BUFFER pieces, whatever size the encrypter asks for."""
    return io.BufferedReader(source, IO_BUFFER)
