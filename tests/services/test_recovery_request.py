"""Recovery never creates a worker, loads the key file named, and works by request file so
the council recovery key never comes to the laptop (issue 18, finding 4)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from crypto.kdf import FLOOR_KDF
from services.errors import InvalidInput, UnlockFailed
from services.recovery import (
    PENDING_FILE,
    answer_recovery,
    apply_recovery_answer,
    read_recovery_request,
    recover_worker,
    request_recovery,
)
from services.session import unlock
from services.worker_choices import list_workers
from tests.services.conftest import ADMIN_PASSPHRASE, COUNCIL_PASSPHRASE, Provisioned

NEW = "quartz bramble falcon meadow tinsel"


def _recover(provisioned: Provisioned, name: str, key: Path | None = None) -> str:
    return recover_worker(
        provisioned.paths,
        recovery_key=key or provisioned.council.directory / "recovery.key.json",
        key_passphrase=COUNCIL_PASSPHRASE,
        worker_name=name,
        new_passphrase=NEW,
        clock=provisioned.clock,
        kdf=FLOOR_KDF,
    )


@pytest.mark.parametrize("typo", ["Sam Okafo", "sam okafor", "Sam", "Priya Shah"])
def test_a_name_that_is_not_exactly_a_worker_is_refused_and_creates_nobody(
    provisioned: Provisioned, typo: str
) -> None:
    before = provisioned.paths.keystore.read_bytes()
    with pytest.raises(InvalidInput, match="No worker is called exactly") as raised:
        _recover(provisioned, typo)
    assert "'Sam Okafor'" in str(raised.value)
    assert provisioned.paths.keystore.read_bytes() == before
    assert [w.display_name for w in list_workers(provisioned.paths)] == ["Sam Okafor"]


def test_the_recovery_key_file_named_is_the_one_loaded(
    provisioned: Provisioned, tmp_path: Path
) -> None:
    officer = tmp_path / "officer-stick"
    officer.mkdir()
    renamed = officer / "recovery-key-officer-2.json"
    shutil.copy(provisioned.council.directory / "recovery.key.json", renamed)
    assert _recover(provisioned, "Sam Okafor", renamed) == provisioned.report.worker_id
    unlock(provisioned.paths, provisioned.report.worker_id, NEW, clock=provisioned.clock).lock()
    # Another role's key file under the recovery name is refused, not silently swapped.
    wrong = officer / "not-recovery.json"
    shutil.copy(provisioned.council.directory / "receipt.key.json", wrong)
    with pytest.raises(UnlockFailed, match="role"):
        _recover(provisioned, "Sam Okafor", wrong)


def test_recovery_by_request_file_end_to_end(provisioned: Provisioned, tmp_path: Path) -> None:
    paths, clock = provisioned.paths, provisioned.clock
    request_file, answer_file = tmp_path / "stick" / "request.json", tmp_path / "answer.json"
    request_file.parent.mkdir()
    written = request_recovery(
        paths,
        worker_name="Sam Okafor",
        new_passphrase=NEW,
        out=request_file,
        clock=clock,
        kdf=FLOOR_KDF,
    )
    assert written.worker_id == provisioned.report.worker_id
    pending = paths.data_dir / PENDING_FILE
    assert pending.stat().st_mode & 0o077 == 0
    # Until the answer is applied the old passphrase still works.
    unlock(paths, written.worker_id, ADMIN_PASSPHRASE, clock=clock).lock()

    seen = answer_recovery(
        request_file,
        recovery_key=provisioned.council.directory / "recovery.key.json",
        key_passphrase=COUNCIL_PASSPHRASE,
        out=answer_file,
    )
    assert seen.check_code == written.check_code
    assert seen.request.worker_id == written.worker_id
    assert answer_file.stat().st_mode & 0o077 == 0

    with pytest.raises(UnlockFailed, match="not the new passphrase"):
        apply_recovery_answer(
            paths,
            answer_file,
            new_passphrase="some other long passphrase words",
            clock=clock,
            kdf=FLOOR_KDF,
        )
    assert pending.exists()
    worker_id = apply_recovery_answer(
        paths, answer_file, new_passphrase=NEW, clock=clock, kdf=FLOOR_KDF
    )
    assert worker_id == written.worker_id and not pending.exists()
    session = unlock(paths, worker_id, NEW, clock=clock)
    try:
        assert session.role == "administrator"
        events = [(e.event, e.detail) for e in session.vault.audit.entries()]
        assert ("recovery", "council_request") in events
        session.vault.audit.verify()
    finally:
        session.lock()
    with pytest.raises(UnlockFailed):
        unlock(paths, worker_id, ADMIN_PASSPHRASE, clock=clock)
    # The answer cannot be applied twice.
    with pytest.raises(InvalidInput, match="no recovery request waiting"):
        apply_recovery_answer(paths, answer_file, new_passphrase=NEW, clock=clock, kdf=FLOOR_KDF)


def test_an_answer_to_an_older_request_or_altered_is_refused(
    provisioned: Provisioned, tmp_path: Path
) -> None:
    paths, clock = provisioned.paths, provisioned.clock
    key = provisioned.council.directory / "recovery.key.json"
    first, second = tmp_path / "r1.json", tmp_path / "r2.json"
    for out in (first, second):
        request_recovery(
            paths,
            worker_name="Sam Okafor",
            new_passphrase=NEW,
            out=out,
            clock=clock,
            kdf=FLOOR_KDF,
        )
    old_answer = tmp_path / "a1.json"
    answer_recovery(first, recovery_key=key, key_passphrase=COUNCIL_PASSPHRASE, out=old_answer)
    with pytest.raises(UnlockFailed, match="another recovery request"):
        apply_recovery_answer(paths, old_answer, new_passphrase=NEW, clock=clock, kdf=FLOOR_KDF)
    answer = tmp_path / "a2.json"
    answer_recovery(second, recovery_key=key, key_passphrase=COUNCIL_PASSPHRASE, out=answer)
    data = json.loads(answer.read_bytes())
    data["ciphertext"] = data["ciphertext"][:-4] + (
        "AAAA" if data["ciphertext"][-4:] != "AAAA" else "BBBB"
    )
    altered = tmp_path / "a2-altered.json"
    altered.write_text(json.dumps(data))
    with pytest.raises(UnlockFailed, match="altered"):
        apply_recovery_answer(paths, altered, new_passphrase=NEW, clock=clock, kdf=FLOOR_KDF)
    with pytest.raises(UnlockFailed):
        answer_recovery(second, recovery_key=key, key_passphrase="wrong", out=tmp_path / "x.json")
    assert read_recovery_request(second).request.worker_id == provisioned.report.worker_id


def test_request_for_a_mistyped_worker_is_refused(provisioned: Provisioned, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="No worker is called exactly"):
        request_recovery(
            provisioned.paths,
            worker_name="Sam Okafo",
            new_passphrase=NEW,
            out=tmp_path / "r.json",
            clock=provisioned.clock,
            kdf=FLOOR_KDF,
        )
    assert not (tmp_path / "r.json").exists()
    assert not (provisioned.paths.data_dir / PENDING_FILE).exists()
