"""docs/forms-coverage.md agrees with the definition and the schema about official form ids."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from forms.conditions import is_visible
from forms.definition import load_form

FORM = load_form()
DOCS = Path(__file__).parents[2] / "docs"
COVERAGE = (DOCS / "forms-coverage.md").read_text("utf-8")


def _schema_ids(node: Any) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "x-nrm-id" and value:
                found.append(value)
            elif key == "x-nrm-option-ids":
                found += list(value.values())
            else:
                found += _schema_ids(value)
    elif isinstance(node, list):
        for value in node:
            found += _schema_ids(value)
    return found


def _count(row: str) -> int:
    match = re.search(rf"\| {re.escape(row)}[^|]*\| \**(\d+)\** \|", COVERAGE)
    assert match, row
    return int(match.group(1))


def test_the_counts_are_the_definitions_and_the_schemas() -> None:
    fields = [f.nrm_id for f in FORM.fields.values() if f.nrm_id]
    options = [o.nrm_id for f in FORM.fields.values() for o in f.options if o.nrm_id]
    schema = _schema_ids(json.loads((DOCS / "record.schema.json").read_text("utf-8")))
    assert sorted(schema) == sorted(fields + options)
    assert _count("Official ids carried as an `nrm_id`") == len(fields) + len(options)
    assert _count("… on fields") == len(fields) and _count("… on choice options") == len(options)


def test_the_official_spellings_issue_13_fixed() -> None:
    ids = {f.id: f.nrm_id for f in FORM.fields.values()}
    prefix = "local-authority-contacted-about-child-local-authority-"
    assert ids["la_contact_first_name"] == prefix + "first-name"
    assert ids["la_contact_last_name"] == prefix + "last-name"
    assert ids["nominee_contact_methods"] == "someone-else"
    assert ids["nominee_email"] == "someone-else-email-input"
    for part in ("street", "town", "county", "postcode"):
        assert ids[f"nominee_address_{part}"] == f"someone-else-{part}"
    assert "nominee_address" not in ids


def test_ids_listed_as_never_collected_are_not_collected() -> None:
    table = COVERAGE.split("## Official ids deliberately not collected")[1].split("\n## ")[0]
    carried = {f.nrm_id for f in FORM.fields.values()}
    for line in table.splitlines():
        cells = line.split("|")
        if len(cells) > 3 and cells[2].strip() == "always":
            for official in re.findall(r"`([a-z0-9-]+)`", cells[1]):
                assert official not in carried, official


def test_ids_not_asked_of_a_child_are_hidden_for_a_child() -> None:
    child = {"pv_under_18": "not_sure", "ho_reference_exists": "yes", "will_cooperate": "yes"}
    for f in FORM.fields.values():
        if f.nrm_id and f.nrm_id.startswith(("pv-ho-reference", "authorities-cooperation")):
            assert f"`{f.nrm_id}`" in COVERAGE
            assert not is_visible(f, child, form=FORM), f.id
