"""The audit log of late bundles a person accepted (`council accept-late`): one JSON line per
import in <archive>/late-imports.jsonl, written before the bundle counts as imported."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bundles.manifest import Manifest
from bundles.write_errors import classified
from crypto.atomic_file import write_atomic
from crypto.encoding import canonical_json, format_utc

LATE_LOG = "late-imports.jsonl"
MAX_REASON = 500


def log_late_import(
    archive_dir: Path, manifest: Manifest, reason: str, *, now: datetime | None = None
) -> None:
    """Append who-what-why for a late import (atomically: the whole log is replaced)."""
    line = canonical_json(
        {
            "time": format_utc(now or datetime.now(UTC)),
            "bundle_id": manifest.bundle_id,
            "device_id": manifest.device_id,
            "device_seq": manifest.device_seq,
            "reason": reason[:MAX_REASON],
        }
    )
    path = archive_dir / LATE_LOG
    with classified("writing the late-import log"):
        old = path.read_bytes() if path.exists() else b""
        write_atomic(path, old + line + b"\n")
