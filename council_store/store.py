"""CaseStore: the council's case store on DuckDB (embedded, default) or PostgreSQL (at scale).

Every received case revision is a row of case_revisions (its record JSON kept whole); cases
holds each case's latest revision with the facts search and listing need, name_keys one
row per name or alias with its transliterated keys, made at write time, and name_tokens the
words of those keys that search looks up through an index (council_store/search.py).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from council_store import search as name_search
from council_store.engines import Engine, connect, driver_errors
from council_store.errors import StoreError
from council_store.extract import extract
from council_store.model import (
    DECISIONS,
    CaseRevision,
    CaseSummary,
    MatchDecision,
    SearchFilters,
    StoredRecord,
)
from council_store.names import latin_key, name_keys
from council_store.schema import BACKFILLS, LATEST, MIGRATIONS, VERSION_TABLE
from council_store.spec import StoreSpec, parse_store_spec
from council_store.sql import ROWS as _ROWS
from council_store.sql import chunks as _chunks
from council_store.sql import values as _values

_CASE_COLUMNS = (
    "case_id, revision, reference, device_id, received_at, folder, name_native, name_latin, "
    "aliases, gender, nationality, nationality_2, age, dob, revisions, pdfs"
)
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


def _now() -> str:
    # Microseconds, so decisions and audit rows made in the same second keep their order.
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _day_after(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


class CaseStore:
    """One open store. Not thread-safe; one writer process at a time for DuckDB."""

    def __init__(self, engine: Engine, spec: StoreSpec, archive: Path) -> None:
        self._db = engine
        self._spec = spec
        self.archive = archive
        self._errors = driver_errors()

    # ---------------------------------------------------------------- engine hand-over
    @property
    def kind(self) -> str:
        """ "duckdb" or "postgresql"."""
        return self._db.kind

    def duckdb_connection(self) -> Any:
        """The open duckdb.DuckDBPyConnection (for Splink's DuckDBAPI); DuckDB stores only."""
        if self.kind != "duckdb":
            raise StoreError("This store is on PostgreSQL: use connection_spec().")
        return self._db.connection  # type: ignore[attr-defined]

    def connection_spec(self) -> str:
        """The libpq connection string (no password; libpq reads ~/.pgpass or the service
        file), or for a DuckDB store "duckdb:<path of the file>"."""
        if self._spec.path is not None:
            return f"duckdb:{self._spec.path}"
        return self._spec.conninfo

    def new_connection(self) -> Any:
        """A new driver connection to the same database, for libraries that open their own:
        e.g. Splink's PostgresAPI through SQLAlchemy, `create_engine("postgresql+psycopg://",
        creator=store.new_connection)` (so no other package imports psycopg). For DuckDB, a
        cursor of the open connection (one process holds a DuckDB file)."""
        if self.kind == "duckdb":
            return self.duckdb_connection().cursor()
        import psycopg

        return psycopg.connect(self._spec.conninfo)

    def describe(self) -> str:
        return f"{self.kind} store {self._spec.describe()}"

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- schema
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

    # ---------------------------------------------------------------- reading
    def case_records(self) -> Iterator[StoredRecord]:
        """The latest revision of every case, with its record, in case id order."""
        sql = (
            "SELECT c.case_id, c.revision, c.reference, c.device_id, c.received_at, "
            "r.record_json, c.folder FROM cases c JOIN case_revisions r "
            "ON r.case_id = c.case_id AND r.revision = c.revision ORDER BY c.case_id"
        )
        for case_id, rev, ref, device, received, record_json, folder in self._db.stream(sql):
            yield StoredRecord(
                str(case_id),
                int(rev),
                str(ref),
                str(device),
                str(received),
                json.loads(record_json),
                self.archive / str(folder),
            )

    def revisions(self) -> set[tuple[str, int]]:
        """Every (case id, revision) the store holds."""
        rows = self._db.query("SELECT case_id, revision FROM case_revisions")
        return {(str(c), int(r)) for c, r in rows}

    def case_ids(self) -> set[str]:
        return {str(r[0]) for r in self._db.query("SELECT case_id FROM cases")}

    def _summary(self, row: Sequence[Any]) -> CaseSummary:
        (case_id, rev, ref, device, received, folder, native, latin, aliases, gender, nat,
         nat2, age, dob, revisions, pdfs) = row  # fmt: skip
        base = self.archive / str(folder)
        return CaseSummary(
            case_id=str(case_id),
            revision=int(rev),
            reference=str(ref),
            device_id=str(device),
            received_at=str(received),
            folder=base,
            name_native=str(native),
            name_latin=str(latin),
            aliases=tuple(json.loads(aliases)),
            gender=str(gender),
            nationality=str(nat),
            nationality_2=str(nat2),
            age=None if age is None else int(age),
            dob=str(dob),
            revisions=int(revisions),
            pdfs=tuple(base / p for p in json.loads(pdfs)),
        )

    def summaries(self) -> Iterator[CaseSummary]:
        """Every case's latest revision, oldest received first (for export and the index)."""
        sql = f"SELECT {_CASE_COLUMNS} FROM cases ORDER BY first_received_at, case_id"  # noqa: S608
        for row in self._db.stream(sql):
            yield self._summary(row)

    def find(self, case_or_reference: str) -> CaseSummary | None:
        """A case by its id (or a unique prefix of 8+ characters) or its FC reference."""
        text = case_or_reference.strip()
        sql = f"SELECT {_CASE_COLUMNS} FROM cases WHERE "  # noqa: S608 - fixed columns
        rows = self._db.query(sql + "case_id = ? OR upper(reference) = upper(?)", (text, text))
        if not rows and len(text) >= 8:
            rows = self._db.query(sql + "case_id LIKE ?", (text.lower() + "%",))
            if len(rows) > 1:
                raise StoreError(f"{text!r} starts {len(rows)} case ids; give more of it.")
        return self._summary(rows[0]) if rows else None

    def search(self, text: str, filters: SearchFilters | None = None) -> list[CaseSummary]:
        """Cases with a name or alias matching every word of `text` (any script; each word
        matches the start of a word of the name, transliterated, without diacritics), exact
        spellings first, then names that hold the words run together (Xiaomei ~ xiao mei, as
        ICU splits Han syllables), then those whose consonant skeleton matches (Ahmad ~ احمد)."""
        filters = filters or SearchFilters()
        key = latin_key(text)
        found: list[CaseSummary] = []
        seen: set[str] = set()
        if not key:
            return found
        where, params = self._filters(filters)
        for matching, hit_params in name_search.passes(key, self._db):
            sql = (
                f"SELECT {_CASE_COLUMNS} FROM cases WHERE case_id IN ({matching}){where} "  # noqa: S608 - fixed SQL
                "ORDER BY received_at DESC, case_id"
            )
            with self._guard("searching"):
                rows = self._db.query(sql, hit_params + params)
            for row in rows:
                if str(row[0]) not in seen:
                    seen.add(str(row[0]))
                    found.append(self._summary(row))
        return found

    @staticmethod
    def _filters(f: SearchFilters) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if f.nationality:
            clauses.append("(upper(nationality) = upper(?) OR upper(nationality_2) = upper(?))")
            params += [f.nationality, f.nationality]
        if f.age_from is not None:
            clauses.append("age >= ?")
            params.append(f.age_from)
        if f.age_to is not None:
            clauses.append("age <= ?")
            params.append(f.age_to)
        if f.received_from:
            clauses.append("received_at >= ?")
            params.append(f.received_from)
        if f.received_to:
            clauses.append("received_at < ?")
            params.append(_day_after(f.received_to))
        return "".join(f" AND {c}" for c in clauses), params

    # ---------------------------------------------------------------- errors
    def _guard(self, doing: str) -> _Guard:
        return _Guard(doing, self._errors, self.describe())


class _Guard:
    """Turns a driver error into a StoreError naming what was being done."""

    def __init__(self, doing: str, errors: tuple[type[BaseException], ...], where: str) -> None:
        self._doing, self._errors, self._where = doing, errors, where

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, _tb: object
    ) -> None:
        if exc is not None and self._errors and isinstance(exc, self._errors):
            reason = " ".join(str(exc).split())[:300]
            raise StoreError(f"The {self._where} failed while {self._doing}: {reason}") from None


def open_store(spec: str | None, archive: Path) -> CaseStore:
    """Open (creating and migrating as needed) the store `spec` names; None = the DuckDB file
    in the archive folder, or PGSERVICE when set (see council_store.spec)."""
    parsed = parse_store_spec(spec, archive)
    store = CaseStore(connect(parsed), parsed, archive)
    try:
        store.migrate()
    except BaseException:
        store.close()
        raise
    return store


def iter_chunks(items: Iterable[CaseRevision], size: int) -> Iterator[list[CaseRevision]]:
    """Batches for put_revisions (one transaction each)."""
    batch: list[CaseRevision] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
