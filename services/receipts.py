"""Device side: apply a council receipt. Only the pinned receipt key is believed, only this
device's bundles count, and only the exact revisions exported become "receipt confirmed"."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bundles.errors import ReceiptInvalid, ReceiptUnknownKey
from bundles.receipts import verify_receipt
from crypto.errors import CryptoError
from services.case_status import EXPORTED, RECEIPT_CONFIRMED
from services.clock import Clock, iso
from services.device_identity import device_identity, pinned_trust_bundle
from services.errors import InvalidInput, ServiceError
from services.session import Session
from storage.errors import LedgerEntryNotFound
from storage.vault import Vault

RECEIPTED = "receipted"
MAX_RECEIPT_FILE = 1024 * 1024


class ReceiptRefused(ServiceError):
    """The receipt was not applied; nothing changed."""


@dataclass(frozen=True)
class ReceiptApplied:
    """Which cases the receipt confirmed, and which it named but did not change."""

    bundle_id: str
    confirmed: tuple[str, ...]
    unchanged: tuple[str, ...]


def _signed_off_as_exported(vault: Vault, case_id: str, exported: int, current: int) -> bool:
    """True when the current version carries the sign-off that was exported.

    Versions after the export may only add disclosure-log entries (printing an exported case);
    they keep the same sign-off block. An amendment removes it, a new sign-off replaces it.
    """
    if current == exported:
        return True
    now_block = vault.cases.current(case_id).document.get("finalisation")
    then_block = vault.cases.version(case_id, exported).document.get("finalisation")
    return now_block is not None and now_block == then_block


def read_receipt_file(path: Path) -> bytes:
    """The receipt bytes, refusing anything too large to be a receipt before reading it."""
    try:
        if path.stat().st_size > MAX_RECEIPT_FILE:
            raise ReceiptRefused("That file is far too large to be a receipt; nothing changed.")
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"The receipt file cannot be read ({exc.strerror}).") from None


def import_receipt(session: Session, data: bytes, *, clock: Clock) -> ReceiptApplied:
    """Verify a receipt and mark the exported revisions it acknowledges as confirmed."""
    vault = session.vault
    try:
        trust = pinned_trust_bundle(vault, clock)
        receipt = verify_receipt(data, *trust.receipt_keys_at(clock.now()))
    except ReceiptUnknownKey as exc:
        raise ReceiptRefused(
            f"{exc} If council IT has rotated its receipt key, apply their trust update first "
            "(Administration › Apply trust update, or `apply-trust`), then import this receipt "
            "again; nothing changed."
        ) from None
    except ReceiptInvalid as exc:
        raise ReceiptRefused(str(exc)) from None
    except CryptoError as exc:
        raise ReceiptRefused(
            f"The pinned trust bundle is unusable ({exc}); nothing changed."
        ) from None
    if receipt.device_id != device_identity(vault).device_id:
        raise ReceiptRefused("This receipt is for another laptop; nothing changed.")
    try:
        entry = vault.ledger.get(receipt.bundle_id)
    except LedgerEntryNotFound:
        raise ReceiptRefused(
            "This laptop has no record of exporting that bundle; nothing changed."
        ) from None
    acknowledged = dict(receipt.records)
    confirmed: list[str] = []
    unchanged: list[str] = []
    now = iso(clock.now())
    with vault.transaction():
        for case_id, revision in sorted(entry.cases.items()):
            summary = vault.cases.summary(case_id)
            # An amended case or one already confirmed stays as it is.
            if (
                acknowledged.get(case_id) == revision
                and summary.status == EXPORTED
                and _signed_off_as_exported(vault, case_id, revision, summary.current_revision)
            ):
                vault.cases.set_status(case_id, RECEIPT_CONFIRMED, now=now)
                vault.audit.append(
                    "receipt_confirmed",
                    worker_id=session.worker_id,
                    case_id=case_id,
                    detail=f"bundle={receipt.bundle_id},rev={revision}",
                    now=now,
                )
                confirmed.append(case_id)
            else:
                unchanged.append(case_id)
        if entry.status != RECEIPTED:
            vault.ledger.set_status(receipt.bundle_id, RECEIPTED, now=now)
    return ReceiptApplied(receipt.bundle_id, tuple(confirmed), tuple(unchanged))
