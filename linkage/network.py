"""Shared identifiers: cases that give the same phone, address, exploiter's phone or vehicle.

These link cases of one network (two girls who both have the same "boss" number), not one
person, so they are reported as their own kind of link and never feed the person model (the
person's own phone is also compared by the model as person evidence: linkage.evidence).

They are reported as groups, one per shared identifier with every case that gives it, because
that is how an investigator reads them: one exploiter's phone given in ten cases is one lead
with ten cases, not 45 pairs. Two identifiers that link the same set of cases stay two groups
(each is its own lead, and merging them would hide which case gave what). An identifier given
in more than `MAX_CASES` cases is most likely an agency's, a hostel's or a placeholder ("000
000 000"): its cases are not listed, but the identifier is, with its count, so nothing is
silently dropped.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from linkage.rows import PersonRow

MAX_CASES = 50
KINDS = {
    "phones": "the person's phone",
    "addresses": "an address or place",
    "exploiter_phones": "an exploiter's or associate's phone",
    "vehicles": "a vehicle registration",
}
# Order within groups of one size: the investigative identifiers (who controls, what moves
# them) before the person's own contact details.
_KIND_ORDER = {"exploiter_phones": 0, "vehicles": 1, "addresses": 2, "phones": 3}
_NOUN = {
    "phones": "number",
    "addresses": "address",
    "exploiter_phones": "number",
    "vehicles": "registration",
}
LEFT_OUT = "left out as a likely shared or placeholder {noun}: check by hand"


def shown_value(kind: str, value: str) -> str:
    """The compared key as a reader can check it against a case: phones compare on their last
    nine digits (linkage.rows.phone_key), addresses on the postcode or the street line."""
    if kind in ("phones", "exploiter_phones"):
        return f"ending {value}"
    if value.startswith("postcode:"):
        return f"postcode {value.removeprefix('postcode:').upper()}"
    return value.removeprefix("street:")


@dataclass(frozen=True)
class NetworkGroup:
    """One identifier and every case (latest revision) that gives it, by case id."""

    kind: str  # a KINDS key
    value: str  # the compared key (shown_value makes it readable)
    cases: tuple[tuple[str, int], ...]  # (case id, revision), sorted by case id

    def describe(self) -> str:
        """What the cases share, e.g. "an exploiter's or associate's phone ending 911123456"."""
        return f"{KINDS[self.kind]} {shown_value(self.kind, self.value)}"


@dataclass(frozen=True)
class LeftOutIdentifier:
    """An identifier given in more than MAX_CASES cases: counted, its cases not listed."""

    kind: str
    value: str
    count: int

    def describe(self) -> str:
        shown = f"{KINDS[self.kind]} {shown_value(self.kind, self.value)}"
        return f"{shown}: {self.count} cases, {LEFT_OUT.format(noun=_NOUN[self.kind])}"


@dataclass(frozen=True)
class NetworkLinks:
    groups: list[NetworkGroup]  # largest first, then by kind (_KIND_ORDER), then value
    left_out: list[LeftOutIdentifier]  # most cases first


def _order(kind: str, value: str, size: int) -> tuple[int, int, str]:
    return (-size, _KIND_ORDER[kind], value)


def network_groups(rows: Iterable[PersonRow]) -> NetworkLinks:
    """One group per identifier that two to MAX_CASES cases give; the rest counted apart."""
    holders: dict[tuple[str, str], dict[str, int]] = {}
    for row in rows:
        for kind in KINDS:
            for value in getattr(row, kind):
                holders.setdefault((kind, value), {})[row.case_id] = row.revision
    groups: list[NetworkGroup] = []
    left_out: list[LeftOutIdentifier] = []
    for (kind, value), cases in holders.items():
        if len(cases) > MAX_CASES:
            left_out.append(LeftOutIdentifier(kind, value, len(cases)))
        elif len(cases) >= 2:
            groups.append(NetworkGroup(kind, value, tuple(sorted(cases.items()))))
    groups.sort(key=lambda g: _order(g.kind, g.value, len(g.cases)))
    left_out.sort(key=lambda x: _order(x.kind, x.value, x.count))
    return NetworkLinks(groups, left_out)


def same_person_parts(
    group: NetworkGroup, *same_person: Collection[frozenset[str]]
) -> list[list[str]]:
    """The group's cases that pairs in any of `same_person` (proposed or decided as one
    person) join, as lists of two or more case ids, joined through pairs within the group only:
    the cases of one person sharing their own phone are one person, not a network. Each part
    sorted, the parts in the group's order. Only the group's own pairs are looked up (at most
    MAX_CASES² / 2), so a store's thousands of proposed pairs are never walked per group."""
    ids = [case_id for case_id, _rev in group.cases]
    parent = {case_id: case_id for case_id in ids}

    def root(case_id: str) -> str:
        while parent[case_id] != case_id:
            parent[case_id] = parent[parent[case_id]]
            case_id = parent[case_id]
        return case_id

    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            pair = frozenset((a, b))
            if any(pair in pairs for pairs in same_person):
                parent[root(a)] = root(b)
    parts: dict[str, list[str]] = {}
    for case_id in ids:
        parts.setdefault(root(case_id), []).append(case_id)
    return [part for part in parts.values() if len(part) >= 2]
