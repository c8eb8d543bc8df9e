"""Migrations: each one is run from the previous version's schema with realistic rows in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.audit import AuditLog
from storage.connection import open_database
from storage.database import Database
from storage.encoding import canonical_json, sha256_hex
from storage.errors import SchemaTooNew
from storage.migrations import LATEST_VERSION, MIGRATIONS, current_version, migrate
from storage.search import search_keys
from storage.vault import Vault

DOC = {"person": {"native": "ሰላም ተስፋይ", "latin": "Selam Tesfay"}, "answers": {"q1": True}}
TERMS = ["林小梅", "Lin Xiaomei", "ሰላም ተስፋይ"]


def _insert_rows_at(db: Database, version: int) -> None:
    """Rows as the code of that version wrote them (raw SQL: today's API targets the latest)."""
    body = canonical_json(DOC)
    with db.transaction():
        db.execute("INSERT INTO meta (key, value) VALUES ('vault_id', 'old-vault')")
        db.execute(
            "INSERT INTO cases VALUES ('c1', 'REF-1', 'finalised', 1, ?, ?, 'w1', 'w1', ?)",
            ("2024-05-01T10:00:00.000000Z", "2024-05-01T10:00:00.000000Z", canonical_json({})),
        )
        db.execute(
            "INSERT INTO case_versions VALUES ('c1', 1, ?, 'w1', ?, ?)",
            ("2024-05-01T10:00:00.000000Z", sha256_hex(body), body),
        )
        db.execute(
            "INSERT INTO attachments VALUES ('a1', 'c1', ?, 3, 'image/png', '', ?, x'010203')",
            (sha256_hex(b"\x01\x02\x03"), "2024-05-01T10:00:00.000000Z"),
        )
        keys = sorted({k for term in TERMS for k in search_keys(term)})
        db.executemany(
            "INSERT INTO search_terms (case_id, key) VALUES ('c1', ?)", [(k,) for k in keys]
        )
        if version >= 2:
            db.executemany(
                "INSERT INTO case_search (case_id, key) VALUES ('c1', ?)", [(k,) for k in keys]
            )
        db.execute("INSERT INTO settings VALUES ('device_key', 'bytes', ?)", (b"\x00\x01" * 16,))
        db.execute(
            "INSERT INTO workers VALUES ('w1', 'Worker One', 'supervisor', ?, ?, x'')",
            ("2024-05-01T10:00:00.000000Z", b"pk" * 16),
        )
    AuditLog(db, "old-vault").append("case_created", worker_id="w1", case_id="c1")


@pytest.mark.parametrize("start", range(1, LATEST_VERSION))
def test_migrating_from_each_previous_version_keeps_the_data(
    vault_path: Path, key: bytearray, start: int
) -> None:
    db = open_database(vault_path, key, create=True)
    assert migrate(db, target=start) == start
    assert current_version(db) == start
    _insert_rows_at(db, start)
    db.close()

    with Vault.open(vault_path, key) as vault:
        assert vault.schema_version == LATEST_VERSION
        versions = [r[0] for r in vault._db.query("SELECT version FROM schema_version")]
        assert versions == list(range(1, LATEST_VERSION + 1))
        assert vault.vault_id == "old-vault"
        assert vault.cases.current("c1").document == DOC
        assert vault.cases.summary("c1").status == "finalised"
        assert vault.attachments.get("a1") == b"\x01\x02\x03"
        assert vault.settings.get_bytes("device_key") == b"\x00\x01" * 16
        assert vault.workers.get("w1").role == "supervisor"
        vault.audit.verify()
        # v2 indexed the terms v1 had stored: 3+ character queries go through FTS now.
        assert vault.search.query("林小梅") == ["c1"]
        assert vault.search.query("xiaom") == ["c1"]
        assert vault.search.query("ላም ተ") == ["c1"]
        assert vault.search.query("小梅") == ["c1"]
        # v4 addresses FTS rows by term id: replacing the terms drops the old ones everywhere.
        vault.search.index("c1", ["Selam Tesfay"])
        assert vault.search.query("林小梅") == []
        assert vault.search.query("小梅") == []
        assert vault.search.query("tesfay") == ["c1"]
        fts_rows = vault._db.scalar("SELECT count(*) FROM case_search")
        assert fts_rows == vault._db.scalar("SELECT count(*) FROM search_terms")
        # v3's ledger is usable on the migrated file.
        vault.ledger.record("b1", {"c1": 1})
        assert vault.ledger.bundles_for_case("c1")[0].bundle_id == "b1"
        assert vault.integrity_check() == []


def test_new_vault_is_at_the_latest_version(vault: Vault) -> None:
    assert vault.schema_version == LATEST_VERSION == len(MIGRATIONS)
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))


def test_a_newer_schema_is_refused(vault: Vault, vault_path: Path, key: bytearray) -> None:
    vault._db.execute(
        "INSERT INTO schema_version VALUES (?, '2030-01-01T00:00:00Z')", (LATEST_VERSION + 1,)
    )
    vault.close()
    with pytest.raises(SchemaTooNew, match="update the app"):
        Vault.open(vault_path, key)


def test_migrate_is_forward_only_and_idempotent(vault: Vault) -> None:
    assert migrate(vault._db) == LATEST_VERSION
    assert migrate(vault._db, target=1) == LATEST_VERSION
    with pytest.raises(ValueError):
        migrate(vault._db, target=LATEST_VERSION + 1)
