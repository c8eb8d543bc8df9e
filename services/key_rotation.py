"""Rotating the database key after a worker leaves who may hold an old copy of keystore.json.

Passphrase slots wrap the key under each worker's passphrase, which we do not know, so a new key
cannot be wrapped for the others silently: the administrator gives each remaining colleague a
temporary passphrase (team recovery, as SECURITY.md describes) and they change it at next use.
"""

from __future__ import annotations

from crypto.errors import CryptoError
from crypto.kdf import KdfParams
from crypto.keyslots import create_slot, generate_dek, open_slot
from crypto.keystore import Keystore, save_keystore
from crypto.recovery import wrap_for_recovery
from crypto.signing import generate_signing_key
from services.clock import Clock, iso
from services.device_identity import certify, pinned_trust_bundle
from services.errors import InvalidInput, UnlockFailed
from services.keystore_file import read_keystore
from services.passphrase_policy import require_strong
from services.rotation_journal import settle_rotation, staged_keystore, staged_vault
from services.session import Session, unlock
from services.workers import require_role
from storage.rotation import replace_vault_file


def rotate_data_key(
    session: Session,
    *,
    own_passphrase: str,
    temporary_passphrases: dict[str, str],
    clock: Clock,
    kdf: KdfParams,
) -> Session:
    """Re-encrypt the vault under a new key; returns a fresh session (the old one is locked)."""
    require_role(session, "administrator")
    paths = session.paths
    keystore = read_keystore(paths)
    own = keystore.slot_for(session.worker_id)
    try:
        check_dek, _ = open_slot(own, own_passphrase, keystore.vault_id)
        check_dek[:] = bytes(len(check_dek))
    except CryptoError as exc:
        raise UnlockFailed("Your passphrase was not right; nothing was changed.") from exc
    others = [s for s in keystore.slots if s.worker_id != session.worker_id]
    missing = [s.display_name for s in others if s.worker_id not in temporary_passphrases]
    if missing:
        raise InvalidInput(
            "Give a temporary passphrase to each remaining colleague first: " + ", ".join(missing)
        )
    for secret in temporary_passphrases.values():
        require_strong(secret)
    new_dek = generate_dek()
    new_keys: dict[str, tuple[bytes, bytes]] = {}
    try:
        slots = [
            create_slot(
                vault_id=keystore.vault_id,
                worker_id=session.worker_id,
                display_name=own.display_name,
                passphrase=own_passphrase,
                dek=new_dek,
                sign_sk=session.signing_key(),
                params=kdf,
            )
        ]
        for slot in others:
            sign_sk, sign_pk = generate_signing_key()
            new_keys[slot.worker_id] = (sign_sk, sign_pk)
            slots.append(
                create_slot(
                    vault_id=keystore.vault_id,
                    worker_id=slot.worker_id,
                    display_name=slot.display_name,
                    passphrase=temporary_passphrases[slot.worker_id],
                    dek=new_dek,
                    sign_sk=sign_sk,
                    params=kdf,
                )
            )
        trust = pinned_trust_bundle(session.vault, clock)
        recovery = wrap_for_recovery(new_dek, trust.recovery_pk, keystore.vault_id)
        session.vault.rekey_to(staged_vault(paths), new_dek)
    finally:
        new_dek[:] = bytes(len(new_dek))
    rotated = Keystore(vault_id=keystore.vault_id, slots=tuple(slots), recovery=recovery)
    save_keystore(staged_keystore(paths), rotated)
    admin_id = session.worker_id
    session.lock()
    replace_vault_file(staged_vault(paths), paths.vault_db)
    settle_rotation(paths)
    fresh = unlock(paths, admin_id, own_passphrase, clock=clock)
    now = iso(clock.now())
    for worker_id, (_sk, pk) in new_keys.items():
        record = fresh.vault.workers.get(worker_id)
        fresh.vault.workers.remove(worker_id)
        fresh.vault.workers.add(
            worker_id,
            record.display_name,
            record.role,
            pk,
            certify(fresh.vault, worker_id, pk, now),
        )
    fresh.vault.audit.append(
        "dek_rotated", worker_id=admin_id, detail=f"reenrolled={len(new_keys)}", now=now
    )
    return fresh
