"""User text split into runs of one font and one direction, shaped and in visual order."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.abag import ABag
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import shapeFragWord, shapeStr

from reports import bidi_levels, fonts

# Embeddings, overrides and isolates (U+202A-E, U+2066-9) and the implicit marks LRM, RLM, ALM.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
_BIDI_CONTROL_RE = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
_MARKUP_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
)
# Pairs drawn mirrored in right-to-left runs that HarfBuzz does not shape for us.
_MIRRORS = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")
# Ligatures would turn "fi" into one private-use glyph that no longer extracts as text.
_LATIN_FEATURES = {"kern": True, "liga": False, "clig": False, "dlig": False}


@dataclass(frozen=True)
class Run:
    """A stretch drawn with one font; text is in visual order (shaped text is a ShapedStr)."""

    text: str
    font: str
    rtl: bool


def neutralise_bidi_controls(text: str) -> str:
    """Remove bidi embedding, override, isolate and mark characters.

    Stripped rather than shown as markers: they are invisible on screen, Persian and Arabic
    keyboards insert LRM/RLM/ALM in ordinary names, and layout resolves direction from the
    visible characters alone, so removing them loses nothing a reader could see, while an
    override left in would let a name reorder the text printed around it. The record keeps the
    value exactly as typed; only the printout is neutralised.
    """
    return _BIDI_CONTROL_RE.sub("", text)


def escape_markup(text: str) -> str:
    """Escape text for reportlab Paragraph markup so tags and entities print literally."""
    return text.translate(_MARKUP_ESCAPES)


def clean_line(text: str) -> str:
    """One line of printable text: no bidi controls, no control characters, NFC."""
    text = neutralise_bidi_controls(text)
    text = "".join(
        " " if ch in "\t\n\r\u2028\u2029\x0b\x0c" else ch
        for ch in text
        if unicodedata.category(ch) not in ("Cc", "Cs") or ch in "\t\n\r\x0b\x0c"
    )
    # NFC so that letters with accents use the font's precomposed glyphs where they exist.
    return unicodedata.normalize("NFC", text)


def assign_fonts(text: str, bold: bool = False) -> tuple[str, list[str]]:
    """The drawable text and one font per character.

    Marks, invisible joiners and neutrals (spaces, digits, punctuation) stay in the font of the
    character before them when it has them, so a name is one run and shapes as a whole;
    characters no font has become REPLACEMENT; invisible ones no font of the run has are
    dropped (they have no ink and would print as a box).
    """
    base = fonts.chain(bold)[0]
    if text.isascii() and text.isprintable() and _covers_printable_ascii(base):
        # Most labels and answers: every character is the base font's, as the loop in
        # assign_fonts_by_char would find one by one.
        return text, [base] * len(text)
    return assign_fonts_by_char(text, bold)


def assign_fonts_by_char(text: str, bold: bool = False) -> tuple[str, list[str]]:
    """assign_fonts without its shortcut for plain ASCII (the tests compare the two)."""
    base = fonts.chain(bold)[0]
    out: list[str] = []
    out_fonts: list[str] = []
    for ch in text:
        prev = out_fonts[-1] if out_fonts else None
        sticky = fonts.is_invisible(ch) or _is_neutral(ch) or unicodedata.category(ch)[0] == "M"
        if prev is not None and sticky and fonts.covers(prev, ch):
            out.append(ch)
            out_fonts.append(prev)
            continue
        if fonts.is_invisible(ch):
            continue
        font = fonts.font_for_char(ch, bold)
        out.append(ch if fonts.covers(font, ch) else fonts.REPLACEMENT)
        out_fonts.append(font if fonts.covers(font, ch) else base)
    return "".join(out), out_fonts


@functools.cache
def _covers_printable_ascii(font: str) -> bool:
    return all(fonts.covers(font, chr(code)) for code in range(0x20, 0x7F))


def _is_neutral(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("WS", "S", "ON", "CS", "ES", "ET", "EN", "AN", "NSM")


def visual_runs(
    text: str, font_of: Sequence[str], level_of: Sequence[int], para: int, size: float
) -> list[Run]:
    """One line's runs in visual order, shaped where the font needs it."""
    line_levels = bidi_levels.line_levels(text, level_of, para)
    segments: list[tuple[str, str, int]] = []
    start = 0
    for (font, level), group in itertools.groupby(
        zip(font_of, line_levels, strict=True), key=lambda pair: pair
    ):
        end = start + sum(1 for _ in group)
        segments.append((text[start:end], font, level))
        start = end
    if start != len(text):
        raise ValueError("a line needs one font and one level per character")
    ordered = bidi_levels.visual_order(segments, [seg[2] for seg in segments])
    return [_draw_form(seg_text, font, level, size) for seg_text, font, level in ordered]


def _draw_form(text: str, font: str, level: int, size: float) -> Run:
    rtl = level % 2 == 1
    has_rtl_letter = any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)
    if fonts.is_rtl_shaped(font) and has_rtl_letter:
        # HarfBuzz sees the logical string, joins the letters and returns glyphs in visual order.
        # Only runs with Arabic letters: it would also lay Arabic-script digits out right to left.
        return Run(shapeStr(text, font, size, force=True), font, rtl)
    if rtl:
        # Neutrals in a right-to-left line drawn by a font that is not shaped: reverse them here.
        return Run(text[::-1].translate(_MIRRORS), font, rtl)
    if any(unicodedata.category(ch) == "Mn" for ch in text) and font in (
        fonts.SANS,
        fonts.SANS_BOLD,
    ):
        # Decomposed marks with no precomposed letter (Yoruba ṣ́) are placed by the font's anchors.
        word = [
            pdfmetrics.stringWidth(text, font, size),
            (ABag(fontName=font, fontSize=size), text),
        ]
        shaped = shapeFragWord(word, features=_LATIN_FEATURES, force=True)
        return Run(shaped[1][1], font, rtl)
    return Run(text, font, rtl)


def run_width(run: Run, size: float) -> float:
    """The advance of a run at a font size, shaped or not."""
    return float(pdfmetrics.stringWidth(run.text, run.font, size))


def runs(text: str, bold: bool = False, size: float = 10.0) -> list[Run]:
    """Split one line of user text into runs in visual order (newlines become spaces)."""
    drawable, font_of = assign_fonts(clean_line(text), bold)
    para, level_of = bidi_levels.levels(drawable)
    return visual_runs(drawable, font_of, level_of, para, size)
