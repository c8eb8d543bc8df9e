"""Referral documents for every fixture person: readable, embedded, furnished, nothing lost."""

from __future__ import annotations

import copy
import re
import unicodedata
from functools import cache
from typing import Any

import pytest

from forms.samples import record_for_person
from reports.flow import NOT_ANSWERED
from reports.page import WATERMARK
from services.documents import RenderedDocument, documents_for_record, pack_for_record
from services.record_hash import record_hash, short_record_hash
from tests.reports import pdf_probe
from tests.reports.documents_vault import fixture_people, person, photo_png
from tests.reports.test_reports_pdf import long_mixed_text

NOW = "2026-11-28T09:00:00Z"
REFERENCE = "FC-20261128-TEST"
EXTRACTS_AS_TYPED = ("Latin", "Cyrillic", "Ethiopic", "Han")
CHILD_DOCUMENTS = [
    "childrens_services",
    "nrm",
    "guardian",
    "missing_profile",
    "first_contact_record",
]


def record_of(person_id: str, **answers: Any) -> dict[str, Any]:
    record = record_for_person(
        person(person_id), case_id=f"case-{person_id}", now=NOW, nation="england"
    )
    record["answers"].update(answers)
    return record


def render(record: dict[str, Any], *, photo: bytes | None = None) -> list[RenderedDocument]:
    return documents_for_record(
        record, reference=REFERENCE, record_hash=record_hash(record), photo=photo, training=True
    )


@cache
def fixture_documents() -> dict[str, tuple[dict[str, Any], list[RenderedDocument]]]:
    out = {}
    for p in fixture_people():
        record = record_of(p["id"])
        out[p["id"]] = (record, render(record, photo=photo_png()))
    return out


def names_present(p: dict[str, Any], text: str) -> tuple[bool, bool]:
    latin = str(p["name_latin"]) in text
    native = str(p["name_native"])
    script = str(p["script"])
    if script.startswith(EXTRACTS_AS_TYPED):
        return latin, unicodedata.normalize("NFC", native) in text
    assert script.startswith("Arabic"), script
    return latin, pdf_probe.arabic_fold(native) in pdf_probe.arabic_fold(text)


@pytest.mark.parametrize("person_id", [p["id"] for p in fixture_people()])
def test_every_applicable_document_reads_back_with_names_and_embedded_fonts(
    person_id: str,
) -> None:
    p = person(person_id)
    record, documents = fixture_documents()[person_id]
    ids = [d.output_id for d in documents]
    child = p["age_claimed"] is None or p["age_uncertain"] or p["age_claimed"] < 18
    if child:
        assert ids == CHILD_DOCUMENTS
    else:
        assert ids[-1] == "first_contact_record"
        assert ("duty_to_notify" in ids) != ("nrm" in ids)
    short = short_record_hash(record)
    for doc in documents:
        who = f"{person_id}/{doc.output_id}"
        assert doc.filename == f"{REFERENCE}-{doc.output_id.replace('_', '-')}.pdf"
        assert str(p["name_latin"]) not in doc.filename + doc.title
        reader = pdf_probe.reader(doc.pdf)
        assert 1 <= len(reader.pages) <= 25, who
        assert reader.metadata is not None and reader.metadata.title == doc.title
        for base_name, font in pdf_probe.page_fonts(doc.pdf).items():
            assert pdf_probe.embedded_file(font), f"{who}: {base_name} not embedded"
        texts = pdf_probe.page_texts(doc.pdf)
        for number, page_text in enumerate(texts, start=1):
            assert f"Page {number} of {len(texts)}" in page_text, who
            assert f"Case {REFERENCE}" in page_text and "OFFICIAL-SENSITIVE" in page_text, who
            assert f"Printed from saved version {short}" in page_text, who
            assert WATERMARK in page_text, who
        latin, native = names_present(p, pdf_probe.body_text(doc.pdf))
        if doc.output_id == "duty_to_notify":
            assert not latin and not native, who
        else:
            assert latin and native, who


def test_pack_is_cover_then_documents_with_furniture_on_every_page() -> None:
    record, documents = fixture_documents()["p04"]
    pdf = pack_for_record(
        record,
        reference=REFERENCE,
        record_hash=record_hash(record),
        photo=photo_png(),
        training=False,
    )
    texts = pdf_probe.page_texts(pdf)
    assert len(texts) == sum(len(pdf_probe.reader(d.pdf).pages) for d in documents) + 1
    cover = texts[0]
    assert "Referral pack" in cover and "OFFICIAL-SENSITIVE" in cover and REFERENCE in cover
    # Routes and why, and the contents in pack order (children's services before the NRM).
    assert "Safeguarding referral to" in cover and "before" in cover
    assert "Guardian referral" in cover and "Missing-from-care profile" in cover
    contents = cover[cover.index("Contents") :]
    assert contents.index("Children's services") < contents.index("NRM referral pre-fill")
    # The cover names nobody.
    assert "Ahmad" not in cover and "Noori" not in cover
    for number, page_text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in page_text
        assert f"Printed from saved version {short_record_hash(record)}" in page_text
        assert WATERMARK not in page_text
    # The Missing-from-care profile carries the photo as an image; Part 2 is blank to fill in.
    reader = pdf_probe.reader(pdf)
    images = [i for i, page in enumerate(reader.pages) if page.images]
    assert images, "the photo is not in the pack"
    part2 = next(t for t in texts if "Part 2: when they go missing" in t)
    assert "Clothing worn" in part2 and "Where last seen" in part2


def test_duty_to_notify_without_agreement_to_be_named_carries_no_identity() -> None:
    identity = {
        "pv_first_name": "Ọlá",
        "pv_last_name": "Adéṣínà",
        "pv_phone": "+44 7700 900111",
        "alt_phone": "+44 7700 900222",
        "pv_email": "ola.private@example.org",
        "pv_address_street": "12 Harbour Lane",
        "pv_address_town": "Folkestone",
        "pv_address_postcode": "CT20 1AA",
        "decision_recipient": "person",
        "pv_contact_methods": ["post", "email"],
        "support_contact_route": "own_phone",
        # Defect 3 of issue 13: these three used to be printed in the anonymous notification.
        "fr_reference": "Ola-KENT-0412",
        "crime_ref_exists": "yes",
        "police_force": "kent",
        "crime_ref": "KNT/26/118807",
        "current_city": "Hythe",
    }
    secret_bits = [
        "Ola-KENT",
        "0412",
        "118807",
        "Hythe",
        "Adéṣínà",
        "Adesina",
        "7700 900111",
        "7700 900222",
        "example.org",
        "Harbour",
        "CT20",
    ]
    declined = record_of("p05", will_cooperate="yes", **identity)  # cooperating is not consent
    named = copy.deepcopy(declined)
    named["answers"]["dtn_named_consent"] = "yes"

    def dtn_text(record: dict[str, Any]) -> str:
        doc = next(d for d in render(record) if d.output_id == "duty_to_notify")
        return pdf_probe.body_text(doc.pdf)

    anonymous = dtn_text(declined)
    assert "Anonymous notification" in anonymous
    for bit in secret_bits:
        assert bit not in anonymous, bit
    assert "Nigeria" in anonymous  # nationality is allowed and present
    named_text = dtn_text(named)
    assert "agreed to be named" in named_text
    assert "Adéṣínà" in unicodedata.normalize("NFC", named_text)


def test_a_15000_character_narrative_flows_over_pages_with_nothing_lost() -> None:
    text = long_mixed_text()
    assert len(text) == 15_000
    record = record_of("p06", how_it_started=text)
    nrm = next(d for d in render(record) if d.output_id == "nrm")
    body = pdf_probe.squash(pdf_probe.body_text(nrm.pdf))
    assert pdf_probe.squash(text) in body
    assert len(pdf_probe.reader(nrm.pdf).pages) >= 6


def test_markup_and_bidi_controls_in_names_print_literally() -> None:
    hostile = "<b>x</b> & <font size=40> &amp; \u202eLIA\u202c \u2067end\u2069"
    record = record_of("p08", name_latin=hostile, treatment=f"Said {hostile} twice")
    for doc in render(record):
        text = pdf_probe.body_text(doc.pdf)
        assert "<b>x</b> & <font size=40> &amp; LIA end" in text, doc.output_id
        assert "\u202e" not in text and "\u2067" not in text


def test_unanswered_questions_are_visibly_not_answered() -> None:
    record = record_of("p01")
    for field_id in ("pv_family", "dialect_notes", "journey_details"):
        record["answers"].pop(field_id, None)
    nrm = next(d for d in render(record) if d.output_id == "nrm")
    text = pdf_probe.body_text(nrm.pdf)
    assert text.count(NOT_ANSWERED) >= 3
    # The label of a removed answer is still printed, followed by "Not answered".
    lines = [line.strip() for line in text.splitlines()]
    for label in ("Family (parents", "Dialect or accent"):
        at = next((i for i, line in enumerate(lines) if line.startswith(label)), None)
        assert at is not None, f"{label} is missing from the NRM pre-fill"
        assert lines[at + 1] == NOT_ANSWERED, label


def test_indicators_show_as_narrative_and_compact_table() -> None:
    _record, documents = fixture_documents()["p01"]
    nrm = next(d for d in documents if d.output_id == "nrm")
    text = pdf_probe.body_text(nrm.pdf)
    assert "Indicators noted at first contact, with how each was observed:" in text
    assert "Indicators noted (compact table)" in text
    assert re.search(r"Group\s*Indicator\s*Noted\s*How observed", text)


def test_guardian_referral_follows_the_nation() -> None:
    for nation, service in (
        ("scotland", "Guardianship Scotland"),
        ("northern_ireland", "Independent Guardian"),
    ):
        record = record_for_person(person("p07"), case_id="case-n", now=NOW, nation=nation)
        docs = {d.output_id: d for d in render(record)}
        assert "guardian" in docs, nation
        assert service in pdf_probe.body_text(docs["guardian"].pdf), nation


def test_an_empty_new_record_still_makes_a_pack_of_unanswered_questions() -> None:
    from forms.definition import load_form
    from forms.record import new_record

    record = new_record("case-empty", load_form(), "wales", NOW)
    documents = render(record)
    # Nobody is recorded as an adult, so the child presumption routes it as a child.
    assert documents[0].output_id == "childrens_services"
    text = pdf_probe.body_text(
        pack_for_record(
            record, reference=REFERENCE, record_hash=record_hash(record), photo=None, training=False
        )
    )
    assert text.count(NOT_ANSWERED) > 50
    assert "Wales" in text
