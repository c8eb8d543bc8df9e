"""Every claimed script has glyphs, prints with ink and reads back from pdftotext as typed."""

from __future__ import annotations

import json
import unicodedata
from functools import cache

import pytest

from reports import fonts, glyph_check, text_runs
from reports.flow import labelled_answer, user_text
from reports.page import build_pdf
from tests.reports import make_font_coverage, pdf_probe
from tests.reports.script_ranges import KNOWN_GAPS, SCRIPT_BLOCKS, claimed, in_known_gap
from tests.reports.script_samples import SCRIPT_NAMES

NAMES = {script: name for _, script, name in SCRIPT_NAMES}


def test_coverage_file_is_the_fonts_own_cmaps() -> None:
    on_disk = json.loads(fonts.COVERAGE_FILE.read_text(encoding="ascii"))
    assert on_disk == make_font_coverage.coverage(), "run tests.reports.make_font_coverage"


@pytest.mark.parametrize("script", sorted(SCRIPT_BLOCKS))
def test_every_letter_mark_and_digit_has_a_glyph_in_the_font_chosen_for_it(script: str) -> None:
    missing = []
    for ch in claimed(script):
        if fonts.is_invisible(ch) or in_known_gap(script, ch):
            continue
        for bold in (False, True):
            if not fonts.covers(fonts.font_for_char(ch, bold), ch):
                missing.append(f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}")
    assert missing == []


@pytest.mark.parametrize("script", sorted(KNOWN_GAPS))
def test_known_gaps_are_reported_and_printed_as_a_marker_never_silently(script: str) -> None:
    gaps = [ch for ch in claimed(script) if in_known_gap(script, ch) and not fonts.has_glyph(ch)]
    assert gaps, f"{script}: the gap is closed; remove it from KNOWN_GAPS"
    text = "".join(gaps)
    assert glyph_check.missing_chars(text) == gaps
    drawable, _ = text_runs.assign_fonts(text)
    assert drawable == "".join(text_runs.missing_marker(ch) for ch in gaps)


def test_a_missing_character_is_reported_with_field_and_unicode_name() -> None:
    problems = glyph_check.check("name_native", "Name in their own script", "Ali \U0001f900")
    assert [(p.field_id, p.code_point, p.name) for p in problems] == [
        ("name_native", "U+1F900", "CIRCLED CROSS FORMEE WITH FOUR DOTS")
    ]
    assert "Name in their own script" in problems[0].message()
    assert "[U+1F900]" in problems[0].message()
    assert glyph_check.check("x", "X", "".join(NAMES.values())) == []


@cache
def names_pdf() -> bytes:
    story = []
    for _, script, name in SCRIPT_NAMES:
        story.append(labelled_answer(f"Name ({script})", name))
        story += user_text(f"{name} was met at the port.")
    return build_pdf(story, title="Scripts", case_reference="FC-TEST", record_hash="abc")


@pytest.mark.parametrize("script", list(NAMES))
def test_each_script_reads_back_from_pdftotext_as_typed(script: str) -> None:
    name = unicodedata.normalize("NFC", NAMES[script])
    text = pdf_probe.pdftotext(names_pdf())
    # Once as the answer on its own line, once at the start of an English sentence.
    assert text.count(name) >= 2, script
    assert "\ufffd" not in text


def test_arabic_script_reads_back_as_letters_with_zwnj_not_presentation_forms() -> None:
    text = pdf_probe.pdftotext(names_pdf())
    assert "فرزانه می\u200cخواهد" in text
    # Arabic presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFF) never reach the text layer.
    assert not [ch for ch in text if 0xFB50 <= ord(ch) <= 0xFDFF or 0xFE70 <= ord(ch) <= 0xFEFF]


def test_combining_marks_stay_with_their_base_letter() -> None:
    text = pdf_probe.pdftotext(names_pdf())
    yoruba = unicodedata.normalize("NFC", NAMES["Yoruba"])
    assert yoruba in text
    for line in text.splitlines():
        # A line never starts with a mark cut off from its letter.
        assert not line or unicodedata.category(line[0]) != "Mn", repr(line)


@pytest.mark.parametrize("script", list(NAMES))
def test_each_script_renders_with_ink(script: str) -> None:
    # Drawn alone and large: a name made of missing glyphs or blanks would leave the page white.
    pdf = build_pdf(
        user_text(NAMES[script], size=28), title="x", case_reference="X", record_hash="0"
    )
    blank = build_pdf(user_text(" ", size=28), title="x", case_reference="X", record_hash="0")
    assert pdf_probe.dark_pixels(pdf, dpi=30) > pdf_probe.dark_pixels(blank, dpi=30) + 40, script
    for base_name, font in pdf_probe.page_fonts(pdf).items():
        assert pdf_probe.embedded_file(font), base_name
