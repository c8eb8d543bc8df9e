"""The vault's one SQLCipher connection: a lock, nested transactions and typed error mapping."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlcipher3

from storage.errors import DiskFull, StorageError, VaultClosed, WrongKeyOrCorrupt

# Primary SQLite result codes (extended codes carry them in the low byte).
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_NOTADB = 26

Params = Sequence[Any]


def translate_error(exc: Exception) -> StorageError:
    """Map a driver error to a typed StorageError.

    The driver's own message is left out on purpose: SQLite echoes fragments of SQL input (an
    FTS query, a constraint) and those can be case data. The result-code name is enough to act on.
    """
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    name = getattr(exc, "sqlite_errorname", None) or type(exc).__name__
    if primary == SQLITE_FULL:
        return DiskFull(
            "the disk is full (or the vault reached its size limit) and the last change was not "
            "saved; free some space on the device and save again"
        )
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return WrongKeyOrCorrupt(
            f"the vault file could not be read ({name}): the key does not match it or it is "
            "damaged; check you picked the right vault, or restore it with council IT"
        )
    return StorageError(f"vault database operation failed ({name}); try again or contact IT")


class Database:
    """Serialises every use of one connection; services use it from a worker thread, tests from
    the main thread, so the connection is opened with check_same_thread=False and guarded here."""

    def __init__(self, conn: Any, path: Path) -> None:
        self._conn: Any = conn
        self._savepoints = 0
        self.path = path
        self.lock = threading.RLock()

    @property
    def closed(self) -> bool:
        return self._conn is None

    def _live(self) -> Any:
        if self._conn is None:
            raise VaultClosed("the vault is closed (the session was locked); unlock it again")
        return self._conn

    def set_key(self, literal: bytearray) -> None:
        """Key the connection with a raw-key literal (the binding reads the buffer in place)."""
        with self.lock:
            try:
                self._live().set_key(literal)
            except sqlcipher3.Error as exc:
                raise translate_error(exc) from None

    def disable_extension_loading(self) -> None:
        """Native extensions are compiled in; an attacker-influenced load_extension runs code."""
        with self.lock:
            self._live().enable_load_extension(False)

    def query(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        """Run one statement and return every row as a plain tuple."""
        with self.lock:
            conn = self._live()
            try:
                return [tuple(row) for row in conn.execute(sql, params).fetchall()]
            except sqlcipher3.Error as exc:
                raise translate_error(exc) from None

    def query_one(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Params = ()) -> Any:
        row = self.query_one(sql, params)
        return None if row is None else row[0]

    def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement and return the number of rows it changed."""
        with self.lock:
            conn = self._live()
            try:
                return int(conn.execute(sql, params).rowcount)
            except sqlcipher3.Error as exc:
                raise translate_error(exc) from None

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        with self.lock:
            conn = self._live()
            try:
                conn.executemany(sql, rows)
            except sqlcipher3.Error as exc:
                raise translate_error(exc) from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit of writes; nested use becomes a savepoint inside the outer one.

        BEGIN IMMEDIATE takes the write lock up front, so a save never fails half-way on a lock.
        """
        with self.lock:
            conn = self._live()
            if conn.in_transaction:
                yield from self._savepoint()
                return
            self.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._rollback()
                raise
            try:
                conn.execute("COMMIT")
            except sqlcipher3.Error as exc:
                self._rollback()
                raise translate_error(exc) from None

    def _savepoint(self) -> Iterator[None]:
        self._savepoints += 1
        name = f"sp{self._savepoints}"
        self.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            with contextlib.suppress(StorageError):
                self.execute(f"ROLLBACK TO {name}")
                self.execute(f"RELEASE {name}")
            raise
        finally:
            self._savepoints -= 1
        self.execute(f"RELEASE {name}")

    def _rollback(self) -> None:
        conn = self._conn
        # SQLite rolls back by itself after some errors (SQLITE_FULL among them); a failing
        # ROLLBACK then would only hide the error that matters, which the caller is raising.
        if conn is not None and conn.in_transaction:
            with contextlib.suppress(sqlcipher3.Error):
                conn.execute("ROLLBACK")

    def checkpoint(self) -> None:
        """Fold the WAL into the main file and truncate it (done on lock and exit)."""
        self.query("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self, *, checkpoint: bool = True) -> None:
        """Checkpoint (best effort) and close; calling it again does nothing."""
        with self.lock:
            conn = self._conn
            if conn is None:
                return
            try:
                if checkpoint:
                    # A failed checkpoint (e.g. disk full) loses nothing: the WAL is replayed at
                    # the next open. Closing must still happen so the key leaves memory.
                    with contextlib.suppress(StorageError):
                        self.checkpoint()
            finally:
                self._conn = None
                conn.close()
