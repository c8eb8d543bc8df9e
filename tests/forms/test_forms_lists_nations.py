"""Controlled lists (source and date at the top) and the per-nation configuration."""

from __future__ import annotations

import unicodedata
from importlib.resources import files

import pytest

from forms.controlled_lists import list_ids, load_list
from forms.definition import load_form
from forms.nations import NationError, load_nation, nations
from forms.record import search_terms
from tests.forms.forms_fixtures import record_with


def test_every_list_file_starts_with_its_source_and_date() -> None:
    for path in files("forms.lists").iterdir():
        if path.name.endswith(".toml"):
            head = [line for line in path.read_text("utf-8").splitlines()[:4] if "=" in line]
            assert head[0].startswith("source = ") and head[1].startswith("updated = "), path.name
    for list_id in list_ids() - {"ictg_areas"}:
        listed = load_list(list_id)
        assert listed.source and listed.updated and listed.entries, list_id
        assert len(listed.ids()) == len(listed.entries), f"duplicate ids in {list_id}"


def test_lists_hold_what_the_cohort_needs() -> None:
    countries = load_list("countries")
    assert countries.label("ER") == "Eritrea" and countries.label("XK") == "Kosovo"
    assert not {"EU", "UN", "001"} & countries.ids()
    languages = load_list("languages")
    assert {"ti", "ps", "fa_AF", "ckb", "pcm", "cdo", "vi", "am"} <= languages.ids()
    councils = load_list("local_authorities").entries
    by_nation = {n: sum(e.nation == n for e in councils) for n in ("england", "wales", "scotland")}
    assert by_nation == {"england": 153, "wales": 22, "scotland": 32}
    orgs = load_list("fr_organisations")
    assert orgs.get("metropolitan_police_service").public_authority  # type: ignore[union-attr]
    assert orgs.get("the_salvation_army").public_authority is False  # type: ignore[union-attr]
    assert len(load_list("police_forces").entries) >= 45


def test_nations_configure_the_differences_in_section_6() -> None:
    by_id = {n.id: n for n in nations()}
    assert [n.id for n in nations()] == ["england", "wales", "scotland", "northern_ireland"]
    assert by_id["england"].dtn_available and by_id["wales"].dtn_available
    assert not by_id["scotland"].dtn_available and not by_id["northern_ireland"].dtn_available
    assert "Kent" in by_id["england"].guardian.areas
    assert by_id["scotland"].guardian.eligibility == "no_parental_rights_in_uk"
    assert any(p.phone == "0800 808 3733" for p in by_id["england"].support_providers)
    assert "Trust" in by_id["northern_ireland"].childrens_services_term
    assert "england:Kent" in load_list("ictg_areas").ids()
    with pytest.raises(NationError, match="unknown nation 'mars'"):
        load_nation("mars")


def test_text_is_kept_exactly_as_typed() -> None:
    tricky = "Ọlá Adéṣínà\u200d \u202eevil\u202c " + unicodedata.normalize("NFD", "Dritë")
    record = record_with({"name_native": tricky, "aliases": [{"alias_text": "ዮሃንስ"}]})
    assert search_terms(record) == [tricky, "ዮሃንስ"]
    assert record["answers"]["name_native"].encode() == tricky.encode()
    assert load_form().fields["name_native"].sensitive
