"""Reading the store: the latest revision of every case, summaries, look-up by id or
reference, and name search (council_store/search.py builds its look-ups)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from council_store import search as name_search
from council_store.base import StoreBase
from council_store.errors import StoreError
from council_store.model import CaseSummary, SearchFilters, StoredRecord
from council_store.names import latin_key

_CASE_COLUMNS = (
    "case_id, revision, reference, device_id, received_at, folder, name_native, name_latin, "
    "aliases, gender, nationality, nationality_2, age, dob, revisions, pdfs"
)


def _day_after(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


class StoreReads(StoreBase):
    """The reading half of CaseStore."""

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
        found: list[CaseSummary] = []
        seen: set[str] = set()
        for rows in self._search_passes(text, filters, _CASE_COLUMNS):
            for row in rows:
                if str(row[0]) not in seen:
                    seen.add(str(row[0]))
                    found.append(self._summary(row))
        return found

    def matching_ids(
        self, text: str, filters: SearchFilters | None = None, *, scan: bool = False
    ) -> list[str]:
        """The case ids search() returns, in its order, without reading the cases; `scan`
        runs the LIKE scan over name_keys even where the engine has the token index (to
        compare the two: bench --council-search, tests)."""
        found: dict[str, None] = {}
        for rows in self._search_passes(text, filters, "case_id", scan=scan):
            found.update((str(r[0]), None) for r in rows)
        return list(found)

    def _search_passes(
        self, text: str, filters: SearchFilters | None, columns: str, *, scan: bool = False
    ) -> Iterator[list[Any]]:
        key = latin_key(text)
        if not key:
            return
        where, params = self._filters(filters or SearchFilters())
        looks = name_search.scan_passes(key) if scan else name_search.passes(key, self._db)
        for matching, hit_params in looks:
            sql = (
                f"SELECT {columns} FROM cases WHERE case_id IN ({matching}){where} "  # noqa: S608 - fixed SQL
                "ORDER BY received_at DESC, case_id"
            )
            with self._guard("searching"):
                yield self._db.query(sql, hit_params + params)

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
