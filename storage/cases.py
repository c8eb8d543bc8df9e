"""vault.cases: case records as append-only versions of a JSON document with a current pointer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from storage.attachments import AttachmentStore
from storage.database import Database
from storage.encoding import canonical_json, decode_document, decode_json, sha256_hex, utc_timestamp
from storage.errors import (
    CaseExists,
    CaseNotFound,
    CasePurged,
    StaleRevision,
    WrongKeyOrCorrupt,
)
from storage.search import SearchIndex

PURGED = "purged"
DRAFT = "draft"
_STATUS = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_SUMMARY_COLUMNS = (
    "case_id, reference, status, current_revision, created_at, updated_at, created_by,"
    " summary, updated_by"
)


@dataclass(frozen=True)
class CaseVersion:
    """One saved revision of a case document."""

    case_id: str
    revision: int
    document: dict[str, Any]
    saved_at: str
    worker_id: str
    sha256: str  # of the canonical JSON bytes stored


@dataclass(frozen=True)
class CaseSummary:
    """List-view data; `summary` is computed by services and not interpreted here."""

    case_id: str
    reference: str
    status: str
    current_revision: int
    created_at: str
    updated_at: str
    worker_id: str  # who created the case
    summary: dict[str, Any]
    updated_by: str


def _summary(row: tuple[Any, ...]) -> CaseSummary:
    value = decode_json(bytes(row[7]))
    return CaseSummary(
        case_id=row[0],
        reference=row[1],
        status=row[2],
        current_revision=int(row[3]),
        created_at=row[4],
        updated_at=row[5],
        worker_id=row[6],
        summary=value if isinstance(value, dict) else {},
        updated_by=row[8],
    )


def _check_status(status: str) -> None:
    if not _STATUS.match(status) or status == PURGED:
        raise ValueError(
            "status must be a lowercase code like 'draft' or 'finalised' ('purged' is set only "
            "by purge())"
        )


class CaseStore:
    """Every write is one transaction covering the version, the pointer and the search index."""

    def __init__(self, db: Database, search: SearchIndex, attachments: AttachmentStore) -> None:
        self._db = db
        self._search = search
        self._attachments = attachments

    def create(
        self,
        case_id: str,
        reference: str,
        document: dict[str, Any],
        *,
        worker_id: str,
        summary: dict[str, Any],
        search_terms: list[str],
        now: str | None = None,
    ) -> CaseVersion:
        """Create a case at revision 1 with status "draft"."""
        at = utc_timestamp(now)
        body = canonical_json(document)
        summary_bytes = canonical_json(summary)
        with self._db.transaction():
            if self._db.scalar("SELECT 1 FROM cases WHERE case_id = ?", (case_id,)):
                raise CaseExists(f"case {case_id} already exists; generate a new case id")
            self._db.execute(
                f"INSERT INTO cases ({_SUMMARY_COLUMNS}) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)",  # noqa: S608 (constant column list)
                (case_id, reference, DRAFT, at, at, worker_id, summary_bytes, worker_id),
            )
            version = self._append(case_id, 1, body, worker_id, at)
            self._search.index(case_id, search_terms)
        return version

    def save_version(
        self,
        case_id: str,
        document: dict[str, Any],
        *,
        worker_id: str,
        summary: dict[str, Any],
        search_terms: list[str],
        expected_revision: int | None = None,
        now: str | None = None,
    ) -> CaseVersion:
        """Append a revision and move the pointer; StaleRevision if someone saved meanwhile."""
        at = utc_timestamp(now)
        body = canonical_json(document)
        summary_bytes = canonical_json(summary)
        with self._db.transaction():
            current = self._current_revision(case_id)
            if expected_revision is not None and expected_revision != current:
                raise StaleRevision(case_id, expected_revision, current)
            revision = current + 1
            version = self._append(case_id, revision, body, worker_id, at)
            self._db.execute(
                "UPDATE cases SET current_revision = ?, updated_at = ?, updated_by = ?,"
                " summary = ? WHERE case_id = ?",
                (revision, at, worker_id, summary_bytes, case_id),
            )
            self._search.index(case_id, search_terms)
        return version

    def _append(
        self, case_id: str, revision: int, body: bytes, worker_id: str, at: str
    ) -> CaseVersion:
        digest = sha256_hex(body)
        self._db.execute(
            "INSERT INTO case_versions (case_id, revision, saved_at, worker_id, sha256, document)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (case_id, revision, at, worker_id, digest, body),
        )
        return CaseVersion(case_id, revision, decode_document(body), at, worker_id, digest)

    def _current_revision(self, case_id: str) -> int:
        row = self._db.query_one(
            "SELECT status, current_revision FROM cases WHERE case_id = ?", (case_id,)
        )
        if row is None:
            raise CaseNotFound(f"no case {case_id} in this vault; refresh the case list")
        if row[0] == PURGED:
            raise CasePurged(f"case {case_id} was purged; its content no longer exists")
        return int(row[1])

    def current(self, case_id: str) -> CaseVersion:
        """The revision the pointer names."""
        with self._db.lock:
            return self.version(case_id, self._current_revision(case_id))

    def version(self, case_id: str, revision: int) -> CaseVersion:
        """One revision; its bytes are checked against the digest stored with them."""
        row = self._db.query_one(
            "SELECT saved_at, worker_id, sha256, document FROM case_versions"
            " WHERE case_id = ? AND revision = ?",
            (case_id, revision),
        )
        if row is None:
            self._current_revision(case_id)  # raises CaseNotFound / CasePurged when apt
            raise CaseNotFound(f"case {case_id} has no revision {revision}; list its revisions")
        body = bytes(row[3])
        if sha256_hex(body) != row[2]:
            raise WrongKeyOrCorrupt(
                f"case {case_id} revision {revision} does not match its digest; the vault is "
                "damaged, restore it with council IT"
            )
        return CaseVersion(case_id, revision, decode_document(body), row[0], row[1], row[2])

    def revisions(self, case_id: str) -> list[int]:
        """Every stored revision number, ascending (empty once purged)."""
        with self._db.lock:
            self.summary(case_id)
            rows = self._db.query(
                "SELECT revision FROM case_versions WHERE case_id = ? ORDER BY revision",
                (case_id,),
            )
        return [int(r[0]) for r in rows]

    def summary(self, case_id: str) -> CaseSummary:
        row = self._db.query_one(
            f"SELECT {_SUMMARY_COLUMNS} FROM cases WHERE case_id = ?",  # noqa: S608
            (case_id,),
        )
        if row is None:
            raise CaseNotFound(f"no case {case_id} in this vault; refresh the case list")
        return _summary(row)

    def list_summaries(
        self, status: str | None = None, limit: int | None = None
    ) -> list[CaseSummary]:
        """Newest-updated first. status=None lists every case except purged stubs."""
        where, params = ("status = ?", [status]) if status else ("status != ?", [PURGED])
        sql = f"SELECT {_SUMMARY_COLUMNS} FROM cases WHERE {where}"  # noqa: S608
        sql += " ORDER BY updated_at DESC, rowid DESC LIMIT ?"
        rows = self._db.query(sql, (*params, -1 if limit is None else limit))
        return [_summary(row) for row in rows]

    def count(self, status: str | None = None) -> int:
        """How many cases; status=None counts every case except purged stubs."""
        if status:
            return int(self._db.scalar("SELECT count(*) FROM cases WHERE status = ?", (status,)))
        return int(self._db.scalar("SELECT count(*) FROM cases WHERE status != ?", (PURGED,)))

    def set_status(self, case_id: str, status: str, *, now: str | None = None) -> None:
        """Change a case's status code (e.g. "finalised", "exported"); not to "purged"."""
        _check_status(status)
        at = utc_timestamp(now)
        with self._db.transaction():
            self._current_revision(case_id)
            self._db.execute(
                "UPDATE cases SET status = ?, updated_at = ? WHERE case_id = ?",
                (status, at, case_id),
            )

    def purge(self, case_id: str, *, now: str | None = None) -> None:
        """Delete every version, attachment and search row; keep a stub with no personal data."""
        self.purge_many([case_id], now=now)

    def purge_many(self, case_ids: list[str], *, now: str | None = None) -> None:
        """Purge several cases in one transaction, compacting the search index once.

        secure_delete zeroes the freed cells, the index rewrite drops the deleted names from
        the FTS segments, and the incremental vacuum hands the freed pages back to the file
        system, so the content is gone from the file, not just unlinked.
        """
        at = utc_timestamp(now)
        with self._db.transaction():
            for case_id in case_ids:
                self._current_revision(case_id)
                self._db.execute("DELETE FROM case_versions WHERE case_id = ?", (case_id,))
                self._attachments.delete_for_case(case_id)
                self._search.remove(case_id)
                self._db.execute(
                    "UPDATE cases SET status = ?, updated_at = ?, summary = ? WHERE case_id = ?",
                    (PURGED, at, canonical_json({}), case_id),
                )
            self._search.compact()
        with self._db.lock:
            self._db.query("PRAGMA incremental_vacuum")
            self._db.checkpoint()
