"""Possible matches on both engines: the same fictional child recorded on two devices under
other spellings is proposed with its reasons, a decided pair is not proposed again until a
record changes, and a shared exploiter's phone is a network link, not a match: one group per
identifier, with the person's own phone in two records of one person marked as such."""

from __future__ import annotations

import uuid
from typing import Any

from council_store import CaseStore
from services.match_report import write_report
from services.matches import decide, score_store
from tests.council_store.store_fixtures import people, record_for, revision
from tests.reports.pdf_probe import pdftotext


def _case(record: dict[str, Any], ref: str, rev: int = 1, device: str = "d-00000000000d0e01"):
    return revision(str(record["case_id"]), rev, record, reference=ref, device_id=device)


def _records() -> dict[str, dict[str, Any]]:
    p = people()
    dover = record_for(p["p07"], str(uuid.uuid4()))  # محمد عثمان, Mohamed Osman, 17
    brum = record_for(p["p07"], str(uuid.uuid4()), native=False, age=16)
    brum["answers"]["name_latin"] = "Usman Muhammad"  # other spelling, family name first
    dover["answers"]["pv_phone"] = "+44 7700 900123"  # his own phone, on both records
    brum["answers"]["pv_phone"] = "07700 900123"
    other = record_for(p["p02"], str(uuid.uuid4()))  # Nguyễn Văn Đức: someone else
    girl_a = record_for(p["p03"], str(uuid.uuid4()))
    girl_b = record_for(p["p05"], str(uuid.uuid4()))
    for girl in (girl_a, girl_b):  # two different girls gave the same "boss" number
        girl["answers"]["associates"] = [
            {"associate_name": "Boss", "associate_phone": "+44 7911 123456"}
        ]
    girl_b["answers"]["associates"][0]["associate_phone"] = "07911 123456"
    return {"dover": dover, "brum": brum, "other": other, "girl_a": girl_a, "girl_b": girl_b}


def test_same_child_on_two_devices_is_proposed_with_reasons(store: CaseStore) -> None:
    r = _records()
    store.put_revisions(
        [
            _case(r["dover"], "FC-20261101-D0VE"),
            _case(r["brum"], "FC-20261120-B1RM", device="d-00000000000b0b02"),
            _case(r["other"], "FC-20261102-0THR"),
            _case(r["girl_a"], "FC-20261103-G1RA"),
            _case(r["girl_b"], "FC-20261104-G1RB"),
        ]
    )
    result = score_store(store, 0.5)
    assert result.cases == 5
    pairs = {frozenset((m.a.reference, m.b.reference)): m for m in result.proposed}
    assert set(pairs) == {frozenset(("FC-20261101-D0VE", "FC-20261120-B1RM"))}
    match = next(iter(pairs.values()))
    assert match.probability > 0.9
    why = {f.field: f for f in match.fields}
    assert why["name"].level == "same name" and why["name"].weight > 5
    assert why["birth_year"].level == "within 1 year" and why["birth_year"].weight > 0
    assert why["gender"].weight > 0 and why["nationality"].weight > 0
    assert why["own_phone"].level == "same number" and why["own_phone"].weight > 0
    # The shared exploiter's phone links the two girls as one network, never as one person;
    # his own phone on both of his records is one person's, and marked so (not hidden).
    groups = [(e.what, [c.reference for c in e.cases], e.mark()) for e in result.network]
    assert groups == [
        (
            "an exploiter's or associate's phone ending 911123456",
            ["FC-20261103-G1RA", "FC-20261104-G1RB"],
            "",
        ),
        (
            "the person's phone ending 700900123",
            ["FC-20261101-D0VE", "FC-20261120-B1RM"],
            "(also proposed above as the same person)",
        ),
    ]
    assert result.network_left_out == []


def test_a_decided_pair_returns_only_when_a_record_changes(
    store: CaseStore, store_spec: str | None, archive: Any
) -> None:
    r = _records()
    store.put_revisions(
        [_case(r["dover"], "FC-20261101-D0VE"), _case(r["brum"], "FC-20261120-B1RM")]
    )
    assert len(score_store(store, 0.5).proposed) == 1
    a, b, made = decide(
        archive, store_spec, "FC-20261101-D0VE", "FC-20261120-B1RM", "same", "Ana Lopes", "photo"
    )
    assert (a, b, made.decision, made.decided_by) == (
        "FC-20261101-D0VE",
        "FC-20261120-B1RM",
        "same",
        "Ana Lopes",
    )
    again = score_store(store, 0.5)
    assert again.proposed == [] and again.already_decided == 1
    # No longer proposed, his own phone is still not a network: the decision says why.
    assert [e.mark() for e in again.network] == ["(decided as the same person)"]
    assert any(e[0] == "match_decision" or "match_decision" in e for e in store.audit_entries())
    changed = dict(r["brum"], answers={**r["brum"]["answers"], "age_claimed": 17})
    store.put_revisions([_case(changed, "FC-20261120-B1RM", rev=2, device="d-00000000000b0b02")])
    back = score_store(store, 0.5)
    assert [(m.a.revision, m.b.revision) for m in back.proposed] in ([(1, 2)], [(2, 1)])
    assert [e.mark() for e in back.network] == ["(also proposed above as the same person)"]


def test_the_report_shows_both_records_side_by_side(store: CaseStore, tmp_path: Any) -> None:
    r = _records()
    store.put_revisions(
        [_case(r["dover"], "FC-20261101-D0VE"), _case(r["brum"], "FC-20261120-B1RM")]
    )
    out = tmp_path / "matches.pdf"
    assert write_report(score_store(store, 0.5), out) > 1000
    text = pdftotext(out.read_bytes())
    for expected in ("Possible match 1", "FC-20261101-D0VE", "FC-20261120-B1RM",
                     "Mohamed Osman", "Usman Muhammad", "محمد عثمان", "Sudan", "same name",
                     "Same network"):  # fmt: skip
        assert expected in text, expected


def test_a_phone_in_ten_cases_is_one_group_in_the_report(store: CaseStore, tmp_path: Any) -> None:
    """Ten girls, each a different person, gave one "boss" number: one entry listing the ten
    cases (reference, revision, name, device, date), not 45 pairs; a number in more than 50
    cases is named with its count."""
    p = people()
    girls = [record_for(p[f"p{n:02d}"], str(uuid.uuid4())) for n in range(1, 11)]
    for girl in girls:
        girl["answers"]["associates"] = [
            {"associate_name": "Boss", "associate_phone": "07911 123456"}
        ]
    refs = [f"FC-202611{n + 10:02d}-G{n:03d}" for n in range(10)]
    store.put_revisions([_case(g, ref) for g, ref in zip(girls, refs, strict=True)])
    # Sixty nameless cases gave one placeholder number for their own phone.
    nameless = [{**girls[0], "case_id": str(uuid.uuid4())} for _ in range(60)]
    for n, record in enumerate(nameless):
        record["answers"] = {"pv_phone": "000 000 000"}
        store.put_revisions([_case(record, f"FC-20261201-P{n:03d}")])
    result = score_store(store, 0.5)
    assert [x.describe() for x in result.network_left_out] == [
        "the person's phone ending 000000000: 60 cases, left out as a likely shared or "
        "placeholder number: check by hand"
    ]
    assert [(e.what, len(e.cases), e.mark(), e.notes()) for e in result.network] == [
        ("an exploiter's or associate's phone ending 911123456", 10, "", [])
    ]
    assert [c.reference for c in result.network[0].cases] == refs
    out = tmp_path / "network.pdf"
    write_report(result, out)
    text = pdftotext(out.read_bytes())
    assert "1 shared identifier(s) (groups of 10 cases); 1 in more than 50 cases left out" in text
    assert "The person's phone ending 000000000: 60 cases, left out as a likely shared" in text
    assert "FC-20261201-P000" not in text  # its cases are counted, not listed
    assert text.count("An exploiter's or associate's phone ending 911123456: 10 cases") == 1
    section = text[text.index("Same network") :]
    for ref in refs:
        assert section.count(ref) == 1, ref
    assert "d-00000000000d0e01" in section and "2026-11-21" in section
    assert people()["p01"]["name_latin"] in section


def test_a_group_of_two_people_says_which_cases_are_one(store: CaseStore) -> None:
    """His two records and a girl's gave one exploiter's phone: two people, so a network,
    and the group says which two of its three cases are proposed as one person."""
    r = _records()
    for rec in (r["dover"], r["brum"]):
        rec["answers"]["associates"] = [{"associate_phone": "+44 7911 123456"}]
    store.put_revisions(
        [
            _case(r["dover"], "FC-20261101-D0VE"),
            _case(r["brum"], "FC-20261120-B1RM", device="d-00000000000b0b02"),
            _case(r["girl_a"], "FC-20261103-G1RA"),
        ]
    )
    result = score_store(store, 0.5)
    assert len(result.proposed) == 1
    boss = next(e for e in result.network if e.kind == "exploiter_phones")
    assert [c.reference for c in boss.cases] == [
        "FC-20261101-D0VE",
        "FC-20261103-G1RA",
        "FC-20261120-B1RM",
    ]
    assert boss.mark() == ""
    assert boss.notes() == [
        "of these, FC-20261101-D0VE and FC-20261120-B1RM are proposed above as the same person"
    ]
