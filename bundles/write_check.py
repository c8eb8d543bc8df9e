"""The writer's read-back: once the whole bundle is on the stick, read it back and decrypt it.

Every 64 KiB age chunk carries a Poly1305 tag under the bundle's one-off file key, so a file
that decrypts to the end with every tag valid holds exactly the tar that was encrypted, and
that tar was checked entry by entry against the signed manifest while it was built. The
read-back therefore proves what the stick holds: the right header (the self-check stanza and
the header MAC), every chunk intact, the final chunk present, the signed manifest and signature
at the start, and the tar's full length. It does not parse and re-hash every entry again, nor
hash the file (nothing on the device uses that hash; the council's receiver records it).

It starts only after the last byte was written and fsynced, and drops the file from the page
cache first, so every byte checked comes from the stick. Checking regions while later ones were
still being written would be faster, but a fake-capacity stick (one that wraps around and
overwrites its start once "full") would pass it: only a read after the whole write finds that.
"""

from __future__ import annotations

import contextlib
import os
from collections import deque
from collections.abc import Callable, Generator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

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
READ_BLOCK = 64 * SEALED_CHUNK  # a whole number of age chunks per read (about 4 MiB)
READ_DEPTH = 4


def forget_cached_pages(fd: int) -> None:
    """Drop a file from the page cache, so reading it next reads the device rather than what
    is still in memory (where the OS allows it; clean pages only, so fsync first)."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with contextlib.suppress(OSError):
            advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)


def _read_blocks(fd: int) -> Generator[bytes, None, None]:
    """The file in READ_BLOCK pieces, in order, with up to READ_DEPTH positional reads in
    flight on helper threads. One reader asking for 1 MiB at a time left this disk idle
    between requests (430 to 1,500 MiB/s from one run to the next); four reads in flight read
    it at a steady ~1,500 MiB/s, and cost a USB stick nothing. At most READ_DEPTH blocks are
    held at once."""
    size = os.fstat(fd).st_size
    with ThreadPoolExecutor(max_workers=READ_DEPTH, thread_name_prefix="bundle-check") as pool:
        pending: deque[Future[bytes]] = deque()
        offset = 0
        try:
            while offset < size or pending:
                while offset < size and len(pending) < READ_DEPTH:
                    pending.append(pool.submit(os.pread, fd, READ_BLOCK, offset))
                    offset += READ_BLOCK
                yield pending.popleft().result()
        finally:
            for waiting in pending:
                waiting.cancel()


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
    checked: Callable[[int], None],
    cancel: CancelCheck,
) -> None:
    """Read `path` back from the device and decrypt it with the writer's self-check identity;
    it must hold a tar of `tar_length` bytes starting with `tar_prefix` (the signed manifest
    and signature). Raises VerifyFailed or ExportCancelled if not."""
    opener = AgeStreamDecryptor(identity)
    plaintext = _Plaintext(len(tar_prefix))
    try:
        with path.open("rb") as raw:
            forget_cached_pages(raw.fileno())
            inspect_age_header(raw.read(MAX_HEADER_BYTES + 1))
            # Helper threads read the stick while this one decrypts; closed here, so no read
            # is still running once the file closes.
            blocks = _read_blocks(raw.fileno())
            with contextlib.closing(blocks):
                for block in blocks:
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
