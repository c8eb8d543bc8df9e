"""Fictional test populations for measuring the matcher (deterministic for a seed).

Each fictional person is recorded one to four times (15% once, 45% twice, 28% three, 12% four
times), as different devices would record them. Different people get names from pools of
common Vietnamese, Arabic, Chinese and Eritrean names (plus the fixture people's names, when
given as seeds), weighted as they really are where one name dominates (Nguyen 38% of Vietnamese
family names, Van and Thi the usual middle names; Chen and Lin first among the mostly Fujianese
Chinese in UK cases), so similar and identical names of different people are frequent, as they
are in a council's real cases. 5% of people are a brother or sister of someone already in the
set: same parents, birthplace, family name and nationality, another given name, born 1-6 years
apart (a hard non-match for every comparison except the given name).

What a person has, and how one device records it (rates per record unless said otherwise;
chosen to be plausible for a first contact, not tuned to the model):
- Name: each word respelt (a listed variant 45% of the time when it has one, else vowel or
  consonant drift 20%), one typo in 20% of records, Vietnamese diacritics on 40%, the order
  reversed in 35%, the official given/family split in 30%, an alias on a document in 12%.
- Age and date of birth: 40% a date of birth (`dob_claimed`), 52% only a stated age, 8%
  neither. A stated age is right half the time, 1-2 years off otherwise, 3-5 years off in 2%.
  A month of birth is known by 85% of Vietnamese and Chinese, 55% of Arabic-speaking and 45% of
  Eritrean people (less for under-16s: x0.85); who knows it gives it in 80% of stated dates,
  misheard or mistyped in 3%. Who does not gives the year alone or "approximate", or, if a
  document gave them 1 January (30% of them), January in 40% of dates. 4% of dates are a false
  document's (another year and month); 4% of Eritreans' are an Ethiopian-calendar year (8 off).
  The record's partial date has no day (docs/forms.md), so there is no day to compare.
- Birthplace (`pv_birthplace`, asked after first contact but required for the NRM): in 60% of
  records; town and province 35%, town 35%, province 18%, the country alone 7%, the town they
  grew up in 5%; each place respelt (Vietnamese marks 40%, drift 25%, a letter left out 8%, words
  run together 15%, El/Al swapped 30%). Provinces are weighted as in UK cases (linkage.
  generate_facts).
- Family (`pv_family`, after first contact): in 30% of records; of those, 10% name nobody
  ("Parents dead."); otherwise the mother 75%, the father 65% (full names 40%), each brother or
  sister 50%, every name respelt as above. Arabic and Eritrean fathers' names are the person's
  own second name (patronymic); a Vietnamese mother keeps her own family name.
- Own phone (`pv_phone`): 30% of people have one, given in 60% of their records, a newer number
  in a quarter of those (phones are lost, taken or replaced).
- Sex given in 97% (1% of those wrong); nationality in 90% (4% another, mostly a neighbour's);
  languages in 85%.
Identifiers (phones, addresses, exploiters' phones, vehicle registrations) are shared within
fictional networks of people. Used by tests/linkage and by `bench` (services/bench_matches.py).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from linkage import generate_facts as facts
from linkage.name_pools import CULTURES, Culture
from linkage.names import VARIANT_FAMILIES

RECORDED_YEAR = 2026


# Vietnamese spellings with their diacritics, as a device with a Vietnamese keyboard writes them.
_VIETNAMESE_MARKS = {
    "Nguyen": "Nguyễn",
    "Tran": "Trần",
    "Le": "Lê",
    "Pham": "Phạm",
    "Hoang": "Hoàng",
    "Huynh": "Huỳnh",
    "Vu": "Vũ",
    "Vo": "Võ",
    "Dang": "Đặng",
    "Bui": "Bùi",
    "Do": "Đỗ",
    "Ho": "Hồ",
    "Ngo": "Ngô",
    "Duong": "Dương",
    "Ly": "Lý",
    "Van": "Văn",
    "Thi": "Thị",
    "Duc": "Đức",
    "Hung": "Hùng",
    "Tuan": "Tuấn",
    "Huong": "Hương",
    "Thao": "Thảo",
    "Phuong": "Phương",
    "Ngoc": "Ngọc",
    "Quoc": "Quốc",
    "Huu": "Hữu",
    "Thuy": "Thủy",
}
# Spelling drift a transliteration produces that the variant table does not list.
_DRIFT = (
    ("ou", "u"),
    ("u", "ou"),
    ("e", "a"),
    ("i", "e"),
    ("o", "u"),
    ("kh", "k"),
    ("ph", "f"),
    ("y", "i"),
    ("ee", "i"),
    ("s", "ss"),
    ("q", "k"),
    ("dh", "d"),
)
_VARIANTS: dict[str, tuple[str, ...]] = {}
for _family in VARIANT_FAMILIES:
    for _spelling in _family:
        _VARIANTS.setdefault(_spelling, _family)


@dataclass(frozen=True)
class Person:
    person_id: str
    culture: str
    gender: str
    words: tuple[str, ...]  # the name in its usual order
    birth_year: int
    nationality: str
    languages: tuple[str, ...]
    native: str = ""  # the own-script name, for seed people who have one
    phone: str = ""
    network: int = -1
    birth_month: int = 1
    knows_month: bool = True  # else they know only a year (or roughly)
    january_document: bool = False  # a document gives 1 January for their unknown birthday
    place: facts.Place | None = None
    family: facts.Family | None = None
    sibling_of: str = ""  # another fictional person in the population with the same parents


@dataclass(frozen=True)
class Population:
    records: list[dict[str, Any]]  # case records as the store keeps them (docs/record.md)
    person_of: dict[str, str]  # case id -> person id (the truth)
    people: list[Person]

    def true_pairs(self) -> set[tuple[str, str]]:
        """Every pair of case ids that record the same person, smaller id first."""
        by_person: dict[str, list[str]] = {}
        for case_id, person in self.person_of.items():
            by_person.setdefault(person, []).append(case_id)
        pairs: set[tuple[str, str]] = set()
        for cases in by_person.values():
            cases.sort()
            for i, a in enumerate(cases):
                for b in cases[i + 1 :]:
                    pairs.add((a, b))
        return pairs


def _title(word: str) -> str:
    return word[:1].upper() + word[1:]


def _respell(word: str, rng: random.Random) -> str:
    """Another way a device may write the same name."""
    roll = rng.random()
    family = _VARIANTS.get(word.lower())
    if family and roll < 0.45:
        return _title(rng.choice(family))
    if roll < 0.65:
        old, new = rng.choice(_DRIFT)
        if old in word.lower():
            return _title(word.lower().replace(old, new, 1))
    return word


_ANY_COUNTRY = ("VN", "SD", "SY", "IQ", "EG", "CN", "ER", "ET", "AF", "AL")
_NEIGHBOURS = {"VN": ("LA", "KH"), "CN": ("HK", "TW"), "ER": ("ET", "SD"), "ET": ("ER", "SO"),
               "SD": ("SS", "ER", "EG"), "SY": ("IQ", "LB"), "IQ": ("SY", "IR"),
               "EG": ("SD", "LY"), "LY": ("EG", "TN")}  # fmt: skip


def _other_country(p: Person, rng: random.Random) -> str:
    """Another nationality given: mostly a neighbour's (a false document, a safer answer)."""
    near = _NEIGHBOURS.get(p.nationality)
    if near and rng.random() < 0.8:
        return rng.choice(near)
    return rng.choice(_ANY_COUNTRY)


def _other_gender(gender: str) -> str:
    return "female" if gender == "male" else "male"


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.35:
        return word[:i] + word[i + 1 :]
    if kind < 0.7:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeinorst") + word[i + 1 :]


def _pick(options: tuple[str, ...], weights: tuple[float, ...], rng: random.Random) -> str:
    return rng.choices(options, weights=weights)[0] if weights else rng.choice(options)


def _given(words: tuple[str, ...], c: Culture) -> str:
    return words[-1] if c.family_first else words[0]


def _family_of(c: Culture, words: tuple[str, ...], gender: str, rng: random.Random) -> facts.Family:
    """Parents and the children's given names (the person's among them)."""
    others = [
        rng.choice(c.given_male if rng.random() < 0.5 else c.given_female)
        for _ in range(rng.choices((0, 1, 2, 3, 4), weights=(20, 30, 25, 15, 10))[0])
    ]
    children = tuple(dict.fromkeys([_given(words, c), *others]))
    mother_given = rng.choice(c.given_female)
    if c.family_first:
        middle = ("Thi",) if c.middle_female else ()
        mother = (_pick(c.family, c.family_weights, rng), *middle, mother_given)
        father_middle = (rng.choice(c.middle_male),) if c.middle_male else ()
        father = (words[0], *father_middle, rng.choice(c.given_male))
    else:
        mother = (mother_given, rng.choice(c.given_male))
        father = (*(words[1:] or (rng.choice(c.given_male),)),)
        if len(father) < 2:
            father = (*father, rng.choice(c.family))
    return facts.Family(mother=mother, father=father, children=children)


def _birth_facts(culture: str, age: int, rng: random.Random) -> dict[str, Any]:
    knows = rng.random() < facts.KNOWS_MONTH[culture] * (0.85 if age < 16 else 1.0)
    return {
        "birth_month": rng.randint(1, 12),
        "knows_month": knows,
        "january_document": not knows and rng.random() < 0.3,
    }


def _new_person(
    n: int, culture_name: str, rng: random.Random, networks: int, seed: dict[str, Any] | None
) -> Person:
    c = CULTURES[culture_name]
    gender = rng.choice(("male", "female"))
    given = rng.choice(c.given_male if gender == "male" else c.given_female)
    middles = c.middle_male if gender == "male" else c.middle_female
    weights = c.middle_male_weights if gender == "male" else c.middle_female_weights
    if c.patronymic and rng.random() < 0.5:
        family = rng.choice(c.given_male)
    else:
        family = _pick(c.family, c.family_weights, rng)
    if c.family_first:
        middle = [_pick(middles, weights, rng)] if middles else []
        words: tuple[str, ...] = (family, *middle, given)
    else:
        words = (given, family)
        if c.patronymic and rng.random() < 0.5:
            words = (*words, rng.choice(c.family))
    native = ""
    if seed is not None:
        words = tuple(str(seed["name_latin"]).split())
        native = str(seed.get("name_native", ""))
        gender = str(seed.get("gender", gender))
    nationality = c.nationality[0] if rng.random() < 0.7 else rng.choice(c.nationality)
    languages = (c.languages[0], *[x for x in c.languages[1:] if rng.random() < 0.3])
    age = rng.randint(12, 24)
    return Person(
        person_id=f"person-{n:06d}",
        culture=culture_name,
        gender=gender,
        words=words,
        birth_year=RECORDED_YEAR - age,
        nationality=nationality,
        languages=languages,
        native=native,
        phone=f"07700 9{rng.randrange(10**5):05d}" if rng.random() < 0.3 else "",
        network=rng.randrange(networks) if rng.random() < 0.4 else -1,
        place=facts.place_for(nationality, c.nationality[0], rng),
        family=_family_of(c, words, gender, rng),
        **_birth_facts(culture_name, age, rng),
    )


def _sibling(n: int, of: Person, rng: random.Random) -> Person:
    """A brother or sister of `of`: same parents, birthplace, family name and nationality,
    another given name (one of the family's children) and a year of birth 1 to 6 apart."""
    c = CULTURES[of.culture]
    assert of.family is not None
    gender = rng.choice(("male", "female"))
    pool = c.given_male if gender == "male" else c.given_female
    own = _given(of.words, c)
    choices = [g for g in of.family.children if g != own] or [g for g in pool if g != own]
    given = rng.choice(choices)
    words = (*of.words[:-1], given) if c.family_first else (given, *of.words[1:])
    family = facts.Family(of.family.mother, of.family.father,
                          tuple(dict.fromkeys([*of.family.children, given])))  # fmt: skip
    year = of.birth_year + rng.choice((-1, 1)) * rng.randint(1, 6)
    year = min(max(year, RECORDED_YEAR - 24), RECORDED_YEAR - 10)
    return Person(
        person_id=f"person-{n:06d}",
        culture=of.culture,
        gender=gender,
        words=words,
        birth_year=year,
        nationality=of.nationality,
        languages=of.languages,
        phone=f"07700 9{rng.randrange(10**5):05d}" if rng.random() < 0.3 else "",
        network=of.network,
        place=of.place,
        family=family,
        sibling_of=of.person_id,
        **_birth_facts(of.culture, RECORDED_YEAR - year, rng),
    )


@dataclass(frozen=True)
class Rates:
    """How often a device records each identifying fact (the defaults are the test set's; see
    the module docstring). Other values answer "what if workers recorded more" in
    `python -m linkage.quality_table`, never the quality test."""

    dob: float = 0.40  # a date of birth rather than only an age
    birthplace: float = 0.60
    family: float = 0.30


def _answers(
    p: Person, rng: random.Random, network_ids: list[dict[str, str]], rates: Rates
) -> dict[str, Any]:
    """One device's record of person `p`."""
    words = [_respell(w, rng) for w in p.words]
    if rng.random() < 0.2:
        i = rng.randrange(len(words))
        words[i] = _typo(words[i], rng)
    if p.culture == "vietnamese" and rng.random() < 0.4:
        words = [_VIETNAMESE_MARKS.get(w, w) for w in words]
    if rng.random() < 0.35:
        words.reverse()  # given and family name swapped, or written in the other order
    a: dict[str, Any] = {"name_latin": " ".join(words)}
    if p.native and rng.random() < 0.5:
        a["name_native"] = p.native
    if rng.random() < 0.3:
        a["pv_first_name"], a["pv_last_name"] = " ".join(words[:-1]) or words[0], words[-1]
    if rng.random() < 0.12:
        alias = [_respell(w, rng) for w in p.words]
        a["aliases"] = [{"alias_text": " ".join(alias), "alias_note": "on a document"}]
    shift = rng.choices((0, 1, -1, 2, -2), weights=(50, 18, 17, 8, 7))[0]
    if rng.random() < 0.02:  # an age given far off (fear, coaching, a guess)
        shift = rng.choice((-5, -4, -3, 3, 4, 5))
    roll = rng.random()
    if roll < rates.dob:
        a["dob_claimed"] = facts.record_dob(
            p.birth_year, p.birth_month, p.knows_month, p.january_document, p.culture, rng
        )
    elif roll < rates.dob + (1 - rates.dob) * 0.87:
        a["age_claimed"] = RECORDED_YEAR - p.birth_year + shift
    if rng.random() < 0.97:
        a["pv_gender"] = p.gender if rng.random() < 0.99 else _other_gender(p.gender)
    if rng.random() < 0.9:
        # Sometimes another nationality is given (a false document, a neighbouring country).
        a["pv_nationality"] = p.nationality if rng.random() < 0.96 else _other_country(p, rng)
    if rng.random() < 0.85:
        spoken = [x for x in p.languages if rng.random() < 0.8] or [p.languages[0]]
        a["languages"] = spoken
    if p.phone and rng.random() < 0.6:
        # A quarter of the time it is a newer number: phones are lost, taken or replaced.
        a["pv_phone"] = p.phone if rng.random() < 0.75 else f"07700 9{rng.randrange(10**5):05d}"
    if p.place is not None and rng.random() < rates.birthplace:
        a["pv_birthplace"] = facts.record_place(p.place, rng, _DRIFT)
    if p.family is not None and rng.random() < rates.family:
        given = _given(p.words, CULTURES[p.culture])
        a["pv_family"] = facts.record_family(p.family, given, rng, lambda w: _respell(w, rng))
    if p.network >= 0 and rng.random() < 0.6:
        net = network_ids[p.network]
        a["associates"] = [
            {
                "associate_name": "Boss",
                "associate_phone": net["phone"],
                "associate_vehicle": f"black van {net['plate']}",
            }
        ]
        if rng.random() < 0.3:
            a["places"] = [{"place_address": net["address"], "place_type": "house"}]
    return a


_SIBLINGS = 0.05  # share of people who are a brother or sister of someone already in the set


def generate(
    people: int,
    *,
    seed: int = 16,
    seeds: Sequence[dict[str, Any]] = (),
    cultures: Sequence[str] = ("vietnamese", "arabic", "chinese", "eritrean"),
    rates: Rates = Rates(),  # frozen, never mutated
) -> Population:
    """`people` fictional people, each recorded 1-4 times (mostly 2-3), in random order.

    `seeds` (e.g. the fixture people of tests/data/people.json) are recorded too, under their
    own names, before the generated people."""
    rng = random.Random(seed)  # noqa: S311 - fictional test data, not security
    networks = max(1, people // 20)
    network_ids = [
        {
            "phone": f"07911 {rng.randrange(10**6):06d}",
            "plate": f"{rng.choice('ABCDEFGHKLMNOPRSVWY')}{rng.choice('ABCDEFGHKLMN')}"
            f"{rng.randint(10, 25)} {''.join(rng.choices('ABCDEFGHJKLMNPRSTUVWXYZ', k=3))}",
            "address": f"{rng.randint(1, 200)} Mill Lane, Unit {rng.randint(1, 9)}",
        }
        for _ in range(networks)
    ]
    persons: list[Person] = []
    for n in range(people):
        template = seeds[n] if n < len(seeds) else None
        culture = rng.choice(cultures)
        if template is None and persons and rng.random() < _SIBLINGS:
            persons.append(_sibling(n, rng.choice(persons), rng))
            continue
        persons.append(_new_person(n, culture, rng, networks, template))
    records: list[dict[str, Any]] = []
    person_of: dict[str, str] = {}
    for p in persons:
        copies = rng.choices((1, 2, 3, 4), weights=(15, 45, 28, 12))[0]
        for _ in range(copies):
            case_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            day = f"{RECORDED_YEAR}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            records.append(
                {
                    "record_format": 1,
                    "case_id": case_id,
                    "form": {"id": "uk-first-contact", "version": 1},
                    "nation": "england",
                    "created_at": f"{day}T10:00:00Z",
                    "answers": _answers(p, rng, network_ids, rates),
                }
            )
            person_of[case_id] = p.person_id
    rng.shuffle(records)
    return Population(records, person_of, persons)
