"""Who is enrolled on this laptop, as the administrator screen lists them."""

from __future__ import annotations

from dataclasses import dataclass

from services.keystore_file import read_keystore
from services.session import Session


@dataclass(frozen=True)
class WorkerRow:
    """One enrolled worker; `disabled` comes from their key slot (too many failures, policy)."""

    worker_id: str
    display_name: str
    role: str
    is_you: bool
    disabled: bool


def worker_rows(session: Session) -> list[WorkerRow]:
    """Every worker in the vault's directory, by name, marking the one signed in."""
    slots = {s.worker_id: s for s in read_keystore(session.paths).slots}
    rows = [
        WorkerRow(
            worker_id=w.worker_id,
            display_name=w.display_name,
            role=w.role,
            is_you=w.worker_id == session.worker_id,
            disabled=bool(slots[w.worker_id].disabled) if w.worker_id in slots else True,
        )
        for w in session.vault.workers.list()
    ]
    return sorted(rows, key=lambda r: (r.display_name.casefold(), r.worker_id))
