"""Complete, realistic fictional records from people.json entries (tests and `main.py demo`)."""

from __future__ import annotations

import zlib
from typing import Any

from forms.controlled_lists import load_list
from forms.definition import load_form
from forms.model import Field, FormDefinition
from forms.nations import load_nation
from forms.readiness import readiness
from forms.record import case_nation_id, new_record
from forms.sample_text import BIRTHPLACES, CANNED, PLACES, indicator_ticks

_EXPLOITATION = {
    "domestic servitude": "unpaid_household_work",
    "labour": "forced_to_work",
    "financial": "wages_taken",
    "criminal": "forced_to_commit_crime",
    "sexual": "prostitution",
    "other": "other",
}
_SITUATION = {
    "unpaid_household_work": "domestic_servitude",
    "forced_to_work": "labour",
    "wages_taken": "labour",
    "forced_to_commit_crime": "criminal",
    "prostitution": "sexual",
    "child_exploitation": "sexual",
    "other": "other",
}
_FAMILY_FIRST = ("Han", "Vietnamese")


def _list_id(list_id: str, name: str) -> str | None:
    """The list entry whose label (or else an alias) is `name`, ignoring case."""
    entries = load_list(list_id).entries
    wanted = name.casefold()
    for entry in entries:
        if entry.label.casefold() == wanted:
            return entry.id
    return next((e.id for e in entries if wanted in (a.casefold() for a in e.aliases)), None)


def _types(person: dict[str, Any], child: bool) -> list[str]:
    found: list[str] = []
    for text in person.get("exploitation", []):
        key = next((k for k in _EXPLOITATION if str(text).startswith(k)), "other")
        value = _EXPLOITATION[key]
        found.append("child_exploitation" if child and value == "prostitution" else value)
    return list(dict.fromkeys(found)) or ["other"]


def _names(person: dict[str, Any]) -> dict[str, str]:
    parts = str(person["name_latin"]).split()
    if any(s in str(person.get("script", "")) for s in _FAMILY_FIRST):
        return {"pv_last_name": parts[0], "pv_first_name": " ".join(parts[1:]) or parts[0]}
    return {"pv_first_name": " ".join(parts[:-1]) or parts[0], "pv_last_name": parts[-1]}


def _drama_phone(person: dict[str, Any]) -> str:
    """A number from Ofcom's range reserved for drama (07700 900000-900999), one per demo
    person (fixture p07 -> 900007, generated person 40 -> 900041): one shared number made
    every demo case look like one network to the council's matcher, and the same person
    recorded on two laptops keeps the same phone."""
    ident = str(person.get("id", ""))
    base, generated, serial = ident.partition("-g")
    digits = serial if generated else base.lstrip("p")
    if digits.isdigit():  # generated people come after the fixture ones: never the same
        number = (int(digits) + (1 if generated else 0)) % 1000
    else:
        number = zlib.crc32(ident.encode()) % 1000
    return f"+44 7700 900{number:03d}"


def _facts(person: dict[str, Any], now: str, consent: bool | None) -> dict[str, Any]:
    """The answers that come straight from the person, before generic completion."""
    claimed = person.get("age_claimed")
    uncertain = bool(person.get("age_uncertain"))
    child = uncertain or (isinstance(claimed, int) and claimed < 18)
    place = PLACES.get(str(person.get("met_at")), PLACES["port"])
    types = _types(person, child)
    languages = [x for x in (_list_id("languages", str(n)) for n in person["languages"]) if x]
    note = str(person.get("note", ""))
    a: dict[str, Any] = {
        "met_at": now[:16],
        "met_place_type": place["type"],
        "met_place_detail": place["detail"],
        "fr_organisation": place["organisation"],
        "name_native": person.get("name_native") or None,  # none written: no interpreter
        "name_latin": person["name_latin"],
        **_names(person),
        "pv_gender": person.get("gender", "other"),
        "pv_nationality": _list_id("countries", str(person.get("nationality", ""))),
        "pv_birthplace": person.get("birthplace")
        or BIRTHPLACES.get(str(person.get("nationality"))),
        "languages": languages,
        "first_language": languages[0] if languages else None,
        "interpreter_used": "yes",
        "interpreter_type": "phone",
        "interpreter_language": languages[0] if languages else None,
        "interpreter_independent_confirmed": "yes",
        "interpreter_needed": "yes",
        "interpreter_needed_language": languages[0] if languages else None,
        "age_uncertain": "yes" if uncertain else "no",
        "pv_under_18": ("not_sure" if uncertain else "yes") if child else "no",
        "exploitation_types": types,
        "how_it_started": note,
        "professional_insight": note,
        "current_city": place["city"],
        "indicators_identified": "yes",
        **indicator_ticks(note, child),
    }
    if isinstance(claimed, int):
        a["age_claimed"] = claimed
    if uncertain:
        a["reasons_may_be_child"] = "They said they are 16 or 17; no documents were seen."
    if len(types) > 1:
        year = int(now[:4])
        a["multiple_situations"] = "yes"
        a["situations"] = [
            {
                "situation_type": _SITUATION.get(t, "other"),
                "situation_start": {"year": year - 1 - i, "month": None, "approximate": True},
            }
            for i, t in enumerate(types)
        ]
    else:
        a["multiple_situations"] = "no"
    if child:
        a.update(
            la_referral_made="yes",
            la_referral_at=now[:16],
            person_with_pr_in_uk="no",
            la_name=place["la"],
            guardian_area="england:" + place["ictg"],
        )
    else:
        consents = consent if consent is not None else "declines" not in note
        a.update(
            nrm_explained="yes",
            pin_explained="yes",
            nrm_consent="yes" if consents else "no",
            will_cooperate="yes" if consents else "no",
        )
        if consents:
            a.update(
                wants_support="yes",
                support_contact_route="own_phone",
                pv_phone=_drama_phone(person),
                decision_recipient="someone_else",
            )
    return {k: v for k, v in a.items() if v is not None}


def _filler(f: Field, now: str) -> Any:
    """A plausible answer of the right type for a question the facts above did not cover."""
    if f.id in CANNED:
        return CANNED[f.id]
    year = int(now[:4])
    by_type: dict[str, Any] = {
        "text": "Recorded at first contact",
        "long_text": "As they described it at first contact; see the record of first contact.",
        "yes_no": "no",
        "yes_no_unsure": "no",
        "phone": "+44 1632 960001",
        "email": "duty.team@example.gov.uk",
        "date": now[:10],
        "datetime": now[:16],
        "partial_date": {"year": year - 1, "month": None, "approximate": True},
        "number": 1,
    }
    if f.type in by_type:
        return by_type[f.type]
    if f.type in ("single_choice", "multiple_choice"):
        return f.options[0].id if f.type == "single_choice" else [f.options[0].id]
    if f.type == "controlled_list" and f.list_id:
        first = load_list(f.list_id).entries[0].id
        return [first] if f.multiple else first
    if f.type == "group":
        return [{s.id: _filler(s, now) for s in f.sub_fields if s.required_for}]
    return None


def _complete(record: dict[str, Any], form: FormDefinition, now: str) -> None:
    """Answer whatever the applicable outputs still need, a few passes for revealed questions."""
    nation = load_nation(case_nation_id(record))
    answers: dict[str, Any] = record["answers"]
    for _ in range(8):
        missing = [m for state in readiness(record, form, nation).values() for m in state.missing]
        if not missing:
            return
        for m in missing:
            if "[" in m.field_id:
                group, rest = m.field_id.split("[", 1)
                index, sub = int(rest.split("]")[0]), rest.split(".", 1)[1]
                answers[group][index][sub] = _filler(form.fields[sub], now)
            else:
                answers[m.field_id] = _filler(form.fields[m.field_id], now)


def record_for_person(
    person: dict[str, Any],
    *,
    case_id: str,
    now: str,
    nation: str,
    consent: bool | None = None,
) -> dict[str, Any]:
    """A complete record: children by the children's pathway; adults consent unless the person's
    note says they decline (p05 → Duty to Notify) or `consent` says otherwise."""
    form = load_form()
    record = new_record(case_id, form, nation, now)
    record["answers"].update(_facts(person, now, consent))
    _complete(record, form, now)
    return record
