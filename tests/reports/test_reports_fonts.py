"""The shipped fonts: present with their licences, registered once, covering every fixture name."""

from __future__ import annotations

import threading
import unicodedata

import pytest
from reportlab.pdfbase import pdfmetrics

from reports import fonts, text_runs

KURDISH_SORANI = "ە ێ ۆ ڵ ڕ ۊ ڤ ھ"
PERSIAN_DARI = "پ چ ژ گ ک ی"
PASHTO = "ټ ډ ړ ږ ښ ګ ڼ ۍ ې ځ څ"
LATIN_EXTENDED = "ẠặẾệỌợỰỹĐđƠƯ ëç ȘșȚț ĄąĆćĘęŁłŃńŚśŹźŻż ẸẹỌọṢṣ"
CYRILLIC = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯабвгґдеєжзиіїйклмнопрстуфхцчшщьюя"


def test_font_files_ship_with_their_licences() -> None:
    names = {path.name for path in fonts.FONT_DIR.iterdir()}
    for required in (
        "NotoSans-Regular.ttf",
        "NotoSans-Bold.ttf",
        "NotoNaskhArabic-Regular.ttf",
        "NotoNaskhArabic-Bold.ttf",
        "NotoSansEthiopic-Regular.ttf",
        "NotoSansEthiopic-Bold.ttf",
        "DroidSansFallbackFull.ttf",
        "NotoEmoji-Regular.ttf",
        "NotoSansSymbols-Regular.ttf",
        "NotoSansSymbols2-Regular.ttf",
        "NotoSansMath-Regular.ttf",
        "OFL.txt",
        "LICENSE-NotoEmoji-OFL.txt",
        "LICENSE-Apache-2.0.txt",
        "README.md",
    ):
        assert required in names
    for ofl in ("OFL.txt", "LICENSE-NotoEmoji-OFL.txt"):
        assert "SIL OPEN FONT LICENSE" in (fonts.FONT_DIR / ofl).read_text(encoding="utf-8")
    apache = (fonts.FONT_DIR / "LICENSE-Apache-2.0.txt").read_text(encoding="utf-8")
    assert "Apache License" in apache and "Version 2.0" in apache


def test_registration_from_many_threads_registers_every_font() -> None:
    errors: list[BaseException] = []

    def register() -> None:
        try:
            fonts.register_all()
        except BaseException as exc:  # noqa: BLE001  (collected and asserted on below)
            errors.append(exc)

    threads = [threading.Thread(target=register) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for name in fonts.font_names():
        # Registered with reportlab: measuring a character the font has works.
        sample = next(chr(c) for c in range(0x20, 0x20000) if fonts.covers(name, chr(c)))
        assert pdfmetrics.stringWidth(sample, name, 10) >= 0


@pytest.mark.parametrize(
    ("sample", "font"),
    [
        (KURDISH_SORANI, fonts.NASKH),
        (PERSIAN_DARI, fonts.NASKH),
        (PASHTO, fonts.NASKH),
        (LATIN_EXTENDED, fonts.SANS),
        (CYRILLIC, fonts.SANS),
        ("ሰላም ተስፋይ አበበ ከበደ", fonts.ETHIOPIC),
        ("林小梅", fonts.CJK),
        ("🌸❤🫠🪿", fonts.EMOJI),
        ("★♔⚀✓", fonts.SYMBOLS2),
    ],
)
def test_each_script_goes_to_its_font(sample: str, font: str) -> None:
    for ch in sample.replace(" ", ""):
        assert fonts.font_for_char(ch) == font, f"{ch!r} U+{ord(ch):04X}"
        assert fonts.covers(font, ch)
        bold = fonts.font_for_char(ch, bold=True)
        assert fonts.covers(bold, ch)


def test_every_fixture_name_is_covered_by_its_runs(people: list[dict[str, object]]) -> None:
    for person in people:
        for key in ("name_native", "name_latin"):
            name = str(person[key])
            for bold in (False, True):
                drawable, font_of = text_runs.assign_fonts(text_runs.clean_line(name), bold)
                assert drawable == unicodedata.normalize("NFC", name), person["id"]
                for ch, font in zip(drawable, font_of, strict=True):
                    assert fonts.covers(font, ch), f"{person['id']}: {ch!r} not in {font}"
                assert fonts.REPLACEMENT not in drawable


def test_uncovered_characters_become_a_visible_code_point_marker_not_a_box() -> None:
    # U+1F900 (a Unicode 10 dingbat) and U+10900 (a Phoenician letter) are in no shipped font.
    drawable, font_of = text_runs.assign_fonts("a\U0001f900b\U00010900")
    assert drawable == "a[U+1F900]b[U+10900]"
    assert all(fonts.covers(font, ch) for ch, font in zip(drawable, font_of, strict=True))


def test_spaces_and_digits_after_an_emoji_print_in_noto_sans() -> None:
    # Noto Emoji's space and digits are emoji-wide; the shipped subset drops U+0000-00FF so a
    # space or year after an emoji is not drawn with them.
    drawable, font_of = text_runs.assign_fonts("Lily \U0001f338 2025")
    assert drawable == "Lily \U0001f338 2025"
    assert font_of == [fonts.SANS] * 5 + [fonts.EMOJI] + [fonts.SANS] * 5


def test_joiners_and_marks_stay_in_the_run_of_their_base() -> None:
    # ZWNJ inside a Persian word and a decomposed Yoruba mark must not start a new run.
    drawable, font_of = text_runs.assign_fonts("می\u200cخواهم")
    assert "\u200c" in drawable and set(font_of) == {fonts.NASKH}
    drawable, font_of = text_runs.assign_fonts("s\u0323\u0301")
    assert set(font_of) == {fonts.SANS}
    # A joiner no font of the run has is dropped rather than drawn as a box.
    drawable, _ = text_runs.assign_fonts("林\u200d小")
    assert drawable == "林小"


def test_covers_rejects_unknown_fonts() -> None:
    with pytest.raises(KeyError):
        fonts.covers("Helvetica", "a")
