"""A full disk surfaces as DiskFull and leaves the last good revision intact."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.errors import DiskFull
from storage.vault import Vault


def _limit_pages(vault: Vault, spare: int) -> None:
    # max_page_count makes SQLite hit SQLITE_FULL exactly as a full disk does.
    pages = int(vault._db.scalar("PRAGMA page_count"))
    vault._db.query(f"PRAGMA max_page_count = {pages + spare}")


def test_save_on_a_full_disk_raises_and_keeps_the_previous_revision(
    vault: Vault, vault_path: Path, key: bytearray
) -> None:
    vault.cases.create(
        "c1", "R", {"name": "Łukasz"}, worker_id="w", summary={}, search_terms=["Łukasz"]
    )
    _limit_pages(vault, spare=3)
    big = {"name": "Łukasz Wiśniewski", "note": "ż" * 400_000}
    with pytest.raises(DiskFull, match="free some space"):
        vault.cases.save_version(
            "c1", big, worker_id="w", summary={}, search_terms=["Wiśniewski"], expected_revision=1
        )
    with pytest.raises(DiskFull):
        vault.attachments.add("c1", b"\x00" * 300_000, media_type="image/png")
    assert vault.cases.revisions("c1") == [1]
    assert vault.cases.current("c1").document == {"name": "Łukasz"}
    assert vault.search.query("wiśniew") == []
    assert vault.search.query("łukasz") == ["c1"]
    assert vault.attachments.list("c1") == []
    assert vault.integrity_check() == []
    # Once there is room again, the same save succeeds.
    vault._db.query("PRAGMA max_page_count = 1000000")
    saved = vault.cases.save_version(
        "c1", big, worker_id="w", summary={}, search_terms=["Wiśniewski"], expected_revision=1
    )
    assert saved.revision == 2
    vault.close()
    with Vault.open(vault_path, key) as again:
        assert again.cases.current("c1").document == big
