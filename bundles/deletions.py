"""The archive's log of deleted cases (`council delete-case`), and what a deletion keeps.

<archive>/deletions.jsonl holds one JSON line per event, appended and fsynced:
- a deletion (no "event" key, as earlier releases wrote it, or "event": "deleted"): at,
  case_id, reference, by, reason;
- "receipt_reissued": a receipt was written again for a bundle that carried deleted cases
  (at, bundle_id, case_ids, via);
- "restored": a deleted case was imported again from its bundle by a person (at, case_id,
  bundle_id, by, reason): the case counts as deleted no longer.

A deletion removes the case's folders, and with them the signed manifests its revisions came
with; those hold ids and hashes only (no case content), and the receipt of a bundle is made from
them. So before the folders go, each manifest and its signature are kept in
<archive>/_deleted-provenance/<bundle id>/, and a bundle sent again, or `reissue-receipt`, still
gets its receipt, saying which of its cases were deleted, when and by whom.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bundles.case_folders import PROVENANCE
from bundles.manifest import BUNDLE_ID, MANIFEST_NAME, SIGNATURE_NAME
from crypto.atomic_file import fsync_folder
from crypto.encoding import parse_json_object
from crypto.errors import CryptoError

DELETIONS_FILE = "deletions.jsonl"
KEPT_PROVENANCE = "_deleted-provenance"
_MAX_LOG_BYTES = 64 * 1024 * 1024
_MAX_LINE = 64 * 1024


@dataclass(frozen=True)
class Deletion:
    case_id: str
    reference: str
    at: str
    by: str
    reason: str

    def describe(self) -> str:
        """'FC-20261101-NGUY (case 1b2c…) was deleted on 2026-12-01 by Sam Lee (reason)'."""
        name = f"{self.reference} (case {self.case_id})" if self.reference else self.case_id
        return f"{name} was deleted on {self.at[:10]} by {self.by} ({self.reason})"


class _Line(CryptoError):
    """Internal: one line of the log the strict reader refused (the line is skipped)."""


def read_deletions(archive_dir: Path) -> dict[str, Deletion]:
    """The cases deleted and not restored, by case id (the latest event per case decides).

    A line the strict reader refuses is skipped: a deletion it held then counts as not made,
    which only ever refuses a receipt (the archive lacks a case and nothing explains why)."""
    path = archive_dir / DELETIONS_FILE
    try:
        with path.open("rb") as f:
            data = f.read(_MAX_LOG_BYTES + 1)
    except FileNotFoundError:
        return {}
    deleted: dict[str, Deletion] = {}
    for line in data[:_MAX_LOG_BYTES].splitlines():
        try:
            entry = parse_json_object(line, max_bytes=_MAX_LINE, error=_Line, what=DELETIONS_FILE)
            event = entry.text("event", max_len=32) if "event" in entry.names() else "deleted"
            if event not in ("deleted", "restored"):
                continue
            case_id = entry.text("case_id", max_len=64)
            if event == "restored":
                deleted.pop(case_id, None)
                continue
            deleted[case_id] = Deletion(
                case_id,
                entry.text("reference", max_len=64, allow_empty=True),
                entry.text("at", max_len=64),
                entry.text("by", max_len=512),
                entry.text("reason", max_len=1024),
            )
        except _Line:
            continue
    return deleted


def log_event(archive_dir: Path, entry: dict[str, Any]) -> None:
    """Append one line to the log, on disk before the caller goes on."""
    path = archive_dir / DELETIONS_FILE
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")
        f.flush()
        os.fsync(f.fileno())
    fsync_folder(archive_dir)


def _bundle_id(manifest: Path) -> str | None:
    try:
        head = manifest.read_bytes()
    except OSError:
        return None
    marker = b'"bundle_id":"'
    at = head.find(marker)
    if at < 0:
        return None
    found = head[at + len(marker) : at + len(marker) + 32].decode("ascii", "replace")
    return found if BUNDLE_ID.fullmatch(found) else None


def keep_provenance(archive_dir: Path, folders: list[Path]) -> int:
    """Copy the signed manifests (and signatures) the revisions under `folders` came with to
    <archive>/_deleted-provenance/<bundle id>/, once per bundle; returns how many were new.
    Only ids and hashes: a manifest holds no case content."""
    kept = 0
    for folder in folders:
        if not folder.is_dir():
            continue
        for manifest in sorted(folder.glob(f"rev-*/{PROVENANCE}/{MANIFEST_NAME}")):
            bundle_id = _bundle_id(manifest)
            signature = manifest.parent / SIGNATURE_NAME
            if bundle_id is None or not signature.is_file():
                continue
            target = archive_dir / KEPT_PROVENANCE / bundle_id
            if (target / MANIFEST_NAME).is_file() and (target / SIGNATURE_NAME).is_file():
                continue
            target.mkdir(parents=True, exist_ok=True, mode=0o700)
            for source in (manifest, signature):
                shutil.copyfile(source, target / source.name)
            fsync_folder(target)
            kept += 1
    if kept:
        fsync_folder(archive_dir / KEPT_PROVENANCE)
    return kept


def kept_manifest(archive_dir: Path, bundle_id: str) -> Path | None:
    """The kept manifest of a bundle whose cases were all deleted, if there is one."""
    path = archive_dir / KEPT_PROVENANCE / bundle_id / MANIFEST_NAME
    return path if BUNDLE_ID.fullmatch(bundle_id) and path.is_file() else None
