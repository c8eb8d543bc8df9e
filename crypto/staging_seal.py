"""Sealed staging files for the council receiver: decrypted bundle entries wait on disk only
as AES-256-GCM ciphertext under a key that lives in this process's memory alone.

A receive killed at any moment (power cut, kill -9, crash) therefore leaves nothing readable
in its staging folder: the key died with the process. The next receive removes the leftovers.

Each staged file is the entry's plaintext cut into CHUNK-sized pieces, each sealed on its own
(ciphertext + 16-byte tag). The 96-bit nonce is the file's number in this receive (32 bits),
the chunk counter (56 bits) and a last-chunk flag (8 bits), as in age's STREAM: a chunk cannot
be moved to another file or position, and a truncated file fails because its new last chunk
was not sealed as the last. The reader is told the plaintext size (from the signed manifest),
so it knows how many chunks to expect and refuses a single byte more or less.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from crypto.errors import CryptoError

CHUNK = 1024 * 1024
TAG = 16
KEY_BYTES = 32
MAX_FILES = 2**32
MAX_CHUNKS = 2**56


class StagingSealBroken(CryptoError):
    """A staged file did not open: altered, truncated or extended on disk during the receive."""


def _nonce(number: int, counter: int, *, last: bool) -> bytes:
    if not 0 <= number < MAX_FILES or not 0 <= counter < MAX_CHUNKS:
        raise StagingSealBroken("A staged file is outside the sealing key's range.")
    return number.to_bytes(4, "big") + counter.to_bytes(7, "big") + (b"\x01" if last else b"\x00")


def sealed_size(size: int) -> int:
    """Bytes on disk for `size` bytes of plaintext."""
    return size + TAG * max(1, -(-size // CHUNK))


class StagingKey:
    """One receive's sealing key: made here from the OS random source, never written down.
    Each file number may be used for one file only (the receiver numbers entries 0, 1, 2…)."""

    def __init__(self) -> None:
        self._aead = AESGCM(os.urandom(KEY_BYTES))
        self._used: set[int] = set()

    def sealer(self, number: int, write: Callable[[bytes], None]) -> SealingWriter:
        """A writer that seals what it is given and passes the ciphertext to `write`."""
        if number in self._used:
            raise StagingSealBroken("A staging file number was used twice; refused.")
        self._used.add(number)
        return SealingWriter(self._aead, number, write)

    def opened(self, number: int, size: int, read: Callable[[int], bytes]) -> Iterator[bytes]:
        """The plaintext of staged file `number`, `size` bytes long, read through `read(n)`,
        in pieces of at most CHUNK bytes. Raises StagingSealBroken on any change on disk."""
        chunks = max(1, -(-size // CHUNK))
        for counter in range(chunks):
            last = counter == chunks - 1
            want = (size - counter * CHUNK if last else CHUNK) + TAG
            sealed = read(want)
            if len(sealed) != want:
                raise StagingSealBroken("A staged file is shorter than its entry; refused.")
            try:
                yield self._aead.decrypt(_nonce(number, counter, last=last), sealed, None)
            except InvalidTag:
                raise StagingSealBroken("A staged file was altered on disk; refused.") from None
        if read(1):
            raise StagingSealBroken("A staged file is longer than its entry; refused.")


class SealingWriter:
    """Seals a byte stream chunk by chunk; `close()` seals the last (possibly short) chunk.
    Holds at most one chunk of plaintext."""

    def __init__(self, aead: AESGCM, number: int, write: Callable[[bytes], None]) -> None:
        self._aead, self._number, self._write = aead, number, write
        self._pending = bytearray()
        self._counter = 0
        self._closed = False

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self._closed:
            raise StagingSealBroken("A staged file was already sealed; nothing more is added.")
        view = memoryview(data).cast("B")
        count = len(view)
        if self._pending:
            take = CHUNK - len(self._pending)
            self._pending += view[:take]
            view = view[take:]
            if len(self._pending) == CHUNK and view:
                self._seal(bytes(self._pending))
                self._pending.clear()
        # Whole chunks straight from the caller's buffer; the final one is always held back,
        # since only close() knows it is the last.
        while len(view) > CHUNK:
            self._seal(view[:CHUNK])
            view = view[CHUNK:]
        self._pending += view
        return count

    def _seal(self, chunk: bytes | memoryview, *, last: bool = False) -> None:
        nonce = _nonce(self._number, self._counter, last=last)
        self._write(self._aead.encrypt(nonce, chunk, None))
        self._counter += 1

    def close(self) -> None:
        """Seal the last chunk (once)."""
        if self._closed:
            return
        self._closed = True
        self._seal(bytes(self._pending), last=True)
        self._pending.clear()
