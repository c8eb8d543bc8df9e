"""The vault file on disk: encrypted, keyed, reopenable, no plaintext in the WAL, thread-safe."""

from __future__ import annotations

import secrets
import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from storage.errors import (
    StorageError,
    VaultClosed,
    VaultExists,
    VaultNotFound,
    WrongKeyOrCorrupt,
)
from storage.vault import Vault

CANARY = "Canary-Qz7Vx-林小梅-ሰላም"


def _encodings(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def test_file_is_not_plain_sqlite(vault: Vault, vault_path: Path) -> None:
    vault.close()
    assert not vault_path.read_bytes().startswith(b"SQLite format 3")
    conn = sqlite3.connect(vault_path)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    finally:
        conn.close()


def test_wrong_key_is_refused_and_the_right_key_still_opens(
    vault: Vault, vault_path: Path, key: bytearray
) -> None:
    vault.close()
    with pytest.raises(WrongKeyOrCorrupt):
        Vault.open(vault_path, secrets.token_bytes(32))
    with Vault.open(vault_path, key) as again:
        assert again.vault_id == "test-vault-1"


def test_opening_twice_with_the_right_key_works(vault_path: Path, key: bytearray) -> None:
    with Vault.create(vault_path, key, vault_id="v-twice") as first:
        first.settings.set("idle_timeout_s", 300)
    with Vault.open(vault_path, key) as second:
        assert second.settings.get("idle_timeout_s") == 300
    a = Vault.open(vault_path, key)
    b = Vault.open(vault_path, key)
    try:
        a.settings.set("retention_days", 30)
        assert b.settings.get("retention_days") == 30
    finally:
        a.close()
        b.close()


def test_no_plaintext_in_db_wal_or_shm(vault: Vault, vault_path: Path) -> None:
    vault.cases.create(
        "c1",
        "R-1",
        {"name": CANARY},
        worker_id="w",
        summary={"name": CANARY},
        search_terms=[CANARY],
    )
    wal = Path(str(vault_path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the data is still only in the WAL
    for path in (vault_path, wal, Path(str(vault_path) + "-shm")):
        data = path.read_bytes()
        for needle in _encodings(CANARY) + _encodings("Canary-Qz7Vx"):
            assert needle not in data, path.name


def test_create_refuses_an_existing_file(vault_path: Path, key: bytearray) -> None:
    vault_path.write_bytes(b"someone else's file")
    with pytest.raises(VaultExists):
        Vault.create(vault_path, key, vault_id="v")
    assert vault_path.read_bytes() == b"someone else's file"


def test_open_missing_file_does_not_create_one(tmp_path: Path, key: bytearray) -> None:
    missing = tmp_path / "nothing.db"
    with pytest.raises(VaultNotFound):
        Vault.open(missing, key)
    assert not missing.exists()


@pytest.mark.parametrize("content", [b"", b"\x00" * 8192, secrets.token_bytes(8192)])
def test_empty_or_foreign_files_are_not_vaults(
    tmp_path: Path, key: bytearray, content: bytes
) -> None:
    path = tmp_path / "foreign.db"
    path.write_bytes(content)
    with pytest.raises(WrongKeyOrCorrupt):
        Vault.open(path, key)
    assert path.read_bytes() == content


def test_plain_sqlite_file_is_not_a_vault(tmp_path: Path, key: bytearray) -> None:
    path = tmp_path / "plain.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(WrongKeyOrCorrupt):
        Vault.open(path, key)


def test_key_must_be_32_bytes(vault_path: Path) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        Vault.create(vault_path, b"short", vault_id="v")
    assert not vault_path.exists()


def test_vault_file_is_private_to_the_user(vault: Vault, vault_path: Path) -> None:
    assert stat.S_IMODE(vault_path.stat().st_mode) == 0o600


def test_close_is_idempotent_and_later_use_fails(vault: Vault, vault_path: Path) -> None:
    vault.settings.set("k", 1)
    vault.close()
    vault.close()
    assert vault.closed
    assert not Path(str(vault_path) + "-wal").exists() or (
        Path(str(vault_path) + "-wal").stat().st_size == 0
    )
    with pytest.raises(VaultClosed):
        vault.settings.get("k")


def test_integrity_check_is_clean_then_finds_a_damaged_page(
    vault: Vault, vault_path: Path, key: bytearray
) -> None:
    for i in range(30):
        vault.settings.set(f"k{i}", "x" * 2000)
    assert vault.integrity_check() == []
    vault.close()
    data = bytearray(vault_path.read_bytes())
    assert len(data) > 4 * 4096
    data[3 * 4096 + 100] ^= 0xFF  # inside page 4, away from page 1's header
    vault_path.write_bytes(bytes(data))
    try:
        damaged = Vault.open(vault_path, key)
    except StorageError:
        return  # refusing to open at all is also a correct answer to a damaged file
    try:
        assert damaged.integrity_check() != []
    finally:
        damaged.close()


def test_damaged_first_page_reads_as_wrong_key_or_corrupt(
    vault: Vault, vault_path: Path, key: bytearray
) -> None:
    vault.close()
    data = bytearray(vault_path.read_bytes())
    data[200] ^= 0x01
    vault_path.write_bytes(bytes(data))
    with pytest.raises(WrongKeyOrCorrupt):
        Vault.open(vault_path, key)


def test_worker_thread_and_main_thread_share_the_vault(vault: Vault) -> None:
    errors: list[BaseException] = []

    def writer(prefix: str) -> None:
        try:
            for i in range(25):
                vault.cases.create(
                    f"{prefix}{i}", "R", {"i": i}, worker_id="w", summary={}, search_terms=[]
                )
        except BaseException as exc:  # noqa: BLE001 (re-raised on the main thread below)
            errors.append(exc)

    thread = threading.Thread(target=writer, args=("t",))
    thread.start()
    writer("m")
    thread.join()
    assert errors == []
    assert vault.cases.count() == 50


def test_transaction_groups_a_save_and_its_audit_entry(vault: Vault) -> None:
    with pytest.raises(RuntimeError), vault.transaction():
        vault.cases.create("c1", "R", {"a": 1}, worker_id="w", summary={}, search_terms=[])
        vault.audit.append("case_created", worker_id="w", case_id="c1")
        raise RuntimeError("the service failed after both writes")
    assert vault.cases.count() == 0
    assert vault.audit.entries() == []
    with vault.transaction():
        vault.cases.create("c1", "R", {"a": 1}, worker_id="w", summary={}, search_terms=[])
        vault.audit.append("case_created", worker_id="w", case_id="c1")
    assert vault.cases.count() == 1
    assert [e.event for e in vault.audit.entries()] == ["case_created"]
