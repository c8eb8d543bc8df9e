"""Setting up a laptop: verify the council trust bundle, create the vault and its first worker."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from crypto.errors import BadSignature, CryptoError, TrustBundleError
from crypto.fingerprints import checked_fingerprint
from crypto.kdf import DEFAULT_KDF, KdfParams
from crypto.keyslots import create_slot, generate_dek
from crypto.keystore import Keystore, save_keystore
from crypto.recovery import wrap_for_recovery
from crypto.signing import generate_signing_key, public_key_of
from crypto.trust import TrustBundle, trust_bundle_fingerprints, verify_trust_bundle
from services.clock import Clock, iso
from services.device_identity import certify, pin_trust_bundle, store_device_key
from services.device_nation import DEVICE_NATION_KEY, check_nation
from services.errors import AlreadyProvisioned, TrustRejected
from services.passphrase_policy import require_strong
from services.paths import AppPaths
from storage.vault import Vault

MAX_TRUST_BUNDLE_BYTES = 64 * 1024


@dataclass(frozen=True)
class TrustPreview:
    """What a person compares with council IT before accepting a trust bundle."""

    bundle: TrustBundle
    fingerprints: dict[str, str]
    short_fingerprint: str


@dataclass(frozen=True)
class ProvisionReport:
    """What to read back to council IT after set-up."""

    worker_id: str
    device_id: str
    device_fingerprint: str
    council_fingerprints: dict[str, str] = field(default_factory=dict)
    training: bool = False
    nation: str = ""


def new_worker_id() -> str:
    """An opaque worker id: never derived from the name, so logs and bundles carry no names."""
    return "w-" + uuid.uuid4().hex[:12]


def preview_trust_bundle(raw: bytes, *, clock: Clock) -> TrustPreview:
    """Verify a trust bundle's signature and expiry and show its fingerprints, pinning nothing."""
    if len(raw) > MAX_TRUST_BUNDLE_BYTES:
        raise TrustRejected("That file is far too large to be a trust bundle. Check the file.")
    try:
        bundle = verify_trust_bundle(raw, now=clock.now())
    except BadSignature as exc:
        raise TrustRejected(
            "The trust bundle's signature is not valid: it was altered or not made by council "
            "IT. Do not use it; ask council IT for a fresh copy."
        ) from exc
    except (TrustBundleError, CryptoError) as exc:
        raise TrustRejected(f"The trust bundle was refused: {exc}") from exc
    prints = trust_bundle_fingerprints(bundle)
    root = prints.get("root", next(iter(prints.values()), ""))
    return TrustPreview(bundle, prints, "-".join(root.split("-")[:4]))


def provision(
    paths: AppPaths,
    trust_raw: bytes,
    *,
    worker_name: str,
    passphrase: str,
    nation: str,
    clock: Clock,
    kdf: KdfParams = DEFAULT_KDF,
    training: bool = False,
    fingerprint_confirmed: bool = False,
) -> ProvisionReport:
    """Create the vault, the device key and the first (administrator) worker from a trust bundle.

    `nation` is where this device is used: new cases open in it (each case can change it)."""
    check_nation(nation)
    if paths.is_provisioned():
        raise AlreadyProvisioned(
            f"{paths.data_dir} already holds a vault. Choose an empty data folder."
        )
    preview = preview_trust_bundle(trust_raw, clock=clock)
    require_strong(passphrase)
    name = worker_name.strip()
    now = iso(clock.now())
    vault_id = str(uuid.uuid4())
    device_id = "d-" + uuid.uuid4().hex[:16]
    worker_id = new_worker_id()
    dek = generate_dek()
    device_sk, _device_pk = generate_signing_key()
    worker_sk, worker_pk = generate_signing_key()
    try:
        slot = create_slot(
            vault_id=vault_id,
            worker_id=worker_id,
            display_name=name,
            passphrase=passphrase,
            dek=dek,
            sign_sk=worker_sk,
            params=kdf,
        )
        recovery = wrap_for_recovery(dek, preview.bundle.recovery_pk, vault_id)
        paths.ensure_data_dir()
        vault = Vault.create(paths.vault_db, dek, vault_id=vault_id)
    finally:
        dek[:] = bytes(32)
    try:
        store_device_key(vault, device_id, device_sk, training=training)
        pin_trust_bundle(vault, trust_raw)
        cert = certify(vault, worker_id, worker_pk, now)
        vault.workers.add(worker_id, name, "administrator", worker_pk, cert)
        vault.settings.set(DEVICE_NATION_KEY, nation)
        vault.audit.append("provisioned", worker_id=worker_id, detail=f"nation={nation}", now=now)
        vault.audit.append(
            "trust_pinned", worker_id=worker_id, detail=f"version={preview.bundle.version}", now=now
        )
        if fingerprint_confirmed:
            # The person ticked that the fingerprint matched what council IT read out.
            vault.audit.append("trust_fingerprint_confirmed", worker_id=worker_id, now=now)
        report = ProvisionReport(
            worker_id=worker_id,
            device_id=device_id,
            device_fingerprint=checked_fingerprint(public_key_of(device_sk)),
            council_fingerprints=preview.fingerprints,
            training=training,
            nation=nation,
        )
        # The keystore is written last: until it exists the half-made vault cannot be unlocked,
        # and is_provisioned() still refuses to overwrite it.
        save_keystore(paths.keystore, Keystore(vault_id=vault_id, slots=(slot,), recovery=recovery))
    except BaseException:
        vault.close()
        _remove_half_made_vault(paths)
        raise
    vault.close()
    return report


def _remove_half_made_vault(paths: AppPaths) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = paths.vault_db.with_name(paths.vault_db.name + suffix)
        candidate.unlink(missing_ok=True)
