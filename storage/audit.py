"""vault.audit: the append-only, hash-chained audit trail (who, what, which case, when)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from storage.database import Database
from storage.encoding import canonical_json, sha256_hex, utc_timestamp
from storage.errors import AuditChainBroken

# Known event codes (services may add more that match _EVENT).
EVENTS = frozenset(
    {
        "unlock",
        "unlock_failed",
        "case_created",
        "case_saved",
        "finalised",
        "printed",
        "saved_as_pdf",
        "exported",
        "receipt_imported",
        "purged",
        "recovery",
        "trust_updated",
        "disclosure_logged",
        "worker_added",
        "worker_removed",
        "passphrase_changed",
    }
)
_EVENT = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
# Codes only: no spaces, so a name or a sentence cannot slip in as "detail".
_DETAIL = re.compile(r"^[A-Za-z0-9_.:=,/+-]{0,200}$")
_HEAD_KEY = "audit_head"


@dataclass(frozen=True)
class AuditEntry:
    """One audit row; `hash` covers every other field."""

    seq: int
    at: str
    worker_id: str
    event: str
    case_id: str | None
    detail: str
    prev_hash: str
    hash: str


def genesis_hash(vault_id: str) -> str:
    """The chain starts from the vault id, so a trail cannot be moved between vaults."""
    return hashlib.sha256(b"first-contact audit v1\x00" + vault_id.encode("utf-8")).hexdigest()


def entry_hash(
    seq: int, at: str, worker_id: str, event: str, case_id: str | None, detail: str, prev: str
) -> str:
    return sha256_hex(
        canonical_json(["fc-audit-1", seq, at, worker_id, event, case_id, detail, prev])
    )


def _entry(row: tuple[Any, ...]) -> AuditEntry:
    return AuditEntry(int(row[0]), row[1], row[2], row[3], row[4], row[5], row[6], row[7])


class AuditLog:
    """Triggers forbid UPDATE and DELETE; verify() catches edits made around them."""

    def __init__(self, db: Database, vault_id: str) -> None:
        self._db = db
        self._genesis = genesis_hash(vault_id)

    def append(
        self,
        event: str,
        *,
        worker_id: str,
        case_id: str | None = None,
        detail: str = "",
        now: str | None = None,
    ) -> AuditEntry:
        """Add an entry chained to the previous one."""
        if not _EVENT.match(event):
            raise ValueError("audit event must be a lowercase code such as 'case_saved'")
        if not _DETAIL.match(detail):
            raise ValueError(
                "audit detail must be a short code (letters, digits, _.:=,/+-, no spaces), "
                "never field values"
            )
        if not worker_id:
            raise ValueError("audit entries need a worker id (use 'system' for the app itself)")
        at = utc_timestamp(now)
        with self._db.transaction():
            last = self._db.query_one("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
            seq, prev = (1, self._genesis) if last is None else (int(last[0]) + 1, str(last[1]))
            digest = entry_hash(seq, at, worker_id, event, case_id, detail, prev)
            self._db.execute(
                "INSERT INTO audit (seq, at, worker_id, event, case_id, detail, prev_hash, hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (seq, at, worker_id, event, case_id, detail, prev, digest),
            )
            # The head is kept apart so that cutting entries off the end is noticed too.
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (_HEAD_KEY, f"{seq}:{digest}"),
            )
        return AuditEntry(seq, at, worker_id, event, case_id, detail, prev, digest)

    def entries(self, case_ids: set[str] | None = None) -> list[AuditEntry]:
        """Entries in order; with case_ids, only those about these cases (the bundle slice)."""
        sql = "SELECT seq, at, worker_id, event, case_id, detail, prev_hash, hash FROM audit"
        if case_ids is None:
            rows = self._db.query(sql + " ORDER BY seq")
        else:
            rows = self._db.query(
                sql + " WHERE case_id IN (SELECT value FROM json_each(?)) ORDER BY seq",  # noqa: S608
                (canonical_json(sorted(case_ids)).decode("utf-8"),),
            )
        return [_entry(row) for row in rows]

    def verify(self) -> None:
        """Raise AuditChainBroken naming the first entry that is missing, moved or altered."""
        with self._db.lock:
            rows = self._db.query(
                "SELECT seq, at, worker_id, event, case_id, detail, prev_hash, hash"
                " FROM audit ORDER BY seq"
            )
            head = self._db.scalar("SELECT value FROM meta WHERE key = ?", (_HEAD_KEY,))
        prev, expected_seq = self._genesis, 1
        for row in rows:
            entry = _entry(row)
            if entry.seq != expected_seq:
                raise AuditChainBroken(expected_seq, "entry missing")
            if entry.prev_hash != prev:
                raise AuditChainBroken(entry.seq, "does not follow the previous entry")
            recomputed = entry_hash(
                entry.seq,
                entry.at,
                entry.worker_id,
                entry.event,
                entry.case_id,
                entry.detail,
                entry.prev_hash,
            )
            if recomputed != entry.hash:
                raise AuditChainBroken(entry.seq, "entry altered")
            prev, expected_seq = entry.hash, expected_seq + 1
        expected_head = None if not rows else f"{expected_seq - 1}:{prev}"
        if head != expected_head:
            raise AuditChainBroken(expected_seq, "entries missing at the end")
