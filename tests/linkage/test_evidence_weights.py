"""Birthplace, family, month of birth and own phone move a pair of namesakes' score, each with
its level and weight (the fields the match report shows)."""

from __future__ import annotations

from typing import Any

from linkage.engines import predict_duckdb
from linkage.rows import person_row


def _record(**answers: Any) -> dict[str, Any]:
    base = {"name_latin": "Nguyen Van Minh", "pv_gender": "male", "pv_nationality": "VN"}
    return {"created_at": "2026-05-01T10:00:00Z", "answers": {**base, **answers}}


def test_namesakes_are_told_apart_by_birthplace_family_month_and_phone() -> None:
    same = {
        "dob_claimed": {"year": 2010, "month": 6},
        "pv_birthplace": "Dien Chau, Nghe An",
        "pv_family": "Mother Tran Thi Lan, brother Hung, sister Mai.",
        "pv_phone": "07700 900123",
    }
    other = {
        "dob_claimed": {"year": 2010, "month": 11},
        "pv_birthplace": "Hai Phong",
        "pv_family": "Mother Pham Thi Hoa, brother Tuan.",
        "pv_phone": "07700 900999",
    }
    rows = [
        person_row("a", 1, _record(**same)),
        # The same boy on another device: the town alone, spelt without the space; his family
        # in another order and spelling.
        person_row(
            "b",
            1,
            _record(**{**same, "pv_birthplace": "Dienchau", "pv_family": "Sister Mai, mother Lan"}),
        ),
        person_row("c", 1, _record(**other)),  # a namesake of the same age
    ]
    pairs = {(p.case_a, p.case_b): p for p in predict_duckdb(rows, 0.0)}
    one, namesakes = pairs[("a", "b")], pairs[("a", "c")]
    why = {f.field: f for f in one.fields}
    assert why["birthplace"].level == "a place in common" and why["birthplace"].weight > 2
    assert why["family"].level == "two or more family names in common"
    assert why["birth_month"].level == "same month" and why["own_phone"].level == "same number"
    apart = {f.field: f for f in namesakes.fields}
    assert apart["birthplace"].level == "different" and apart["birthplace"].weight < 0
    assert apart["birth_month"].weight < 0 and apart["own_phone"].weight < 0
    assert apart["family"].level == "none in common"
    assert one.probability > 0.99 and namesakes.probability < 0.35


def test_a_placeholder_phone_in_many_cases_is_not_one_person() -> None:
    """An agency's or placeholder number given as their own by many cases (60 here, with no
    names) neither blocks nor counts as the same person; two records of one boy still do."""
    placeholder = [
        person_row(f"p{i:02d}", 1, {"created_at": "2026-05-01T10:00:00Z",
                                    "answers": {"pv_phone": "000 000 000", "pv_gender": "male"}})
        for i in range(60)
    ]  # fmt: skip
    boy = {"pv_phone": "07700 900123", "dob_claimed": {"year": 2010, "month": 6}}
    rows = [*placeholder, person_row("a", 1, _record(**boy)), person_row("b", 1, _record(**boy))]
    proposed = {(p.case_a, p.case_b) for p in predict_duckdb(rows, 0.35)}
    assert proposed == {("a", "b")}


def test_family_names_are_the_words_written_as_names() -> None:
    """A worker's own words are not family names: only capitalised words (or words of a
    script without capitals) count, without relation words in English, Arabic or Amharic."""
    from linkage.evidence import family_names

    assert (
        family_names("Mother and two younger siblings at home, as they described them.", set())
        == ()
    )
    assert family_names("mother lives in the village, father Hung works on a farm", set()) == (
        "hung",
    )
    assert family_names("Mother Nguyen Thi Tuyet, brother Bao.", {"nguyen"}) == ("bao", "tuyet")
    assert family_names("الأم فاطمة، الأب أحمد", set()) == ("ahmd", "fatmt")
