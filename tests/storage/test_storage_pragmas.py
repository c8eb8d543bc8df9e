"""Every pinned setting is set, asserted at open, and a drifted one refuses the vault."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
import sqlcipher3

from storage.connection import PINNED_SETTINGS, assert_pinned_settings
from storage.errors import StorageError, VaultSettingsDrift
from storage.vault import Vault


def test_pinned_settings_hold_after_open(vault: Vault, vault_path: Path, key: bytearray) -> None:
    vault.close()
    with Vault.open(vault_path, key) as v:
        db = v._db
        assert db.scalar("PRAGMA temp_store") == 2
        assert db.scalar("PRAGMA journal_mode") == "wal"
        assert db.scalar("PRAGMA synchronous") == 2
        assert db.scalar("PRAGMA foreign_keys") == 1
        assert db.scalar("PRAGMA secure_delete") == 1
        assert db.scalar("PRAGMA auto_vacuum") == 2
        assert str(db.scalar("PRAGMA cipher_memory_security")) == "1"
        assert str(db.scalar("PRAGMA cipher_version")).startswith("4.")
        settings = {r[0] for r in db.query("PRAGMA cipher_settings")}
        assert "PRAGMA cipher_page_size = 4096;" in settings
        assert "PRAGMA cipher_use_hmac = 1;" in settings
        assert "PRAGMA cipher_hmac_algorithm = HMAC_SHA512;" in settings
        assert "PRAGMA cipher_plaintext_header_size = 0;" in settings


def test_extension_loading_is_disabled(vault: Vault) -> None:
    with pytest.raises(StorageError):
        vault._db.query("SELECT load_extension('/nonexistent/evil.so')")


def test_temp_store_file_is_refused_by_the_assertion(vault: Vault) -> None:
    vault._db.execute("PRAGMA temp_store = FILE")
    with pytest.raises(VaultSettingsDrift) as caught:
        assert_pinned_settings(vault._db)
    assert caught.value.pragma == "temp_store"
    assert caught.value.expected == "2" and caught.value.actual == "1"
    assert "temp_store" in str(caught.value)


@pytest.mark.parametrize(
    ("statement", "pragma"),
    [
        ("PRAGMA temp_store = FILE", "temp_store"),
        ("PRAGMA temp_store = DEFAULT", "temp_store"),
        ("PRAGMA journal_mode = DELETE", "journal_mode"),
        ("PRAGMA synchronous = NORMAL", "synchronous"),
        ("PRAGMA foreign_keys = OFF", "foreign_keys"),
        ("PRAGMA secure_delete = 0", "secure_delete"),
    ],
)
def test_open_refuses_each_drifted_setting(
    vault: Vault, vault_path: Path, key: bytearray, statement: str, pragma: str
) -> None:
    vault.close()
    with pytest.raises(VaultSettingsDrift) as caught:
        Vault.open(vault_path, key, _extra_pragmas=[statement])
    assert caught.value.pragma == pragma
    assert pragma in str(caught.value)
    with Vault.open(vault_path, key) as again:  # the refusal left the file usable
        assert again.integrity_check() == []


def test_open_refuses_a_file_without_incremental_auto_vacuum(
    tmp_path: Path, key: bytearray
) -> None:
    path = tmp_path / "no-autovacuum.db"
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.set_key(bytearray(b"x'" + key.hex().encode() + b"'"))
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.close()
    with pytest.raises(VaultSettingsDrift) as caught:
        Vault.open(path, key)
    assert caught.value.pragma == "auto_vacuum"


def test_every_pinned_pragma_is_listed() -> None:
    names = {name for name, _ in PINNED_SETTINGS}
    assert names == {
        "cipher_memory_security",
        "temp_store",
        "journal_mode",
        "synchronous",
        "foreign_keys",
        "secure_delete",
        "auto_vacuum",
    }


def _open_temp_files() -> list[str]:
    """SQLite unlinks its temp files at once, so look at open descriptors, not the folder."""
    found = []
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = str(fd.readlink())
        except OSError:
            continue
        if "etilqs_" in target:
            found.append(target)
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc (Linux)")
def test_big_sort_writes_no_temp_files_unless_temp_store_is_file(tmp_path: Path) -> None:
    with Vault.create(tmp_path / "sort.db", secrets.token_bytes(32), vault_id="sort") as v:
        db = v._db
        db.execute("CREATE TABLE scratch (a TEXT, b TEXT)")
        with db.transaction():
            db.executemany(
                "INSERT INTO scratch VALUES (?, ?)",
                [(f"{i:08d}-canary", "x" * 100) for i in range(20000)],
            )
        db.execute("PRAGMA cache_size = -300")
        seen: list[str] = []

        def probe() -> int:
            seen.extend(_open_temp_files())
            return 0

        db._live().set_progress_handler(probe, 20000)
        db.query("SELECT a, b FROM scratch ORDER BY b, a DESC")
        assert seen == []  # the pinned temp_store=MEMORY
        # Positive control: the probe does see the leak the pin exists to prevent.
        db.execute("PRAGMA temp_store = FILE")
        db.query("SELECT a, b FROM scratch ORDER BY b, a DESC")
        db._live().set_progress_handler(None, 0)
        assert seen != []
        db.execute("PRAGMA temp_store = MEMORY")
