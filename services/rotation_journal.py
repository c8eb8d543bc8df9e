"""Finishing or undoing a database-key rotation that a crash interrupted."""

from __future__ import annotations

from pathlib import Path

from services.paths import AppPaths


def staged_vault(paths: AppPaths) -> Path:
    """Where a rotation writes the vault re-encrypted under the new key."""
    return paths.vault_db.with_name(paths.vault_db.name + ".rotating")


def staged_keystore(paths: AppPaths) -> Path:
    """Where a rotation writes the keystore whose slots wrap the new key."""
    return paths.keystore.with_name(paths.keystore.name + ".rotating")


def rotation_pending(paths: AppPaths) -> bool:
    """Whether a crash left a rotation for settle_rotation to finish or undo."""
    return staged_vault(paths).exists() or staged_keystore(paths).exists()


def settle_rotation(paths: AppPaths) -> None:
    """Make keystore.json fit vault.db again after a crash mid-rotation.

    A rotation stages both files, swaps the vault in, then the keystore. A staged vault still
    present means the swap never happened: drop the staged files (undo). Only a staged keystore
    left means the vault is already under the new key: finish by swapping the keystore in.
    """
    vault_next, keystore_next = staged_vault(paths), staged_keystore(paths)
    if vault_next.exists():
        vault_next.unlink()
        keystore_next.unlink(missing_ok=True)
        return
    if keystore_next.exists():
        # Imported here: the unlock screen's worker list asks rotation_pending() at start-up,
        # before anything needs the keystore's parser and writer.
        from crypto.keystore import load_keystore, save_keystore

        save_keystore(paths.keystore, load_keystore(keystore_next))
        keystore_next.unlink()
