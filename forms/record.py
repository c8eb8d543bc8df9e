"""The case record: a versioned JSON document, its search terms and its list-view summary."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from forms.age import age_band
from forms.model import FormDefinition
from forms.nations import NATION_IDS, NationConfig, NationError
from forms.routes import compute_routes

RECORD_FORMAT = 1
# Top-level answers a worker may search by, and the group members that hold names.
_NAME_FIELDS = ("name_native", "name_latin", "pv_first_name", "pv_last_name")
_NAME_GROUPS = {"aliases": "alias_text"}


def new_record(case_id: str, form: FormDefinition, nation: str, now: str) -> dict[str, Any]:
    """An empty record bound to the definition version it is captured with.

    `nation` (top level) is the nation the case was opened in (the device's, or the one chosen
    when it was opened); the answer `fr_nation` (the official form's fr-location) starts equal
    to it, and from then on the answer decides (`case_nation_id`).
    """
    if nation not in NATION_IDS:
        raise NationError(f"unknown nation {nation!r}: use one of {', '.join(NATION_IDS)}")
    return {
        "record_format": RECORD_FORMAT,
        "case_id": case_id,
        "form": {"id": form.id, "version": form.version},
        "nation": nation,
        "answers": {"fr_nation": nation},
        "gap_reasons": {},
        "created_at": now,
    }


def case_nation_id(record: Mapping[str, Any]) -> str:
    """The nation whose rules route this case: the worker's "nation you are working in" answer,
    or, while it is unanswered, the nation the case was opened in. There is no default."""
    answers = record.get("answers", {})
    answer = answers.get("fr_nation") if isinstance(answers, Mapping) else None
    for candidate in (answer, record.get("nation")):
        if candidate in NATION_IDS:
            return str(candidate)
    raise NationError("This case has no nation: answer 'Nation you are working in'.")


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str) and value.strip():
        yield value


def search_terms(record: Mapping[str, Any]) -> list[str]:
    """Every name and spelling a worker might search by, exactly as typed (storage normalises)."""
    answers = record.get("answers", {})
    if not isinstance(answers, Mapping):
        return []
    terms: list[str] = []
    for field_id in _NAME_FIELDS:
        terms += _strings(answers.get(field_id))
    for group_id, sub_id in _NAME_GROUPS.items():
        items = answers.get(group_id)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, Mapping):
                terms += _strings(item.get(sub_id))
    return list(dict.fromkeys(terms))


def summary(
    record: Mapping[str, Any], form: FormDefinition, nation_config: NationConfig
) -> dict[str, Any]:
    """What the case list shows: names, age band, routes, nation (nothing else personal)."""
    answers = record.get("answers", {})
    answers = answers if isinstance(answers, Mapping) else {}
    return {
        "name_native": str(answers.get("name_native") or ""),
        "name_latin": str(answers.get("name_latin") or ""),
        "age_band": age_band(answers),
        "routes": [r.id for r in compute_routes(record, form, nation_config)],
        "nation": nation_config.id,
        "form_version": form.version,
    }
