"""The device side: write a bundle to `<name>.part` while reading it back from the stick, fsync,
check, rename."""

from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import os
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from bundles.background_write import BackgroundWriter
from bundles.errors import BundleError, DiskFull, ExportInputError, WriteFailed
from bundles.manifest import Manifest, manifest_problem
from bundles.prefetch import Prefetcher
from bundles.sources import CancelCheck, EntrySource, ExportContext, prepare_entries
from bundles.tar_build import entry_chunks, tar_length, tar_prefix
from bundles.write_check import verify_written
from crypto.age_envelope import check_recipient, generate_age_identity
from crypto.age_stream import CHUNK, AgeStreamEncryptor
from crypto.atomic_file import fsync_folder
from crypto.encoding import format_utc
from crypto.errors import CryptoError
from crypto.fingerprints import fingerprint
from crypto.signing import DOMAIN_MANIFEST, public_key_of, read_worker_cert, sign

Progress = Callable[[int, int, str], None]
OutputOpener = Callable[[Path], BinaryIO]
NAME_BYTES = 10  # 80 random bits: exactly 16 base32 characters, no padding
_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}

WRITING = "Writing bundle"
CHECKING = "Checking bundle"
# The tar is encrypted and written in pieces of this size (a whole number of age chunks).
BLOCK = 16 * CHUNK
# The entries are read and hashed up to this many batches ahead of encryption (each at least
# one BLOCK, at most a BLOCK plus one READ_CHUNK: at most 48 MiB held), so that thread gets
# going while the manifest is still being built and signed (~40 ms for 1,000 cases).
AHEAD = 24
# Report about every MiB: often enough for a smooth bar, rare enough not to flood the UI.
STEP_BYTES = 1024 * 1024


class ProgressTracker:
    """Calls progress(done, total, label) as bytes pass; `done` never goes backwards."""

    def __init__(self, progress: Callable[[int, int, str], None] | None, *, total: int) -> None:
        self._progress = progress
        self.total = total
        self.done = 0
        self._reported = -STEP_BYTES
        self._label = WRITING

    def _advance(self, count: int, label: str) -> None:
        self.done = min(self.total, self.done + count)
        if self._progress is None:
            return
        if label != self._label or self.done - self._reported >= STEP_BYTES:
            self._label, self._reported = label, self.done
            self._progress(self.done, self.total, label)

    def writing(self, count: int) -> None:
        """`count` more bytes of tar encrypted and written."""
        self._advance(count, WRITING)

    def checking(self, count: int) -> None:
        """`count` more bytes of tar decrypted during the read-back check."""
        self._advance(count, CHECKING)

    def finished(self) -> None:
        """The last report: everything done."""
        self.done = self.total
        if self._progress is not None:
            self._progress(self.total, self.total, CHECKING)


@dataclass(frozen=True)
class WrittenBundle:
    """A bundle on the destination that has been read back and verified."""

    path: Path
    manifest: Manifest
    manifest_sha256: str
    size: int


def new_bundle_name() -> str:
    """A neutral file name, `<16 base32 chars>.age`, that says nothing about its content."""
    return base64.b32encode(secrets.token_bytes(NAME_BYTES)).decode("ascii") + ".age"


def _open_exclusive(path: Path) -> BinaryIO:
    return path.open("xb")


def _as_bundle_error(exc: BaseException) -> BundleError:
    if isinstance(exc, BundleError):
        return exc
    if isinstance(exc, OSError) and exc.errno in _NO_SPACE:
        return DiskFull(
            "The destination is full; nothing was saved. Free some space or use another "
            "stick, then export again."
        )
    return WriteFailed(
        "Writing the bundle failed (was the stick removed?); nothing was saved. "
        "Re-insert the stick and export again."
    )


def _checked_recipients(recipients: Sequence[str]) -> list[str]:
    try:
        checked = [check_recipient(r) for r in recipients]
    except CryptoError:
        raise ExportInputError(
            "A council recipient key is invalid; re-pin the trust bundle."
        ) from None
    if not checked or len(set(checked)) != len(checked):
        raise ExportInputError("There must be one or more distinct council recipients.")
    return checked


def _check_signer(context: ExportContext, worker_sk: bytes) -> None:
    try:
        cert = read_worker_cert(context.device_pk, context.worker_cert)
        signer_pk = public_key_of(worker_sk)
    except CryptoError:
        raise ExportInputError(
            "The worker certificate does not verify; re-certify the worker."
        ) from None
    if (cert.worker_pk, cert.worker_id, cert.device_id) != (
        signer_pk,
        context.worker_id,
        context.device_id,
    ):
        raise ExportInputError("The worker certificate belongs to another worker or device.")


def _batches(chunks: Iterator[bytes]) -> Iterator[list[bytes]]:
    """The tar's chunks in lists of at least BLOCK bytes: a few hundred hand-overs between
    threads for a whole bundle instead of one per tar member."""
    batch: list[bytes] = []
    size = 0
    for chunk in chunks:
        batch.append(chunk)
        size += len(chunk)
        if size >= BLOCK:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _blocks(chunks: Iterable[bytes]) -> Iterator[list[memoryview]]:
    """The tar regrouped into BLOCK-sized pieces (the last may be shorter), each a list of
    views into the tar's own chunks: nothing is copied here. The thread that reads and hashes
    every entry is the slower half of the pipeline; the encrypter reads the views in place, so
    the encrypted output is the only copy, and it hands the file about one BLOCK per write."""
    block: list[memoryview] = []
    size = 0
    for chunk in chunks:
        view = memoryview(chunk)
        while len(view) >= BLOCK - size:  # this chunk completes the block
            cut = BLOCK - size
            block.append(view[:cut])
            view = view[cut:]
            yield block
            block, size = [], 0
        if view:
            block.append(view)
            size += len(view)
    if block:
        yield block


@dataclass(frozen=True)
class _SelfCheck:
    """What the read-back needs: the one-off identity and the tar it must find."""

    identity: str
    tar_prefix: bytes
    tar_length: int


def _write_and_check(
    part: Path,
    chunks: Iterable[bytes],
    sealer: AgeStreamEncryptor,
    opener: OutputOpener,
    self_check: _SelfCheck,
    tracker: ProgressTracker,
    cancel: CancelCheck,
) -> None:
    """Encrypt the tar into `part`, fsync it, then read it all back from the stick.

    While writing, four threads share the work: one reads and hashes the entries, this one
    encrypts, one writes (copies into the page cache), one syncs the stick behind it. hashlib,
    ChaCha20-Poly1305 and file I/O release the interpreter lock, so they run at once.
    """
    with opener(part) as raw:
        out = BackgroundWriter(raw)
        try:
            # Each write is one block behind, so the last block's chunks go out together
            # with the final chunk: every write is about one BLOCK.
            held: bytes | bytearray | None = None
            for block in _blocks(chunks):
                sealed = sealer.update(block)
                if held is None:
                    held = sealer.preamble + sealed
                else:
                    out.write(held)
                    held = sealed
                tracker.writing(sum(len(piece) for piece in block))
            out.write((sealer.preamble if held is None else held) + sealer.finish())
        except BaseException:
            out.stop()
            raise
        out.close()  # raises what a write or a background sync met (disk full, stick pulled)
        os.fsync(raw.fileno())
    verify_written(
        part,
        self_check.identity,
        self_check.tar_prefix,
        self_check.tar_length,
        tracker.checking,
        cancel,
    )


def write_bundle(
    out_dir: Path,
    *,
    context: ExportContext,
    entries: Sequence[EntrySource],
    recipients: Sequence[str],
    worker_sk: bytes,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    opener: OutputOpener = _open_exclusive,
    now: datetime | None = None,
) -> WrittenBundle:
    """Write, verify and return a bundle in `out_dir`, or raise a BundleError having left
    neither the final file nor its `.part` behind (removal is best effort if the stick is gone).

    `recipients` are the pinned council "age1…" keys (never the recovery key).
    """
    cancelled: CancelCheck = cancel or (lambda: False)
    checked = _checked_recipients(recipients)
    _check_signer(context, worker_sk)
    manifest_entries = prepare_entries(entries, cancelled)
    # From here a helper thread reads and hashes the entries (the slowest part of writing)
    # while this one builds and signs the manifest; leaving the block stops it.
    tar_body = _batches(entry_chunks(manifest_entries, entries, cancelled))
    with Prefetcher(tar_body, AHEAD, "bundle-tar") as ahead:
        # A throwaway recipient lets the device decrypt its own bundle once, to verify it.
        self_identity, self_recipient = generate_age_identity()
        try:
            sealer = AgeStreamEncryptor([*checked, self_recipient])
        except CryptoError:
            raise ExportInputError(
                "A council recipient key is invalid; re-pin the trust bundle."
            ) from None
        manifest = Manifest(
            bundle_id=secrets.token_hex(16),
            device_id=context.device_id,
            device_pk=context.device_pk,
            device_seq=context.device_seq,
            prev_manifest_sha256=context.prev_manifest_sha256,
            worker_id=context.worker_id,
            worker_cert=context.worker_cert,
            created_utc=format_utc(now or datetime.now(UTC)),
            app_version=context.app_version,
            schema_version=context.schema_version,
            recipients=tuple(fingerprint(r) for r in checked),
            self_check=fingerprint(self_recipient),
            training=context.training,
            entries=manifest_entries,
            age_header_sha256=hashlib.sha256(sealer.header).hexdigest(),
        )
        problem = manifest_problem(manifest, entries_checked=True)  # by prepare_entries
        if problem is not None:
            raise ExportInputError(
                f"The export details are unusable ({problem}); nothing was saved."
            )
        manifest_bytes = manifest.to_bytes()
        signature = sign(worker_sk, DOMAIN_MANIFEST, manifest_bytes)
        length = tar_length(manifest_bytes, signature, manifest_entries)
        tracker = ProgressTracker(progress, total=2 * length)

        name = new_bundle_name()
        part, final = out_dir / f"{name}.part", out_dir / name
        ours = [part]  # what to remove on failure; the final name only once we own it
        try:
            prefix = tar_prefix(manifest_bytes, signature)
            chunks = chain([prefix], chain.from_iterable(ahead))
            check = _SelfCheck(self_identity, prefix, length)
            _write_and_check(part, chunks, sealer, opener, check, tracker, cancelled)
            if final.exists():
                raise WriteFailed(
                    "A file with the bundle's random name already exists; export again."
                )
            # The final name only once the file was read back from the stick and checked.
            part.rename(final)
            ours.append(final)
            fsync_folder(out_dir)
            size = final.stat().st_size
        except (BundleError, OSError, CryptoError) as exc:
            for leftover in ours:
                with contextlib.suppress(OSError):
                    leftover.unlink()
            raise _as_bundle_error(exc) from None
    tracker.finished()
    return WrittenBundle(
        path=final,
        manifest=manifest,
        manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest(),
        size=size,
    )
