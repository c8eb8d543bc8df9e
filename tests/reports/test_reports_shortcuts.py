"""The plain-ASCII shortcuts of the PDF text layout give exactly what the character-by-character
rules give (fonts per character, bidi levels, line-break atoms), for any ASCII text."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from reports import bidi_levels, text_runs
from reports.text_block import _atoms, atoms_by_char

BUDGET = max(1, int(os.environ.get("FC_TEST_BUDGET", "1")))
SETTINGS = settings(max_examples=150 * BUDGET, deadline=None)
# Printable ASCII with spaces, digits, brackets and currency signs (the bidi rules' neutrals,
# numbers and paired brackets), plus ASCII control characters for the atoms.
printable = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=80)
any_ascii = st.text(st.characters(max_codepoint=0x7F), max_size=80)


@SETTINGS
@given(text=printable, bold=st.booleans())
def test_fonts_shortcut_matches_the_per_character_rule(text: str, bold: bool) -> None:
    assert text_runs.assign_fonts(text, bold) == text_runs.assign_fonts_by_char(text, bold)


@SETTINGS
@given(text=any_ascii, base=st.sampled_from([None, 0]))
def test_levels_shortcut_matches_the_bidi_rules(text: str, base: int | None) -> None:
    assert bidi_levels.levels(text, base) == bidi_levels.levels_by_rule(text, base)


@SETTINGS
@given(text=any_ascii, data=st.data())
def test_atoms_shortcut_matches_the_per_character_rule(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert _atoms(text, start, end) == atoms_by_char(text, start, end)


def test_text_outside_ascii_takes_the_per_character_rules() -> None:
    for text in ("Ahmad احمد (12)", "林小梅 Lin", "Ṣadé"):
        assert text_runs.assign_fonts(text) == text_runs.assign_fonts_by_char(text)
        assert bidi_levels.levels(text) == bidi_levels.levels_by_rule(text)
        assert _atoms(text, 0, len(text)) == atoms_by_char(text, 0, len(text))
    # A right-to-left paragraph level is never shortcut, even for ASCII.
    assert bidi_levels.levels("abc 12", 1) == bidi_levels.levels_by_rule("abc 12", 1)
