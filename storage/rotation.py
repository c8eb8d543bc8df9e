"""DEK rotation: export the vault under a new key into a new file, verify it, swap it in safely."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from storage.connection import open_database, raw_key_literal, zero
from storage.database import Database
from storage.errors import DiskFull, StorageError, VaultExists, WrongKeyOrCorrupt

_SIDE_FILES = ("-wal", "-shm", "-journal")


def _side(path: Path, suffix: str) -> Path:
    return Path(str(path) + suffix)


def _remove_with_side_files(path: Path) -> None:
    for suffix in ("", *_SIDE_FILES):
        with contextlib.suppress(FileNotFoundError):
            _side(path, suffix).unlink()


def sync_open_flags() -> int:
    """How to open a file only to flush it: read-only on POSIX; on Windows os.fsync is
    _commit/FlushFileBuffers, which refuses a handle without write access, so read-write (and
    binary, so nothing is translated)."""
    if os.name == "nt":
        return os.O_RDWR | getattr(os, "O_BINARY", 0)
    return os.O_RDONLY


def fsync_file(path: Path) -> None:
    fd = os.open(path, sync_open_flags())
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename in this folder durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def export_rekeyed(db: Database, new_path: Path, new_key: bytes | bytearray) -> None:
    """Write a copy of the open vault, encrypted under `new_key`, to `new_path` and verify it.

    sqlcipher_export into a freshly attached file, not PRAGMA rekey in place: the live file
    is never half-rewritten, and the caller swaps the files only after this returns.
    """
    if new_path.exists():
        raise VaultExists("the rotation target already exists; remove it or pick another name")
    literal = raw_key_literal(new_key)
    try:
        with db.lock:
            try:
                # The key goes in as a bound BLOB, never as SQL text.
                db.execute("ATTACH DATABASE ? AS rotated KEY ?", (str(new_path), literal))
            finally:
                zero(literal)
            try:
                db.execute("PRAGMA rotated.auto_vacuum = INCREMENTAL")
                db.query("SELECT sqlcipher_export('rotated')")
            finally:
                db.execute("DETACH DATABASE rotated")
        _verify_copy(db, new_path, new_key)
        fsync_file(new_path)
        fsync_dir(new_path.parent)
    except BaseException:
        _remove_with_side_files(new_path)
        raise


def _verify_copy(db: Database, new_path: Path, new_key: bytes | bytearray) -> None:
    copy = open_database(new_path, new_key)
    try:
        problems = [str(r[0]) for r in copy.query("PRAGMA cipher_integrity_check")]
        problems += [str(r[0]) for r in copy.query("PRAGMA integrity_check") if str(r[0]) != "ok"]
        if problems:
            raise WrongKeyOrCorrupt(
                "the re-encrypted copy failed its integrity check; the old vault is unchanged, "
                "try the rotation again"
            )
        for table in ("cases", "case_versions", "attachments", "audit", "workers", "settings"):
            sql = f"SELECT count(*) FROM {table}"  # noqa: S608 (fixed table names)
            if copy.scalar(sql) != db.scalar(sql):
                raise StorageError(
                    f"the re-encrypted copy is missing rows of {table}; the old vault is "
                    "unchanged, try the rotation again"
                )
    finally:
        copy.close()


def replace_vault_file(new_path: Path, target: Path) -> None:
    """Put the (closed, verified) file at `new_path` in place of the (closed) vault `target`.

    The old vault's -wal/-shm go first: a WAL written under the old key next to a file under
    the new key would be replayed into it. A non-empty WAL means the old vault is still open or
    was not closed cleanly, and removing it could lose saved work, so that is refused.
    """
    old_wal = _side(target, "-wal")
    if old_wal.exists() and old_wal.stat().st_size > 0:
        raise StorageError(
            "the current vault has unsaved journal data (it is open, or was not closed "
            "cleanly); open and close it normally, then rotate again"
        )
    if any(_side(new_path, s).exists() for s in _SIDE_FILES):
        raise StorageError("the new vault file is still open; close it before swapping it in")
    try:
        fsync_file(new_path)
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                _side(target, suffix).unlink()
        new_path.replace(target)
        fsync_dir(target.parent)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise DiskFull("the disk is full; free some space and rotate again") from None
        raise StorageError(
            f"could not swap the vault file ({errno.errorcode.get(exc.errno or 0, 'error')}); "
            "the old vault is unchanged if the new file still exists, try again"
        ) from None
