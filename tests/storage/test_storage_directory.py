"""Settings, the worker directory and the export ledger kept inside the vault."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.errors import LedgerEntryNotFound, StorageError, WorkerExists, WorkerNotFound
from storage.vault import Vault


def test_settings_keep_json_and_bytes(vault: Vault, vault_path: Path, key: bytearray) -> None:
    assert vault.settings.get("idle_timeout_s", 300) == 300
    vault.settings.set("idle_timeout_s", 120)
    vault.settings.set("policy", {"retention_days": 30, "disable_after": None})
    vault.settings.set("device_signing_key", bytearray(b"\x00\xff" * 16))
    vault.settings.set("trust_bundle", b"")
    assert vault.settings.increment("device_seq") == 1
    assert vault.settings.increment("device_seq") == 2
    vault.close()
    with Vault.open(vault_path, key) as v:
        assert v.settings.get("idle_timeout_s") == 120
        assert v.settings.get("policy") == {"retention_days": 30, "disable_after": None}
        assert v.settings.get_bytes("device_signing_key") == b"\x00\xff" * 16
        assert v.settings.get_bytes("trust_bundle") == b""
        assert v.settings.get_bytes("never_set") is None
        assert v.settings.get("device_seq") == 2
        with pytest.raises(StorageError):
            v.settings.get_bytes("policy")
        with pytest.raises(StorageError):
            v.settings.increment("policy")
        v.settings.delete("policy")
        assert v.settings.get("policy") is None
        assert v.settings.keys() == [
            "device_seq",
            "device_signing_key",
            "idle_timeout_s",
            "trust_bundle",
        ]


def test_worker_directory(vault: Vault) -> None:
    added = vault.workers.add("w1", "Amina", "worker", b"p" * 32, b"cert-bytes")
    vault.workers.add("w0", "Bea", "administrator", b"q" * 32, b"")
    assert vault.workers.get("w1") == added
    with pytest.raises(WorkerExists):
        vault.workers.add("w1", "Again", "worker", b"", b"")
    with pytest.raises(ValueError):
        vault.workers.add("w2", "C", "owner", b"", b"")
    assert vault.workers.set_role("w1", "supervisor").role == "supervisor"
    assert [w.worker_id for w in vault.workers.list()] == ["w0", "w1"]
    vault.workers.remove("w0")
    with pytest.raises(WorkerNotFound):
        vault.workers.get("w0")
    with pytest.raises(WorkerNotFound):
        vault.workers.remove("w0")
    assert [w.worker_id for w in vault.workers.list()] == ["w1"]


def test_export_ledger(vault: Vault) -> None:
    entry = vault.ledger.record("b1", {"c2": 3, "c1": 1}, now="2025-03-01T00:00:00Z")
    vault.ledger.record("b2", {"c1": 2}, status="written", now="2025-03-02T00:00:00Z")
    vault.ledger.set_status("b1", "receipted", now="2025-03-03T00:00:00Z")
    got = vault.ledger.get("b1")
    assert got.cases == {"c1": 1, "c2": 3} == entry.cases
    assert (got.status, got.updated_at) == ("receipted", "2025-03-03T00:00:00.000000Z")
    assert [e.bundle_id for e in vault.ledger.entries()] == ["b1", "b2"]
    assert [e.bundle_id for e in vault.ledger.entries("written")] == ["b2"]
    assert [e.bundle_id for e in vault.ledger.bundles_for_case("c1")] == ["b1", "b2"]
    with pytest.raises(LedgerEntryNotFound):
        vault.ledger.set_status("nope", "receipted")
    with pytest.raises(StorageError):
        vault.ledger.record("b1", {})
