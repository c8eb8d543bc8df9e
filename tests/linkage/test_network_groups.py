"""Shared identifiers are reported as groups: one entry per identifier with every case that
gives it (one exploiter's phone in ten cases is one group of ten, not 45 pairs), the largest
first and the investigative kinds before the person's own details; an identifier in more than
MAX_CASES cases is counted and named, never silently dropped (linkage/network.py)."""

from __future__ import annotations

from typing import Any

from linkage.network import (
    MAX_CASES,
    NetworkGroup,
    network_groups,
    same_person_parts,
)
from linkage.rows import PersonRow, person_row


def _row(n: int, **answers: Any) -> PersonRow:
    case_id = f"{n:08d}-0000-4000-8000-000000000000"
    record = {"case_id": case_id, "created_at": "2026-11-20T10:00:00Z", "answers": answers}
    return person_row(case_id, 1 + n % 3, record, "2026-11-21T09:00:00Z")


def _boss(phone: str = "", vehicle: str = "") -> list[dict[str, str]]:
    return [{"associate_name": "Boss", "associate_phone": phone, "associate_vehicle": vehicle}]


def test_a_phone_in_ten_cases_is_one_group_of_ten_not_45_pairs() -> None:
    # The same number as ten people wrote it: with and without +44, spaces, a leading 0.
    written = ("+44 7911 123456", "07911 123456", "447911123456", "07911-123-456", "7911123456")
    rows = [_row(n, associates=_boss(written[n % 5])) for n in range(10)]
    others = ("07700 900111", "07700 900222", "07700 900333")  # each in one case only
    rows += [_row(10 + i, associates=_boss(phone)) for i, phone in enumerate(others)]
    found = network_groups(rows)
    assert found.left_out == []
    assert len(found.groups) == 1
    group = found.groups[0]
    assert group.kind == "exploiter_phones" and group.value == "911123456"
    assert [c for c, _r in group.cases] == sorted(r.case_id for r in rows[:10])
    assert dict(group.cases) == {r.case_id: r.revision for r in rows[:10]}  # each its revision
    assert group.describe() == "an exploiter's or associate's phone ending 911123456"


def test_an_identifier_in_too_many_cases_is_counted_and_named_not_dropped() -> None:
    placeholder = [_row(n, pv_phone="000 000 000") for n in range(60)]
    at_limit = [_row(100 + n, pv_address_postcode="B1 1AA") for n in range(MAX_CASES)]
    found = network_groups(placeholder + at_limit)
    assert [(g.kind, g.value, len(g.cases)) for g in found.groups] == [
        ("addresses", "postcode:b11aa", MAX_CASES)  # at the limit: still a group, listed
    ]
    assert [(x.kind, x.value, x.count) for x in found.left_out] == [("phones", "000000000", 60)]
    assert found.left_out[0].describe() == (
        "the person's phone ending 000000000: 60 cases, left out as a likely shared or "
        "placeholder number: check by hand"
    )


def test_groups_largest_first_then_exploiter_phones_and_vehicles_first() -> None:
    rows = [
        # Cases 0-2 give one address; 3-4 one person's phone, one exploiter's phone and one
        # vehicle; 5-6 one vehicle. Two identifiers linking the same cases stay two groups.
        *(_row(n, pv_address_street="12 Hockley Street, Birmingham") for n in range(3)),
        *(
            _row(n, pv_phone="07123 456789", associates=_boss("07911 123456", "Astra KX19 ABC"))
            for n in (3, 4)
        ),
        *(_row(n, associates=_boss(vehicle="white van LB07 SEO")) for n in (5, 6)),
    ]
    found = network_groups(rows)
    assert [(g.kind, len(g.cases)) for g in found.groups] == [
        ("addresses", 3),
        ("exploiter_phones", 2),
        ("vehicles", 2),
        ("vehicles", 2),
        ("phones", 2),
    ]
    assert found.groups[0].describe() == "an address or place 12 hockley street birmingham"
    assert [g.value for g in found.groups[2:4]] == ["KX19ABC", "LB07SEO"]  # then by value
    pair = {rows[3].case_id, rows[4].case_id}
    same_cases = [g for g in found.groups if {c for c, _ in g.cases} == pair]
    assert [g.kind for g in same_cases] == ["exploiter_phones", "vehicles", "phones"]


def test_same_person_parts_join_only_through_pairs_within_the_group() -> None:
    group = NetworkGroup("phones", "123456789", (("a", 1), ("b", 1), ("c", 2), ("d", 1)))
    assert same_person_parts(group, set()) == []
    assert same_person_parts(group, {frozenset(("a", "b"))}) == [["a", "b"]]
    chain = {frozenset(("a", "b")), frozenset(("b", "d"))}
    assert same_person_parts(group, chain) == [["a", "b", "d"]]
    # "c" and "x" are one person, but "x" does not give this phone: no part here.
    assert same_person_parts(group, {frozenset(("c", "x")), frozenset(("x", "d"))}) == []
    everyone = {frozenset(p) for p in (("a", "b"), ("c", "d"), ("b", "c"))}
    assert same_person_parts(group, everyone) == [["a", "b", "c", "d"]]
