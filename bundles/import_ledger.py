"""The receiver's import ledger: replay rejection and gap/fork flags per device chain."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from bundles.entries import SHA256_HEX
from bundles.errors import ReplayRejected
from bundles.manifest import BUNDLE_ID, GENESIS_SHA256, MAX_SEQ, OPAQUE_ID, Manifest
from crypto.atomic_file import write_atomic
from crypto.encoding import canonical_json, parse_json_object
from crypto.errors import CryptoError

FLAG_SEQUENCE_GAP = "sequence_gap"  # bundles from this device are missing before this one
FLAG_CHAIN_FORK = "chain_fork"  # the previous-manifest hash is not the one we imported
FLAG_HEADER_UNBOUND = "header_unbound"  # format 1: the age header was not signed
FLAG_LATE_ACCEPTED = "late_accepted"  # older than the device's head, accepted by a person

LEDGER_FORMAT = "first-contact/import-ledger/1"
LEDGER_FILE = "import-ledger.json"  # in the archive folder


@dataclass(frozen=True)
class DeviceHead:
    """The newest bundle imported from one device."""

    device_seq: int
    manifest_sha256: str


class ImportLedger(Protocol):
    """What the reader asks before accepting, and what the caller records after committing."""

    def head(self, device_id: str) -> DeviceHead | None: ...

    def seen_bundle(self, bundle_id: str) -> bool: ...

    def seen_file(self, file_sha256: str) -> bool: ...

    def record(self, manifest: Manifest, manifest_sha256: str, file_sha256: str) -> None: ...


class AlreadyImported(ReplayRejected):
    """This very bundle (same id, signature already verified) was imported before. The
    receiver answers with its receipt again rather than refusing, so a receipt lost to a crash
    or a full disk can always be had again."""

    def __init__(self, message: str, manifest: Manifest) -> None:
        super().__init__(message)
        self.manifest = manifest
        self.manifest_sha256 = ""  # filled in by the reader, which holds the signed bytes


def check_sequence(
    ledger: ImportLedger, manifest: Manifest, *, accept_late: bool = False
) -> tuple[str, ...]:
    """Raise ReplayRejected for a seen or older bundle; return flags for gaps and forks.
    `accept_late` (council accept-late) lets an older, never-seen bundle through, flagged."""
    if ledger.seen_bundle(manifest.bundle_id):
        raise AlreadyImported("This bundle was already imported; nothing was changed.", manifest)
    head = ledger.head(manifest.device_id)
    if head is None:
        head = DeviceHead(device_seq=0, manifest_sha256=GENESIS_SHA256)
    if manifest.device_seq <= head.device_seq:
        if accept_late:
            return (FLAG_LATE_ACCEPTED,)
        raise ReplayRejected(
            f"Bundle {manifest.device_seq} from this device is not newer than bundle "
            f"{head.device_seq}, already imported; refused as a replay. If it was delivered "
            "late, review it and import it with `council accept-late`."
        )
    if manifest.device_seq > head.device_seq + 1:
        return (FLAG_SEQUENCE_GAP,)
    if manifest.prev_manifest_sha256 != head.manifest_sha256:
        return (FLAG_CHAIN_FORK,)
    return ()


@dataclass
class MemoryImportLedger:
    """An in-memory ledger (tests, and callers that keep their own store)."""

    heads: dict[str, DeviceHead] = field(default_factory=dict)
    bundles: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)

    def head(self, device_id: str) -> DeviceHead | None:
        return self.heads.get(device_id)

    def seen_bundle(self, bundle_id: str) -> bool:
        return bundle_id in self.bundles

    def seen_file(self, file_sha256: str) -> bool:
        return file_sha256 in self.files

    def record(self, manifest: Manifest, manifest_sha256: str, file_sha256: str) -> None:
        current = self.heads.get(manifest.device_id)
        if current is None or manifest.device_seq > current.device_seq:
            self.heads[manifest.device_id] = DeviceHead(manifest.device_seq, manifest_sha256)
        self.bundles.add(manifest.bundle_id)
        self.files.add(file_sha256)


class LedgerUnreadable(Exception):
    """import-ledger.json is missing parts, malformed or not an import ledger."""


class _Shape(CryptoError):
    """Internal: the strict reader's error type, reported as LedgerUnreadable."""


MAX_LEDGER_BYTES = 256 * 1024 * 1024  # ~1 million bundles; refuse anything larger unread


def _parse_ledger(data: bytes, where: Path) -> MemoryImportLedger:
    top = parse_json_object(data, max_bytes=MAX_LEDGER_BYTES, error=_Shape, what=where.name)
    top.exact("format", LEDGER_FORMAT)
    heads = top.child("heads")
    ledger = MemoryImportLedger()
    for device_id in heads.names():
        pair = heads.items(device_id, max_items=2)
        seq, sha = ([*pair, None, None])[:2]
        if (
            not OPAQUE_ID.fullmatch(device_id)
            or type(seq) is not int
            or not 1 <= seq <= MAX_SEQ
            or not isinstance(sha, str)
            or not SHA256_HEX.fullmatch(sha)
        ):
            raise heads.fail(f"the entry for device {device_id[:64]!r} is malformed")
        ledger.heads[device_id] = DeviceHead(seq, sha)
    heads.finish()
    for key, pattern, target in (
        ("bundles", BUNDLE_ID, ledger.bundles),
        ("files", SHA256_HEX, ledger.files),
    ):
        for value in top.items(key, max_items=MAX_LEDGER_BYTES):
            if not isinstance(value, str) or not pattern.fullmatch(value):
                raise top.fail(f"an item of {key!r} is malformed")
            target.add(value)
    top.finish()
    return ledger


class FileImportLedger(MemoryImportLedger):
    """The memory ledger persisted as one JSON file, replaced atomically on every record."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_LEDGER_BYTES + 1)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise LedgerUnreadable(
                f"{path} cannot be read ({exc.strerror or type(exc).__name__}); check the "
                "archive folder and its permissions."
            ) from None
        try:
            loaded = _parse_ledger(data, path)
        except _Shape as exc:
            # The council's own file, but a damaged one must never be overwritten.
            raise LedgerUnreadable(
                f"{exc}. Restore {path.name} from a backup; it was not changed."
            ) from None
        self.heads, self.bundles, self.files = loaded.heads, loaded.bundles, loaded.files

    def record(self, manifest: Manifest, manifest_sha256: str, file_sha256: str) -> None:
        super().record(manifest, manifest_sha256, file_sha256)
        body = {
            "format": LEDGER_FORMAT,
            "heads": {d: [h.device_seq, h.manifest_sha256] for d, h in self.heads.items()},
            "bundles": sorted(self.bundles),
            "files": sorted(self.files),
        }
        write_atomic(self._path, canonical_json(body))
