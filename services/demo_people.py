"""Fictional people for demos and benchmarks: the fixture people and generated ones like them."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def fixture_people() -> tuple[dict[str, Any], ...]:
    """The twelve fictional people shipped with the app (same as tests/data/people.json)."""
    raw = (files("services") / "demo_data" / "people.json").read_text(encoding="utf-8")
    return tuple(json.loads(raw)["people"])


@cache
def _pools() -> dict[str, dict[str, Any]]:
    raw = (files("services") / "demo_data" / "name_parts.json").read_text(encoding="utf-8")
    pools: dict[str, dict[str, Any]] = json.loads(raw)["pools"]
    return pools


def generated_person(template: dict[str, Any], rng: random.Random, serial: int) -> dict[str, Any]:
    """A new fictional person in the same script as `template`, with a varied age."""
    pool = _pools()[str(template["id"])]
    given_native, given_latin = rng.choice(pool["given"])
    family_native, family_latin = rng.choice(pool["family"])
    if pool["order"] == "family_first":
        native = f"{family_native}{pool['sep']}{given_native}"
        latin = f"{family_latin}{pool['latin_sep']}{given_latin}"
    else:
        native = f"{given_native}{pool['sep']}{family_native}"
        latin = f"{given_latin}{pool['latin_sep']}{family_latin}"
    person = dict(template)
    person["id"] = f"{template['id']}-g{serial}"
    person["name_native"] = native
    person["name_latin"] = latin
    claimed = template.get("age_claimed")
    if isinstance(claimed, int):
        person["age_claimed"] = max(12, min(70, claimed + rng.randint(-3, 3)))
    return person


def demo_people(count: int, *, seed: int = 2026) -> Iterator[dict[str, Any]]:
    """`count` people: the fixture people first, then generated ones cycling through scripts."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    fixtures = fixture_people()
    for index in range(count):
        template = fixtures[index % len(fixtures)]
        yield dict(template) if index < len(fixtures) else generated_person(template, rng, index)


@cache
def _second_recordings() -> dict[str, dict[str, Any]]:
    raw = (files("services") / "demo_data" / "second_recordings.json").read_text(encoding="utf-8")
    table: dict[str, dict[str, Any]] = json.loads(raw)["people"]
    return table


def recorded_again(person: dict[str, Any]) -> dict[str, Any]:
    """`person` as a second worker elsewhere recorded them (`demo --recorded-again`): for the
    fixture people the spellings in second_recordings.json; for generated ones the names in
    the other order and the stated age a year older. Same person, so same id (and phone)."""
    again = dict(person)
    change = _second_recordings().get(str(person.get("id")))
    if change is None:
        again["name_latin"] = " ".join(reversed(str(person["name_latin"]).split()))
        change = {"age_delta": 1}
    else:
        again.update({k: v for k, v in change.items() if k in ("name_latin", "birthplace")})
    claimed = person.get("age_claimed")
    if isinstance(claimed, int):
        again["age_claimed"] = claimed + int(change.get("age_delta", 0))
    return again
