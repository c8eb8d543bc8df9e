"""The receiver's import ledger: replay rejection and gap/fork flags per device chain."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from bundles.errors import ReplayRejected
from bundles.manifest import GENESIS_SHA256, Manifest
from crypto.atomic_file import write_atomic
from crypto.encoding import canonical_json

FLAG_SEQUENCE_GAP = "sequence_gap"  # bundles from this device are missing before this one
FLAG_CHAIN_FORK = "chain_fork"  # the previous-manifest hash is not the one we imported

LEDGER_FORMAT = "first-contact/import-ledger/1"


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


def check_sequence(ledger: ImportLedger, manifest: Manifest) -> tuple[str, ...]:
    """Raise ReplayRejected for a seen or older bundle; return flags for gaps and forks."""
    if ledger.seen_bundle(manifest.bundle_id):
        raise ReplayRejected("This bundle was already imported; nothing was changed.")
    head = ledger.head(manifest.device_id)
    if head is None:
        head = DeviceHead(device_seq=0, manifest_sha256=GENESIS_SHA256)
    if manifest.device_seq <= head.device_seq:
        raise ReplayRejected(
            f"Bundle {manifest.device_seq} from this device is not newer than bundle "
            f"{head.device_seq}, already imported; refused as a replay. If it was delivered "
            "late, council IT must review it by hand."
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


class FileImportLedger(MemoryImportLedger):
    """The memory ledger persisted as one JSON file, replaced atomically on every record."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path
        if path.exists():
            self._load(path.read_bytes())

    def _load(self, data: bytes) -> None:
        # The council's own file, not hostile input; still refuse anything unexpected.
        value = json.loads(data.decode("utf-8"))
        if not isinstance(value, dict) or value.get("format") != LEDGER_FORMAT:
            raise ValueError(f"{self._path} is not an import ledger; refusing to overwrite it")
        for device_id, (seq, sha) in value["heads"].items():
            self.heads[str(device_id)] = DeviceHead(int(seq), str(sha))
        self.bundles.update(str(b) for b in value["bundles"])
        self.files.update(str(f) for f in value["files"])

    def record(self, manifest: Manifest, manifest_sha256: str, file_sha256: str) -> None:
        super().record(manifest, manifest_sha256, file_sha256)
        body = {
            "format": LEDGER_FORMAT,
            "heads": {d: [h.device_seq, h.manifest_sha256] for d, h in self.heads.items()},
            "bundles": sorted(self.bundles),
            "files": sorted(self.files),
        }
        write_atomic(self._path, canonical_json(body))
