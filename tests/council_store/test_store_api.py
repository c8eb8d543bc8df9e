"""The store's public API, on DuckDB and on PostgreSQL alike (the `store` fixture runs each
test once per engine)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from council_store import (
    DECISIONS,
    CaseStore,
    SearchFilters,
    StoreError,
    open_store,
)
from council_store.schema import LATEST
from tests.council_store.store_fixtures import people, record_for, revision


def _id() -> str:
    return str(uuid.uuid4())


def test_schema_is_versioned_and_reopening_does_not_migrate_again(
    store: CaseStore, store_spec: str | None, archive: Path
) -> None:
    assert store.schema_version() == LATEST
    store.put_revisions([revision(_id(), 1, record_for(people()["p01"], "x"))])
    store.close()
    again = open_store(store_spec, archive)
    try:
        assert again.schema_version() == LATEST
        assert len(list(again.case_records())) == 1
    finally:
        again.close()


def test_a_store_written_by_newer_code_is_refused(
    store: CaseStore, store_spec: str | None, archive: Path
) -> None:
    store._db.execute(  # a later release's migration, as it would appear
        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
        (LATEST + 1, "from the future", "2030-01-01T00:00:00Z"),
    )
    store.close()
    with pytest.raises(StoreError, match="newer than this program"):
        open_store(store_spec, archive)


def test_latest_revision_per_case_and_idempotent_writes(store: CaseStore, archive: Path) -> None:
    p = people()
    a, b = _id(), _id()
    first = revision(a, 1, record_for(p["p02"], a), received_at="2026-11-21T09:00:00Z")
    second = revision(a, 2, record_for(p["p02"], a, age=17), received_at="2026-11-22T09:00:00Z")
    other = revision(b, 1, record_for(p["p03"], b))
    store.put_revisions([first, other])
    store.put_revisions([second])
    store.put_revisions([first])  # a late, older revision changes nothing about the latest
    store.put_revisions([second, other])  # and writing again is harmless
    records = {r.case_id: r for r in store.case_records()}
    assert set(records) == {a, b}
    assert records[a].revision == 2
    assert records[a].record["answers"]["age_claimed"] == 17
    assert records[a].folder == archive / a / "rev-2"
    assert records[a].received_at == "2026-11-22T09:00:00Z"
    assert store.revisions() == {(a, 1), (a, 2), (b, 1)}
    shown = store.find(a)
    assert shown is not None and shown.revisions == 2 and shown.age == 17


def test_find_by_reference_any_case_and_by_id_prefix(store: CaseStore) -> None:
    a = _id()
    store.put_revisions(
        [revision(a, 1, record_for(people()["p05"], a), reference="FC-20261120-7KQ4")]
    )
    for key in ("FC-20261120-7KQ4", "fc-20261120-7kq4", a, a[:8]):
        found = store.find(key)
        assert found is not None and found.case_id == a, key
    assert store.find("FC-20261120-0000") is None


@pytest.mark.parametrize(
    ("query", "person", "native", "latin"),
    [
        ("nguyen", "p02", True, False),  # Nguyễn Văn Đức written with its diacritics only
        ("NGUYEN DUC", "p02", True, False),
        ("Ahmad", "p04", True, False),  # Arabic script only, found by its Latin spelling
        ("احمد", "p04", False, True),  # Latin only, found by the Arabic script
        ("Mohamed", "p07", True, False),
        ("Muhammad Usman", "p07", False, True),  # a common variant spelling of Mohamed Osman
        ("Xiaomei", "p01", True, False),  # Han, ICU gives lin xiao mei
        ("olena", "p08", True, False),  # Cyrillic
        ("Ștefan Mureșan", "p09", False, True),  # typed with diacritics, stored without
        ("stefan", "p09", True, False),
        ("Łukasz", "p12", True, False),
        ("adesina", "p05", True, False),  # Yoruba tone marks as combining characters
    ],
)
def test_names_are_found_across_scripts_and_diacritics(
    store: CaseStore, query: str, person: str, native: bool, latin: bool
) -> None:
    everyone = people()
    ids = {}
    for key, who in everyone.items():
        case_id = _id()
        ids[key] = case_id
        keep = key == person
        store.put_revisions(
            [revision(case_id, 1, record_for(who, case_id, native=native or not keep,
                                              latin=latin or not keep))]
        )  # fmt: skip
    hits = [c.case_id for c in store.search(query)]
    assert ids[person] in hits
    assert ids[person] == hits[0], "the person searched for comes first"
    assert len(hits) <= 3, f"a name search should not return most of the store: {hits}"


def test_aliases_are_searched(store: CaseStore) -> None:
    a = _id()
    store.put_revisions(
        [revision(a, 1, record_for(people()["p06"], a, aliases=["Дрита", "Dita B"]))]
    )
    assert [c.case_id for c in store.search("drita")] == [a]
    assert [c.case_id for c in store.search("dita")] == [a]
    assert store.search("zzyzx") == []


def test_search_filters(store: CaseStore) -> None:
    p = people()
    young, older = _id(), _id()
    store.put_revisions(
        [
            revision(young, 1, record_for(p["p02"], young), received_at="2026-11-01T10:00:00Z"),
            revision(older, 1, record_for(p["p02"], older, age=30),
                     received_at="2026-11-15T23:59:59Z"),
        ]
    )  # fmt: skip

    def ids(**kw: object) -> set[str]:
        return {c.case_id for c in store.search("nguyen", SearchFilters(**kw))}  # type: ignore[arg-type]

    assert ids() == {young, older}
    assert ids(nationality="VN") == {young, older}
    assert ids(nationality="vn") == {young, older}
    assert ids(nationality="AF") == set()
    assert ids(age_from=14, age_to=18) == {young}
    assert ids(age_from=18) == {older}
    assert ids(received_from="2026-11-02") == {older}
    assert ids(received_to="2026-11-15") == {young, older}  # the whole last day counts
    assert ids(received_to="2026-11-14") == {young}


def test_match_decisions_are_audited_and_validated(store: CaseStore) -> None:
    a, b = sorted((_id(), _id()))
    made = store.record_match_decision(b, 2, a, 1, "not_same", "  Priya  Shah ", "ages differ")
    assert (made.case_a, made.rev_a, made.case_b, made.rev_b) == (a, 1, b, 2)  # one pair order
    store.record_match_decision(a, 1, b, 2, "same", "Priya Shah", "same phone and photo")
    decisions = store.match_decisions()
    assert [d.decision for d in decisions] == ["not_same", "same"]
    assert decisions[0].decided_by == "Priya Shah"
    assert all(d.decision in DECISIONS for d in decisions)
    audit = [e for e in store.audit_entries() if e[1] == "match_decision"]
    assert len(audit) == 2 and "same phone and photo" in audit[1][4]
    with pytest.raises(StoreError, match="one of same, not_same, unsure"):
        store.record_match_decision(a, 1, b, 2, "merge", "Priya Shah", "")
    with pytest.raises(StoreError, match="who decided"):
        store.record_match_decision(a, 1, b, 2, "same", "  ", "")
    assert len(store.match_decisions()) == 2


def test_delete_case_removes_every_revision_and_is_audited(store: CaseStore) -> None:
    p = people()
    a, b = _id(), _id()
    store.put_revisions(
        [revision(a, 1, record_for(p["p10"], a)), revision(a, 2, record_for(p["p10"], a)),
         revision(b, 1, record_for(p["p11"], b))]
    )  # fmt: skip
    assert store.delete_case(a, reason="right to erasure", actor="Sam Lee") == 2
    assert {r.case_id for r in store.case_records()} == {b}
    assert store.search("abebe") == []
    assert store.revisions() == {(b, 1)}
    (entry,) = [e for e in store.audit_entries() if e[1] == "delete_case"]
    assert entry[2] == a and entry[3] == "Sam Lee" and "right to erasure" in entry[4]


def test_engine_hand_over_for_matching(store: CaseStore) -> None:
    if store.kind == "duckdb":
        con = store.duckdb_connection()
        assert con.execute("SELECT count(*) FROM cases").fetchone() == (0,)
        assert store.connection_spec().startswith("duckdb:")
    else:
        assert store.kind == "postgresql"
        assert "dbname=" in store.connection_spec()
        with pytest.raises(StoreError):
            store.duckdb_connection()
    other = store.new_connection()  # what Splink's engine would be handed
    try:
        assert other.execute("SELECT max(version) FROM schema_version").fetchone()[0] == LATEST
    finally:
        other.close()
