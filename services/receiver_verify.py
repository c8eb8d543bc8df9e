"""`council verify-bundle`: every receiver check, nothing archived, no case byte written."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bundles.errors import ERROR_CLASSES, EXIT_FLAGGED, EXIT_OK, BundleError, exit_code_help
from bundles.import_ledger import MemoryImportLedger
from bundles.reader import read_bundle
from services.enrolment import enrolled_devices
from services.receiver import CouncilSecrets, ReceiveOutcome, open_ledger

# Refusals verify-bundle can give: every bundle check, a full or failing temp disk, a fault.
_ARCHIVE_ONLY = {"archive_commit_failed", "archive_busy", "receipt_invalid"}
VERIFY_CODES = frozenset(
    cls.exit_code for cls in ERROR_CLASSES if cls.exit_code < 30 and cls.reason not in _ARCHIVE_ONLY
)


def verify_exit_codes_text() -> str:
    """The exit codes verify-bundle can return, for its --help."""
    return exit_code_help(codes=VERIFY_CODES | {EXIT_OK, EXIT_FLAGGED})


def verify_only(
    bundle: Path, *, keys_dir: Path, secrets: CouncilSecrets, archive_dir: Path | None = None
) -> ReceiveOutcome:
    """Run every receiver check and discard the entries as they are checked: nothing is
    archived, recorded or staged. With `archive_dir`, the replay checks run against its
    import ledger too (read only); without it they are skipped, and the output says so."""
    ledger = open_ledger(archive_dir) if archive_dir is not None else MemoryImportLedger()
    with tempfile.TemporaryDirectory(prefix="fc-verify-") as tmp:
        try:
            result = read_bundle(
                bundle,
                identities=secrets.identities,
                enrolled_devices=enrolled_devices(keys_dir, receipt_pk=secrets.receipt_pk),
                ledger=ledger,
                staging_dir=Path(tmp) / "staging",
                keep_entries=False,
            )
        except BundleError as exc:
            return ReceiveOutcome(bundle, exc.exit_code, f"refused ({exc.reason}): {exc}")
        result.discard()
    m = result.manifest
    lines = [
        f"valid bundle {m.bundle_id} from device {m.device_id} (sequence {m.device_seq}), "
        f"worker {m.worker_id}, created {m.created_utc}" + (", TRAINING" if m.training else ""),
        f"manifest sha256 {result.manifest_sha256}",
        "replay check: "
        + ("passed" if archive_dir is not None else "not run (give --archive to run it)"),
    ]
    if result.flags:
        lines.append(f"FLAGGED for review: {', '.join(result.flags)}")
    lines += [f"  {e.name}  {e.size} bytes  sha256 {e.sha256}" for e in m.entries]
    return ReceiveOutcome(bundle, EXIT_FLAGGED if result.flags else EXIT_OK, "\n".join(lines))
