"""Recovery drill: a worker forgets their passphrase and council IT re-enrols them."""

from __future__ import annotations

import pytest

from crypto.kdf import FLOOR_KDF
from services.errors import UnlockFailed
from services.recovery import recover_worker
from services.session import unlock
from tests.services.conftest import COUNCIL_PASSPHRASE, Provisioned

RECOVERED = "quartz bramble falcon meadow tinsel"


def test_council_recovery_reenrols_forgotten_worker(provisioned: Provisioned) -> None:
    paths, clock = provisioned.paths, provisioned.clock
    worker_id = recover_worker(
        paths,
        recovery_key=provisioned.council.directory / "recovery.key.json",
        key_passphrase=COUNCIL_PASSPHRASE,
        worker_name="Sam Okafor",
        new_passphrase=RECOVERED,
        clock=clock,
        kdf=FLOOR_KDF,
    )
    assert worker_id == provisioned.report.worker_id
    session = unlock(paths, worker_id, RECOVERED, clock=clock)
    assert session.role == "administrator"
    audit = session.vault.audit.entries()
    assert [e for e in audit if e.event == "recovery" and e.worker_id == worker_id]
    session.vault.audit.verify()
    session.lock()


def test_wrong_recovery_passphrase_changes_nothing(provisioned: Provisioned) -> None:
    before = provisioned.paths.keystore.read_bytes()
    with pytest.raises(UnlockFailed, match="recovery key"):
        recover_worker(
            provisioned.paths,
            recovery_key=provisioned.council.directory / "recovery.key.json",
            key_passphrase="not the council passphrase",
            worker_name="Sam Okafor",
            new_passphrase=RECOVERED,
            clock=provisioned.clock,
            kdf=FLOOR_KDF,
        )
    assert provisioned.paths.keystore.read_bytes() == before
