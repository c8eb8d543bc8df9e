"""Types shared by the crypto tests' fixtures (conftest.py cannot be imported by name safely)."""

from __future__ import annotations

from dataclasses import dataclass

from crypto.keyslots import WorkerSlot
from crypto.keystore import Keystore


@dataclass(frozen=True)
class Enrolled:
    """One vault with one enrolled worker, plus the secrets the test expects back."""

    vault_id: str
    passphrase: str
    dek: bytes
    sign_sk: bytes
    sign_pk: bytes
    recovery_sk: bytes
    recovery_pk: bytes
    slot: WorkerSlot
    keystore: Keystore
