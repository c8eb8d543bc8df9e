"""Name search through the name_tokens index (migration 2) on PostgreSQL: the same cases, in the
same order, as the LIKE scan over name_keys it replaced (run here as the oracle; DuckDB keeps
that scan, which is faster there, and runs the same tests); a store from before the migration
is backfilled on opening; and the look-up is a b-tree range that the index answers."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from council_store import CaseStore, SearchFilters, open_store
from council_store.names import latin_key, prefix_end, skeleton
from linkage.generate import generate
from tests.council_store.store_fixtures import people, record_for, revision

_COLUMNS = "case_id"


def _like_scan(store: CaseStore, text: str, filters: SearchFilters) -> list[str]:
    """The search as it was before migration 2: three LIKE passes over name_keys."""
    key = latin_key(text)
    if not key:
        return []
    compact = key.replace(" ", "")
    passes = (
        ("latin_key", key.split(), "% {}%"),
        ("compact", [compact] if len(compact) >= 4 else [], "%{}%"),
        ("skeleton", [w for w in skeleton(key).split() if len(w) >= 2], "% {}%"),
    )
    found: list[str] = []
    for column, words, pattern in passes:
        if not words:
            continue
        hits = " AND ".join(f"(' ' || {column}) LIKE ?" for _ in words)
        where, params = store._filters(filters)
        sql = (
            "SELECT case_id FROM cases WHERE case_id IN "  # noqa: S608 - the test's own SQL
            f"(SELECT case_id FROM name_keys WHERE {hits}){where} "
            "ORDER BY received_at DESC, case_id"
        )
        for (case_id,) in store._db.query(sql, [pattern.format(w) for w in words] + params):
            if case_id not in found:
                found.append(str(case_id))
    return found


def _fill(store: CaseStore) -> list[dict[str, Any]]:
    records = generate(120, seed=2016).records
    for n, p in enumerate(people().values()):  # every script of the fixture people
        records.append(record_for(p, str(uuid.uuid4()), aliases=[f"Alias{n} Test"]))
    store.put_revisions(
        [revision(str(r["case_id"]), 1, r, received_at=f"2026-11-{1 + n % 28:02d}T09:00:00Z")
         for n, r in enumerate(records)]
    )  # fmt: skip
    return records


def _queries(records: list[dict[str, Any]]) -> list[str]:
    out = ["nguyen", "NGUYEN DUC", "Ahmad", "احمد", "Mohamed", "Muhammad Usman", "Xiaomei",
           "林小梅", "olena", "Ștefan Mureșan", "Łukasz", "adesina", "hamed", "mhmd", "zz",
           "zzyzx", "9", "a", "x", "tesfa", "selam", "ሰላም", "alias1", "wang", "le thi"]  # fmt: skip
    for r in records[:40]:
        latin = str(r["answers"].get("name_latin", ""))
        out += [latin, latin[:3], latin.split()[-1][2:] if latin else ""]
        if r["answers"].get("name_native"):
            out.append(str(r["answers"]["name_native"]))
    return [q for q in out if q]


def test_prefix_end_covers_exactly_the_strings_with_the_prefix() -> None:
    assert prefix_end("moh") == "moi"
    assert prefix_end("az") == "b"
    assert prefix_end("a9") == "aa"
    assert prefix_end("zz") is None
    words = ["mo", "moh", "mohamed", "mohz", "mohzz9", "moi", "mog", "mohamed9", "mp"]
    inside = sorted(w for w in words if "moh" <= w < "moi")
    assert inside == sorted(w for w in words if w.startswith("moh"))


def test_search_gives_what_the_like_scan_gave(store: CaseStore) -> None:
    records = _fill(store)
    checked = 0
    for query in _queries(records):
        for filters in (SearchFilters(), SearchFilters(age_to=17, nationality="VN")):
            expected = _like_scan(store, query, filters)
            assert [c.case_id for c in store.search(query, filters)] == expected, query
            assert store.matching_ids(query, filters) == expected, query
            assert store.matching_ids(query, filters, scan=True) == expected, query
            checked += bool(expected)
    assert checked > 60  # most queries find something: the comparison is not of empty lists


def test_a_store_from_before_is_backfilled_on_opening(
    store: CaseStore, store_spec: str | None, archive: Path
) -> None:
    records = _fill(store)
    queries = _queries(records)
    before = {q: [c.case_id for c in store.search(q)] for q in queries}
    store._db.execute("DROP TABLE name_tokens")  # as a release-1 store has it
    store._db.execute("DELETE FROM schema_version WHERE version > 1")
    store.close()
    again = open_store(store_spec, archive)
    try:
        assert again.schema_version() == 2
        assert {q: [c.case_id for c in again.search(q)] for q in queries} == before
        rows = again._db.query("SELECT count(*) FROM name_tokens")[0][0]
        if again.kind == "postgresql":
            assert rows > 10 * len(records)
        else:  # DuckDB scans name_keys: faster there (docs/council-store.md)
            assert rows == 0
    finally:
        again.close()


def test_postgresql_answers_the_look_up_from_the_index(pg_conninfo: str, archive: Path) -> None:
    # PostgreSQL only: DuckDB scans name_keys (faster there), so it has no token index to show.
    store = open_store(pg_conninfo, archive)
    try:
        _check_plan(store)
    finally:
        store.close()


def _check_plan(store: CaseStore) -> None:
    _fill(store)
    store._db.execute("ANALYZE")
    store._db.execute("SET enable_seqscan = off")  # few rows: make the plan show what it can use
    from council_store.search import passes

    for matching, params in passes(latin_key("mohamed osman")):
        plan = "\n".join(str(r[0]) for r in store._db.query(f"EXPLAIN {matching}", params))
        assert "name_tokens_lookup" in plan, plan
        assert "Seq Scan" not in plan, plan
