"""Managing who can unlock this laptop: add, remove, change passphrase, roles."""

from __future__ import annotations

from crypto.errors import CryptoError, WrongPassphrase
from crypto.kdf import DEFAULT_KDF, KdfParams
from crypto.keyslots import create_slot, rewrap_slot
from crypto.keystore import save_keystore
from crypto.signing import generate_signing_key
from services.clock import Clock, iso
from services.device_identity import certify, replace_signing_key
from services.errors import InvalidInput, UnlockFailed
from services.keystore_file import read_keystore
from services.passphrase_policy import require_strong
from services.provisioning import new_worker_id
from services.roles import ROLES, require_role
from services.session import Session

__all__ = ["ROLES", "require_role"]  # kept importable from here for existing callers


def add_worker(
    session: Session,
    *,
    display_name: str,
    role: str,
    passphrase: str,
    clock: Clock,
    kdf: KdfParams = DEFAULT_KDF,
) -> str:
    """Enrol a new worker with their own key slot; returns the new worker id."""
    require_role(session, "administrator")
    if role not in ROLES:
        raise InvalidInput(f"Unknown role {role!r}: choose worker, supervisor or administrator.")
    name = display_name.strip()
    if not name:
        raise InvalidInput("Give the worker a name (as colleagues would know them).")
    keystore = read_keystore(session.paths)
    if any(s.display_name.casefold() == name.casefold() for s in keystore.slots):
        raise InvalidInput(f"There is already a worker called {name!r} on this laptop.")
    require_strong(passphrase)
    dek = session.data_key()
    worker_id = new_worker_id()
    sign_sk, sign_pk = generate_signing_key()
    try:
        slot = create_slot(
            vault_id=keystore.vault_id,
            worker_id=worker_id,
            display_name=name,
            passphrase=passphrase,
            dek=dek,
            sign_sk=sign_sk,
            params=kdf,
        )
    finally:
        dek[:] = bytes(len(dek))
    now = iso(clock.now())
    vault = session.vault
    vault.workers.add(worker_id, name, role, sign_pk, certify(vault, worker_id, sign_pk, now))
    save_keystore(session.paths.keystore, keystore.add_slot(slot))
    vault.audit.append("worker_added", worker_id=session.worker_id, detail=worker_id, now=now)
    return worker_id


def change_passphrase(
    session: Session, *, old: str, new: str, clock: Clock, kdf: KdfParams = DEFAULT_KDF
) -> None:
    """Re-wrap the unlocked worker's slot under a new passphrase; the database is untouched."""
    require_strong(new)
    keystore = read_keystore(session.paths)
    slot = keystore.slot_for(session.worker_id)
    try:
        new_slot = rewrap_slot(
            slot, vault_id=keystore.vault_id, old_passphrase=old, new_passphrase=new, params=kdf
        )
    except WrongPassphrase as exc:
        raise UnlockFailed("Your current passphrase was not right; nothing was changed.") from exc
    # One atomic replace: a crash leaves either the old or the new keystore, never neither.
    save_keystore(session.paths.keystore, keystore.replace_slot(new_slot))
    session.vault.audit.append(
        "passphrase_changed", worker_id=session.worker_id, now=iso(clock.now())
    )


def remove_worker(session: Session, worker_id: str, *, clock: Clock) -> None:
    """Delete a worker's slot and directory entry (see rotate_data_key for old keystore copies)."""
    require_role(session, "administrator")
    if worker_id == session.worker_id:
        raise InvalidInput("You cannot remove yourself while signed in. Ask another administrator.")
    keystore = read_keystore(session.paths)
    try:
        keystore.slot_for(worker_id)
    except CryptoError as exc:
        raise InvalidInput("That worker is not enrolled on this laptop.") from exc
    save_keystore(session.paths.keystore, keystore.remove_slot(worker_id))
    session.vault.workers.remove(worker_id)
    session.vault.audit.append(
        "worker_removed", worker_id=session.worker_id, detail=worker_id, now=iso(clock.now())
    )


def reset_passphrase(
    session: Session,
    worker_id: str,
    *,
    temporary: str,
    clock: Clock,
    kdf: KdfParams = DEFAULT_KDF,
) -> None:
    """An administrator gives a colleague who forgot their passphrase a temporary one (told in
    person; the colleague changes it under My passphrase). The colleague keeps their id and
    role and gets a new signing key, as in council recovery; audited with who reset it."""
    require_role(session, "administrator")
    if worker_id == session.worker_id:
        raise InvalidInput("Change your own passphrase under My passphrase instead.")
    require_strong(temporary)
    keystore = read_keystore(session.paths)
    try:
        old_slot = keystore.slot_for(worker_id)
    except CryptoError as exc:
        raise InvalidInput("That worker is not on this laptop any more.") from exc
    sign_sk, sign_pk = generate_signing_key()
    dek = session.data_key()
    try:
        slot = create_slot(
            vault_id=keystore.vault_id,
            worker_id=worker_id,
            display_name=old_slot.display_name,
            passphrase=temporary,
            dek=dek,
            sign_sk=sign_sk,
            params=kdf,
        )
    finally:
        dek[:] = bytes(len(dek))
    now = iso(clock.now())
    vault = session.vault
    replace_signing_key(vault, worker_id, sign_pk, now)
    save_keystore(session.paths.keystore, keystore.replace_slot(slot))
    vault.audit.append(
        "passphrase_changed", worker_id=worker_id, detail=f"reset_by={session.worker_id}", now=now
    )
