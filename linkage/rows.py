"""A case record flattened into the row the matcher compares (docs/record.md field ids).

Everything here is derived from the record alone, so the same record always gives the same
row: names in every form they were written (own script, Latin, the official given/family
split, aliases), the year of birth the person stated or that their stated age implies, and
the identifiers that can link cases of one network (phones, addresses, exploiters' phones,
vehicle registrations).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from council_store.extract import extract
from council_store.names import latin_key
from linkage import evidence, names
from linkage.regions import region

_DIGITS = re.compile(r"\d")
_PHONE_TAIL = 9  # as forms.identifiers: ignores +44 / 0 / 00 prefixes, keeps the number
_MIN_PHONE = 7
_PLATE = re.compile(r"\b([A-Z]{2}[0-9]{2}\s?[A-Z]{3}|[A-Z][0-9]{1,3}\s?[A-Z]{3})\b")
_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class PersonRow:
    """One case's latest revision, as the model and the network links see it."""

    case_id: str
    revision: int
    name_key: str | None  # canonical tokens of the main name, sorted
    name_skeleton: str | None  # their consonant skeletons, sorted (blocking, a name level)
    name_forms: tuple[str, ...]  # every form of every name and alias (names.name_keys)
    block_first: str | None  # smallest, middle and largest token skeleton: order-free
    block_middle: str | None  # blocking keys (the middle one only for three words or more:
    # for two it would be the first again, and "same first skeleton" alone is too wide a block)
    block_last: str | None
    birth_year: int | None
    birth_year_stated: bool  # from a date of birth, not an age or an approximate date
    nationality: str | None
    nationality_region: str | None
    languages: tuple[str, ...]
    gender: str | None
    birth_month: int | None = None  # stated, not approximate (linkage.evidence)
    birthplace_key: str | None = None  # its places, sorted, space-separated
    birthplace_parts: tuple[str, ...] = ()
    birthplace_skeletons: tuple[str, ...] = ()
    family_names: tuple[str, ...] = ()  # names in the family description, not the own name's
    family_pairs: tuple[str, ...] = ()  # every two of them (evidence.name_pairs)
    own_phone: str | None = None
    # block_first/block_last for the two wide blocking rules, emptied by cap_wide_blocks when
    # too many cases share them (linkage.model.WIDE_BLOCK_LIMIT)
    wide_first: str | None = None
    wide_last: str | None = None
    phones: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    exploiter_phones: tuple[str, ...] = ()
    vehicles: tuple[str, ...] = ()
    display: dict[str, str] = field(default_factory=dict, compare=False)

    def splink_row(self) -> dict[str, Any]:
        """The columns the Splink model reads (linkage.model); identifiers stay out of it."""
        return {
            "unique_id": self.case_id,
            "revision": self.revision,
            "name_key": self.name_key,
            "name_skeleton": self.name_skeleton,
            "name_forms": list(self.name_forms) or None,
            "block_first": self.block_first,
            "block_middle": self.block_middle,
            "block_last": self.block_last,
            "birth_year": self.birth_year,
            "birth_year_stated": self.birth_year_stated,
            "nationality": self.nationality,
            "nationality_region": self.nationality_region,
            "languages": list(self.languages) or None,
            "gender": self.gender,
            "birth_month": self.birth_month,
            "birthplace_key": self.birthplace_key,
            "birthplace_parts": list(self.birthplace_parts) or None,
            "birthplace_skeletons": list(self.birthplace_skeletons) or None,
            "family_names": list(self.family_names) or None,
            "family_pairs": list(self.family_pairs) or None,
            "own_phone": self.own_phone,
            "wide_first": self.wide_first,
            "wide_last": self.wide_last,
        }


def phone_key(text: str) -> str | None:
    """The last nine digits of a phone number as written, or None for too few digits."""
    digits = "".join(_DIGITS.findall(text))
    return digits[-_PHONE_TAIL:] if len(digits) >= _MIN_PHONE else None


def address_key(street: str, postcode: str = "") -> str | None:
    """An address as compared: the postcode without spaces when there is one (it names a
    handful of doors), else the street line in Latin ASCII, words only."""
    code = _NOT_ALNUM.sub("", postcode.lower())
    if len(code) >= 5:
        return f"postcode:{code}"
    line = latin_key(street)  # keeps the house number
    return f"street:{line}" if len(line) >= 8 else None


def vehicle_keys(text: str) -> list[str]:
    """UK-style registrations in a free-text vehicle description ("silver Astra KX19 ABC")."""
    return [m.replace(" ", "") for m in _PLATE.findall(_SPACES.sub(" ", text.upper()))]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _items(answers: dict[str, Any], group: str) -> list[dict[str, Any]]:
    value = answers.get(group)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _recorded_year(record: dict[str, Any], received_at: str) -> int | None:
    for text in (record.get("created_at"), received_at):
        if isinstance(text, str) and text[:4].isdigit():
            return int(text[:4])
    return None


def _birth_year(answers: dict[str, Any], recorded: int | None) -> tuple[int | None, bool]:
    """(year of birth, whether it was stated as a date): a stated age gives recorded - age,
    which is right or one too high depending on the birthday, and the age itself may be off
    by a year or two (the model's birth-year levels allow for both)."""
    dob = answers.get("dob_claimed")
    if isinstance(dob, dict) and isinstance(dob.get("year"), int) and 1900 < dob["year"] < 2100:
        return int(dob["year"]), dob.get("approximate") is not True
    age = answers.get("age_claimed")
    if isinstance(age, int) and not isinstance(age, bool) and 0 <= age <= 120 and recorded:
        return recorded - age, False
    return None, False


def _unique(values: list[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def person_row(
    case_id: str, revision: int, record: dict[str, Any], received_at: str = ""
) -> PersonRow:
    """The row for one record; fields missing or of an unexpected shape are left empty."""
    facts = extract(record)
    answers = record.get("answers")
    answers = answers if isinstance(answers, dict) else {}
    written = [n for _kind, n in facts.names()]
    main = (
        facts.name_latin
        or facts.name_native
        or " ".join(p for p in (facts.first_name, facts.last_name) if p)
    )
    words = names.canonical_tokens(main) if main else []
    skeletons = names.skeletons(words)
    forms: list[str] = []
    for name in written:
        forms.extend(sorted(names.name_keys(name)))
    birth_year, stated = _birth_year(answers, _recorded_year(record, received_at))
    languages = answers.get("languages")
    languages = [x for x in languages if isinstance(x, str)] if isinstance(languages, list) else []
    phones = [phone_key(_text(answers.get(k))) for k in ("pv_phone", "alt_phone")]
    phones += [phone_key(_text(p.get("phone_number"))) for p in _items(answers, "phones")]
    addresses = [
        address_key(
            _text(answers.get("pv_address_street")), _text(answers.get("pv_address_postcode"))
        )
    ]
    addresses += [address_key(_text(p.get("place_address"))) for p in _items(answers, "places")]
    associates = _items(answers, "associates")
    places = evidence.place_parts(_text(answers.get("pv_birthplace")))
    own_words = {names.canonical_token(t) for name in written for t in names.tokens(name)}
    family = evidence.family_names(_text(answers.get("pv_family")), own_words)
    exploiter_phones = [phone_key(_text(a.get("associate_phone"))) for a in associates]
    vehicles: list[str | None] = []
    for a in associates:
        vehicles.extend(vehicle_keys(_text(a.get("associate_vehicle"))))
    return PersonRow(
        case_id=case_id,
        revision=revision,
        name_key=" ".join(sorted(words)) or None,
        name_skeleton=" ".join(skeletons) or None,
        name_forms=_unique(list(forms)),
        block_first=skeletons[0] if skeletons else None,
        block_middle=skeletons[len(skeletons) // 2 - (len(skeletons) % 2 == 0)]
        if len(skeletons) >= 3
        else None,
        block_last=skeletons[-1] if skeletons else None,
        birth_year=birth_year,
        birth_year_stated=stated,
        nationality=facts.nationality or None,
        nationality_region=region(facts.nationality),
        languages=_unique(list(languages)),
        gender=facts.gender or None,
        birth_month=evidence.birth_month(answers) if stated else None,
        birthplace_key=" ".join(places) or None,
        birthplace_parts=places,
        birthplace_skeletons=evidence.place_skeletons(places),
        family_names=family,
        family_pairs=evidence.name_pairs(family),
        own_phone=phone_key(_text(answers.get("pv_phone"))),
        wide_first=skeletons[0] if skeletons else None,
        wide_last=skeletons[-1] if skeletons else None,
        phones=_unique(phones),
        addresses=_unique(addresses),
        exploiter_phones=_unique(exploiter_phones),
        vehicles=_unique(vehicles),
        display={
            "name_native": facts.name_native,
            "name_latin": facts.name_latin,
            "official_name": " ".join(p for p in (facts.first_name, facts.last_name) if p),
            "aliases": "; ".join(facts.aliases),
            "age": "" if facts.age is None else str(facts.age),
            "dob": facts.dob,
            "gender": facts.gender,
            "nationality": facts.nationality,
            "languages": ", ".join(languages),
            "birthplace": _text(answers.get("pv_birthplace")),
            "family": _text(answers.get("pv_family")),
            "own_phone": _text(answers.get("pv_phone")),
        },
    )


def cap_wide_blocks(rows: Sequence[PersonRow], limit: int) -> list[PersonRow]:
    """The rows with wide_first / wide_last emptied where more than `limit` cases share that
    skeleton: the two wide blocking rules (one skeleton, same sex, years within two) then pair
    a case with at most about `limit` others each, instead of every Nguyen with every Nguyen of
    one sex and age. The narrower rules still pair those cases on their other name words."""
    counts: Counter[str] = Counter()
    for r in rows:
        counts.update({k for k in (r.wide_first, r.wide_last) if k})

    def kept(key: str | None) -> str | None:
        return key if key and counts[key] <= limit else None

    return [
        r
        if kept(r.wide_first) == r.wide_first and kept(r.wide_last) == r.wide_last
        else replace(r, wide_first=kept(r.wide_first), wide_last=kept(r.wide_last))
        for r in rows
    ]


def drop_shared_own_phones(rows: Sequence[PersonRow], limit: int) -> list[PersonRow]:
    """The rows with own_phone emptied where more than `limit` cases give that number as their
    own: that is an agency's or a placeholder number, or one the exploiters hand out, not one
    person's phone. It stays a "same network" identifier (linkage.network reads `phones`), but
    neither blocks nor counts as the same person: 60 nameless records sharing 000 000 000 were
    proposed as 1,770 same-person pairs."""
    counts = Counter(r.own_phone for r in rows if r.own_phone)
    return [
        replace(r, own_phone=None) if r.own_phone and counts[r.own_phone] > limit else r
        for r in rows
    ]
