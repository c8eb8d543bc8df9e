"""The recovery slot: the vault key wrapped to the council's offline recovery key with HPKE."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from crypto.errors import RecoveryError
from crypto.fingerprints import fingerprint

# The cryptography library is imported where it is used: reading keystore.json (the unlock
# screen's worker list) needs only this module's sizes and types, and the desktop app's
# first screen appears sooner without loading it.
if TYPE_CHECKING:
    from cryptography.hazmat.primitives.hpke import Suite

RECOVERY_INFO_PREFIX = b"first-contact/v1/recovery"
X25519_BYTES = 32
ENC_BYTES = 32  # the X25519 encapsulated key
DEK_BYTES = 32
CIPHERTEXT_BYTES = DEK_BYTES + 16


def _suite() -> Suite:
    from cryptography.hazmat.primitives.hpke import AEAD, KDF, KEM, Suite

    return Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.AES_256_GCM)


@dataclass(frozen=True)
class RecoverySlot:
    """HPKE base-mode wrap of the DEK; the fingerprint names the recovery key it needs."""

    recovery_pk_fingerprint: str
    enc: bytes = field(repr=False)
    ciphertext: bytes = field(repr=False)


def _info(vault_id: str) -> bytes:
    # The fixed prefix plus the vault id: a slot cannot be replayed into another vault.
    return RECOVERY_INFO_PREFIX + vault_id.encode("utf-8")


def generate_recovery_key() -> tuple[bytes, bytes]:
    """A new X25519 key pair (raw private 32 bytes, raw public 32 bytes) for recovery."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    key = X25519PrivateKey.generate()
    raw = serialization.Encoding.Raw
    sk = key.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    return sk, key.public_key().public_bytes(raw, serialization.PublicFormat.Raw)


def recovery_public_key_of(recovery_sk: bytes | bytearray) -> bytes:
    """The raw X25519 public key belonging to a raw recovery private key."""
    if len(recovery_sk) != X25519_BYTES:
        raise RecoveryError(f"A recovery private key must be {X25519_BYTES} bytes.")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    key = X25519PrivateKey.from_private_bytes(bytes(recovery_sk))
    raw = serialization.Encoding.Raw
    return key.public_key().public_bytes(raw, serialization.PublicFormat.Raw)


def wrap_for_recovery(dek: bytes | bytearray, recovery_pk: bytes, vault_id: str) -> RecoverySlot:
    """HPKE (X25519, HKDF-SHA256, AES-256-GCM) single-shot encryption of the DEK."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    if len(dek) != DEK_BYTES:
        raise RecoveryError(f"The vault key must be {DEK_BYTES} bytes.")
    if len(recovery_pk) != X25519_BYTES:
        raise RecoveryError(
            f"The council recovery public key must be {X25519_BYTES} bytes; check the trust bundle."
        )
    try:
        public = X25519PublicKey.from_public_bytes(bytes(recovery_pk))
        sealed = _suite().encrypt(bytes(dek), public, info=_info(vault_id))
    except ValueError:
        raise RecoveryError(
            "The council recovery public key is not usable; check the trust bundle."
        ) from None
    return RecoverySlot(
        recovery_pk_fingerprint=fingerprint(recovery_pk),
        enc=sealed[:ENC_BYTES],
        ciphertext=sealed[ENC_BYTES:],
    )


def unwrap_recovery(slot: RecoverySlot, recovery_sk: bytes | bytearray, vault_id: str) -> bytearray:
    """The DEK from a recovery slot; RecoveryError for a wrong key, vault or tampered slot."""
    own = fingerprint(recovery_public_key_of(recovery_sk))
    if own != slot.recovery_pk_fingerprint:
        raise RecoveryError(
            f"This recovery slot was made for the recovery key {slot.recovery_pk_fingerprint}, "
            f"but the key given is {own}. Use the council recovery key that was current when "
            "this vault last unlocked."
        )
    if len(slot.enc) != ENC_BYTES or len(slot.ciphertext) != CIPHERTEXT_BYTES:
        raise RecoveryError("The recovery slot has the wrong size; the keystore is damaged.")
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    key = X25519PrivateKey.from_private_bytes(bytes(recovery_sk))
    try:
        dek = _suite().decrypt(slot.enc + slot.ciphertext, key, info=_info(vault_id))
    except (InvalidTag, ValueError):
        raise RecoveryError(
            "The recovery slot did not open: it belongs to another vault or was altered."
        ) from None
    return bytearray(dek)
