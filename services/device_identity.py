"""The device's identity inside the vault: id, signing key, pinned trust, worker certificates."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from crypto.fingerprints import checked_fingerprint
from crypto.signing import certify_worker, public_key_of
from crypto.trust import TrustBundle, verify_trust_bundle
from services.clock import Clock
from storage.vault import Vault

DEVICE_ID = "device_id"
DEVICE_SIGN_SK = "device_sign_sk"
TRUST_BUNDLE = "trust_bundle"
TRAINING = "training"


@dataclass(frozen=True)
class DeviceIdentity:
    """Who this laptop is, as council IT enrols it."""

    device_id: str
    public_key: bytes
    fingerprint: str  # seven groups: the last is a check group that catches a typo
    training: bool


def store_device_key(vault: Vault, device_id: str, device_sk: bytes, *, training: bool) -> None:
    """Keep the device key inside the encrypted vault, where any unlocked worker can use it."""
    vault.settings.set(DEVICE_ID, device_id)
    vault.settings.set(DEVICE_SIGN_SK, base64.b64encode(device_sk).decode("ascii"))
    vault.settings.set(TRAINING, training)


def device_signing_key(vault: Vault) -> bytes:
    """The device's Ed25519 private key."""
    return base64.b64decode(str(vault.settings.get(DEVICE_SIGN_SK, "")))


def device_identity(vault: Vault) -> DeviceIdentity:
    """The device id and public key fingerprint to read back to council IT."""
    public = public_key_of(device_signing_key(vault))
    return DeviceIdentity(
        device_id=str(vault.settings.get(DEVICE_ID, "")),
        public_key=public,
        fingerprint=checked_fingerprint(public),
        training=bool(vault.settings.get(TRAINING, False)),
    )


def pin_trust_bundle(vault: Vault, raw: bytes) -> None:
    """Store the verified trust bundle bytes inside the vault."""
    vault.settings.set(TRUST_BUNDLE, base64.b64encode(raw).decode("ascii"))


def pinned_trust_bundle(vault: Vault, clock: Clock, *, allow_expired: bool = False) -> TrustBundle:
    """The pinned trust bundle, re-verified (signature and expiry) each time it is used.

    `allow_expired` is for checking a renewal against it and for showing when it expired;
    exports and receipts always use the expiry check."""
    raw = base64.b64decode(str(vault.settings.get(TRUST_BUNDLE, "")))
    return verify_trust_bundle(raw, now=clock.now(), check_expiry=not allow_expired)


def certify(vault: Vault, worker_id: str, worker_pk: bytes, not_before: str) -> bytes:
    """A device-signed certificate binding a worker's signing key to this laptop."""
    device_id = str(vault.settings.get(DEVICE_ID, ""))
    return certify_worker(
        device_signing_key(vault),
        device_id=device_id,
        worker_id=worker_id,
        worker_pk=worker_pk,
        not_before=not_before,
    )


def replace_signing_key(vault: Vault, worker_id: str, sign_pk: bytes, now: str) -> None:
    """Give a worker (same id, name and role) a new signing key, certified by this device.

    Used when the old key was wrapped under a passphrase nobody knows any more (council
    recovery, an administrator's reset): the new slot holds the new key."""
    worker = vault.workers.get(worker_id)
    vault.workers.remove(worker_id)
    vault.workers.add(
        worker_id,
        worker.display_name,
        worker.role,
        sign_pk,
        certify(vault, worker_id, sign_pk, now),
    )
