"""The writer's read-back: decrypt the file just written and check it against the manifest."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO, cast

from bundles.entries import ManifestEntry
from bundles.errors import BundleError, ExportCancelled, VerifyFailed
from bundles.manifest import parse_manifest
from bundles.member_check import MemberChecker
from bundles.sources import CancelCheck
from bundles.stream_guards import BufferedSink, GuardedSink, HashingSource
from bundles.tar_stream import TarStreamParser
from crypto.age_envelope import decrypt_stream
from crypto.age_header import MAX_HEADER_BYTES, inspect_age_header
from crypto.errors import CryptoError

_FAILED = (
    "The bundle did not read back correctly from the destination (faulty stick?); it was "
    "deleted. Try another stick and export again."
)


class _Discard:
    """Entry bytes are only hashed during the check, never kept."""

    def write(self, data: bytes, /) -> int:
        return len(data)

    def close(self) -> None:
        """Nothing to release."""


class _Counting:
    """Reports progress and honours cancel while the decrypted tar streams past."""

    def __init__(
        self, target: TarStreamParser, checked: Callable[[int], None], cancel: CancelCheck
    ) -> None:
        self._target = target
        self._checked = checked
        self._cancel = cancel

    def write(self, data: bytes | bytearray | memoryview, /) -> int:
        if self._cancel():
            raise ExportCancelled("The export was cancelled; the unfinished bundle was deleted.")
        self._checked(len(data))
        return self._target.write(data)


def verify_written(
    path: Path,
    identity: str,
    manifest_bytes: bytes,
    signature: bytes,
    checked: Callable[[int], None],
    cancel: CancelCheck,
) -> str:
    """Decrypt `path` with the writer's self-check identity and compare it with what was
    meant to be written; returns the file's SHA-256 or raises VerifyFailed/ExportCancelled."""
    entries = parse_manifest(manifest_bytes).entries

    def same_manifest(got_manifest: bytes, got_signature: bytes) -> Sequence[ManifestEntry]:
        if (got_manifest, got_signature) != (manifest_bytes, signature):
            raise VerifyFailed(_FAILED)
        return entries

    checker = MemberChecker(same_manifest, lambda _index, _entry: _Discard())
    parser = TarStreamParser(checker)
    sink = GuardedSink(_Counting(parser, checked, cancel))
    gathered = BufferedSink(sink)
    try:
        with path.open("rb") as raw:
            inspect_age_header(raw.read(MAX_HEADER_BYTES + 1))
            raw.seek(0)
            source = HashingSource(raw)
            decrypt_stream(
                cast(BinaryIO, source.stream), cast(BinaryIO, gathered.stream), [identity]
            )
            gathered.finish()
            parser.finish()
            leftover = source.drain()
    except (BundleError, CryptoError, OSError):
        gathered.discard()
        if isinstance(sink.fault, ExportCancelled):
            raise sink.fault from None
        raise VerifyFailed(_FAILED) from None
    if leftover:
        raise VerifyFailed(_FAILED)
    return source.hexdigest()
