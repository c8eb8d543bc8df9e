"""Unlocking and locking: passphrases, persisted back-off, pinned settings, role data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from crypto.keyslots import backoff_seconds as delay_after
from services.errors import BackoffActive, NotProvisioned, UnlockFailed, VaultDamaged
from services.paths import AppPaths
from services.rotation_journal import staged_keystore
from services.session import unlock
from services.worker_choices import list_workers
from tests.services.conftest import ADMIN_PASSPHRASE, Provisioned


def test_unlock_with_right_passphrase_opens_vault_as_administrator(
    provisioned: Provisioned,
) -> None:
    session = unlock(
        provisioned.paths, provisioned.report.worker_id, ADMIN_PASSPHRASE, clock=provisioned.clock
    )
    assert session.role == "administrator"
    assert session.worker.display_name == "Sam Okafor"
    events = [e.event for e in session.vault.audit.entries()]
    assert events[-1] == "unlock"
    assert "trust_fingerprint_confirmed" in events
    session.lock()
    assert session.locked


def test_wrong_passphrase_is_refused_and_counted(provisioned: Provisioned) -> None:
    with pytest.raises(UnlockFailed):
        unlock(provisioned.paths, provisioned.report.worker_id, "wrong", clock=provisioned.clock)
    data = json.loads(provisioned.paths.keystore.read_text())
    assert data["slots"][0]["failures"] == 1


def test_backoff_schedule_doubles_and_caps() -> None:
    assert [delay_after(n) for n in range(5)] == [0, 0, 0, 0, 0]
    assert delay_after(5) == 30
    assert delay_after(6) == 60
    assert delay_after(7) == 120
    assert delay_after(100) == 15 * 60


def test_backoff_persists_across_restarts_with_fake_clock(provisioned: Provisioned) -> None:
    paths, clock, worker = provisioned.paths, provisioned.clock, provisioned.report.worker_id
    for _ in range(5):
        with pytest.raises(UnlockFailed):
            unlock(paths, worker, "not it", clock=clock)
    # Every call re-reads keystore.json, so this is what a restarted app would see.
    with pytest.raises(BackoffActive) as blocked:
        unlock(paths, worker, ADMIN_PASSPHRASE, clock=clock)
    assert blocked.value.retry_in_s == pytest.approx(30)
    assert "30 s" in str(blocked.value)
    clock.advance(29)
    with pytest.raises(BackoffActive):
        unlock(paths, worker, ADMIN_PASSPHRASE, clock=clock)
    clock.advance(2)
    with pytest.raises(UnlockFailed):  # the sixth failure doubles the wait
        unlock(paths, worker, "still not it", clock=clock)
    with pytest.raises(BackoffActive) as blocked:
        unlock(paths, worker, ADMIN_PASSPHRASE, clock=clock)
    assert blocked.value.retry_in_s == pytest.approx(60)
    clock.advance(61)
    session = unlock(paths, worker, ADMIN_PASSPHRASE, clock=clock)
    failed = [e for e in session.vault.audit.entries() if e.event == "unlock_failed"]
    assert failed and failed[-1].detail == "count=6"
    session.lock()
    assert json.loads(paths.keystore.read_text())["slots"][0]["failures"] == 0


def test_worker_list_is_readable_before_unlock(provisioned: Provisioned) -> None:
    choices = list_workers(provisioned.paths)
    assert [c.display_name for c in choices] == ["Sam Okafor"]


def test_damaged_keystore_gives_clear_message(provisioned: Provisioned) -> None:
    provisioned.paths.keystore.write_text("{not json")
    with pytest.raises(VaultDamaged, match=r"keystore\.json cannot be read"):
        list_workers(provisioned.paths)


def test_worker_list_without_a_keystore_says_how_to_set_up(tmp_path: Path) -> None:
    with pytest.raises(NotProvisioned, match="Set up this laptop"):
        list_workers(AppPaths(tmp_path / "fc"))


def test_worker_list_names_what_the_strict_parser_refuses(provisioned: Provisioned) -> None:
    # Well-formed JSON of another version: the quick read steps aside, the parser says why.
    document = json.loads(provisioned.paths.keystore.read_text())
    document["format_version"] = 2
    provisioned.paths.keystore.write_text(json.dumps(document))
    with pytest.raises(VaultDamaged, match=r"cannot be read .*format version 2"):
        list_workers(provisioned.paths)


def test_worker_list_settles_an_interrupted_rotation_first(provisioned: Provisioned) -> None:
    paths = provisioned.paths
    shutil.copy(paths.keystore, staged_keystore(paths))
    # The keystore the crash left behind reads fine but is not the one the vault now needs.
    document = json.loads(paths.keystore.read_text())
    document["slots"][0]["display_name"] = "Before the rotation"
    paths.keystore.write_text(json.dumps(document))
    assert [c.display_name for c in list_workers(paths)] == ["Sam Okafor"]
    assert not staged_keystore(paths).exists()


def test_locked_session_refuses_vault_access(provisioned: Provisioned) -> None:
    from services.errors import SessionLocked

    session = unlock(
        provisioned.paths, provisioned.report.worker_id, ADMIN_PASSPHRASE, clock=provisioned.clock
    )
    session.lock()
    session.lock()  # idempotent
    with pytest.raises(SessionLocked):
        _ = session.vault
    with pytest.raises(SessionLocked):
        session.data_key()
