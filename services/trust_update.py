"""Accepting a newer council trust bundle: same root, higher version; re-wrap recovery if needed."""

from __future__ import annotations

from pathlib import Path

from crypto.errors import CryptoError
from crypto.keystore import save_keystore
from crypto.recovery import wrap_for_recovery
from crypto.trust import MAX_TRUST_BYTES, TrustBundle, verify_trust_bundle
from services.clock import Clock, iso
from services.device_identity import pin_trust_bundle, pinned_trust_bundle
from services.errors import InvalidInput, TrustRejected
from services.keystore_file import read_keystore
from services.session import Session
from services.workers import require_role


def update_trust(session: Session, raw: bytes, *, clock: Clock) -> TrustBundle:
    """Pin a trust bundle signed by the pinned root with a higher version than the pinned one."""
    require_role(session, "administrator")
    # An expired pinned bundle must still anchor its renewal: expiry is exactly when a
    # laptop needs this most.
    current = pinned_trust_bundle(session.vault, clock, allow_expired=True)
    try:
        bundle = verify_trust_bundle(
            raw,
            now=clock.now(),
            pinned_root_pk=current.root_pk,
            pinned_version=current.version,
            pinned=current,
        )
    except CryptoError as exc:
        raise TrustRejected(f"The trust update was refused: {exc}") from exc
    if bundle.recovery_pk != current.recovery_pk:
        # The council rotated its recovery key: re-wrap the data key to the new one right away.
        keystore = read_keystore(session.paths)
        dek = session.data_key()
        try:
            recovery = wrap_for_recovery(dek, bundle.recovery_pk, keystore.vault_id)
        finally:
            dek[:] = bytes(len(dek))
        save_keystore(session.paths.keystore, keystore.with_recovery(recovery))
    pin_trust_bundle(session.vault, raw)
    session.vault.audit.append(
        "trust_updated",
        worker_id=session.worker_id,
        detail=f"version={bundle.version}",
        now=iso(clock.now()),
    )
    return bundle


def read_trust_file(path: Path) -> bytes:
    """A trust update file's bytes, bounded; a clear message if it cannot be read."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_TRUST_BYTES + 1)
    except OSError as exc:
        raise InvalidInput(
            f"Cannot read the trust update {path}: {exc.strerror or type(exc).__name__}."
        ) from None
    if len(raw) > MAX_TRUST_BYTES:
        raise TrustRejected("That file is far too large to be a trust update. Check the file.")
    return raw
