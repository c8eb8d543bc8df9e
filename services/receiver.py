"""Council side: receive bundles into the archive and write signed receipts beside it.

The checks themselves live in bundles/ (reader, archive); this module finds the council's
keys, the enrolled devices and the import ledger, and turns failures into exit codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bundles.errors import UNEXPECTED_FAULT_HINT, BundleError, UnexpectedFault, exit_code_help
from bundles.import_ledger import FileImportLedger, LedgerUnreadable, MemoryImportLedger
from bundles.reader import read_bundle
from bundles.receiver import Received, receive_bundle
from crypto.council import export_age_identity, load_council_private
from crypto.errors import CryptoError
from services.enrolment import enrolled_devices
from services.errors import InvalidInput

LEDGER_FILE = "import-ledger.json"
RECEIPTS_DIR = "receipts"


@dataclass(frozen=True)
class CouncilSecrets:
    """The council private keys a receive needs, opened once for a batch of bundles."""

    identities: tuple[str, ...]
    receipt_sk: bytes


@dataclass(frozen=True)
class ReceiveOutcome:
    """One bundle's result: exit code, one line for the operator, the receipt written."""

    bundle: Path
    exit_code: int
    message: str
    receipt: Path | None = None
    received: Received | None = None


def open_council_secrets(keys_dir: Path, passphrase: str) -> CouncilSecrets:
    """Open the import identity and the receipt key with the council passphrase."""
    try:
        identity = export_age_identity(keys_dir, passphrase)
        receipt_sk = load_council_private(keys_dir, "receipt", passphrase)
    except CryptoError as exc:
        raise InvalidInput(f"The council keys could not be opened: {exc}") from None
    if not isinstance(receipt_sk, bytes):  # pragma: no cover - the receipt role is raw bytes
        raise InvalidInput("The council receipt key file is damaged.")
    # Identities kept after a key rotation (archived-import-*.txt is not ours to manage here)
    return CouncilSecrets((identity,), receipt_sk)


def receipt_path(archive_dir: Path, bundle_id: str) -> Path:
    """Where the receipt for a bundle goes: <archive>/receipts/<bundle id>.receipt.json."""
    return archive_dir / RECEIPTS_DIR / f"{bundle_id}.receipt.json"


def receive_one(
    bundle: Path,
    *,
    keys_dir: Path,
    archive_dir: Path,
    secrets: CouncilSecrets,
    now: datetime | None = None,
) -> ReceiveOutcome:
    """Verify and archive one bundle. Never raises for a refused bundle: the outcome carries
    its distinct exit code and a one-line reason."""
    archive_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        ledger = FileImportLedger(archive_dir / LEDGER_FILE)
    except LedgerUnreadable as exc:
        raise InvalidInput(f"The import ledger cannot be used: {exc}") from None
    try:
        received = receive_bundle(
            bundle,
            identities=secrets.identities,
            enrolled_devices=enrolled_devices(keys_dir),
            ledger=ledger,
            archive_dir=archive_dir,
            receipt_sk=secrets.receipt_sk,
            now=now,
        )
    except BundleError as exc:
        return ReceiveOutcome(bundle, exc.exit_code, f"refused ({exc.reason}): {exc}")
    target = receipt_path(archive_dir, received.manifest.bundle_id)
    target.parent.mkdir(exist_ok=True, mode=0o700)
    target.write_bytes(received.receipt)
    cases = len(received.outcome.received)
    message = f"imported {cases} case revision(s) from device {received.manifest.device_id}"
    if received.flags:
        message += f"; FLAGGED for review: {', '.join(received.flags)}"
    return ReceiveOutcome(bundle, received.exit_code, message, target, received)


def receive_many(
    bundles: Sequence[Path],
    *,
    keys_dir: Path,
    archive_dir: Path,
    secrets: CouncilSecrets,
    now: datetime | None = None,
) -> list[ReceiveOutcome]:
    """Receive bundles in the order given (oldest first keeps the device chains tidy).

    One bundle's failure never stops the others: every bundle gets its own outcome. Only a
    problem with the council's own files (keys, enrolled devices, ledger) ends the batch.
    """
    outcomes = []
    for b in bundles:
        try:
            outcome = receive_one(
                b, keys_dir=keys_dir, archive_dir=archive_dir, secrets=secrets, now=now
            )
        except InvalidInput:
            raise
        except Exception as exc:  # noqa: BLE001 - last line of defence for the batch
            # A fault the receiver does not classify must not cost the other bundles their
            # import; the bundle is not counted as imported and the class name is reported.
            outcome = ReceiveOutcome(
                b,
                UnexpectedFault.exit_code,
                f"refused ({UnexpectedFault.reason}): {type(exc).__name__}. "
                + UNEXPECTED_FAULT_HINT,
            )
        outcomes.append(outcome)
    return outcomes


def exit_codes_text() -> str:
    """The exit-code table of `receive` (and `export`), for --help and the docs."""
    return exit_code_help()


def verify_only(bundle: Path, *, keys_dir: Path, secrets: CouncilSecrets) -> ReceiveOutcome:
    """Run every check except replay against the ledger, then discard: nothing is archived,
    nothing recorded. For checking a bundle by hand (for example after `age -d`)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="fc-verify-") as tmp:
        try:
            result = read_bundle(
                bundle,
                identities=secrets.identities,
                enrolled_devices=enrolled_devices(keys_dir),
                ledger=MemoryImportLedger(),
                staging_dir=Path(tmp) / "staging",
            )
        except BundleError as exc:
            return ReceiveOutcome(bundle, exc.exit_code, f"refused ({exc.reason}): {exc}")
        result.discard()
    m = result.manifest
    lines = [
        f"valid bundle {m.bundle_id} from device {m.device_id} (sequence {m.device_seq}), "
        f"worker {m.worker_id}, created {m.created_utc}" + (", TRAINING" if m.training else ""),
        f"manifest sha256 {result.manifest_sha256}",
    ]
    lines += [f"  {e.name}  {e.size} bytes  sha256 {e.sha256}" for e in m.entries]
    return ReceiveOutcome(bundle, 0, "\n".join(lines))


def age_identity_text(keys_dir: Path, passphrase: str) -> str:
    """The council import identity for the `age` CLI (a secret: print it only into a pipe)."""
    try:
        return export_age_identity(keys_dir, passphrase)
    except CryptoError as exc:
        raise InvalidInput(f"The council import key could not be opened: {exc}") from None
