"""The unlock screen's worker list, read before anyone has unlocked.

Kept apart from services.session so the first screen lists the workers without loading the
key-slot and vault code: the quick read in crypto.keystore_format covers a healthy keystore,
and anything else (no keystore, a damaged one, a key rotation to settle) goes through
services.keystore_file.read_keystore, so those messages and that recovery have one owner.
"""

from __future__ import annotations

from dataclasses import dataclass

from crypto.keystore_format import enrolled_workers
from services.paths import AppPaths
from services.rotation_journal import rotation_pending


@dataclass(frozen=True)
class WorkerChoice:
    """One entry of the unlock screen's worker list (readable before unlocking)."""

    worker_id: str
    display_name: str
    disabled: bool


def list_workers(paths: AppPaths) -> list[WorkerChoice]:
    """The workers who can unlock this vault, in enrolment order."""
    if not rotation_pending(paths):
        quick = enrolled_workers(paths.keystore)
        if quick is not None:
            return [WorkerChoice(w.worker_id, w.display_name, w.disabled) for w in quick]
    # Imported here: the full parser and the key-slot code are what the quick read avoids.
    from services.keystore_file import read_keystore

    keystore = read_keystore(paths)  # raises NotProvisioned or VaultDamaged with the reason
    return [WorkerChoice(s.worker_id, s.display_name, s.disabled) for s in keystore.slots]
