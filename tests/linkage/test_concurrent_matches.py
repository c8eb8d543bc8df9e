"""Two staff running `council matches` at once on one PostgreSQL store: each run works in its own
schema (dropped afterwards), so neither sees or replaces the other's rows; a schema left by a
run that died is dropped by the next run, and one still in use is left alone.

Real threads, each with its own connections, against the throwaway cluster."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import psycopg
import pytest

from council_store import open_store
from linkage.engines import ScoredPair, predict_duckdb, predict_postgres
from linkage.rows import PersonRow, person_row
from tests.council_store.store_fixtures import people, record_for

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _rows(person: str, twin_name: str, copies: int) -> list[PersonRow]:
    """`copies` records of one fictional person, plus someone else: one set of pairs."""
    p = people()
    rows = []
    for n in range(copies):
        record = record_for(p[person], str(uuid.uuid4()), native=n % 2 == 0)
        rows.append(person_row(str(record["case_id"]), 1, record, "2026-12-01T09:00:00Z"))
    other = record_for(p["p02"], str(uuid.uuid4()))
    other["answers"]["name_latin"] = twin_name
    rows.append(person_row(str(other["case_id"]), 1, other, "2026-12-01T09:00:00Z"))
    return rows


def _ids(pairs: list[ScoredPair]) -> set[tuple[str, str]]:
    return {(p.case_a, p.case_b) for p in pairs}


def _schemas(conninfo: str) -> set[str]:
    with psycopg.connect(conninfo, autocommit=True) as c:
        rows = c.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'linkage%%'")
        return {str(r[0]) for r in rows.fetchall()}


def test_two_runs_at_once_each_get_their_own_pairs(pg_conninfo: str, tmp_path: Any) -> None:
    sets = {
        "a": _rows("p07", "Nguyen Van Duc", 4),  # Mohamed Osman, 4 records: 6 pairs
        "b": _rows("p03", "Nguyen Van Duc", 3),  # another child, 3 records: 3 pairs
    }
    expected = {k: _ids(predict_duckdb(rows, 0.35)) for k, rows in sets.items()}
    assert len(expected["a"]) == 6 and len(expected["b"]) == 3
    assert not expected["a"] & expected["b"]
    results: dict[str, list[set[tuple[str, str]]]] = {"a": [], "b": []}
    errors: list[BaseException] = []
    for _round in range(3):
        start = threading.Barrier(2)

        def run(key: str, start: threading.Barrier) -> None:
            try:
                with open_store(pg_conninfo, tmp_path) as store:
                    start.wait(timeout=60)
                    pairs = predict_postgres(sets[key], store.new_connection, 0.35)
                results[key].append(_ids(pairs))
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(k, start)) for k in sets]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
        assert not errors, errors
    assert results["a"] == [expected["a"]] * 3
    assert results["b"] == [expected["b"]] * 3
    # Every run dropped its schema: no copy of the names stays in the database.
    assert not {s for s in _schemas(pg_conninfo) if s.startswith("linkage_run_")}


def test_a_dead_runs_schema_is_dropped_and_a_live_one_kept(pg_conninfo: str) -> None:
    dead, live = "linkage_run_0badcafe", "linkage_run_1eafbeef"
    with psycopg.connect(pg_conninfo, autocommit=True) as c:
        for name in (dead, live):
            c.execute(f"CREATE SCHEMA {name}")
            c.execute(f"CREATE TABLE {name}.linkage_people (name_key text)")
            c.execute(f"INSERT INTO {name}.linkage_people VALUES ('mhmd smn')")  # noqa: S608
    holder = psycopg.connect(pg_conninfo, autocommit=True)  # a run still going, elsewhere
    try:
        from linkage.engines import run_lock_key

        holder.execute("SELECT pg_advisory_lock(%s, %s)", run_lock_key(live))
        rows = _rows("p07", "Nguyen Van Duc", 2)
        pairs = predict_postgres(rows, lambda: psycopg.connect(pg_conninfo), 0.35)
        assert len(pairs) == 1
        left = _schemas(pg_conninfo)
        assert dead not in left  # its run died: dropped, names and all
        assert live in left  # its run holds the lock: untouched
    finally:
        holder.close()


def test_a_store_from_before_keeps_working(pg_conninfo: str) -> None:
    """Stores matched by the earlier code have fuzzystrmatch (levenshtein) in `linkage_work`,
    with a copy of the names there; a run now moves the extension to public and drops the
    old shared schema."""
    with psycopg.connect(pg_conninfo, autocommit=True) as c:
        c.execute("CREATE SCHEMA linkage_work")
        c.execute("CREATE EXTENSION fuzzystrmatch SCHEMA linkage_work")
        c.execute("CREATE TABLE linkage_work.linkage_people (name_key text)")
    pairs = predict_postgres(
        _rows("p07", "Nguyen Van Duc", 3), lambda: psycopg.connect(pg_conninfo), 0.35
    )
    assert len(pairs) == 3
    assert "linkage_work" not in _schemas(pg_conninfo)
    with psycopg.connect(pg_conninfo, autocommit=True) as c:
        row = c.execute(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'fuzzystrmatch'"
        ).fetchone()
    assert row is not None and row[0] == "public"
