"""The writer's read-back: read the file being written back from the stick and decrypt it.

Every 64 KiB age chunk carries a Poly1305 tag under the bundle's one-off file key, so a file
that decrypts to the end with every tag valid holds exactly the tar that was encrypted, and
that tar was checked entry by entry against the signed manifest while it was built. The
read-back therefore proves what the stick holds: the right header (the self-check stanza and
the header MAC), every chunk intact, the final chunk present, the signed manifest and signature
at the start, and the tar's full length. It does not parse and re-hash every entry again.

It runs on its own thread behind the writer and only reads what the device already holds,
dropping it from the page cache first, so the bytes checked come from the stick, not memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from bundles.errors import BundleError, ExportCancelled, VerifyFailed
from bundles.sources import CancelCheck
from crypto.age_header import MAX_HEADER_BYTES, inspect_age_header
from crypto.age_stream import SEALED_CHUNK, AgeStreamDecryptor
from crypto.errors import CryptoError

_FAILED = (
    "The bundle did not read back correctly from the destination (faulty stick?); it was "
    "deleted. Try another stick and export again."
)
_CANCELLED = "The export was cancelled; the unfinished bundle was deleted."
READ_BLOCK = 16 * SEALED_CHUNK  # a whole number of age chunks per read
# Given how much was read, wait until the device holds more and return how far it does
# (the same number again: nothing more will come).
Frontier = Callable[[int], int]


def forget_cached_pages(fd: int, offset: int, length: int) -> None:
    """Drop part of a file from the page cache, so reading it next reads the device rather
    than what is still in memory (where the OS allows it; clean pages only)."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with contextlib.suppress(OSError):
            advise(fd, offset, length, os.POSIX_FADV_DONTNEED)


def _read_durable(raw: BinaryIO, frontier: Frontier, digest: hashlib._Hash) -> Iterator[bytes]:
    """The file as the device holds it, in pieces of at most READ_BLOCK, hashing every byte."""
    position = 0
    while (limit := frontier(position)) > position:
        forget_cached_pages(raw.fileno(), position, limit - position)
        while position < limit:
            block = raw.read(min(READ_BLOCK, limit - position))
            if not block:
                raise VerifyFailed(_FAILED)  # shorter on the stick than what was written
            digest.update(block)
            position += len(block)
            yield block


class _Plaintext:
    """Keeps the first bytes of the decrypted tar for comparison and counts the rest."""

    def __init__(self, prefix_length: int) -> None:
        self.start = bytearray()
        self.length = 0
        self._prefix_length = prefix_length

    def add(self, plain: bytes | bytearray) -> None:
        room = self._prefix_length - len(self.start)
        if room > 0:
            self.start += plain[:room]
        self.length += len(plain)


def verify_written(
    path: Path,
    identity: str,
    tar_prefix: bytes,
    tar_length: int,
    frontier: Frontier,
    checked: Callable[[int], None],
    cancel: CancelCheck,
) -> str:
    """Read `path` back as far as `frontier` allows and decrypt it with the writer's
    self-check identity; it must hold a tar of `tar_length` bytes starting with `tar_prefix`
    (the signed manifest and signature). Returns the file's SHA-256, or raises VerifyFailed /
    ExportCancelled."""
    opener = AgeStreamDecryptor(identity)
    digest = hashlib.sha256()
    plaintext = _Plaintext(len(tar_prefix))
    try:
        with path.open("rb") as raw:
            for index, block in enumerate(_read_durable(raw, frontier, digest)):
                if index == 0:
                    inspect_age_header(block[: MAX_HEADER_BYTES + 1])
                if cancel():
                    raise ExportCancelled(_CANCELLED)
                plain = opener.update(block)
                plaintext.add(plain)
                checked(len(plain))
            final = opener.finish()
            plaintext.add(final)
            checked(len(final))
    except ExportCancelled:
        raise
    except (BundleError, CryptoError, OSError):
        raise VerifyFailed(_FAILED) from None
    if plaintext.start != tar_prefix or plaintext.length != tar_length:
        raise VerifyFailed(_FAILED)
    return digest.hexdigest()


class ReadBack:
    """verify_written on a helper thread, started before the first byte is written."""

    def __init__(
        self,
        path: Path,
        identity: str,
        expected: tuple[bytes, int],
        frontier: Frontier,
        cancel: CancelCheck,
    ) -> None:
        self._args = (path, identity, *expected, frontier, self._checked, cancel)
        self.checked = 0  # plaintext bytes verified so far (written by the helper thread only)
        self._result: str | BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="bundle-check", daemon=True)
        self._thread.start()

    def _checked(self, count: int) -> None:
        self.checked += count

    def _run(self) -> None:
        try:
            self._result = verify_written(*self._args)
        except BaseException as exc:  # noqa: BLE001 - handed to the writer, which raises it
            self._result = exc

    def wait(self, timeout: float | None = None) -> bool:
        """Whether the check finished within `timeout` seconds."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def result(self) -> str:
        """The file's SHA-256 once verified; raises what the check raised."""
        self._thread.join()
        if isinstance(self._result, BaseException):
            raise self._result
        assert self._result is not None
        return self._result
