"""Database-key rotation: an old keystore copy stops working, everyone else is re-enrolled."""

from __future__ import annotations

import shutil

import pytest

from crypto.kdf import FLOOR_KDF
from services.errors import InvalidInput, UnlockFailed, VaultDamaged
from services.key_rotation import rotate_data_key
from services.rotation_journal import settle_rotation, staged_keystore, staged_vault
from services.session import unlock
from services.workers import add_worker, remove_worker
from tests.services.conftest import ADMIN_PASSPHRASE, Provisioned

STAYER = "copper lagoon mitten saddle tundra"
LEAVER = "juniper kettle ribbon oyster plateau"
TEMPORARY = "violet anchor summit pepper glacier"


def test_rotation_locks_out_old_keystore_copies(provisioned: Provisioned) -> None:
    paths, clock = provisioned.paths, provisioned.clock
    admin = unlock(paths, provisioned.report.worker_id, ADMIN_PASSPHRASE, clock=clock)
    stayer = add_worker(
        admin, display_name="Stayer", role="worker", passphrase=STAYER, clock=clock, kdf=FLOOR_KDF
    )
    leaver = add_worker(
        admin, display_name="Leaver", role="worker", passphrase=LEAVER, clock=clock, kdf=FLOOR_KDF
    )
    admin.vault.settings.set("marker", "kept through rotation")
    stolen = paths.data_dir.parent / "stolen-keystore.json"
    shutil.copy(paths.keystore, stolen)  # what the leaver might have copied
    remove_worker(admin, leaver, clock=clock)
    with pytest.raises(InvalidInput, match="Stayer"):
        rotate_data_key(
            admin,
            own_passphrase=ADMIN_PASSPHRASE,
            temporary_passphrases={},
            clock=clock,
            kdf=FLOOR_KDF,
        )
    with pytest.raises(UnlockFailed):
        rotate_data_key(
            admin,
            own_passphrase="wrong",
            temporary_passphrases={stayer: TEMPORARY},
            clock=clock,
            kdf=FLOOR_KDF,
        )
    fresh = rotate_data_key(
        admin,
        own_passphrase=ADMIN_PASSPHRASE,
        temporary_passphrases={stayer: TEMPORARY},
        clock=clock,
        kdf=FLOOR_KDF,
    )
    assert admin.locked
    assert fresh.vault.settings.get("marker") == "kept through rotation"
    assert "dek_rotated" in [e.event for e in fresh.vault.audit.entries()]
    fresh.vault.audit.verify()
    fresh.lock()
    assert not staged_vault(paths).exists() and not staged_keystore(paths).exists()

    unlock(paths, stayer, TEMPORARY, clock=clock).lock()
    with pytest.raises(UnlockFailed):
        unlock(paths, stayer, STAYER, clock=clock)
    # The leaver's old slot unwraps the OLD key, which no longer opens the vault.
    shutil.copy(stolen, paths.keystore)
    with pytest.raises(VaultDamaged):
        unlock(paths, leaver, LEAVER, clock=clock)


def test_interrupted_rotation_is_undone_before_the_swap(provisioned: Provisioned) -> None:
    paths = provisioned.paths
    staged_vault(paths).write_bytes(b"half-written")
    shutil.copy(paths.keystore, staged_keystore(paths))
    settle_rotation(paths)
    assert not staged_vault(paths).exists() and not staged_keystore(paths).exists()
    unlock(paths, provisioned.report.worker_id, ADMIN_PASSPHRASE, clock=provisioned.clock).lock()


def test_interrupted_rotation_is_finished_after_the_swap(provisioned: Provisioned) -> None:
    paths = provisioned.paths
    original = paths.keystore.read_bytes()
    shutil.copy(paths.keystore, staged_keystore(paths))
    paths.keystore.write_text("{}")  # the old keystore no longer fits the swapped-in vault
    settle_rotation(paths)
    assert paths.keystore.read_bytes() == original
    assert not staged_keystore(paths).exists()
