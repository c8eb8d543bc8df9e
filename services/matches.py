"""`council matches`: possible matches between cases in the council store, and decisions.

Reads the latest revision of every case from the store, scores pairs with the linkage model
on the store's own engine (DuckDB in memory beside the embedded store, or the PostgreSQL
database itself), leaves out pairs a person has already decided for the same two revisions,
and lists the shared identifiers that link cases of one network as a separate kind of link:
one group per identifier with the cases that give it (linkage.network). Decisions are recorded
through the store (audited) and never merge or change a record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from council_store import CaseStore, StoredRecord, StoreError
from forms.controlled_lists import load_list
from linkage.engines import FieldScore, ScoredPair, predict_duckdb, predict_postgres
from linkage.model import DEFAULT_THRESHOLD, describe_blocking
from linkage.network import (
    MAX_CASES,
    LeftOutIdentifier,
    NetworkGroup,
    network_groups,
    same_person_parts,
)
from linkage.rows import PersonRow, person_row
from services.council_cases import open_case_store
from services.errors import InvalidInput
from services.practice_archive import is_practice_archive

DECISIONS = {"same": "same person", "not_same": "not the same", "unsure": "unsure"}
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_PHOTO_TYPES = ("image/jpeg", "image/png")


@dataclass(frozen=True)
class CaseSide:
    """One side of a proposed pair, as the listing and the report show it."""

    case_id: str
    revision: int
    reference: str
    device_id: str
    received_at: str
    fields: dict[str, str]
    photo: Path | None


@dataclass(frozen=True)
class ProposedMatch:
    a: CaseSide
    b: CaseSide
    probability: float
    weight: float
    fields: tuple[FieldScore, ...]


@dataclass(frozen=True)
class NetworkEntry:
    """One shared identifier and the cases that give it (reference order), with the parts of
    it that are one person by a proposed pair above or a decision on the current revisions
    (`same_person`, each with how: "proposed above", "decided" or "proposed above or decided")."""

    kind: str  # a linkage.network.KINDS key
    what: str  # "an exploiter's or associate's phone ending 911123456"
    cases: list[CaseSide]
    same_person: list[tuple[list[CaseSide], str]]

    def one_person(self) -> str | None:
        """How, when every case of the group is one person: then the shared identifier is
        that person's own, not a network (it is still listed, marked, never hidden)."""
        if len(self.same_person) == 1 and len(self.same_person[0][0]) == len(self.cases):
            return self.same_person[0][1]
        return None

    def mark(self) -> str:
        """A note after the group's heading, e.g. "(also proposed above as the same person)";
        empty for a network of more than one person."""
        how = self.one_person()
        if how == "proposed above":
            return "(also proposed above as the same person)"
        if how is not None:
            return f"({how} as the same person)"
        return ""

    def notes(self) -> list[str]:
        """For a group of more than one person: which of its cases are one person."""
        if self.one_person() is not None:
            return []
        return [
            "of these, "
            + " and ".join(side_reference(s) for s in part)
            + f" are {how} as the same person"
            for part, how in self.same_person
        ]


@dataclass(frozen=True)
class MatchesResult:
    store: str
    threshold: float
    cases: int
    proposed: list[ProposedMatch]
    already_decided: int
    network: list[NetworkEntry]
    blocking_rules: list[str]
    network_left_out: list[LeftOutIdentifier] = field(default_factory=list)
    training: bool = False  # a practice archive (receive --training): fictional people only


PRACTICE_NOTICE = (
    "TRAINING: a practice archive. Every case here came from a training laptop and is about a "
    "fictional person; none of it is about a real child or adult."
)


def language_label(code: str) -> str:
    try:
        return load_list("languages").label(code)
    except (KeyError, ValueError):
        return code


def check_threshold(value: float | None) -> float:
    if value is None:
        return DEFAULT_THRESHOLD
    if not 0.0 < value < 1.0:
        raise InvalidInput("--threshold is a match probability between 0 and 1 (e.g. 0.5).")
    return value


def _photo(stored: StoredRecord) -> Path | None:
    """The case's photograph in its archive folder, when it has one of a kind we draw."""
    answers = stored.record.get("answers")
    photo = answers.get("photo") if isinstance(answers, dict) else None
    if not isinstance(photo, dict):
        return None
    digest, kind = photo.get("sha256"), photo.get("media_type")
    if not (isinstance(digest, str) and _SHA256.match(digest)) or kind not in _PHOTO_TYPES:
        return None
    path = stored.folder / "attachments" / f"{digest}.bin"
    return path if path.is_file() else None


def _side(stored: StoredRecord, row: PersonRow) -> CaseSide:
    return CaseSide(
        stored.case_id,
        stored.revision,
        stored.reference,
        stored.device_id,
        stored.received_at,
        dict(row.display),
        _photo(stored),
    )


def _decided(store: CaseStore) -> dict[tuple[str, int, str, int], str]:
    """Pairs of revisions with a decision, and the latest decision on each (the store keeps
    each pair in one order and lists decisions oldest first)."""
    return {(d.case_a, d.rev_a, d.case_b, d.rev_b): d.decision for d in store.match_decisions()}


def _key(case_a: str, rev_a: int, case_b: str, rev_b: int) -> tuple[str, int, str, int]:
    (ca, ra), (cb, rb) = sorted(((case_a, rev_a), (case_b, rev_b)))
    return ca, ra, cb, rb


def score_store(store: CaseStore, threshold: float) -> MatchesResult:
    """Every proposed pair and network link among the store's cases."""
    try:
        stored = {s.case_id: s for s in store.case_records()}
        decided = _decided(store)
    except StoreError as exc:
        raise InvalidInput(str(exc)) from None
    rows = {cid: person_row(cid, s.revision, s.record, s.received_at) for cid, s in stored.items()}
    if store.kind == "postgresql":
        pairs: list[ScoredPair] = predict_postgres(
            list(rows.values()), store.new_connection, threshold
        )
    else:
        pairs = predict_duckdb(list(rows.values()), threshold)
    sides = {cid: _side(stored[cid], rows[cid]) for cid in stored}
    proposed: list[ProposedMatch] = []
    skipped = 0
    for p in pairs:
        if _key(p.case_a, p.rev_a, p.case_b, p.rev_b) in decided:
            skipped += 1  # decided for these very revisions; a new revision asks again
            continue
        proposed.append(
            ProposedMatch(sides[p.case_a], sides[p.case_b], p.probability, p.weight, p.fields)
        )
    same = {
        frozenset((a, b))
        for (a, ra, b, rb), made in decided.items()
        if made == "same" and (a, ra) == _current(stored, a) and (b, rb) == _current(stored, b)
    }
    found = network_groups(rows.values())
    pairs_proposed = {frozenset((m.a.case_id, m.b.case_id)) for m in proposed}
    return MatchesResult(
        store.describe(),
        threshold,
        len(stored),
        proposed,
        skipped,
        [_entry(g, sides, pairs_proposed, same) for g in found.groups],
        describe_blocking(),
        found.left_out,
    )


def _current(stored: dict[str, StoredRecord], case_id: str) -> tuple[str, int] | None:
    found = stored.get(case_id)  # a decision may outlive a deleted case
    return None if found is None else (case_id, found.revision)


def _entry(
    group: NetworkGroup,
    sides: dict[str, CaseSide],
    proposed: set[frozenset[str]],
    decided_same: set[frozenset[str]],
) -> NetworkEntry:
    """The group with its cases' sides, and which of them are one person (a proposed pair or
    a 'same' decision): the person's own phone given in both of their records is their phone,
    not a network, and is marked so (listed still: a proposal is not a decision)."""
    proposed_parts = [set(p) for p in same_person_parts(group, proposed)]
    parts: list[tuple[list[CaseSide], str]] = []
    for part in same_person_parts(group, proposed, decided_same):
        if set(part) in proposed_parts:
            how = "proposed above"
        elif any(p <= set(part) for p in proposed_parts):
            how = "proposed above or decided"
        else:
            how = "decided"
        parts.append((sorted((sides[c] for c in part), key=_reference_order), how))
    cases = sorted((sides[c] for c, _rev in group.cases), key=_reference_order)
    return NetworkEntry(group.kind, group.describe(), cases, parts)


def _reference_order(side: CaseSide) -> tuple[str, str]:
    return side.reference or "~", side.case_id


def find_matches(archive: Path, spec: str | None, threshold: float | None) -> MatchesResult:
    with open_case_store(archive, spec) as store:
        result = score_store(store, check_threshold(threshold))
    return replace(result, training=is_practice_archive(archive))


def decide(
    archive: Path,
    spec: str | None,
    case_a: str,
    case_b: str,
    decision: str,
    decided_by: str,
    reason: str,
) -> tuple[str, str, Any]:
    """Record a decision on the latest revisions of two cases (ids or FC references)."""
    if decision not in DECISIONS:
        raise InvalidInput(f"A decision is one of {', '.join(DECISIONS)}; not {decision!r}.")
    with open_case_store(archive, spec) as store:
        try:
            found = [store.find(c) for c in (case_a, case_b)]
            missing = [c for c, f in zip((case_a, case_b), found, strict=True) if f is None]
            if missing:
                raise InvalidInput(
                    f"No case {missing[0]!r} in the store: give a case id or the FC reference "
                    "that `council matches` lists."
                )
            a, b = found[0], found[1]
            assert a is not None and b is not None
            if a.case_id == b.case_id:
                raise InvalidInput("Give two different cases.")
            made = store.record_match_decision(
                a.case_id, a.revision, b.case_id, b.revision, decision, decided_by, reason
            )
        except StoreError as exc:
            raise InvalidInput(str(exc)) from None
    return a.reference or a.case_id, b.reference or b.case_id, made


def why_line(fields: tuple[FieldScore, ...]) -> str:
    """'name: same name in another form or alias (+11.1); birth year: ... (-2.0)'."""
    return "; ".join(f"{f.field.replace('_', ' ')}: {f.level} ({f.weight:+.1f})" for f in fields)


def side_reference(side: CaseSide) -> str:
    return side.reference or side.case_id[:8]


def side_name(side: CaseSide) -> str:
    return side.fields.get("name_latin") or side.fields.get("name_native") or "(no name)"


def side_label(side: CaseSide) -> str:
    return f"{side_reference(side)} rev {side.revision} {side_name(side)}"


def case_line(side: CaseSide) -> str:
    """A case of a network group: reference, revision, name, device and date received."""
    return f"{side_label(side)}, device {side.device_id}, received {side.received_at[:10]}"


def network_heading(entry: NetworkEntry) -> str:
    """What the group shares and how many cases give it, then its mark if any."""
    return " ".join(x for x in (f"{entry.what}: {len(entry.cases)} cases", entry.mark()) if x)


def network_summary(result: MatchesResult) -> str:
    """The count line of the network part, e.g. "3 shared identifiers (groups of 2 to 10
    cases); 1 in more than 50 cases left out"."""
    sizes = [len(e.cases) for e in result.network]
    text = f"{len(sizes)} shared identifier(s)"
    if sizes:
        low, high = min(sizes), max(sizes)
        text += f" (groups of {low}" + ("" if low == high else f" to {high}") + " cases)"
    if result.network_left_out:
        text += f"; {len(result.network_left_out)} in more than {MAX_CASES} cases left out"
    return text
