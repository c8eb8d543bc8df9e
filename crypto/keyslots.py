"""Per-worker key slots: Argon2id KEK wraps the vault key and the worker's signing key."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from crypto.encoding import b64, canonical_json, format_utc
from crypto.errors import KeystoreCorrupt, SlotDisabled, SlotMismatch, WrongPassphrase
from crypto.kdf import SALT_BYTES, KdfParams, derive_kek, zeroize
from crypto.keystore_format import FORMAT_VERSION
from crypto.signing import KEY_BYTES, public_key_of

DEK_BYTES = 32
NONCE_BYTES = 12
WRAPPED_BYTES = 32 + 16  # 32-byte key plus the GCM tag
_AAD_DOMAIN = b"first-contact/v1/keyslot\x00"
# AES-GCM comes from the cryptography library, imported where a slot is sealed or opened, so
# reading keystore.json (the unlock screen's worker list) does not load it.

# Back-off schedule for failed unlocks at the login screen (not against offline guessing).
BACKOFF_FREE_FAILURES = 5
BACKOFF_FIRST_SECONDS = 30.0
BACKOFF_CAP_SECONDS = 15 * 60.0


@dataclass(frozen=True)
class WorkerSlot:
    """One worker's wrapped copy of the vault key (DEK) and of their Ed25519 signing key."""

    slot_id: str
    worker_id: str
    display_name: str
    kdf: KdfParams
    salt: bytes = field(repr=False)
    nonce_dek: bytes = field(repr=False)
    wrapped_dek: bytes = field(repr=False)
    nonce_sign: bytes = field(repr=False)
    wrapped_sign_sk: bytes = field(repr=False)
    worker_sign_pk: bytes = field(repr=False)
    created: str
    failures: int = 0
    last_failure_at: float | None = None
    disabled: bool = False

    def __post_init__(self) -> None:
        # Every WorkerSlot in memory is well-formed, whichever way it was built.
        for name, value, size in (
            ("salt", self.salt, SALT_BYTES),
            ("nonce_dek", self.nonce_dek, NONCE_BYTES),
            ("wrapped_dek", self.wrapped_dek, WRAPPED_BYTES),
            ("nonce_sign", self.nonce_sign, NONCE_BYTES),
            ("wrapped_sign_sk", self.wrapped_sign_sk, WRAPPED_BYTES),
            ("worker_sign_pk", self.worker_sign_pk, KEY_BYTES),
        ):
            if not isinstance(value, bytes) or len(value) != size:
                raise KeystoreCorrupt(f"Key slot field {name} must be {size} bytes.")
        if not self.slot_id or not self.worker_id or self.failures < 0:
            raise KeystoreCorrupt("Key slot has an empty id or a negative failure count.")


def slot_aad(
    *,
    format_version: int,
    vault_id: str,
    slot_id: str,
    worker_id: str,
    kdf: KdfParams,
    salt: bytes,
    purpose: str,
) -> bytes:
    """The associated data binding a wrap to its vault, slot, worker, KDF settings and purpose."""
    # `purpose` keeps the two 48-byte wraps from being swapped with each other.
    header = {
        "format_version": format_version,
        "vault_id": vault_id,
        "slot_id": slot_id,
        "worker_id": worker_id,
        "kdf": {**kdf.to_dict(), "salt": b64(salt)},
        "purpose": purpose,
    }
    return _AAD_DOMAIN + canonical_json(header)


def _aad(slot: WorkerSlot, vault_id: str, purpose: str) -> bytes:
    return slot_aad(
        format_version=FORMAT_VERSION,
        vault_id=vault_id,
        slot_id=slot.slot_id,
        worker_id=slot.worker_id,
        kdf=slot.kdf,
        salt=slot.salt,
        purpose=purpose,
    )


def generate_dek() -> bytearray:
    """A fresh random 32-byte vault key, in a buffer the caller can zeroize."""
    return bytearray(os.urandom(DEK_BYTES))


def _seal(
    template: WorkerSlot, kek: bytearray, vault_id: str, dek: bytes | bytearray, sign_sk: bytes
) -> WorkerSlot:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead = AESGCM(kek)
    nonce_dek, nonce_sign = os.urandom(NONCE_BYTES), os.urandom(NONCE_BYTES)
    return replace(
        template,
        nonce_dek=nonce_dek,
        wrapped_dek=aead.encrypt(nonce_dek, bytes(dek), _aad(template, vault_id, "dek")),
        nonce_sign=nonce_sign,
        wrapped_sign_sk=aead.encrypt(nonce_sign, bytes(sign_sk), _aad(template, vault_id, "sign")),
    )


def reseal_slot(
    slot: WorkerSlot,
    *,
    vault_id: str,
    passphrase: str,
    dek: bytes | bytearray,
    sign_sk: bytes | bytearray,
    params: KdfParams,
) -> WorkerSlot:
    """Re-wrap already-unlocked keys under a new salt (e.g. stronger params after unlock)."""
    if len(dek) != DEK_BYTES or len(sign_sk) != KEY_BYTES:
        raise SlotMismatch(f"The vault key and signing key must each be {DEK_BYTES} bytes.")
    worker_pk = public_key_of(sign_sk)
    salt = os.urandom(SALT_BYTES)
    template = replace(
        slot, kdf=params, salt=salt, worker_sign_pk=worker_pk, failures=0, last_failure_at=None
    )
    kek = derive_kek(passphrase, salt, params)
    try:
        return _seal(template, kek, vault_id, dek, bytes(sign_sk))
    finally:
        zeroize(kek)


def create_slot(
    *,
    vault_id: str,
    worker_id: str,
    display_name: str,
    passphrase: str,
    dek: bytes | bytearray,
    sign_sk: bytes,
    params: KdfParams,
) -> WorkerSlot:
    """A new slot (random slot id, salt and nonces) for one worker."""
    empty = bytes(WRAPPED_BYTES)
    template = WorkerSlot(
        slot_id=str(uuid.uuid4()),
        worker_id=worker_id,
        display_name=display_name,
        kdf=params,
        salt=bytes(SALT_BYTES),
        nonce_dek=bytes(NONCE_BYTES),
        wrapped_dek=empty,
        nonce_sign=bytes(NONCE_BYTES),
        wrapped_sign_sk=empty,
        worker_sign_pk=bytes(KEY_BYTES),
        created=format_utc(datetime.now(UTC)),
    )
    return reseal_slot(
        template, vault_id=vault_id, passphrase=passphrase, dek=dek, sign_sk=sign_sk, params=params
    )


def unwrap_slot(slot: WorkerSlot, kek: bytearray, vault_id: str) -> tuple[bytearray, bytes]:
    """(DEK, worker signing key) from a slot given its already-derived KEK."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead = AESGCM(kek)
    try:
        dek = bytearray(aead.decrypt(slot.nonce_dek, slot.wrapped_dek, _aad(slot, vault_id, "dek")))
    except InvalidTag:
        raise WrongPassphrase(
            "The passphrase is not correct. Check it (and the keyboard layout) and try again. "
            "If it is certainly right, this key slot may have been altered or copied from another "
            "worker or vault: ask a colleague to re-enrol you."
        ) from None
    try:
        sign_sk = aead.decrypt(slot.nonce_sign, slot.wrapped_sign_sk, _aad(slot, vault_id, "sign"))
    except InvalidTag:
        zeroize(dek)
        raise SlotMismatch(
            "The passphrase is right but this key slot's signing key was altered; "
            "ask a colleague to re-enrol you."
        ) from None
    if public_key_of(sign_sk) != slot.worker_sign_pk:
        zeroize(dek)
        raise SlotMismatch(
            "This key slot's public signing key does not match its private key; "
            "the keystore was altered. Ask a colleague to re-enrol you."
        )
    return dek, sign_sk


def derive_slot_kek(slot: WorkerSlot, passphrase: str) -> bytearray:
    """The slot's KEK (Argon2id with the slot's salt and parameters, floor enforced)."""
    if slot.disabled:
        raise SlotDisabled(
            "This worker's key slot is switched off after too many failed unlocks. "
            "A colleague with an unlocked session, or council IT, must re-enrol you."
        )
    return derive_kek(passphrase, slot.salt, slot.kdf)


def open_slot(slot: WorkerSlot, passphrase: str, vault_id: str) -> tuple[bytearray, bytes]:
    """(DEK, worker Ed25519 private key); WrongPassphrase, SlotMismatch, WeakKdfParameters or
    SlotDisabled otherwise."""
    kek = derive_slot_kek(slot, passphrase)
    try:
        return unwrap_slot(slot, kek, vault_id)
    finally:
        zeroize(kek)


def rewrap_slot(
    slot: WorkerSlot,
    *,
    vault_id: str,
    old_passphrase: str,
    new_passphrase: str,
    params: KdfParams,
) -> WorkerSlot:
    """Passphrase change: same keys and slot id, new salt, new KEK, counters reset."""
    dek, sign_sk = open_slot(slot, old_passphrase, vault_id)
    try:
        return reseal_slot(
            slot,
            vault_id=vault_id,
            passphrase=new_passphrase,
            dek=dek,
            sign_sk=sign_sk,
            params=params,
        )
    finally:
        zeroize(dek)


def with_failure(slot: WorkerSlot, at: float, *, disable_after: int | None = None) -> WorkerSlot:
    """Record one failed unlock at epoch time `at`; optionally disable after N in a row."""
    failures = slot.failures + 1
    disabled = slot.disabled or (disable_after is not None and failures >= disable_after)
    return replace(slot, failures=failures, last_failure_at=at, disabled=disabled)


def with_success(slot: WorkerSlot) -> WorkerSlot:
    """Reset the failure counters after a successful unlock."""
    return replace(slot, failures=0, last_failure_at=None)


def backoff_seconds(failures: int) -> float:
    """Wait required after `failures` consecutive failures: 30 s after 5, doubling, max 15 min."""
    if failures < BACKOFF_FREE_FAILURES:
        return 0.0
    # Cap the exponent first so a huge stored counter cannot overflow the float.
    doublings = min(failures - BACKOFF_FREE_FAILURES, 16)
    return min(BACKOFF_FIRST_SECONDS * 2.0**doublings, BACKOFF_CAP_SECONDS)


def unlock_allowed_at(slot: WorkerSlot) -> float:
    """Epoch time from which the next unlock attempt may be made (0.0 if no wait)."""
    if slot.last_failure_at is None:
        return 0.0
    return slot.last_failure_at + backoff_seconds(slot.failures)
