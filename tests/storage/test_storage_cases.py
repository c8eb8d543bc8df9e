"""Case versions: append-only history, a current pointer, optimistic concurrency, summaries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from storage.errors import (
    CaseExists,
    CaseNotFound,
    StaleRevision,
    StorageError,
    WrongKeyOrCorrupt,
)
from storage.vault import Vault

NewCase = Callable[..., Any]


def _save(vault: Vault, case_id: str, doc: dict[str, Any], **kw: Any) -> int:
    return vault.cases.save_version(
        case_id, doc, worker_id="worker-b", summary={"doc": doc}, search_terms=[], **kw
    ).revision


def test_versions_append_and_the_pointer_moves(vault: Vault, new_case: NewCase) -> None:
    first = new_case("c1", "Selam Tesfay")
    assert first.revision == 1
    assert vault.cases.summary("c1").status == "draft"
    assert _save(vault, "c1", {"step": 2}) == 2
    assert _save(vault, "c1", {"step": 3}, expected_revision=2) == 3
    assert vault.cases.revisions("c1") == [1, 2, 3]
    assert vault.cases.current("c1").document == {"step": 3}
    assert vault.cases.version("c1", 1).document == first.document
    assert vault.cases.version("c1", 2).worker_id == "worker-b"
    summary = vault.cases.summary("c1")
    assert summary.current_revision == 3
    assert (summary.worker_id, summary.updated_by) == ("worker-a", "worker-b")
    assert summary.summary == {"doc": {"step": 3}}


def test_history_cannot_be_rewritten(vault: Vault, new_case: NewCase) -> None:
    new_case("c1", "Ahmad")
    with pytest.raises(StorageError):
        vault._db.execute("UPDATE case_versions SET document = x'00' WHERE case_id = 'c1'")
    assert vault.cases.current("c1").document["person"]["names"] == ["Ahmad"]


def test_stale_revision_is_refused_and_nothing_is_saved(vault: Vault, new_case: NewCase) -> None:
    new_case("c1", "Ahmad")
    _save(vault, "c1", {"by": "colleague"}, expected_revision=1)
    with pytest.raises(StaleRevision) as caught:
        _save(vault, "c1", {"by": "me"}, expected_revision=1)
    assert (caught.value.expected, caught.value.current) == (1, 2)
    assert vault.cases.revisions("c1") == [1, 2]
    assert vault.cases.current("c1").document == {"by": "colleague"}


def test_missing_and_duplicate_cases(vault: Vault, new_case: NewCase) -> None:
    new_case("c1", "Ahmad")
    with pytest.raises(CaseExists):
        new_case("c1", "Someone Else")
    with pytest.raises(CaseNotFound):
        vault.cases.current("nope")
    with pytest.raises(CaseNotFound):
        vault.cases.version("c1", 7)
    with pytest.raises(CaseNotFound):
        _save(vault, "nope", {})
    assert vault.cases.current("c1").document["person"]["names"] == ["Ahmad"]


def test_list_summaries_newest_first_with_filters(vault: Vault) -> None:
    for i, day in enumerate(["03", "01", "02"]):
        vault.cases.create(
            f"c{i}",
            f"R{i}",
            {},
            worker_id="w",
            summary={"n": i},
            search_terms=[],
            now=f"2025-01-{day}T10:00:00+00:00",
        )
    assert [s.case_id for s in vault.cases.list_summaries()] == ["c0", "c2", "c1"]
    vault.cases.save_version(
        "c1", {}, worker_id="w", summary={}, search_terms=[], now="2025-01-04T09:00:00+01:00"
    )
    vault.cases.set_status("c2", "finalised", now="2025-01-05T00:00:00Z")
    assert [s.case_id for s in vault.cases.list_summaries()] == ["c2", "c1", "c0"]
    assert [s.case_id for s in vault.cases.list_summaries(limit=2)] == ["c2", "c1"]
    assert [s.case_id for s in vault.cases.list_summaries(status="finalised")] == ["c2"]
    assert vault.cases.summary("c1").updated_at == "2025-01-04T08:00:00.000000Z"
    assert (vault.cases.count(), vault.cases.count("draft"), vault.cases.count("finalised")) == (
        3,
        2,
        1,
    )


def test_status_codes_are_checked(vault: Vault, new_case: NewCase) -> None:
    new_case("c1", "Ahmad")
    for bad in ("purged", "Final Version", ""):
        with pytest.raises(ValueError):
            vault.cases.set_status("c1", bad)
    assert vault.cases.summary("c1").status == "draft"


def test_timestamps_must_carry_a_zone(vault: Vault) -> None:
    with pytest.raises(ValueError, match="time zone"):
        vault.cases.create(
            "c1", "R", {}, worker_id="w", summary={}, search_terms=[], now="2025-01-01T00:00:00"
        )
    assert vault.cases.count() == 0


def test_non_json_documents_are_refused_without_echoing_them(vault: Vault) -> None:
    with pytest.raises(ValueError) as caught:
        vault.cases.create(
            "c1", "R", {"name": "Lin\ud800"}, worker_id="w", summary={}, search_terms=[]
        )
    assert "Lin" not in str(caught.value)
    with pytest.raises(ValueError):
        vault.cases.create(
            "c1", "R", {"x": float("nan")}, worker_id="w", summary={}, search_terms=[]
        )
    assert vault.cases.count() == 0


def test_a_tampered_revision_is_detected(vault: Vault, new_case: NewCase) -> None:
    new_case("c1", "Ahmad")
    vault._db.execute("DROP TRIGGER case_versions_append_only")
    vault._db.execute(
        "UPDATE case_versions SET document = CAST(? AS BLOB) WHERE case_id = 'c1'",
        ('{"person":{"names":["Mallory"]}}',),
    )
    with pytest.raises(WrongKeyOrCorrupt):
        vault.cases.current("c1")
