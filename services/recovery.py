"""Council-assisted recovery: the council's recovery key re-opens the vault for a worker."""

from __future__ import annotations

from pathlib import Path

from crypto.council import load_council_private
from crypto.errors import CryptoError
from crypto.kdf import KdfParams
from crypto.keyslots import create_slot
from crypto.keystore import save_keystore
from crypto.recovery import unwrap_recovery
from crypto.signing import generate_signing_key
from services.clock import Clock, iso
from services.device_identity import certify
from services.errors import UnlockFailed, VaultDamaged
from services.keystore_file import read_keystore
from services.passphrase_policy import require_strong
from services.paths import AppPaths
from services.provisioning import new_worker_id
from storage.errors import StorageError
from storage.vault import Vault


def recover_worker(
    paths: AppPaths,
    *,
    recovery_key: Path,
    key_passphrase: str,
    worker_name: str,
    new_passphrase: str,
    clock: Clock,
    kdf: KdfParams,
) -> str:
    """Enrol a fresh passphrase slot for `worker_name` using the council recovery key.

    An existing worker of that name keeps their id and role but gets a new signing key (the
    old one was wrapped under the forgotten passphrase); an unknown name is enrolled as an
    administrator so the device can be managed again. Returns the worker id.
    """
    require_strong(new_passphrase)
    keystore = read_keystore(paths)
    if keystore.recovery is None:
        raise VaultDamaged("This vault has no recovery slot; council recovery is not possible.")
    key_dir = recovery_key if recovery_key.is_dir() else recovery_key.parent
    try:
        recovery_sk = load_council_private(key_dir, "recovery", key_passphrase)
        dek = unwrap_recovery(keystore.recovery, _as_bytes(recovery_sk), keystore.vault_id)
    except CryptoError as exc:
        raise UnlockFailed(f"The council recovery key did not open this vault: {exc}") from exc
    try:
        vault = Vault.open(paths.vault_db, dek)
    except StorageError as exc:
        dek[:] = bytes(len(dek))
        raise VaultDamaged(f"The vault could not be opened safely: {exc}") from exc
    try:
        name = worker_name.strip()
        existing = [s for s in keystore.slots if s.display_name.casefold() == name.casefold()]
        worker_id = existing[0].worker_id if existing else new_worker_id()
        role = vault.workers.get(worker_id).role if existing else "administrator"
        sign_sk, sign_pk = generate_signing_key()
        slot = create_slot(
            vault_id=keystore.vault_id,
            worker_id=worker_id,
            display_name=name,
            passphrase=new_passphrase,
            dek=dek,
            sign_sk=sign_sk,
            params=kdf,
        )
        now = iso(clock.now())
        if existing:
            vault.workers.remove(worker_id)
        vault.workers.add(worker_id, name, role, sign_pk, certify(vault, worker_id, sign_pk, now))
        updated = keystore.replace_slot(slot) if existing else keystore.add_slot(slot)
        save_keystore(paths.keystore, updated)
        vault.audit.append("recovery", worker_id=worker_id, detail="council_key", now=now)
        return worker_id
    finally:
        dek[:] = bytes(len(dek))
        vault.close()


def _as_bytes(key: bytes | str) -> bytes:
    if isinstance(key, str):
        raise UnlockFailed("That file is not a recovery key.")
    return key
