"""The receiver: bounds, decrypt, authenticate, replay checks, then stream entries into staging.

Decryption runs on a helper thread (bundles.prefetch) with crypto.age_stream's decryptor, so
reading, hashing and decrypting the file overlap the tar parsing, hashing and writing here.
Staged entries are sealed under a key held only in memory (crypto.staging_seal): a receive
killed at any moment leaves only ciphertext in staging.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from bundles.archive_kind import check_training
from bundles.case_folders import SkeletonBuilder
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
from bundles.import_ledger import (
    FLAG_HEADER_UNBOUND,
    AlreadyImported,
    ImportLedger,
    check_sequence,
)
from bundles.manifest import Manifest
from bundles.member_check import MemberChecker
from bundles.prefetch import prefetched
from bundles.stream_guards import GuardedSink
from bundles.tar_stream import TarStreamParser
from bundles.trust_checks import SUPPORTED_SCHEMA_VERSIONS, ReceiverTrust, verify_manifest
from bundles.write_errors import classified
from crypto.age_envelope import recipient_of
from crypto.age_header import MAX_HEADER_BYTES, AgeHeader, AgeHeaderTooLarge, inspect_age_header
from crypto.age_stream import AgeStreamDecryptor, AgeTrailingData
from crypto.errors import AgeError, CryptoError
from crypto.staging_seal import SealingWriter, StagingKey, StagingSealBroken, sealed_size

MAX_BUNDLE_BYTES = 64 * 1024**3
READ_BLOCK = 1024 * 1024  # the bundle file is read, hashed and decrypted in pieces this size
DECRYPT_AHEAD = 8  # decrypted pieces the helper thread may hold ready (bounded memory)


STAGED_FILE = "entries.sealed"


@dataclass(frozen=True)
class StagedEntry:
    """One verified entry, sealed as number `number` at `offset` in the staging file `path`
    (one file per receive: creating and deleting a file per entry cost more than the rest of
    staging together on a busy disk)."""

    entry: ManifestEntry
    path: Path
    number: int = 0
    offset: int = 0


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
    key: StagingKey | None = field(default=None, repr=False)
    built: Path | None = None  # the empty case folders made ahead (bundles.case_folders)

    def plaintext(self, staged: StagedEntry) -> Iterator[bytes]:
        """The entry's bytes, unsealed from staging piece by piece; StagingSealBroken if the
        staged file was changed on disk since it was written."""
        if self.key is None:
            raise StagingSealBroken("This bundle was only verified; nothing was staged.")
        with staged.path.open("rb", buffering=0) as sealed:
            sealed.seek(staged.offset)
            end = staged.offset + sealed_size(staged.entry.size)

            def read(count: int) -> bytes:
                # Never past this entry: the next entry's bytes follow in the same file.
                return sealed.read(max(0, min(count, end - sealed.tell())))

            yield from self.key.opened(staged.number, staged.entry.size, read)

    def read_staged(self, staged: StagedEntry) -> bytes:
        """A whole staged entry in memory (small entries and tests)."""
        return b"".join(self.plaintext(staged))

    def discard(self) -> None:
        """Wipe the staged entries (and any empty case folders) without committing them."""
        shutil.rmtree(self.staging, ignore_errors=True)
        if self.built is not None:
            shutil.rmtree(self.built, ignore_errors=True)


class _StagingFile:
    """The one staging file of a receive: every entry sealed (crypto.staging_seal) and
    appended in turn. It is not synced: staging is thrown away after every receive, and the
    archive syncs what it keeps before the receipt is written. A write error here is the
    archive disk's problem (full, permission, I/O), never the bundle's."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0
        self._fd: int | None = None

    def _write(self, data: bytes) -> None:
        with classified("staging an entry"):
            if self._fd is None:
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
                self._fd = os.open(self.path, flags, 0o600)
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view) :]
        self.offset += len(data)

    def entry(self, key: StagingKey, number: int) -> _StagedEntrySink:
        return _StagedEntrySink(key.sealer(number, self._write))

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


class _StagedEntrySink:
    """One entry's sink: seals into the staging file; close() seals the last chunk."""

    def __init__(self, sealer: SealingWriter) -> None:
        self._sealer = sealer

    def write(self, data: memoryview, /) -> int:
        return self._sealer.write(data)

    def close(self) -> None:
        self._sealer.close()


class _Discard:
    """The sink of `verify-bundle`: entry bytes are checked and dropped, never written."""

    def write(self, data: memoryview, /) -> int:
        return len(data)

    def close(self) -> None:
        """Nothing to close."""


class _Receipt:
    """Collects what the manifest check learns while decryption is still running."""

    def __init__(self, staging: Path, trust: ReceiverTrust, ledger: ImportLedger) -> None:
        self.staging = staging
        self.trust = trust
        self.ledger = ledger
        self.accept_late = False
        self.training_archive: bool | None = None  # None: verify only, either kind passes
        self.keep_entries = True
        self.header = AgeHeader((), 0)
        self.now = datetime.now(UTC)
        self.manifest: Manifest | None = None
        self.manifest_bytes = b""
        self.signature = b""
        self.flags: tuple[str, ...] = ()
        self.staged: list[StagedEntry] = []
        self.key = StagingKey()
        self.file = _StagingFile(staging / STAGED_FILE)
        self.skeletons: SkeletonBuilder | None = None

    def on_manifest(self, manifest_bytes: bytes, signature: bytes) -> Sequence[ManifestEntry]:
        manifest = verify_manifest(
            manifest_bytes,
            signature,
            trust=self.trust,
            header=self.header,
            now=self.now,
        )
        if self.training_archive is not None:
            check_training(manifest.training, self.training_archive)
        try:
            self.flags = check_sequence(self.ledger, manifest, accept_late=self.accept_late)
        except AlreadyImported as exc:
            exc.manifest_sha256 = hashlib.sha256(manifest_bytes).hexdigest()
            raise
        if manifest.age_header_sha256 is None:
            self.flags += (FLAG_HEADER_UNBOUND,)
        self.manifest, self.manifest_bytes, self.signature = manifest, manifest_bytes, signature
        if self.keep_entries and self.skeletons is not None:
            # Every check on the manifest passed: make the empty case folders meanwhile.
            self.skeletons.start(manifest_bytes, signature, manifest.entries)
        return manifest.entries

    def open_sink(self, index: int, entry: ManifestEntry) -> _StagedEntrySink | _Discard:
        if not self.keep_entries:
            return _Discard()  # verify only: the checker hashes every byte, nothing is written
        # Entries are found by offset in our own staging file: a tar name is never a path.
        self.staged.append(StagedEntry(entry, self.file.path, index, self.file.offset))
        return self.file.entry(self.key, index)


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


class _ReadFault(Exception):
    """Reading the bundle file failed (the helper thread hands this to the consumer)."""


def _decrypted(
    source: BinaryIO, opener: AgeStreamDecryptor, digest: hashlib._Hash
) -> Iterator[bytes | bytearray]:
    """The helper thread's work: read the file, hash it (the ledger's file hash) and decrypt
    it; yields plaintext pieces of about READ_BLOCK bytes."""
    while True:
        try:
            block = source.read(READ_BLOCK)
        except OSError as exc:
            raise _ReadFault() from exc
        if not block:
            break
        digest.update(block)
        plain = opener.update(block)
        if plain:
            yield plain
    yield opener.finish()


def _decrypt(source: BinaryIO, receipt: _Receipt, identities: Sequence[str]) -> str:
    checker = MemberChecker(receipt.on_manifest, receipt.open_sink)
    parser = TarStreamParser(checker)
    sink = GuardedSink(parser)
    digest = hashlib.sha256()
    try:
        opener = AgeStreamDecryptor(identities)
        for plain in prefetched(_decrypted(source, opener, digest), DECRYPT_AHEAD, "decrypt"):
            sink.write(plain)
    except (AgeError, OSError, BundleError, _ReadFault) as exc:
        checker.close()
        if sink.fault is not None:
            raise sink.fault from None
        if isinstance(exc, _ReadFault):
            raise ReadFailed("The bundle file could not be read; copy it again.") from None
        if isinstance(exc, AgeTrailingData):
            raise DecryptFailed("The bundle has data after its end; refused.") from None
        raise DecryptFailed(
            "The bundle did not decrypt: it is not for this import key, or it was altered "
            "or truncated in transit. Ask for it to be exported again."
        ) from exc
    parser.finish()
    return digest.hexdigest()


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
    accept_late: bool = False,
    keep_entries: bool = True,
    incoming_dir: Path | None = None,
    training_archive: bool | None = None,
) -> VerifiedBundle:
    """Verify a bundle completely and stage its entries; on any failure raise the BundleError
    for the first check that failed and leave nothing in `staging_dir`.

    `enrolled_devices` maps device id -> device key fingerprint; `identities` are the
    council's age import identities (AGE-SECRET-KEY-1…), current and archived.
    `keep_entries=False` checks every entry but stages nothing (verify-bundle).
    `incoming_dir` (a new folder on the archive's disk): make the empty case folders there
    while decrypting, for commit_to_archive to fill (see bundles.case_folders).
    `training_archive`: whether the archive it goes into is a practice one; a bundle of the
    other kind is refused (bundles.archive_kind). None (verify-bundle) lets either pass.
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
        with classified("creating the staging folder"):
            staging.mkdir(parents=True, mode=0o700)
        receipt = _Receipt(staging, trust, ledger)
        receipt.accept_late, receipt.keep_entries = accept_late, keep_entries
        receipt.training_archive = training_archive
        receipt.header = header
        receipt.now = now or receipt.now
        if incoming_dir is not None and keep_entries:
            receipt.skeletons = SkeletonBuilder(incoming_dir)
        built: Path | None = None
        try:
            try:
                file_sha256 = _decrypt(source, receipt, identities)
            finally:
                receipt.file.close()
            manifest = receipt.manifest
            if manifest is None:
                raise ManifestInvalid("The bundle has no manifest; refused.")
            if ledger.seen_file(file_sha256):
                raise ReplayRejected("This exact bundle file was already imported; refused.")
            if receipt.skeletons is not None:
                with classified("preparing the case folders"):
                    built = receipt.skeletons.finish()
        except BaseException:
            if receipt.skeletons is not None:
                receipt.skeletons.abandon()
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
        key=receipt.key if keep_entries else None,
        built=built,
    )
