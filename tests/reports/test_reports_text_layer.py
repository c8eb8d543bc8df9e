"""Packs read back from their text layer: every fixture person, and generated names per script."""

from __future__ import annotations

import unicodedata
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.flow import labelled_answer
from reports.page import build_pdf
from services.documents import glyph_warnings_for_record, pack_for_record
from services.record_hash import record_hash
from tests.reports import pdf_probe
from tests.reports.documents_vault import fixture_people
from tests.reports.script_ranges import SCRIPT_BLOCKS, in_known_gap
from tests.reports.test_reports_documents import REFERENCE, record_of

# Scripts whose names are written with letters and combining marks; emoji are checked by
# test_reports_scripts (symbols, not names).
NAME_SCRIPTS = sorted(set(SCRIPT_BLOCKS) - {"Emoji"})


# Arabic marks U+0659-U+065F (Pashto, Kashmiri, African orthographies) that poppler's bidi
# tables do not know: a right-to-left word ending in one reads back from pdftotext in visual
# order. The PDF itself carries the right ActualText; see docs/scripts.md.
_POPPLER_UNKNOWN_MARKS = frozenset(chr(code) for code in range(0x0659, 0x0660))


@cache
def _alphabet(script: str) -> tuple[list[str], list[str]]:
    """The script's letters and its combining marks."""
    letters, marks = [], []
    for first, last in SCRIPT_BLOCKS[script]:
        for code in range(first, last + 1):
            ch = chr(code)
            if in_known_gap(script, ch) or ch in _POPPLER_UNKNOWN_MARKS:
                continue
            kind = unicodedata.category(ch)
            if kind.startswith("L"):
                letters.append(ch)
            elif kind in ("Mn", "Mc") and script != "Hangul":
                marks.append(ch)
    return letters, marks


@st.composite
def names(draw: st.DrawFn) -> tuple[str, str]:
    script = draw(st.sampled_from(NAME_SCRIPTS))
    letters, marks = _alphabet(script)
    words = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        word = ""
        # Two letters at least: pdftotext joins one-letter words ("a a" reads back "aa")
        # because the space between two narrow glyphs is under its word-gap threshold.
        for _ in range(draw(st.integers(min_value=2, max_value=6))):
            word += draw(st.sampled_from(letters))
            if marks and draw(st.booleans()):
                word += draw(st.sampled_from(marks))
        words.append(word)
    return script, " ".join(words)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=names())
def test_generated_names_in_each_script_read_back_as_typed(pair: tuple[str, str]) -> None:
    script, name = pair
    pdf = build_pdf(
        [labelled_answer("Name", name)], title="x", case_reference="FC-TEST", record_hash="0"
    )
    text = pdf_probe.pdftotext(pdf)
    assert unicodedata.normalize("NFC", name) in text, (script, name, text)


@pytest.mark.parametrize("person_id", [p["id"] for p in fixture_people()])
def test_every_fixture_person_reads_back_from_the_pack_exactly(person_id: str) -> None:
    record = record_of(person_id)
    pdf = pack_for_record(
        record, reference=REFERENCE, record_hash=record_hash(record), photo=None, training=True
    )
    text = pdf_probe.pdftotext(pdf)
    p = next(p for p in fixture_people() if p["id"] == person_id)
    assert unicodedata.normalize("NFC", str(p["name_native"])) in text
    assert unicodedata.normalize("NFC", str(p["name_latin"])) in text
    assert "\ufffd" not in text and "[U+" not in text


def test_a_character_no_font_has_is_reported_by_field_and_marked_on_the_page() -> None:
    record = record_of("p04", name_native="احمد \U0001f900 نوری")
    assert glyph_warnings_for_record(record, reference=REFERENCE) == [
        "Name in their own script: U+1F900 CIRCLED CROSS FORMEE WITH FOUR DOTS cannot be "
        "printed; the document shows [U+1F900] in its place."
    ]
    pdf = pack_for_record(
        record, reference=REFERENCE, record_hash=record_hash(record), photo=None, training=True
    )
    # The page shows the marker (pypdf reads the glyphs); the text layer keeps the character.
    assert "[U+1F900]" in "".join(pdf_probe.page_texts(pdf))
    assert "احمد \U0001f900 نوری" in pdf_probe.pdftotext(pdf)
    assert glyph_warnings_for_record(record_of("p04"), reference=REFERENCE) == []
