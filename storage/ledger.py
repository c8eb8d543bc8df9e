"""vault.ledger: the export ledger: each bundle written and the case revisions it held."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from storage.database import Database
from storage.encoding import utc_timestamp
from storage.errors import LedgerEntryNotFound

_STATUS = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class LedgerEntry:
    """One bundle: its id, status (e.g. "written", "verified", "receipted") and contents."""

    bundle_id: str
    created_at: str
    updated_at: str
    status: str
    cases: dict[str, int]  # case id -> revision carried


def _check_status(status: str) -> None:
    if not _STATUS.match(status):
        raise ValueError("ledger status must be a lowercase code such as 'written'")


class ExportLedger:
    """Minimal for now; the export feature builds on it."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def record(
        self,
        bundle_id: str,
        cases: Mapping[str, int],
        *,
        status: str = "written",
        now: str | None = None,
    ) -> LedgerEntry:
        """Record a bundle and the case revisions it carries."""
        _check_status(status)
        at = utc_timestamp(now)
        with self._db.transaction():
            self._db.execute(
                "INSERT INTO export_ledger (bundle_id, created_at, updated_at, status)"
                " VALUES (?, ?, ?, ?)",
                (bundle_id, at, at, status),
            )
            self._db.executemany(
                "INSERT INTO export_ledger_cases (bundle_id, case_id, revision) VALUES (?, ?, ?)",
                [(bundle_id, case_id, int(rev)) for case_id, rev in sorted(cases.items())],
            )
        return LedgerEntry(bundle_id, at, at, status, dict(sorted(cases.items())))

    def set_status(self, bundle_id: str, status: str, *, now: str | None = None) -> None:
        _check_status(status)
        changed = self._db.execute(
            "UPDATE export_ledger SET status = ?, updated_at = ? WHERE bundle_id = ?",
            (status, utc_timestamp(now), bundle_id),
        )
        if not changed:
            raise LedgerEntryNotFound(f"no bundle {bundle_id} in the export ledger")

    def get(self, bundle_id: str) -> LedgerEntry:
        with self._db.lock:
            row = self._db.query_one(
                "SELECT bundle_id, created_at, updated_at, status FROM export_ledger"
                " WHERE bundle_id = ?",
                (bundle_id,),
            )
            if row is None:
                raise LedgerEntryNotFound(f"no bundle {bundle_id} in the export ledger")
            cases = self._db.query(
                "SELECT case_id, revision FROM export_ledger_cases WHERE bundle_id = ?"
                " ORDER BY case_id",
                (bundle_id,),
            )
        return LedgerEntry(row[0], row[1], row[2], row[3], {c: int(r) for c, r in cases})

    def entries(self, status: str | None = None) -> list[LedgerEntry]:
        """Bundles, oldest first (optionally only those with `status`)."""
        rows = self._db.query(
            "SELECT bundle_id FROM export_ledger WHERE ? IS NULL OR status = ?"
            " ORDER BY created_at, rowid",
            (status, status),
        )
        return [self.get(str(r[0])) for r in rows]

    def bundles_for_case(self, case_id: str) -> list[LedgerEntry]:
        """Every bundle that carried some revision of the case, oldest first."""
        rows = self._db.query(
            "SELECT l.bundle_id FROM export_ledger l JOIN export_ledger_cases c"
            " USING (bundle_id) WHERE c.case_id = ? ORDER BY l.created_at, l.rowid",
            (case_id,),
        )
        return [self.get(str(r[0])) for r in rows]
