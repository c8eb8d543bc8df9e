"""Names across scripts and spellings, and the row a record becomes."""

from __future__ import annotations

from linkage import names
from linkage.rows import cap_wide_blocks, person_row
from tests.council_store.store_fixtures import people, record_for


def test_no_spelling_is_in_two_variant_families() -> None:
    seen: dict[str, str] = {}
    for family in names.VARIANT_FAMILIES:
        for spelling in family:
            assert seen.setdefault(spelling, family[0]) == family[0], spelling


def test_variant_spellings_order_and_diacritics_give_one_key() -> None:
    assert names.name_key("Mohamed Osman") == names.name_key("Usman Muhammad")
    assert names.name_key("Mohammed OTHMAN") == "mohamed osman"
    assert names.name_key("Nguyễn Văn Đức") == names.name_key("Duc Van Nguyen")
    assert names.name_key("Selam Tesfaye") == names.name_key("Tesfay Selam")
    # Different people keep different keys.
    assert names.name_key("Ahmed Osman") != names.name_key("Mohamed Osman")


def test_own_script_and_run_together_forms_meet() -> None:
    # ICU writes 林小梅 as three syllables; the run-together form meets "Lin Xiaomei".
    assert names.name_keys("林小梅") & names.name_keys("Xiaomei Lin")
    assert names.skeleton("usman") == names.skeleton("osman")


def test_a_record_becomes_a_row_with_identifiers() -> None:
    record = record_for(people()["p03"], "c1", aliases=["Salam Tesfai"])
    answers = record["answers"]
    answers["dob_claimed"] = {"year": 2009, "month": 4}
    answers["languages"] = ["ti", "ar"]
    answers["pv_phone"] = "+44 7700 900123"
    answers["associates"] = [
        {"associate_phone": "07911 123456", "associate_vehicle": "van KX19 ABC"}
    ]
    answers["places"] = [{"place_address": "12 Mill Lane, Leeds"}]
    row = person_row("c1", 3, record)
    assert row.name_key == "selam tesfay"
    assert "selam tesfay" in row.name_forms  # the alias folds to the same name
    assert (row.birth_year, row.birth_year_stated) == (2009, True)
    assert (row.nationality, row.gender, row.languages) == ("ER", "female", ("ti", "ar"))
    assert row.phones == ("700900123",)
    assert row.exploiter_phones == ("911123456",)
    assert row.vehicles == ("KX19ABC",)
    assert row.addresses == ("street:12 mill lane leeds",)


def test_birthplace_family_month_and_own_phone_become_comparable_keys() -> None:
    record = record_for(people()["p02"], "c4")  # Nguyễn Văn Đức
    answers = record["answers"]
    answers["dob_claimed"] = {"year": 2010, "month": 3}
    answers["pv_birthplace"] = "Diễn Châu, Nghệ An province, Vietnam"
    # The father's family name is the boy's own: every Nguyen namesake shares it, so it is left
    # out; relation words are not names.
    answers["pv_family"] = "Mother Trần Thị Lan, father Nguyen Van Hung (died), brother Minh."
    answers["pv_phone"] = "07700 900123"
    row = person_row("c4", 1, record)
    assert row.birth_month == 3
    assert row.birthplace_parts == ("dienchau", "nghean")  # "province" and the country dropped
    assert row.birthplace_key == "dienchau nghean"
    assert row.family_names == ("hung", "lan", "minh", "tran")  # Thi and Van say only the sex
    assert "lan minh" in row.family_pairs and len(row.family_pairs) == 6
    assert row.own_phone == "700900123"
    # Another device: the province alone, spelt without marks and run together; an approximate
    # date gives no month (it is not a stated month).
    answers["pv_birthplace"] = "Nghean"
    answers["dob_claimed"] = {"year": 2010, "month": 3, "approximate": True}
    other = person_row("c5", 1, record)
    assert other.birthplace_parts == ("nghean",) and other.birth_month is None
    splink = other.splink_row()
    assert splink["family_names"] and splink["birthplace_parts"] == ["nghean"]


def test_a_stated_age_gives_an_approximate_year_and_junk_is_ignored() -> None:
    record = record_for(people()["p07"], "c2", age=17)
    row = person_row("c2", 1, record)
    assert (row.birth_year, row.birth_year_stated) == (2009, False)
    broken = {"answers": {"name_latin": 5, "languages": "ar", "age_claimed": "x", "phones": 3}}
    empty = person_row("c3", 1, broken)
    assert (empty.name_key, empty.birth_year, empty.languages, empty.phones) == (None, None, (), ())
    assert (empty.birthplace_key, empty.family_names, empty.own_phone) == (None, (), None)


def test_a_skeleton_shared_by_too_many_cases_leaves_the_wide_blocking_rules() -> None:
    nguyen = [
        person_row(f"n{i}", 1, {"answers": {"name_latin": f"Nguyen Thi {given}"}})
        for i, given in enumerate(("Tam", "Tien", "Thu"))
    ]
    other = person_row("o", 1, {"answers": {"name_latin": "Tran Minh"}})
    capped = cap_wide_blocks([*nguyen, other], limit=2)
    # "ngn" (Nguyen) is the first skeleton of three cases: over the limit, so gone from the wide
    # keys; the narrow keys (block_first / block_last) stay for the other rules.
    assert [r.wide_first for r in capped[:3]] == [None, None, None]
    assert [r.block_first for r in capped[:3]] == ["ngn"] * 3
    assert [r.wide_last for r in capped[:3]] == ["tm", "tn", "th"]
    assert (capped[3].wide_first, capped[3].wide_last) == ("mnh", "trn")
    assert cap_wide_blocks([other], limit=2)[0] is other
