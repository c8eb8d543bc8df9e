"""Workers: add, remove, change passphrase, roles; a kill mid-change never loses both."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crypto.kdf import FLOOR_KDF
from services.errors import InvalidInput, PermissionDenied, UnlockFailed
from services.session import unlock
from services.worker_choices import list_workers
from services.workers import add_worker, change_passphrase, remove_worker
from tests.conftest import budget
from tests.services.conftest import ADMIN_PASSPHRASE, Provisioned

SUPERVISOR_PASSPHRASE = "copper lagoon mitten saddle tundra"
NEW_PASSPHRASE = "juniper kettle ribbon oyster plateau"


def _admin(p: Provisioned):  # type: ignore[no-untyped-def]
    return unlock(p.paths, p.report.worker_id, ADMIN_PASSPHRASE, clock=p.clock)


def test_add_worker_then_they_unlock_with_their_role(provisioned: Provisioned) -> None:
    admin = _admin(provisioned)
    new_id = add_worker(
        admin,
        display_name="Priya Shah",
        role="supervisor",
        passphrase=SUPERVISOR_PASSPHRASE,
        clock=provisioned.clock,
        kdf=FLOOR_KDF,
    )
    admin.lock()
    assert [c.display_name for c in list_workers(provisioned.paths)] == ["Sam Okafor", "Priya Shah"]
    priya = unlock(provisioned.paths, new_id, SUPERVISOR_PASSPHRASE, clock=provisioned.clock)
    assert priya.role == "supervisor"
    with pytest.raises(PermissionDenied):
        add_worker(
            priya,
            display_name="X Y",
            role="worker",
            passphrase=NEW_PASSPHRASE,
            clock=provisioned.clock,
            kdf=FLOOR_KDF,
        )
    priya.lock()


def test_duplicate_names_and_unknown_roles_are_refused(provisioned: Provisioned) -> None:
    admin = _admin(provisioned)
    with pytest.raises(InvalidInput, match="already a worker"):
        add_worker(
            admin,
            display_name="sam okafor",
            role="worker",
            passphrase=NEW_PASSPHRASE,
            clock=provisioned.clock,
            kdf=FLOOR_KDF,
        )
    with pytest.raises(InvalidInput, match="Unknown role"):
        add_worker(
            admin,
            display_name="Kim",
            role="boss",
            passphrase=NEW_PASSPHRASE,
            clock=provisioned.clock,
            kdf=FLOOR_KDF,
        )
    admin.lock()


def test_remove_worker_drops_their_slot(provisioned: Provisioned) -> None:
    admin = _admin(provisioned)
    new_id = add_worker(
        admin,
        display_name="Leaver",
        role="worker",
        passphrase=NEW_PASSPHRASE,
        clock=provisioned.clock,
        kdf=FLOOR_KDF,
    )
    remove_worker(admin, new_id, clock=provisioned.clock)
    with pytest.raises(InvalidInput):
        remove_worker(admin, admin.worker_id, clock=provisioned.clock)
    events = [e.event for e in admin.vault.audit.entries()]
    assert "worker_added" in events and "worker_removed" in events
    admin.lock()
    assert [c.worker_id for c in list_workers(provisioned.paths)] == [provisioned.report.worker_id]
    with pytest.raises(InvalidInput):
        unlock(provisioned.paths, new_id, NEW_PASSPHRASE, clock=provisioned.clock)


def test_change_passphrase(provisioned: Provisioned) -> None:
    admin = _admin(provisioned)
    with pytest.raises(UnlockFailed):
        change_passphrase(admin, old="wrong", new=NEW_PASSPHRASE, clock=provisioned.clock)
    change_passphrase(admin, old=ADMIN_PASSPHRASE, new=NEW_PASSPHRASE, clock=provisioned.clock)
    admin.lock()
    with pytest.raises(UnlockFailed):
        unlock(provisioned.paths, admin.worker_id, ADMIN_PASSPHRASE, clock=provisioned.clock)
    unlock(provisioned.paths, admin.worker_id, NEW_PASSPHRASE, clock=provisioned.clock).lock()


CHANGE_LOOP = """
import sys
from pathlib import Path
from services.clock import FakeClock
from services.paths import AppPaths
from services.session import unlock
from services.workers import change_passphrase
from crypto.kdf import FLOOR_KDF
paths, worker, first, second = AppPaths(Path(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4]
session = unlock(paths, worker, first, clock=FakeClock())
current, other = first, second
while True:
    change_passphrase(session, old=current, new=other, clock=FakeClock(), kdf=FLOOR_KDF)
    current, other = other, current
    print(current, flush=True)
"""


@pytest.mark.slow
def test_kill_during_passphrase_change_leaves_one_working(provisioned: Provisioned) -> None:
    rng = random.Random(7)
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root), os.environ["PYTHONPATH"]]))
    worker = provisioned.report.worker_id
    kills = 8 * budget()
    for _ in range(kills):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                CHANGE_LOOP,
                str(provisioned.paths.data_dir),
                worker,
                ADMIN_PASSPHRASE,
                NEW_PASSPHRASE,
            ],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(rng.uniform(0.3, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # Whatever the moment of the kill, the old or the new passphrase opens the slot.
        try:
            unlock(provisioned.paths, worker, ADMIN_PASSPHRASE, clock=provisioned.clock).lock()
        except UnlockFailed:
            session = unlock(provisioned.paths, worker, NEW_PASSPHRASE, clock=provisioned.clock)
            change_passphrase(
                session,
                old=NEW_PASSPHRASE,
                new=ADMIN_PASSPHRASE,
                clock=provisioned.clock,
                kdf=FLOOR_KDF,
            )
            session.lock()
