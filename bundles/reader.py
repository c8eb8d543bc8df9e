"""The receiver: bounds, decrypt, authenticate, replay checks, then stream entries into staging."""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, cast

from bundles.entries import ManifestEntry
from bundles.errors import (
    BoundsExceeded,
    BundleError,
    DecryptFailed,
    ManifestInvalid,
    NotABundle,
    ReadFailed,
    ReplayRejected,
)
from bundles.import_ledger import FLAG_HEADER_UNBOUND, ImportLedger, check_sequence
from bundles.manifest import Manifest
from bundles.member_check import MemberChecker
from bundles.stream_guards import BufferedSink, GuardedSink, HashingSource
from bundles.tar_stream import TarStreamParser
from bundles.trust_checks import SUPPORTED_SCHEMA_VERSIONS, ReceiverTrust, verify_manifest
from crypto.age_envelope import decrypt_stream, recipient_of
from crypto.age_header import MAX_HEADER_BYTES, AgeHeader, AgeHeaderTooLarge, inspect_age_header
from crypto.errors import AgeError, CryptoError

MAX_BUNDLE_BYTES = 64 * 1024**3


@dataclass(frozen=True)
class StagedEntry:
    """One verified entry and the staging file holding its bytes."""

    entry: ManifestEntry
    path: Path


@dataclass(frozen=True)
class VerifiedBundle:
    """A bundle that passed every check; its entries wait in `staging` for commit_to_archive."""

    manifest: Manifest
    manifest_bytes: bytes = field(repr=False)
    signature: bytes = field(repr=False)
    manifest_sha256: str
    file_sha256: str
    staging: Path
    staged: tuple[StagedEntry, ...]
    flags: tuple[str, ...]

    def discard(self) -> None:
        """Wipe the staged entries without committing them."""
        shutil.rmtree(self.staging, ignore_errors=True)


class _StagedFile:
    """A staging file that reaches the disk before it is reported as received."""

    def __init__(self, path: Path) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        self._file = os.fdopen(fd, "wb")

    def write(self, data: bytes, /) -> int:
        return self._file.write(data)

    def close(self) -> None:
        if not self._file.closed:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()


class _Receipt:
    """Collects what the manifest check learns while decryption is still running."""

    def __init__(self, staging: Path, trust: ReceiverTrust, ledger: ImportLedger) -> None:
        self.staging = staging
        self.trust = trust
        self.ledger = ledger
        self.header = AgeHeader((), 0)
        self.now = datetime.now(UTC)
        self.manifest: Manifest | None = None
        self.manifest_bytes = b""
        self.signature = b""
        self.flags: tuple[str, ...] = ()
        self.staged: list[StagedEntry] = []

    def on_manifest(self, manifest_bytes: bytes, signature: bytes) -> Sequence[ManifestEntry]:
        manifest = verify_manifest(
            manifest_bytes,
            signature,
            trust=self.trust,
            header=self.header,
            now=self.now,
        )
        self.flags = check_sequence(self.ledger, manifest)
        if manifest.age_header_sha256 is None:
            self.flags += (FLAG_HEADER_UNBOUND,)
        self.manifest, self.manifest_bytes, self.signature = manifest, manifest_bytes, signature
        return manifest.entries

    def open_sink(self, index: int, entry: ManifestEntry) -> _StagedFile:
        # Staging names are our own counters: a tar name is never used as a path.
        path = self.staging / f"{index:06d}.bin"
        self.staged.append(StagedEntry(entry, path))
        return _StagedFile(path)


def _inspect_header(source: BinaryIO) -> AgeHeader:
    try:
        header = inspect_age_header(source.read(MAX_HEADER_BYTES + 1))
    except AgeHeaderTooLarge as exc:
        raise BoundsExceeded(f"{exc} The file is not a bundle from our app.") from None
    except CryptoError as exc:
        raise NotABundle(f"{exc} Check that this is a bundle file (…age).") from None
    finally:
        source.seek(0)
    return header


def _decrypt(source: BinaryIO, receipt: _Receipt, identities: Sequence[str]) -> str:
    checker = MemberChecker(receipt.on_manifest, receipt.open_sink)
    parser = TarStreamParser(checker)
    sink = GuardedSink(parser)
    gathered = BufferedSink(sink)
    hashing = HashingSource(source)
    try:
        decrypt_stream(cast(BinaryIO, hashing.stream), cast(BinaryIO, gathered.stream), identities)
        gathered.finish()
    except (AgeError, OSError, BundleError) as exc:
        # Hand the checker what was decrypted (and authenticated) before the failure: a bundle
        # that breaks a bound early must be refused for that, not as merely undecryptable.
        with contextlib.suppress(BundleError, OSError):
            gathered.finish()
        gathered.discard()
        checker.close()
        if sink.fault is not None:
            raise sink.fault from None
        if hashing.fault is not None:
            raise ReadFailed("The bundle file could not be read; copy it again.") from None
        raise DecryptFailed(
            "The bundle did not decrypt: it is not for this import key, or it was altered "
            "or truncated in transit. Ask for it to be exported again."
        ) from exc
    parser.finish()
    if hashing.drain():
        raise DecryptFailed("The bundle has data after its end; refused.")
    return hashing.hexdigest()


def read_bundle(
    path: Path,
    *,
    identities: Sequence[str],
    enrolled_devices: Mapping[str, str],
    ledger: ImportLedger,
    staging_dir: Path,
    supported_schema_versions: Collection[int] = SUPPORTED_SCHEMA_VERSIONS,
    now: datetime | None = None,
    max_bundle_bytes: int = MAX_BUNDLE_BYTES,
) -> VerifiedBundle:
    """Verify a bundle completely and stage its entries; on any failure raise the BundleError
    for the first check that failed and leave nothing in `staging_dir`.

    `enrolled_devices` maps device id -> device key fingerprint; `identities` are the
    council's age import identities (AGE-SECRET-KEY-1…), current and archived.
    """
    try:
        own = [recipient_of(identity) for identity in identities]
    except AgeError:
        raise DecryptFailed("An import identity is not a valid age key; check the key.") from None
    trust = ReceiverTrust(enrolled_devices, own, supported_schema_versions)
    try:
        if path.stat().st_size > max_bundle_bytes:
            raise BoundsExceeded(
                f"The file is larger than {max_bundle_bytes} bytes; refused unread."
            )
        source = path.open("rb")
    except OSError:
        raise ReadFailed("The bundle file could not be opened; check the path.") from None
    staging = staging_dir / f"in-{secrets.token_hex(8)}"
    with source:
        header = _inspect_header(source)
        staging.mkdir(parents=True, mode=0o700)
        receipt = _Receipt(staging, trust, ledger)
        receipt.header = header
        receipt.now = now or receipt.now
        try:
            file_sha256 = _decrypt(source, receipt, identities)
            manifest = receipt.manifest
            if manifest is None:
                raise ManifestInvalid("The bundle has no manifest; refused.")
            if ledger.seen_file(file_sha256):
                raise ReplayRejected("This exact bundle file was already imported; refused.")
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return VerifiedBundle(
        manifest=manifest,
        manifest_bytes=receipt.manifest_bytes,
        signature=receipt.signature,
        manifest_sha256=hashlib.sha256(receipt.manifest_bytes).hexdigest(),
        file_sha256=file_sha256,
        staging=staging,
        staged=tuple(receipt.staged),
        flags=receipt.flags,
    )
