"""The audit trail: append-only from SQL, hash-chained, and tampering is detected."""

from __future__ import annotations

import itertools

import pytest

from storage.audit import EVENTS, genesis_hash
from storage.errors import AuditChainBroken, StorageError
from storage.vault import Vault


@pytest.fixture
def logged(vault: Vault) -> Vault:
    for i, event in enumerate(["unlock", "case_created", "case_saved", "finalised", "printed"]):
        vault.audit.append(
            event,
            worker_id="worker-a",
            case_id=None if event == "unlock" else f"c{i % 2}",
            detail="" if i % 2 else "form:nrm1",
            now=f"2025-02-0{i + 1}T08:00:00Z",
        )
    return vault


def _no_triggers(vault: Vault) -> None:
    vault._db.execute("DROP TRIGGER audit_no_update")
    vault._db.execute("DROP TRIGGER audit_no_delete")


def test_chain_verifies_and_links(logged: Vault) -> None:
    logged.audit.verify()
    entries = logged.audit.entries()
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == genesis_hash("test-vault-1")
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    assert [e.event for e in logged.audit.entries({"c1"})] == ["case_created", "finalised"]
    assert [e.seq for e in logged.audit.entries({"c0", "c1"})] == [2, 3, 4, 5]
    assert logged.audit.entries(set()) == []
    assert {e.event for e in entries} <= EVENTS


def test_sql_cannot_update_or_delete_entries(logged: Vault) -> None:
    with pytest.raises(StorageError):
        logged._db.execute("UPDATE audit SET detail = 'x' WHERE seq = 2")
    with pytest.raises(StorageError):
        logged._db.execute("DELETE FROM audit WHERE seq = 2")
    logged.audit.verify()


def test_edited_entry_is_detected(logged: Vault) -> None:
    _no_triggers(logged)
    logged._db.execute("UPDATE audit SET worker_id = 'worker-z' WHERE seq = 3")
    with pytest.raises(AuditChainBroken) as caught:
        logged.audit.verify()
    assert caught.value.seq == 3


def test_edit_with_recomputed_hash_breaks_the_next_link(logged: Vault) -> None:
    from storage.audit import entry_hash

    _no_triggers(logged)
    e = logged.audit.entries()[1]
    forged = entry_hash(e.seq, e.at, e.worker_id, "printed", e.case_id, e.detail, e.prev_hash)
    logged._db.execute("UPDATE audit SET event = 'printed', hash = ? WHERE seq = 2", (forged,))
    with pytest.raises(AuditChainBroken) as caught:
        logged.audit.verify()
    assert caught.value.seq == 3


def test_deleted_entry_is_detected(logged: Vault) -> None:
    _no_triggers(logged)
    logged._db.execute("DELETE FROM audit WHERE seq = 2")
    with pytest.raises(AuditChainBroken) as caught:
        logged.audit.verify()
    assert caught.value.seq == 2


def test_cut_off_tail_is_detected(logged: Vault) -> None:
    _no_triggers(logged)
    logged._db.execute("DELETE FROM audit WHERE seq = 5")
    with pytest.raises(AuditChainBroken, match="end"):
        logged.audit.verify()


def test_reordered_entries_are_detected(logged: Vault) -> None:
    _no_triggers(logged)
    rows = logged._db.query("SELECT seq, at, event, case_id, detail, hash FROM audit")
    second, third = rows[1], rows[2]
    for target, source in ((2, third), (3, second)):
        logged._db.execute(
            "UPDATE audit SET at = ?, event = ?, case_id = ?, detail = ?, hash = ? WHERE seq = ?",
            (*source[1:], target),
        )
    with pytest.raises(AuditChainBroken) as caught:
        logged.audit.verify()
    assert caught.value.seq == 2


def test_details_are_codes_never_field_values(vault: Vault) -> None:
    for bad_detail in ("Lin Xiaomei", "x" * 201, "名前"):
        with pytest.raises(ValueError):
            vault.audit.append("case_saved", worker_id="w", detail=bad_detail)
    with pytest.raises(ValueError):
        vault.audit.append("Case Saved", worker_id="w")
    with pytest.raises(ValueError):
        vault.audit.append("case_saved", worker_id="")
    assert vault.audit.entries() == []
    vault.audit.verify()  # an empty trail is a valid one
