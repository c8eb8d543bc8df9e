"""The two database engines behind one small interface: run SQL with `?` parameters, query,
and group statements in a transaction. Only this module imports duckdb and psycopg, lazily,
so the laptop app never needs either."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from council_store.errors import StoreUnavailable
from council_store.spec import StoreSpec
from council_store.sql import chunks, values

Row = tuple[Any, ...]
_INSTALL_HINT = "run council commands through ./run (it installs the council extra)"
_PG_LOCK = 1_604_201_616  # advisory lock id: one migration at a time on a shared server


class Engine:
    """A connection to one store database."""

    kind = ""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        raise NotImplementedError

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        raise NotImplementedError

    def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Many rows into `table` at once (fixed names from our own code, never input)."""
        template = f"INSERT INTO {table} ({', '.join(columns)}) VALUES {{values}}"  # noqa: S608
        for batch in chunks(rows, 1_000):
            self.execute(*values(template, batch))

    def stream(self, sql: str, params: Sequence[Any] = (), size: int = 500) -> Iterator[Row]:
        raise NotImplementedError

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        raise NotImplementedError
        yield  # pragma: no cover

    def migration_lock(self) -> None:
        """Serialise migrations between processes (inside a transaction)."""

    def close(self) -> None:
        raise NotImplementedError


class DuckDbEngine(Engine):
    kind = "duckdb"

    def __init__(self, path: Path) -> None:
        try:
            import duckdb
        except ImportError:
            raise StoreUnavailable(
                f"The DuckDB driver is not installed: {_INSTALL_HINT}."
            ) from None
        self._duckdb = duckdb
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.connection = duckdb.connect(str(path))
        except (duckdb.Error, OSError) as exc:
            raise StoreUnavailable(_duckdb_refusal(path, str(exc))) from None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.connection.execute(sql, list(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.connection.executemany(sql, [list(r) for r in rows])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self.connection.execute(sql, list(params)).fetchall()

    def stream(self, sql: str, params: Sequence[Any] = (), size: int = 500) -> Iterator[Row]:
        cursor = self.connection.cursor()  # its own cursor: callers may query while reading
        try:
            cursor.execute(sql, list(params))
            while batch := cursor.fetchmany(size):
                yield from batch
        finally:
            cursor.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        self.connection.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()


_HOLDER = re.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")


def _duckdb_refusal(path: Path, reason: str) -> str:
    """What to tell staff when the DuckDB file cannot be opened. DuckDB lets one process at a
    time open a store file, so the usual cause is another council command (a receive, an
    index, a matches run) still working on the archive: say that, and to wait."""
    holder = _HOLDER.search(reason)
    if holder is None and "lock" not in reason.lower():
        return f"The case store {path} cannot be opened ({' '.join(reason.split())})."
    who = f" (process {holder.group(2)})" if holder else ""
    return (
        f"The case store {path} is in use by another council command{who}, such as a "
        "receive, an index or a matches run on this archive. The embedded store is used by "
        "one command at a time: wait for that one to finish, then run this again. (For "
        "several staff at once, use a PostgreSQL store: docs/council-store.md.)"
    )


def _pg(sql: str) -> str:
    # Our SQL holds no literal '%' or '?' besides parameters (patterns travel as parameters).
    return sql.replace("?", "%s")


class PostgresEngine(Engine):
    kind = "postgresql"

    def __init__(self, conninfo: str) -> None:
        try:
            import psycopg
        except ImportError:
            raise StoreUnavailable(
                f"The PostgreSQL driver (psycopg) is not installed: {_INSTALL_HINT}."
            ) from None
        self._psycopg = psycopg
        try:
            self.connection = psycopg.connect(conninfo, autocommit=True)
        except psycopg.Error as exc:
            reason = " ".join(str(exc).split())
            raise StoreUnavailable(
                f"The PostgreSQL case store cannot be reached ({reason}). Check the connection "
                "string or service, and that the password is in ~/.pgpass or PGPASSFILE."
            ) from None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.connection.execute(_pg(sql), list(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.connection.cursor() as cursor:
                cursor.executemany(_pg(sql), [list(r) for r in rows])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(self.connection.execute(_pg(sql), list(params)).fetchall())

    def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        # COPY: one stream instead of thousands of INSERT statements (name_tokens has ~30
        # rows per case).
        with (
            self.connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def stream(self, sql: str, params: Sequence[Any] = (), size: int = 500) -> Iterator[Row]:
        with self.connection.cursor() as cursor:
            cursor.execute(_pg(sql), list(params))
            while batch := cursor.fetchmany(size):
                yield from batch

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        with self.connection.transaction():
            yield

    def migration_lock(self) -> None:
        self.execute("SELECT pg_advisory_xact_lock(?)", (_PG_LOCK,))

    def close(self) -> None:
        self.connection.close()


def connect(spec: StoreSpec) -> Engine:
    if spec.kind == "duckdb" and spec.path is not None:
        return DuckDbEngine(spec.path)
    return PostgresEngine(spec.conninfo)


def driver_errors() -> tuple[type[BaseException], ...]:
    """The drivers' own error classes that are installed (for turning into StoreError)."""
    found: list[type[BaseException]] = []
    with contextlib.suppress(ImportError):
        import duckdb

        found.append(duckdb.Error)
    with contextlib.suppress(ImportError):
        import psycopg

        found.append(psycopg.Error)
    return tuple(found)


def create_database(conninfo: str, name: str) -> str:
    """CREATE DATABASE `name` on the PostgreSQL server `conninfo` reaches; returns a connection
    string for it (for bench and tests; council IT creates theirs with their own tools)."""
    if not name.isidentifier() or not name.islower():
        raise StoreUnavailable(f"{name!r} is not a plain lower-case database name.")
    engine = PostgresEngine(conninfo)
    try:
        engine.execute(f"CREATE DATABASE {name}")
    finally:
        engine.close()
    return f"{conninfo} dbname={name}"
