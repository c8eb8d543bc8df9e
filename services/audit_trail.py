"""Checking the vault's hash-chained audit trail."""

from __future__ import annotations

from dataclasses import dataclass

from services.errors import VaultDamaged
from services.session import Session
from storage.errors import AuditChainBroken


@dataclass(frozen=True)
class AuditCheck:
    """The result of a successful chain check."""

    entries: int
    head_hash: str


def verify_audit_trail(session: Session) -> AuditCheck:
    """Recompute every link of the chain; raise VaultDamaged naming the first broken entry."""
    vault = session.vault
    try:
        vault.audit.verify()
    except AuditChainBroken as exc:
        raise VaultDamaged(f"The audit trail has been altered: {exc}") from exc
    entries = vault.audit.entries()
    return AuditCheck(len(entries), entries[-1].hash if entries else "")
