"""Council side: receive bundles into the archive and write signed receipts beside it.

The checks themselves live in bundles/ (reader, archive); this module finds the council's
keys, the enrolled devices and the import ledger, and turns failures into exit codes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bundles.deletions import Deletion, log_event
from bundles.errors import (
    EXIT_RECEIPT_REISSUED,
    UNEXPECTED_FAULT_HINT,
    BundleError,
    DecryptFailed,
    UnexpectedFault,
    exit_code_help,
)
from bundles.import_ledger import LEDGER_FILE, FileImportLedger, LedgerUnreadable
from bundles.manifest import BUNDLE_ID
from bundles.receipt_store import reissue_from_archive
from bundles.receiver import CaseIndex, Received, Restore, receive_bundle
from bundles.work_folders import receive_lock
from crypto.council import load_council_key_file
from crypto.errors import CryptoError, WrongPassphrase
from crypto.signing import public_key_of
from services.enrolment import enrolled_devices
from services.errors import InvalidInput
from services.import_keys import open_import_identities, retired_key_hint
from services.receipt_key_file import current_receipt_path

RECEIPTS_DIR = "receipts"


@dataclass(frozen=True)
class CouncilSecrets:
    """The council private keys a receive needs, opened once for a batch of bundles."""

    identities: tuple[str, ...]
    receipt_sk: bytes
    # Added to a decrypt failure: the retired import keys whose files were destroyed.
    retired_hint: str = ""

    @property
    def receipt_pk(self) -> bytes:
        """Checks the enrolled-devices register, which this key signs."""
        return public_key_of(self.receipt_sk)


@dataclass(frozen=True)
class ReceiveOutcome:
    """One bundle's result: exit code, one line for the operator, the receipt written."""

    bundle: Path
    exit_code: int
    message: str
    receipt: Path | None = None
    received: Received | None = None


def open_council_secrets(
    keys_dir: Path, passphrase: str, *, ask: Callable[[str], str] | None = None
) -> CouncilSecrets:
    """Open the import identities (current and retired ones still held) and the receipt key.

    `passphrase` opens the import keys; when the receipt key has its own passphrase
    (`council init --passphrase-per-key`), `ask` is asked for it."""
    imports = open_import_identities(keys_dir, passphrase)
    try:
        receipt_sk = load_council_key_file(current_receipt_path(keys_dir), "receipt", passphrase)
    except WrongPassphrase:
        if ask is None:
            raise InvalidInput("The receipt key has its own passphrase; give it too.") from None
        receipt_sk = _open_receipt(keys_dir, ask("Passphrase of the council receipt key"))
    except CryptoError as exc:
        raise InvalidInput(f"The council keys could not be opened: {exc}") from None
    if not isinstance(receipt_sk, bytes):  # pragma: no cover - the receipt role is raw bytes
        raise InvalidInput("The council receipt key file is damaged.")
    return CouncilSecrets(imports.identities, receipt_sk, retired_key_hint(imports.destroyed))


def _open_receipt(keys_dir: Path, passphrase: str) -> bytes | str:
    try:
        return load_council_key_file(current_receipt_path(keys_dir), "receipt", passphrase)
    except CryptoError as exc:
        raise InvalidInput(f"The council receipt key could not be opened: {exc}") from None


def open_ledger(archive_dir: Path) -> FileImportLedger:
    """The archive's import ledger, or a message saying it cannot be used (never a traceback)."""
    try:
        return FileImportLedger(archive_dir / LEDGER_FILE)
    except LedgerUnreadable as exc:
        raise InvalidInput(f"The import ledger cannot be used: {exc}") from None


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
    late_reason: str | None = None,
    index: CaseIndex | None = None,
    restore: Restore | None = None,
) -> ReceiveOutcome:
    """Verify and archive one bundle. Never raises for a refused bundle: the outcome carries
    its distinct exit code and a one-line reason. `late_reason`: see accept_late. `index`:
    the council case store recording each committed revision (services.council_cases)."""
    if archive_dir.exists() and not archive_dir.is_dir():
        raise InvalidInput(f"--archive {archive_dir} is a file, not a folder; name a folder.")
    ledger = open_ledger(archive_dir)
    try:
        received = receive_bundle(
            bundle,
            identities=secrets.identities,
            enrolled_devices=enrolled_devices(keys_dir, receipt_pk=secrets.receipt_pk),
            ledger=ledger,
            archive_dir=archive_dir,
            receipt_sk=secrets.receipt_sk,
            now=now,
            late_reason=late_reason,
            index=index,
            restore=restore,
        )
    except BundleError as exc:
        hint = secrets.retired_hint if isinstance(exc, DecryptFailed) else ""
        return ReceiveOutcome(bundle, exc.exit_code, f"refused ({exc.reason}): {exc}{hint}")
    target = received.receipt_path
    cases = len(received.outcome.received)
    if received.reissued:
        message = (
            f"already imported earlier ({cases} case revision(s) from device "
            f"{received.manifest.device_id}); its receipt was written again"
        )
        if received.deleted:
            note_reissue(archive_dir, received.manifest.bundle_id, received.deleted, via="receive")
            message += deleted_note(received.deleted, bundle_hint=str(bundle))
    elif received.restored:
        message = (
            f"restored {len(received.restored)} deleted case(s) from bundle "
            f"{received.manifest.bundle_id}: "
            + "; ".join(d.reference or d.case_id for d in received.restored)
            + "; logged in deletions.jsonl; its receipt is the one on file"
        )
    else:
        message = f"imported {cases} case revision(s) from device {received.manifest.device_id}"
    if received.flags:
        message += f"; FLAGGED for review: {', '.join(received.flags)}"
    if received.stale_removed:
        message += f" (removed {received.stale_removed} item(s) a killed receive left behind)"
    return ReceiveOutcome(bundle, received.exit_code, message, target, received)


def receive_many(
    bundles: Sequence[Path],
    *,
    keys_dir: Path,
    archive_dir: Path,
    secrets: CouncilSecrets,
    now: datetime | None = None,
    index: CaseIndex | None = None,
) -> list[ReceiveOutcome]:
    """Receive bundles in the order given (oldest first keeps the device chains tidy).

    One bundle's failure never stops the others: every bundle gets its own outcome. Only a
    problem with the council's own files (keys, enrolled devices, ledger) ends the batch.
    """
    outcomes = []
    for b in bundles:
        try:
            outcome = receive_one(
                b, keys_dir=keys_dir, archive_dir=archive_dir, secrets=secrets, now=now, index=index
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


def accept_late(
    bundle: Path,
    *,
    keys_dir: Path,
    archive_dir: Path,
    secrets: CouncilSecrets,
    reason: str,
    index: CaseIndex | None = None,
) -> ReceiveOutcome:
    """Import a bundle that `receive` refused as older than the device's newest one, after a
    person reviewed it. Every other check still runs; a bundle already imported stays refused
    (its receipt is written again). Logged with the reason in ARCHIVE/late-imports.jsonl."""
    reason = " ".join(reason.split())
    if not 10 <= len(reason) <= 500:
        raise InvalidInput(
            "Give the reason for accepting this late bundle in 10 to 500 characters (who "
            "reviewed it and why), e.g. --reason 'stick found in van, checked with team lead'."
        )
    return receive_one(
        bundle,
        keys_dir=keys_dir,
        archive_dir=archive_dir,
        secrets=secrets,
        late_reason=reason,
        index=index,
    )


def reissue_receipt(
    bundle_id: str, *, keys_dir: Path, archive_dir: Path, secrets: CouncilSecrets
) -> ReceiveOutcome:
    """Write the receipt of an imported bundle again, from the signed manifest kept in the
    archive (no bundle file needed). The outcome's exit code is 4 on success."""
    if not BUNDLE_ID.fullmatch(bundle_id):
        raise InvalidInput(
            "A bundle id is 32 lower-case hex digits (the receipt file's name without "
            "'.receipt.json'); copy it again."
        )
    ledger = open_ledger(archive_dir)
    try:
        with receive_lock(archive_dir):
            target, deleted = reissue_from_archive(
                archive_dir=archive_dir,
                receipts_dir=archive_dir / RECEIPTS_DIR,
                bundle_id=bundle_id,
                ledger=ledger,
                # A revoked device's earlier imports still get their receipts.
                enrolled_devices=enrolled_devices(
                    keys_dir, receipt_pk=secrets.receipt_pk
                ).with_revoked(),
                receipt_sk=secrets.receipt_sk,
            )
    except BundleError as exc:
        return ReceiveOutcome(Path(bundle_id), exc.exit_code, f"not issued ({exc.reason}): {exc}")
    message = f"receipt written again: {target}"
    if deleted:
        note_reissue(archive_dir, bundle_id, deleted, via="reissue-receipt")
        message += deleted_note(deleted, bundle_hint="the bundle file")
    return ReceiveOutcome(Path(bundle_id), EXIT_RECEIPT_REISSUED, message, target)


def deleted_note(deleted: Sequence[Deletion], *, bundle_hint: str) -> str:
    """What a receipt re-issue says about the bundle's cases deleted since import."""
    lines = "; ".join(d.describe() for d in deleted)
    return (
        f". Not imported again: {lines}. If a deletion was a mistake, import the case again "
        f"from this bundle: council restore-deleted {bundle_hint} --keys DIR --archive DIR "
        "--reason TEXT --by NAME"
    )


def note_reissue(
    archive_dir: Path, bundle_id: str, deleted: Sequence[Deletion], *, via: str
) -> None:
    """Audit: a receipt was written again for a bundle that carried deleted cases."""
    log_event(archive_dir, {"event": "receipt_reissued",
                            "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                            "bundle_id": bundle_id, "case_ids": [d.case_id for d in deleted],
                            "via": via})  # fmt: skip


def restore_deleted(
    bundle: Path,
    *,
    keys_dir: Path,
    archive_dir: Path,
    secrets: CouncilSecrets,
    reason: str,
    by: str,
    index: CaseIndex | None = None,
) -> ReceiveOutcome:
    """Import again, from their bundle, the cases a person deleted by mistake: every check of
    `receive` runs; only a bundle already imported with a deleted case is accepted. Logged in
    ARCHIVE/deletions.jsonl (restored: who, when, why)."""
    reason = " ".join(reason.split())
    by = " ".join(by.split())
    if not 10 <= len(reason) <= 500:
        raise InvalidInput(
            "Give the reason for restoring in 10 to 500 characters, e.g. --reason 'deleted in "
            "error, duplicate was the other case (ticket 2026-311)'."
        )
    if not by:
        raise InvalidInput("Say who is restoring the case (--by NAME): restorations are audited.")
    return receive_one(
        bundle,
        keys_dir=keys_dir,
        archive_dir=archive_dir,
        secrets=secrets,
        index=index,
        restore=Restore(by, reason),
    )


def exit_codes_text() -> str:
    """The exit-code table of `receive` (and `export`), for --help and the docs."""
    return exit_code_help()


def age_identity_text(keys_dir: Path, passphrase: str) -> str:
    """The current council import identity for the `age` CLI (a secret: print it only into a
    pipe)."""
    return open_import_identities(keys_dir, passphrase).identities[0]
