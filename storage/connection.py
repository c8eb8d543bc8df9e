"""Opening a vault file: the pinned SQLCipher sequence of SECURITY.md, in order, then asserted."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

import sqlcipher3

from storage.database import Database, translate_error
from storage.errors import VaultExists, VaultNotFound, VaultSettingsDrift, WrongKeyOrCorrupt

KEY_BYTES = 32
_HEX = b"0123456789abcdef"

# What each pinned pragma must read back as after open. temp_store=2 (MEMORY) matters most:
# FILE was measured writing decrypted sort data to unlinked temp files.
PINNED_SETTINGS: tuple[tuple[str, str], ...] = (
    ("cipher_memory_security", "1"),
    ("temp_store", "2"),
    ("journal_mode", "wal"),
    ("synchronous", "2"),
    ("foreign_keys", "1"),
    ("secure_delete", "1"),
    ("auto_vacuum", "2"),
)


def raw_key_literal(key: bytes | bytearray) -> bytearray:
    """Build SQLCipher's raw-key form x'<64 hex>' in a bytearray the caller can zero.

    Built digit by digit so no immutable copy of the key (a hex str) is ever made.
    """
    if len(key) != KEY_BYTES:
        raise ValueError(f"the vault key must be {KEY_BYTES} bytes; pass the unwrapped DEK")
    out = bytearray(b"x'" + b"0" * (2 * KEY_BYTES) + b"'")
    for i, byte in enumerate(key):
        out[2 + 2 * i] = _HEX[byte >> 4]
        out[3 + 2 * i] = _HEX[byte & 0x0F]
    return out


def zero(buf: bytearray) -> None:
    """Overwrite a buffer that held key material."""
    for i in range(len(buf)):
        buf[i] = 0


def assert_pinned_settings(db: Database) -> None:
    """Raise VaultSettingsDrift naming the first pinned setting that reads back wrong."""
    version = str(db.scalar("PRAGMA cipher_version") or "")
    if not version.startswith("4."):
        raise VaultSettingsDrift("cipher_version", "4.x", version)
    for pragma, expected in PINNED_SETTINGS:
        actual = str(db.scalar(f"PRAGMA {pragma}")).lower()
        if actual != expected:
            raise VaultSettingsDrift(pragma, expected, actual)


def _connect(path: Path) -> Database:
    # mode=rw: opening must never create an empty database where a vault was expected.
    uri = "file:" + quote(str(path.resolve())) + "?mode=rw"
    try:
        conn = sqlcipher3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
    except sqlcipher3.Error as exc:
        raise translate_error(exc) from None
    return Database(conn, path)


def _create_empty_file(path: Path) -> None:
    try:
        # O_EXCL makes "refuse if it exists" atomic; 0600 because the -wal/-shm inherit it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise VaultExists(
            "a file already exists where the new vault was to be created; choose another folder "
            "or open the existing vault"
        ) from None
    except FileNotFoundError:
        raise VaultNotFound(
            "the folder for the new vault does not exist; create it first"
        ) from None
    os.close(fd)


def open_database(
    path: Path,
    key: bytes | bytearray,
    *,
    create: bool = False,
    extra_pragmas: Sequence[str] = (),
) -> Database:
    """Open (or create) a vault file and return it only if every pinned setting holds.

    `extra_pragmas` run just before the assertions; they exist so tests can prove a drifted
    setting is refused.
    """
    literal = raw_key_literal(key)
    try:
        if create:
            _create_empty_file(path)
        elif not path.is_file():
            raise VaultNotFound("no vault file at the given path; check the data folder setting")
        elif path.stat().st_size == 0:
            # SQLite would happily treat it as a new database; it is a vault whose creation
            # never completed, or not a vault at all.
            raise WrongKeyOrCorrupt(
                "the vault file is empty (its creation did not finish); set the device up again"
            )
        return _open_pinned(path, literal, create=create, extra_pragmas=extra_pragmas)
    finally:
        zero(literal)


def _open_pinned(
    path: Path, literal: bytearray, *, create: bool, extra_pragmas: Sequence[str]
) -> Database:
    db: Database | None = None
    try:
        db = _connect(path)
        # Process-wide and one-way; it must precede every other SQLCipher call.
        db.execute("PRAGMA cipher_memory_security = ON")
        db.set_key(literal)
        zero(literal)
        db.execute("PRAGMA cipher_compatibility = 4")
        # Keying never fails on a wrong key; the first page read does.
        db.scalar("SELECT count(*) FROM sqlite_master")
        if create:
            # Only effective before the first table exists.
            db.execute("PRAGMA auto_vacuum = INCREMENTAL")
        db.execute("PRAGMA temp_store = MEMORY")
        db.query("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        db.disable_extension_loading()
        for statement in extra_pragmas:
            db.query(statement)
        assert_pinned_settings(db)
        return db
    except BaseException:
        if db is not None:
            db.close(checkpoint=False)
        if create:
            # Leave nothing half-made behind, so creating again can succeed.
            for suffix in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(FileNotFoundError):
                    Path(str(path) + suffix).unlink()
        raise
