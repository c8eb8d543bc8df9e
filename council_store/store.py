"""CaseStore: the council's case store on DuckDB (embedded, default) or PostgreSQL (at scale).

Every received case revision is a row of case_revisions (its record JSON kept whole); cases
holds each case's latest revision with the facts search and listing need, name_keys one
row per name or alias with its transliterated keys, made at write time, and name_tokens the
words of those keys that search looks up through an index (council_store/search.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from council_store.engines import connect
from council_store.errors import StoreError
from council_store.model import CaseRevision
from council_store.reads import StoreReads
from council_store.spec import parse_store_spec
from council_store.writes import StoreWrites


class CaseStore(StoreWrites, StoreReads):
    """One open store. Not thread-safe; one writer process at a time for DuckDB. Its writing
    half is council_store/writes.py, its reading half council_store/reads.py."""

    # ---------------------------------------------------------------- engine hand-over
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

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


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
