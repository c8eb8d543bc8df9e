"""Shared identifiers: cases that give the same phone, address, exploiter's phone or vehicle.

These link cases of one network (two girls who both have the same "boss" number), not one
person, so they are reported as their own kind of link and never feed the person model. An
identifier given in more than `MAX_CASES` cases is left out as a likely placeholder or an
agency's number (a pair list would drown the rest).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from linkage.rows import PersonRow

MAX_CASES = 50
KINDS = {
    "phones": "the person's phone",
    "addresses": "an address or place",
    "exploiter_phones": "an exploiter's or associate's phone",
    "vehicles": "a vehicle registration",
}


@dataclass(frozen=True)
class NetworkLink:
    case_a: str
    rev_a: int
    case_b: str
    rev_b: int
    shared: tuple[tuple[str, str], ...]  # (kind, value) pairs both cases give

    def describe(self) -> str:
        return "; ".join(f"{KINDS[kind]} {value}" for kind, value in self.shared)


def network_links(rows: Iterable[PersonRow]) -> list[NetworkLink]:
    """Every pair of cases sharing at least one identifier, with what they share."""
    holders: dict[tuple[str, str], list[PersonRow]] = {}
    for row in rows:
        for kind in KINDS:
            for value in getattr(row, kind):
                holders.setdefault((kind, value), []).append(row)
    shared: dict[tuple[str, str], list[tuple[str, str]]] = {}
    revision: dict[str, int] = {}
    for key, cases in holders.items():
        if len(cases) < 2 or len(cases) > MAX_CASES:
            continue
        ordered = sorted(cases, key=lambda r: r.case_id)
        for i, a in enumerate(ordered):
            revision[a.case_id] = a.revision
            for b in ordered[i + 1 :]:
                if a.case_id != b.case_id:
                    revision[b.case_id] = b.revision
                    shared.setdefault((a.case_id, b.case_id), []).append(key)
    return [
        NetworkLink(a, revision[a], b, revision[b], tuple(sorted(keys)))
        for (a, b), keys in sorted(shared.items())
    ]
