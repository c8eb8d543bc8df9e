"""DEK rotation: the re-encrypted copy opens with the new key only, and swaps in safely."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from storage.errors import StorageError, VaultExists, WrongKeyOrCorrupt
from storage.rotation import replace_vault_file
from storage.vault import Vault


def _fill(vault: Vault) -> bytes:
    photo = secrets.token_bytes(50_000)
    for i, name in enumerate(["林小梅", "ሰላም ተስፋይ", "محمد عثمان"]):
        vault.cases.create(
            f"c{i}",
            f"R{i}",
            {"name": name},
            worker_id="w",
            summary={"n": name},
            search_terms=[name],
        )
        vault.audit.append("case_created", worker_id="w", case_id=f"c{i}")
    vault.attachments.add("c0", photo, media_type="image/jpeg")
    vault.settings.set("device_signing_key", b"\x07" * 32)
    return photo


def test_rekey_to_writes_a_copy_only_the_new_key_opens(
    vault: Vault, vault_path: Path, key: bytearray, tmp_path: Path
) -> None:
    photo = _fill(vault)
    new_key = bytearray(secrets.token_bytes(32))
    new_path = tmp_path / "vault.db.rotating"
    vault.rekey_to(new_path, new_key)
    with pytest.raises(WrongKeyOrCorrupt):
        Vault.open(new_path, key)
    with Vault.open(new_path, new_key) as copy:
        assert copy.vault_id == vault.vault_id
        assert copy.cases.list_summaries() == vault.cases.list_summaries()
        for i in range(3):
            assert copy.cases.current(f"c{i}") == vault.cases.current(f"c{i}")
        [info] = copy.attachments.list("c0")
        assert copy.attachments.get(info.attachment_id) == photo
        assert copy.search.query("ላም ተ") == ["c1"]
        assert copy.settings.get_bytes("device_signing_key") == b"\x07" * 32
        copy.audit.verify()
        assert copy.integrity_check() == []
        assert copy._db.scalar("PRAGMA auto_vacuum") == 2
    vault.close()

    replace_vault_file(new_path, vault_path)
    assert not new_path.exists()
    with pytest.raises(WrongKeyOrCorrupt):
        Vault.open(vault_path, key)
    with Vault.open(vault_path, new_key) as swapped:
        assert swapped.cases.count() == 3
        assert swapped.integrity_check() == []


def test_rekey_to_refuses_an_existing_target(vault: Vault, tmp_path: Path) -> None:
    target = tmp_path / "taken.db"
    target.write_bytes(b"keep me")
    with pytest.raises(VaultExists):
        vault.rekey_to(target, secrets.token_bytes(32))
    assert target.read_bytes() == b"keep me"
    with pytest.raises(StorageError):
        vault.rekey_to(vault.path, secrets.token_bytes(32))


def test_swap_refuses_while_the_old_vault_has_journal_data(
    vault: Vault, vault_path: Path, key: bytearray, tmp_path: Path
) -> None:
    _fill(vault)
    new_path = tmp_path / "new.db"
    vault.rekey_to(new_path, secrets.token_bytes(32))
    vault.settings.set("written_after_export", True)  # the WAL now holds unsaved-to-file data
    with pytest.raises(StorageError, match="close"):
        replace_vault_file(new_path, vault_path)
    assert new_path.exists()
    vault.close()
    with Vault.open(vault_path, key) as still_old:
        assert still_old.settings.get("written_after_export") is True
