"""Runs of one font and direction: bidi order, shaping, neutralised controls, escaped markup."""

from __future__ import annotations

from reports import bidi_levels, fonts, text_runs
from reports.text_runs import Run

DARI_NAME = "احمد شاه نوری"


def plain(run_list: list[Run]) -> list[tuple[str, str, bool]]:
    return [(str(run.text), run.font, run.rtl) for run in run_list]


def test_latin_label_then_arabic_name_keeps_the_label_on_the_left() -> None:
    result = text_runs.runs(f"Name: {DARI_NAME}")
    assert [(run.font, run.rtl) for run in result] == [(fonts.SANS, False), (fonts.NASKH, True)]
    assert str(result[0].text) == "Name: "
    shaped = result[1].text
    # Shaped by HarfBuzz: glyph data attached, and the last word of the name drawn leftmost.
    assert hasattr(shaped, "__shapeData__")
    assert len(shaped.__shapeData__) > 0
    assert str(shaped) != DARI_NAME


def test_arabic_paragraph_puts_embedded_latin_and_numbers_in_reading_order() -> None:
    result = plain(text_runs.runs("احمد (Ahmad) 123"))
    texts = [text for text, _, _ in result]
    # Visual order of an RTL line: the number, then the bracketed Latin, then the Arabic.
    assert "".join(texts[:-1]) == "123 (Ahmad)"
    assert result[-1][1] == fonts.NASKH and result[-1][2] is True


def test_persian_digits_read_left_to_right() -> None:
    result = plain(text_runs.runs("سن ۱۶ سال"))
    assert ("۱۶", fonts.NASKH, False) in result


def test_bidi_overrides_cannot_reorder_surrounding_text() -> None:
    hostile = "Ali\u202eCBA\u202c \u2067x\u2069 \u200f\u061cend\u200e"
    cleaned = text_runs.neutralise_bidi_controls(hostile)
    assert cleaned == "AliCBA x end"
    assert not set(cleaned) & text_runs.BIDI_CONTROLS
    assert plain(text_runs.runs(hostile)) == [("AliCBA x end", fonts.SANS, False)]


def test_markup_is_escaped_including_quotes() -> None:
    escaped = text_runs.escape_markup("<b>x</b> & <font size=40 name=\"a\"> 'q'")
    assert escaped == (
        "&lt;b&gt;x&lt;/b&gt; &amp; &lt;font size=40 name=&quot;a&quot;&gt; &#39;q&#39;"
    )


def test_levels_follow_the_first_strong_character() -> None:
    assert bidi_levels.levels("abc احمد")[0] == 0
    para, levels = bidi_levels.levels("احمد abc")
    assert para == 1
    assert levels[:4] == [1, 1, 1, 1] and levels[-3:] == [2, 2, 2]
    assert bidi_levels.visual_order(["a", "b", "c"], [1, 1, 0]) == ["b", "a", "c"]


def test_newlines_and_control_characters_do_not_reach_the_page() -> None:
    result = plain(text_runs.runs("a\nb\tc\x00d\x07"))
    assert result == [("a b cd", fonts.SANS, False)]
