"""Unlocking and locking the vault: key slot, back-off, pinned settings, the unlocked session."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crypto.errors import CryptoError, WeakKdfParameters, WrongPassphrase
from crypto.keyslots import open_slot, with_failure, with_success
from crypto.keystore import save_keystore
from services.backoff import backoff_state
from services.clock import Clock, epoch
from services.errors import (
    BackoffActive,
    InvalidInput,
    SessionLocked,
    UnlockFailed,
    VaultDamaged,
)
from services.keystore_file import read_keystore
from services.paths import AppPaths
from services.worker_choices import list_workers
from storage.errors import StorageError

if TYPE_CHECKING:
    from storage.vault import Vault
    from storage.workers import WorkerRecord

log = logging.getLogger(__name__)


def find_worker_id(paths: AppPaths, name_or_id: str) -> str:
    """Resolve a worker given by display name (any case) or id, as typed on the command line."""
    wanted = name_or_id.strip().casefold()
    for choice in list_workers(paths):
        if wanted in (choice.worker_id.casefold(), choice.display_name.casefold()):
            return choice.worker_id
    raise InvalidInput(f"No worker called {name_or_id!r} on this laptop.")


class Session:
    """One worker's unlocked vault. Lock it to close the database and forget the keys."""

    def __init__(
        self, paths: AppPaths, vault: Vault, worker: WorkerRecord, sign_sk: bytes, dek: bytearray
    ) -> None:
        self.paths = paths
        self._vault: Vault | None = vault
        self.worker = worker
        self._sign_sk: bytearray | None = bytearray(sign_sk)
        # SQLCipher holds the key in memory while the vault is open anyway; keeping our own copy
        # lets an administrator enrol workers and rotate keys without re-typing a passphrase.
        self._dek: bytearray | None = dek  # owned from here on; zeroed by lock()

    @property
    def worker_id(self) -> str:
        return self.worker.worker_id

    @property
    def role(self) -> str:
        return self.worker.role

    @property
    def locked(self) -> bool:
        return self._vault is None

    @property
    def vault(self) -> Vault:
        """The open vault; raises SessionLocked once the session has been locked."""
        if self._vault is None:
            raise SessionLocked("This session is locked. Unlock again to continue.")
        return self._vault

    def signing_key(self) -> bytes:
        """The worker's own Ed25519 key (for signing exports), only while unlocked."""
        if self._sign_sk is None:
            raise SessionLocked("This session is locked. Unlock again to continue.")
        return bytes(self._sign_sk)

    def data_key(self) -> bytearray:
        """A copy of the database key; the caller zeroes it after use."""
        if self._dek is None:
            raise SessionLocked("This session is locked. Unlock again to continue.")
        return bytearray(self._dek)

    def lock(self) -> None:
        """Checkpoint and close the vault and drop the keys. Safe to call twice."""
        vault, self._vault = self._vault, None
        for secret in (self._sign_sk, self._dek):
            if secret is not None:
                secret[:] = bytes(len(secret))
        self._sign_sk = None
        self._dek = None
        if vault is not None:
            try:
                vault.audit.append("lock", worker_id=self.worker_id)
            finally:
                vault.close()


@dataclass
class OpenedSlot:
    """A worker's keys, and how many failed attempts preceded this success (for the audit)."""

    dek: bytearray
    sign_sk: bytes
    earlier_failures: int


def open_worker_slot(
    paths: AppPaths, worker_id: str, passphrase: str, *, clock: Clock
) -> OpenedSlot:
    """Check a worker's passphrase against their key slot, with the persisted back-off.

    Returns the data key and the worker's signing key; used to unlock and for a supervisor's
    sign-off on a colleague's screen, so both count towards the same failed-attempt back-off.
    """
    keystore = read_keystore(paths)
    try:
        slot = keystore.slot_for(worker_id)
    except CryptoError as exc:
        raise InvalidInput("That worker is not enrolled on this laptop.") from exc
    now = epoch(clock.now())
    state = backoff_state(slot, now)
    if state.blocked:
        raise BackoffActive(state.retry_in_s)
    try:
        dek, sign_sk = open_slot(slot, passphrase, keystore.vault_id)
    except WrongPassphrase as exc:
        save_keystore(paths.keystore, keystore.replace_slot(with_failure(slot, now)))
        log.warning("unlock_failed")
        raise UnlockFailed(
            "That passphrase did not unlock the vault. Check the keyboard layout and Caps Lock, "
            "then try again."
        ) from exc
    except WeakKdfParameters as exc:
        raise VaultDamaged(
            f"{exc} The key file may have been tampered with; ask council IT for recovery."
        ) from exc
    except CryptoError as exc:
        raise UnlockFailed(str(exc)) from exc
    if slot.failures:
        save_keystore(paths.keystore, keystore.replace_slot(with_success(slot)))
    return OpenedSlot(dek, sign_sk, slot.failures)


def unlock(paths: AppPaths, worker_id: str, passphrase: str, *, clock: Clock) -> Session:
    """Open the vault as one worker, enforcing the persisted failed-unlock back-off."""
    # Imported here so the unlock screen, which only lists the workers, starts without
    # loading SQLCipher and the storage layer; unlocking runs on the worker thread.
    from storage.vault import Vault

    opened = open_worker_slot(paths, worker_id, passphrase, clock=clock)
    dek, sign_sk, earlier_failures = opened.dek, opened.sign_sk, opened.earlier_failures
    try:
        vault = Vault.open(paths.vault_db, dek)
    except StorageError as exc:
        dek[:] = bytes(len(dek))
        raise VaultDamaged(
            f"The vault could not be opened safely: {exc} Nothing was changed."
        ) from exc
    worker = vault.workers.get(worker_id)
    if earlier_failures:
        vault.audit.append("unlock_failed", worker_id=worker_id, detail=f"count={earlier_failures}")
    vault.audit.append("unlock", worker_id=worker_id)
    return Session(paths, vault, worker, sign_sk, dek)
