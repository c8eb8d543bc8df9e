"""Property: no identifying value of an adult not agreeing to be named reaches the Duty to Notify.

People come from tests/data/people.json (names in eight scripts) and from generated names in
Latin, Cyrillic, Greek, Arabic, Ethiopic and Han. Their names, aliases, date of birth, phones,
email, address, the responder's reference and the crime reference are entered in the record, and
embedded in the free text the notification carries, disguised: capitals, accents taken off or
decomposed, zero-width and bidi controls inside, fullwidth letters, other digits, line breaks.
Neither the view nor the text extracted from the PDF may contain any of them, compared after the
same normalisation and with all whitespace removed (so a line break in the PDF hides nothing).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from forms.definition import load_form
from forms.identifiers import normalise
from forms.nations import load_nation
from forms.outputs import output_view
from forms.samples import record_for_person
from reports.documents import duty_to_notify
from reports.documents.context import CaseContext
from reports.page import build_pdf
from tests.conftest import budget
from tests.reports import pdf_probe
from tests.reports.documents_vault import fixture_people, person

FORM = load_form()
ENGLAND = load_nation("england")
NOW = "2026-11-28T09:00:00Z"
FREE_TEXT = (
    "how_it_started",
    "treatment",
    "living_conditions",
    "exploiter_details",
    "professional_insight",
    "dtn_reason",
)
IDENTIFYING_FIELDS = {
    "name_native",
    "name_latin",
    "pv_first_name",
    "pv_last_name",
    "aliases",
    "dob_claimed",
    "pv_phone",
    "pv_email",
    "pv_address_street",
    "pv_address_town",
    "pv_address_postcode",
    "fr_reference",
    "crime_ref",
    "current_city",
}
_ALPHABETS = {
    "latin": "abcdefghijklmnopqrstuvwxyzéèäöüñçşğıłøåčžš",
    "cyrillic": "абвгдежзийклмнопрстуфхцчшщыэюяїєі",
    "greek": "αβγδεζηθικλμνξοπρστυφχψω",
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "ethiopic": "ሀለሐመሠረሰሸቀበተቸኀነኘአከኸወዐዘዠየደጀገጠጨጰጸፀፈፐ",
    "han": "林小梅王李张刘陈杨黄赵吴周徐孙马朱胡郭何高罗郑梁谢宋唐许韩冯邓曹",
}
_FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in map(chr, range(0x21, 0x7F))}
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_FILLER = "They said the people who brought them here were kind at first"


def _word(script: str, size: int = 5) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(_ALPHABETS[script]), min_size=size, max_size=9)


@st.composite
def names(draw: st.DrawFn) -> tuple[str, str]:
    """(native, latin): a fixture person's, or generated ones of two words each."""
    if draw(st.booleans()):
        p = draw(st.sampled_from(fixture_people()))
        return str(p["name_native"]), str(p["name_latin"])
    script = draw(st.sampled_from(sorted(_ALPHABETS)))
    native = f"{draw(_word(script))} {draw(_word(script))}"
    return native, f"{draw(_word('latin'))} {draw(_word('latin'))}".title()


@st.composite
def disguise(draw: st.DrawFn, value: str) -> str:
    """The value as a worker might type or paste it, not as it was entered."""
    how = draw(st.sampled_from(["same", "upper", "zero_width", "bidi", "nfd", "wide", "spaces"]))
    if how == "upper":
        return value.upper()
    if how == "zero_width":
        at = draw(st.integers(1, max(1, len(value) - 1)))
        return (
            value[:at]
            + draw(st.sampled_from(["\u200b", "\u200d", "\u00ad", "\ufeff"]))
            + value[at:]
        )
    if how == "bidi":
        return "\u2067" + value + "\u2069"
    if how == "nfd":
        return unicodedata.normalize("NFD", value)
    if how == "wide":
        return "".join(_FULLWIDTH.get(c, c) for c in value)
    if how == "spaces":
        return value.replace(" ", " \n  ")
    return value


@st.composite
def cases(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    """A declining adult's record with identifiers entered and hidden in free text, and the
    strings that must not reach the notification."""
    native, latin = draw(names())
    first, last = latin.split()[0], latin.split()[-1]
    alias = draw(_word("latin", 6)).title()
    phone_tail = draw(st.integers(100000, 999999))
    year, month = draw(st.integers(1950, 1999)), draw(st.integers(1, 12))
    street = f"{draw(st.integers(2, 300))} {draw(_word('latin', 6)).title()} Road"
    postcode = f"Q{draw(st.integers(10, 99))} {draw(st.integers(1, 9))}QZ"
    email = f"{draw(_word('latin', 6))}{draw(st.integers(10, 99))}@example.org"
    reference = f"{first}-KENT-{draw(st.integers(1000, 9999))}"
    crime_ref = f"KNT/{draw(st.integers(10, 99))}/{draw(st.integers(100000, 999999))}"
    town = draw(_word("latin", 6)).title() + "ford"
    answers = {
        "name_native": native,
        "name_latin": latin,
        "pv_first_name": first,
        "pv_last_name": last,
        "aliases": [{"alias_text": alias, "alias_note": "used by the exploiters"}],
        "dob_claimed": {"year": year, "month": month, "approximate": False},
        "pv_phone": f"+44 7700 9{phone_tail}",
        "pv_email": email,
        "pv_address_street": street,
        "pv_address_town": "Dover",
        "pv_address_postcode": postcode,
        "fr_reference": reference,
        "crime_ref_exists": "yes",
        "police_force": "kent",
        "crime_ref": crime_ref,
        "current_city": town,
        "will_cooperate": draw(st.sampled_from(["yes", "no"])),  # either way: not consent
        "dtn_named_consent": draw(st.sampled_from([None, "no"])),
    }
    national = f"07700 9{phone_tail}"
    spoken = [
        native,
        latin,
        last if len(last) >= 5 else latin,
        alias,
        draw(st.sampled_from([national, national.translate(_ARABIC_INDIC), answers["pv_phone"]])),
        f"{draw(st.integers(1, 28))}/{month:02}/{year}",
        email,
        street,
        postcode,
        reference,
        crime_ref,
    ]
    hidden = draw(st.lists(st.sampled_from(spoken), min_size=1, max_size=4))
    texts = {f: _FILLER + "." for f in FREE_TEXT}
    for value in hidden:
        target = draw(st.sampled_from(FREE_TEXT))
        texts[target] += f" {draw(disguise(value))} ({draw(st.sampled_from(['said', 'seen']))})."
    record = record_for_person(person("p05"), case_id="case-p05", now=NOW, nation="england")
    record["answers"].update({k: v for k, v in answers.items() if v is not None}, **texts)
    values = [*spoken[:4], answers["pv_phone"], national, email, street, postcode, reference]
    return record, [*values, crime_ref, town, str(year) + f"-{month:02}", *hidden]


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", normalise(text))


def _pdf_text(record: dict[str, Any]) -> str:
    ctx = CaseContext(record, FORM, ENGLAND, "FC-20261128-TEST")
    pdf = build_pdf(
        duty_to_notify.story(ctx),
        title="Duty to Notify",
        case_reference=ctx.reference,
        record_hash="0" * 64,
        training=True,
    )
    return pdf_probe.body_text(pdf)


@cache
def _furniture() -> tuple[str, str]:
    """The view and PDF text of the same case with no identifiers at all: the form's own words."""
    record = record_for_person(person("p05"), case_id="case-p05", now=NOW, nation="england")
    for key in IDENTIFYING_FIELDS:
        record["answers"].pop(key, None)
    record["answers"].update({f: _FILLER + "." for f in FREE_TEXT})
    view = output_view(record, FORM, "duty_to_notify", ENGLAND)
    return _squashed(json.dumps(view, ensure_ascii=False)), _squashed(_pdf_text(record))


def _leaks(text: str, values: list[str]) -> list[str]:
    return [v for v in values if _squashed(v) in text]


@settings(max_examples=60 * budget(), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_no_identifying_value_reaches_the_duty_to_notify_view(
    case: tuple[dict[str, Any], list[str]],
) -> None:
    record, values = case
    view_furniture, _ = _furniture()
    assume(not _leaks(view_furniture, values))  # a generated "name" that is a word of the form
    view = output_view(record, FORM, "duty_to_notify", ENGLAND)
    assert view["anonymous"] is True
    assert IDENTIFYING_FIELDS.isdisjoint(view["answers"])
    assert _leaks(_squashed(json.dumps(view, ensure_ascii=False)), values) == []


@settings(max_examples=12 * budget(), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_no_identifying_value_reaches_the_duty_to_notify_pdf(
    case: tuple[dict[str, Any], list[str]],
) -> None:
    record, values = case
    _, pdf_furniture = _furniture()
    assume(not _leaks(pdf_furniture, values))
    text = _pdf_text(record)
    assert "Anonymous notification" in text and "Nigeria" in text
    assert _leaks(_squashed(text), values) == []
