"""Writing the store: its schema (migrations), case revisions, deletions, match decisions and
the store's own audit rows."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from council_store import search as name_search
from council_store.base import StoreBase
from council_store.base import now as _now
from council_store.errors import StoreError
from council_store.extract import extract
from council_store.model import DECISIONS, CaseRevision, MatchDecision
from council_store.names import name_keys
from council_store.schema import BACKFILLS, LATEST, MIGRATIONS, VERSION_TABLE
from council_store.sql import ROWS as _ROWS
from council_store.sql import chunks as _chunks
from council_store.sql import values as _values

_UPSERT_REVISION = """
INSERT INTO case_revisions (case_id, revision, reference, device_id, bundle_id, received_at,
    folder, record_sha256, record_json) VALUES {values}
ON CONFLICT (case_id, revision) DO UPDATE SET reference = excluded.reference,
    device_id = excluded.device_id, bundle_id = excluded.bundle_id,
    received_at = excluded.received_at, folder = excluded.folder,
    record_sha256 = excluded.record_sha256, record_json = excluded.record_json
"""
_INSERT_CASE = """
INSERT INTO cases (case_id, revision, revisions, reference, device_id, received_at,
    first_received_at, folder, name_native, name_latin, aliases, gender, nationality,
    nationality_2, age, dob, pdfs) VALUES {values}
"""
_INSERT_NAME_KEY = """
INSERT INTO name_keys (case_id, kind, name, latin_key, skeleton, compact) VALUES {values}
"""


class StoreWrites(StoreBase):
    """The writing half of CaseStore."""

    def migrate(self) -> None:
        """Bring the schema to LATEST; refuse a store written by newer code."""
        with self._guard("preparing the store's tables"), self._db.transaction():
            self._db.migration_lock()
            self._db.execute(VERSION_TABLE)
            rows = self._db.query("SELECT max(version) FROM schema_version")
            current = rows[0][0] or 0
            if current > LATEST:
                raise StoreError(
                    f"The case store has schema version {current}, newer than this program "
                    f"knows ({LATEST}); update First Contact before using it."
                )
            for version, description, statements in MIGRATIONS:
                if version <= current:
                    continue
                for statement in statements:
                    self._db.execute(statement)
                if BACKFILLS.get(version) == "name_tokens":
                    name_search.backfill(self._db)
                self._db.execute(
                    "INSERT INTO schema_version (version, description, applied_at) "
                    "VALUES (?, ?, ?)",
                    (version, description, _now()),
                )

    def refresh_statistics(self) -> None:
        """After a bulk write (council index): PostgreSQL's planner statistics brought up to
        date at once, rather than when autovacuum gets to it; until then a search right after
        filling a store can take a plan made for empty tables. DuckDB keeps its own."""
        if self.kind == "postgresql":
            with self._guard("updating the planner's statistics"):
                self._db.execute("ANALYZE")

    def schema_version(self) -> int:
        rows = self._db.query("SELECT max(version) FROM schema_version")
        return int(rows[0][0] or 0)

    # ---------------------------------------------------------------- writing
    def put_revisions(self, revisions: Sequence[CaseRevision]) -> None:
        """Record case revisions (idempotent), all in one transaction: all or none.

        Set-based (a few multi-row statements per batch of cases, the same SQL on both
        engines): DuckDB pays ~10 ms per statement, so a statement per case would not scale.
        """
        unique = {(r.case_id, r.revision): r for r in revisions}  # the last copy of a key wins
        if not unique:
            return
        with self._guard("recording case revisions"), self._db.transaction():
            for batch in _chunks(list(unique.values()), _ROWS):
                self._db.execute(*_values(_UPSERT_REVISION, [
                    (r.case_id, r.revision, r.reference, r.device_id, r.bundle_id, r.received_at,
                     r.folder, r.record_sha256,
                     json.dumps(r.record, ensure_ascii=False, sort_keys=True))
                    for r in batch
                ]))  # fmt: skip
            latest: dict[str, CaseRevision] = {}
            for r in unique.values():
                if r.case_id not in latest or r.revision > latest[r.case_id].revision:
                    latest[r.case_id] = r
            for batch in _chunks(list(latest.values()), _ROWS):
                self._refresh_cases(batch)

    def _refresh_cases(self, batch: Sequence[CaseRevision]) -> None:
        """Bring `cases` and `name_keys` in step for these cases (each given at its newest
        revision in this write)."""
        ids = [r.case_id for r in batch]
        marks = ", ".join("?" for _ in ids)
        stats = {
            str(c): (int(top), int(n), str(first))
            for c, top, n, first in self._db.query(
                "SELECT case_id, max(revision), count(*), min(received_at) FROM case_revisions "  # noqa: S608 - placeholders only
                f"WHERE case_id IN ({marks}) GROUP BY case_id",
                ids,
            )
        }
        newest = [r for r in batch if r.revision >= stats[r.case_id][0]]
        for r in batch:  # an older revision arrived late: the latest stays as it is
            if r.revision < stats[r.case_id][0]:
                _, count, first = stats[r.case_id]
                self._db.execute(
                    "UPDATE cases SET revisions = ?, first_received_at = ? WHERE case_id = ?",
                    (count, first, r.case_id),
                )
        if not newest:
            return
        ids = [r.case_id for r in newest]
        marks = ", ".join("?" for _ in ids)
        self._db.execute(f"DELETE FROM name_keys WHERE case_id IN ({marks})", ids)  # noqa: S608
        self._db.execute(f"DELETE FROM name_tokens WHERE case_id IN ({marks})", ids)  # noqa: S608
        self._db.execute(f"DELETE FROM cases WHERE case_id IN ({marks})", ids)  # noqa: S608
        case_rows: list[tuple[Any, ...]] = []
        key_rows: list[tuple[Any, ...]] = []
        token_rows: list[tuple[str, str, str, int]] = []
        for r in newest:
            _, count, first = stats[r.case_id]
            facts = extract(r.record)
            case_rows.append(
                (r.case_id, r.revision, count, r.reference, r.device_id, r.received_at, first,
                 r.folder, facts.name_native, facts.name_latin,
                 json.dumps(list(facts.aliases), ensure_ascii=False), facts.gender,
                 facts.nationality, facts.nationality_2, facts.age, facts.dob,
                 json.dumps(list(r.pdfs)))
            )  # fmt: skip
            keys: list[tuple[str, str]] = []
            for kind, name in facts.names():
                key, skel = name_keys(name)
                if key:
                    key_rows.append((r.case_id, kind, name, key, skel, key.replace(" ", "")))
                    keys.append((key, skel))
            token_rows += name_search.token_rows(r.case_id, keys)  # PostgreSQL keeps them
        self._db.execute(*_values(_INSERT_CASE, case_rows))
        for rows in _chunks(key_rows, _ROWS):
            self._db.execute(*_values(_INSERT_NAME_KEY, rows))
        if name_search.uses_tokens(self._db):
            name_search.insert_tokens(self._db, token_rows)

    def delete_case(self, case_id: str, *, reason: str, actor: str) -> int:
        """Remove every revision of a case; the deletion is written to store_audit (the
        archive keeps its own log: see services/council_cases.py). Returns revisions removed."""
        with self._guard("deleting the case"), self._db.transaction():
            count = self._db.query(
                "SELECT count(*) FROM case_revisions WHERE case_id = ?", (case_id,)
            )[0][0]
            for table in ("name_tokens", "name_keys", "cases", "case_revisions"):
                self._db.execute(f"DELETE FROM {table} WHERE case_id = ?", (case_id,))  # noqa: S608 - fixed table names
            self._audit("delete_case", case_id, actor, f"revisions={count}; reason={reason}")
        return int(count)

    def _audit(self, action: str, case_id: str, actor: str, detail: str) -> None:
        self._db.execute(
            "INSERT INTO store_audit (audit_id, happened_at, action, case_id, actor, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (str(uuid.uuid4()), _now(), action, case_id, actor, detail),
        )

    def audit_entries(self) -> list[tuple[str, str, str, str, str]]:
        """(at, action, case_id, actor, detail), oldest first."""
        rows = self._db.query(
            "SELECT happened_at, action, case_id, actor, detail FROM store_audit "
            "ORDER BY happened_at, audit_id"
        )
        return [(str(a), str(b), str(c), str(d), str(e)) for a, b, c, d, e in rows]

    # ---------------------------------------------------------------- match decisions
    def record_match_decision(
        self,
        case_a: str,
        rev_a: int,
        case_b: str,
        rev_b: int,
        decision: str,
        decided_by: str,
        reason: str,
    ) -> MatchDecision:
        """Record a person's decision on a pair (audited). Never merges or changes records."""
        if decision not in DECISIONS:
            raise StoreError(f"A decision is one of {', '.join(DECISIONS)}; not {decision!r}.")
        decided_by = " ".join(decided_by.split())
        if not decided_by:
            raise StoreError("Say who decided (--by NAME): decisions are audited.")
        if (case_b, rev_b) < (case_a, rev_a):  # one order per pair, whichever way it is given
            case_a, rev_a, case_b, rev_b = case_b, rev_b, case_a, rev_a
        made = MatchDecision(
            str(uuid.uuid4()), case_a, rev_a, case_b, rev_b, decision, decided_by, reason, _now()
        )
        with self._guard("recording the decision"), self._db.transaction():
            self._db.execute(
                "INSERT INTO match_decisions (decision_id, case_a, rev_a, case_b, rev_b, "
                "decision, decided_by, reason, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (made.decision_id, case_a, rev_a, case_b, rev_b, decision, decided_by, reason,
                 made.decided_at),
            )  # fmt: skip
            self._audit(
                "match_decision",
                case_a,
                decided_by,
                f"{case_a}/{rev_a} vs {case_b}/{rev_b}: {decision}; reason={reason}",
            )
        return made

    def match_decisions(self) -> list[MatchDecision]:
        """Every decision, oldest first (a later one on the same pair supersedes)."""
        rows = self._db.query(
            "SELECT decision_id, case_a, rev_a, case_b, rev_b, decision, decided_by, reason, "
            "decided_at FROM match_decisions ORDER BY decided_at, decision_id"
        )
        return [
            MatchDecision(str(a), str(b), int(c), str(d), int(e), str(f), str(g), str(h), str(i))
            for a, b, c, d, e, f, g, h, i in rows
        ]
