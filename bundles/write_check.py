"""The writer's read-back: read the file just written from the destination and decrypt it.

Every 64 KiB age chunk carries a Poly1305 tag under the bundle's one-off file key, so a file
that decrypts to the end with every tag valid holds exactly the tar that was encrypted, and
that tar was checked entry by entry against the signed manifest while it was built. The
read-back therefore proves what the stick holds: the right header (the self-check stanza and
the header MAC), every chunk intact, the final chunk present, the signed manifest and signature
at the start, and the tar's full length. It does not parse and re-hash every entry again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from bundles.errors import BundleError, ExportCancelled, VerifyFailed
from bundles.prefetch import prefetched
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


def _read_blocks(raw: BinaryIO, digest: hashlib._Hash) -> Iterator[bytes]:
    """The file in READ_BLOCK pieces, hashing every byte (runs on the helper thread)."""
    while block := raw.read(READ_BLOCK):
        digest.update(block)
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
    checked: Callable[[int], None],
    cancel: CancelCheck,
) -> str:
    """Read `path` back and decrypt it with the writer's self-check identity; it must hold a
    tar of `tar_length` bytes starting with `tar_prefix` (the signed manifest and signature).
    Returns the file's SHA-256, or raises VerifyFailed / ExportCancelled."""
    opener = AgeStreamDecryptor(identity)
    digest = hashlib.sha256()
    plaintext = _Plaintext(len(tar_prefix))
    try:
        with path.open("rb") as raw:
            inspect_age_header(raw.read(MAX_HEADER_BYTES + 1))
            raw.seek(0)
            # The helper thread reads the stick and hashes while this one decrypts.
            for block in prefetched(_read_blocks(raw, digest), 4, "bundle-check"):
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
