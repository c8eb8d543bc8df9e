"""Reading keystore.json with messages a worker can act on, for unlocking and the worker list.

Its own module so that services.session (unlock) and services.worker_choices (the unlock
screen's list, which falls back to this strict read) share it without importing each other.
"""

from __future__ import annotations

from crypto.errors import CryptoError
from crypto.keystore import Keystore, load_keystore
from services.errors import NotProvisioned, VaultDamaged
from services.paths import AppPaths
from services.rotation_journal import settle_rotation


def read_keystore(paths: AppPaths) -> Keystore:
    """Load the keystore, turning a missing or damaged file into a message a worker can act on."""
    if not paths.keystore.exists():
        raise NotProvisioned(
            f"No First Contact vault in {paths.data_dir}. Set up this laptop from a council "
            "trust bundle, or start a training vault."
        )
    try:
        settle_rotation(paths)
        return load_keystore(paths.keystore)
    except CryptoError as exc:
        raise VaultDamaged(
            f"The key file keystore.json cannot be read ({exc}). Nothing was changed; "
            "restore it from a backup or ask council IT for recovery."
        ) from exc
