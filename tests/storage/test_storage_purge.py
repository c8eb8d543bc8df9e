"""Purge: a case's personal data leaves every table (FTS shadow tables too) and the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storage.errors import CasePurged, StorageError
from storage.search import search_keys
from storage.vault import Vault

NATIVE = "林小梅"
CANARY = "Zqxwv Purgecanary"
NOTE = "Ọlá Adéṣínà canary-note-7731"


def _needles(text: str) -> list[bytes]:
    forms = {text, *search_keys(text)}
    return [f.encode(enc) for f in forms for enc in ("utf-8", "utf-16-le")]


def _hits(vault: Vault, texts: list[str]) -> list[str]:
    """Every table (virtual, shadow and plain) read through the vault's own connection."""
    needles = [n for t in texts for n in _needles(t)]
    tables = [r[0] for r in vault._db.query("SELECT name FROM sqlite_master WHERE type='table'")]
    found = []
    for table in [*tables, "sqlite_master"]:
        for row in vault._db.query(f'SELECT * FROM "{table}"'):  # noqa: S608 (names from schema)
            for value in row:
                raw = value.encode("utf-8") if isinstance(value, str) else value
                if isinstance(raw, bytes) and any(n in raw for n in needles):
                    found.append(table)
    return found


def _index_terms(vault: Vault) -> set[str]:
    vault._db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, case_search, row)"
    )
    return {str(r[0]) for r in vault._db.query("SELECT term FROM temp.vocab")}


def _trigrams(text: str) -> set[str]:
    return {k[i : i + 3] for k in search_keys(text) for i in range(len(k) - 2)}


def _make(vault: Vault, case_id: str, names: list[str], note: str) -> None:
    document: dict[str, Any] = {"names": names, "note": note, "story": note * 20000}
    vault.cases.create(
        case_id,
        f"REF-{case_id}",
        document,
        worker_id="w",
        summary={"names": names},
        search_terms=names,
    )
    vault.cases.save_version(
        case_id,
        {**document, "v": 2},
        worker_id="w",
        summary={"names": names},
        search_terms=names,
    )
    vault.attachments.add(case_id, (note.encode() + b"\xff") * 40000, media_type="image/png")
    vault.audit.append("case_created", worker_id="w", case_id=case_id, detail="form:nrm1")


def test_purge_leaves_no_personal_data_and_reclaims_space(vault: Vault, vault_path: Path) -> None:
    _make(vault, "doomed", [NATIVE, CANARY], NOTE)
    _make(vault, "kept", ["Олена Коваленко"], "another note")
    secret_trigrams = _trigrams(CANARY) - _trigrams("Олена Коваленко")
    # Positive controls: the scan and the vocabulary check do see the data before the purge.
    assert {"case_versions", "search_terms", "case_search_content", "attachments"} <= set(
        _hits(vault, [NATIVE, CANARY, NOTE])
    )
    assert secret_trigrams <= _index_terms(vault)
    vault.checkpoint()
    pages_before = vault._db.scalar("PRAGMA page_count")
    size_before = vault_path.stat().st_size

    vault.cases.purge("doomed")

    assert _hits(vault, [NATIVE, CANARY, NOTE]) == []
    assert not (secret_trigrams & _index_terms(vault))
    assert vault.search.query(CANARY) == [] and vault.search.query("小梅") == []
    stub = vault.cases.summary("doomed")
    assert (stub.status, stub.reference, stub.summary) == ("purged", "REF-doomed", {})
    with pytest.raises(CasePurged):
        vault.cases.current("doomed")
    with pytest.raises(CasePurged):
        vault.cases.save_version("doomed", {}, worker_id="w", summary={}, search_terms=[])
    with pytest.raises(StorageError):
        vault.attachments.add("doomed", b"x", media_type="image/png")
    assert vault.cases.revisions("doomed") == []
    assert vault.attachments.list("doomed") == []
    assert [s.case_id for s in vault.cases.list_summaries()] == ["kept"]
    assert [s.case_id for s in vault.cases.list_summaries(status="purged")] == ["doomed"]
    # Space: nothing left on the freelist, the file shrank by at least the purged content.
    assert vault._db.scalar("PRAGMA freelist_count") == 0
    assert vault._db.scalar("PRAGMA page_count") < pages_before - 200
    assert vault_path.stat().st_size < size_before - 200 * 4096
    # The rest of the vault is untouched; the audit trail (ids and codes only) is kept.
    assert vault.search.query("коваленко") == ["kept"]
    assert vault.cases.current("kept").document["v"] == 2
    assert [e.case_id for e in vault.audit.entries({"doomed"})] == ["doomed"]
    vault.audit.verify()
    assert vault.integrity_check() == []
