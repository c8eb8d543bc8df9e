"""Retention: cases whose receipt was confirmed are purged after the configured days.

The purge deletes every version, attachment and search row (storage zeroes and vacuums the
freed space) and leaves a stub without personal data; each purge is audited by case id only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from services.case_status import RECEIPT_CONFIRMED
from services.clock import Clock, iso
from services.session import Session
from services.settings import (
    DEFAULT_RETENTION_DAYS,
    MAX_RETENTION_DAYS,
    MIN_RETENTION_DAYS,
    RETENTION_KEY,
    retention_days,
    set_retention_days,
)

__all__ = [
    "DEFAULT_RETENTION_DAYS",
    "MAX_RETENTION_DAYS",
    "MIN_RETENTION_DAYS",
    "RETENTION_KEY",
    "PurgeReport",
    "due_for_purge",
    "purge_due",
    "retention_days",
    "set_retention_days",
]


@dataclass(frozen=True)
class PurgeReport:
    """How many cases were purged (ids only; no names are kept anywhere)."""

    purged: tuple[str, ...]


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def purge_date(confirmed_at: str, days: int) -> str:
    """The day (UTC) from which a case confirmed at `confirmed_at` is purged, at the next unlock
    or receipt import."""
    return (_parse(confirmed_at) + timedelta(days=days)).strftime("%Y-%m-%d")


def due_for_purge(session: Session, *, clock: Clock) -> list[str]:
    """Confirmed cases whose confirmation is at least the retention period old.

    The status change to "receipt confirmed" sets updated_at, and a confirmed case is
    read-only, so updated_at is the confirmation time."""
    cutoff = clock.now() - timedelta(days=retention_days(session))
    return [
        s.case_id
        for s in session.vault.cases.list_summaries(status=RECEIPT_CONFIRMED)
        if _parse(s.updated_at) <= cutoff
    ]


def purge_due(session: Session, *, clock: Clock) -> PurgeReport:
    """Purge every case that is due, in one transaction, and audit each purge."""
    due = due_for_purge(session, clock=clock)
    if not due:
        return PurgeReport(())
    vault = session.vault
    now = iso(clock.now())
    vault.cases.purge_many(due, now=now)
    for case_id in due:
        vault.audit.append(
            "case_purged", worker_id=session.worker_id, case_id=case_id, detail="retention", now=now
        )
    return PurgeReport(tuple(due))
