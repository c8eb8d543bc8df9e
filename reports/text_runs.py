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
ISOLATE_START = "\u2068"  # FIRST STRONG ISOLATE
ISOLATE_END = "\u2069"  # POP DIRECTIONAL ISOLATE
_BIDI_CONTROL_RE = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
_CONTROLS_BUT_ISOLATES_RE = re.compile(
    "[" + "".join(sorted(BIDI_CONTROLS - {ISOLATE_START, ISOLATE_END})) + "]"
)
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
    # The logical text the run stands for, as typed (NFC): written to the PDF as ActualText
    # when the drawn glyphs would not read back as it (shaped runs, markers, dropped joiners).
    actual: str = ""


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


def isolate(value: str) -> str:
    """User text to put inside a sentence of the document's own: its bidi controls removed,
    then wrapped in a first-strong isolate so its direction cannot move the words around it."""
    return ISOLATE_START + neutralise_bidi_controls(value) + ISOLATE_END


def clean_line(text: str, keep_isolates: bool = False) -> str:
    """One line of printable text: no bidi controls, no control characters, NFC.

    keep_isolates keeps FSI/PDI pairs; only text whose user parts went through isolate() may
    ask for it, so the isolates are the document's and never the user's.
    """
    if keep_isolates:
        text = _CONTROLS_BUT_ISOLATES_RE.sub("", text)
    else:
        text = neutralise_bidi_controls(text)
    text = "".join(
        " " if ch in "\t\n\r\u2028\u2029\x0b\x0c" else ch
        for ch in text
        if unicodedata.category(ch) not in ("Cc", "Cs") or ch in "\t\n\r\x0b\x0c"
    )
    # NFC so that letters with accents use the font's precomposed glyphs where they exist.
    return unicodedata.normalize("NFC", text)


def missing_marker(ch: str) -> str:
    """What is printed for a character no shipped font has: its code point, e.g. "[U+1F900]".

    Never a silent box: glyph_check reports the field and character before printing, and the
    printed marker says which character it was.
    """
    return f"[U+{ord(ch):04X}]"


def assign_fonts(text: str, bold: bool = False) -> tuple[str, list[str]]:
    """The drawable text and one font per character (see layout_chars)."""
    drawable, font_of, _ = layout_chars(text, bold)
    return drawable, font_of


def layout_chars(text: str, bold: bool = False) -> tuple[str, list[str], list[int]]:
    """The drawable text, one font per character, and the index in text each came from.

    Marks, invisible joiners, neutrals (spaces, digits) and punctuation stay in the font of the
    character before them when it has them, so a name is one run and shapes as a whole;
    characters no font has become a visible missing_marker; invisible ones no font of the run
    has, and bidi controls, are dropped (they have no ink and would print as a box). Every font
    returned is registered with reportlab.
    """
    base = fonts.chain(bold)[0]
    if text.isascii() and text.isprintable() and _covers_printable_ascii(base):
        # Most labels and answers: every character is the base font's, as the loop in
        # layout_chars_by_char would find one by one.
        return text, [base] * len(text), list(range(len(text)))
    return layout_chars_by_char(text, bold)


def assign_fonts_by_char(text: str, bold: bool = False) -> tuple[str, list[str]]:
    """assign_fonts without its shortcut for plain ASCII (the tests compare the two)."""
    drawable, font_of, _ = layout_chars_by_char(text, bold)
    return drawable, font_of


def layout_chars_by_char(text: str, bold: bool = False) -> tuple[str, list[str], list[int]]:
    """layout_chars without its shortcut for plain ASCII."""
    base = fonts.chain(bold)[0]
    out: list[str] = []
    out_fonts: list[str] = []
    src: list[int] = []
    for i, ch in enumerate(text):
        if ch in BIDI_CONTROLS:
            continue
        prev = out_fonts[-1] if out_fonts else None
        sticky = (
            fonts.is_invisible(ch) or _is_neutral(ch) or unicodedata.category(ch)[0] in ("M", "P")
        )
        if prev is not None and sticky and fonts.covers(prev, ch):
            font = prev
        elif fonts.is_invisible(ch):
            continue
        else:
            font = fonts.font_for_char(ch, bold)
        if fonts.covers(font, ch):
            out.append(ch)
            out_fonts.append(font)
            src.append(i)
        else:
            marker = missing_marker(ch)
            out.append(marker)
            out_fonts += [base] * len(marker)
            src += [i] * len(marker)
    for font in set(out_fonts):
        fonts.register(font)
    return "".join(out), out_fonts, src


@functools.cache
def _covers_printable_ascii(font: str) -> bool:
    return all(fonts.covers(font, chr(code)) for code in range(0x20, 0x7F))


def _is_neutral(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("WS", "S", "ON", "CS", "ES", "ET", "EN", "AN", "NSM")


def visual_runs(
    text: str,
    font_of: Sequence[str],
    level_of: Sequence[int],
    para: int,
    size: float,
    actual_of: Sequence[str] | None = None,
) -> list[Run]:
    """One line's runs in visual order, shaped where the font needs it.

    actual_of gives, per drawn character, the typed text it stands for (see Run.actual).
    """
    line_levels = bidi_levels.line_levels(text, level_of, para)
    segments: list[tuple[str, str, int, str]] = []
    start = 0
    for (font, level), group in itertools.groupby(
        zip(font_of, line_levels, strict=True), key=lambda pair: pair
    ):
        end = start + sum(1 for _ in group)
        actual = "".join(actual_of[start:end]) if actual_of is not None else text[start:end]
        segments.append((text[start:end], font, level, actual))
        start = end
    if start != len(text):
        raise ValueError("a line needs one font and one level per character")
    ordered = bidi_levels.visual_order(segments, [seg[2] for seg in segments])
    return [
        Run(*_draw_form(seg_text, font, level, size), actual=actual)
        for seg_text, font, level, actual in ordered
    ]


def shaped(text: str, font: str, size: float) -> str:
    """The text as drawn in the font: through HarfBuzz where the font needs it, else unchanged.

    Widths must be measured on this form: conjuncts and joined letters change the advance.
    """
    kind = fonts.shaping(font)
    if kind == "rtl":
        # HarfBuzz sees the logical string, joins the letters and returns glyphs in visual order.
        # Only runs with right-to-left letters: it would also lay Arabic-script digits out
        # right to left.
        if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
            shaped_text: str = shapeStr(text, font, size, force=True)
            return shaped_text
        return text
    if kind == "complex" and not text.isascii():
        complex_text: str = shapeStr(text, font, size, force=True)
        return complex_text
    if kind == "marks" and any(unicodedata.category(ch) == "Mn" for ch in text):
        # Decomposed marks with no precomposed letter (Yoruba ṣ́) are placed by the font's anchors.
        word = [
            pdfmetrics.stringWidth(text, font, size),
            (ABag(fontName=font, fontSize=size), text),
        ]
        marked: str = shapeFragWord(word, features=_LATIN_FEATURES, force=True)[1][1]
        return marked
    return text


def _draw_form(text: str, font: str, level: int, size: float) -> tuple[str, str, bool]:
    rtl = level % 2 == 1
    drawn = shaped(text, font, size)
    if drawn is text and rtl:
        # Neutrals in a right-to-left line drawn by a font that is not shaped: reverse them here.
        return text[::-1].translate(_MIRRORS), font, rtl
    return drawn, font, rtl


def run_width(run: Run, size: float) -> float:
    """The advance of a run at a font size, shaped or not."""
    return float(pdfmetrics.stringWidth(run.text, run.font, size))


def runs(text: str, bold: bool = False, size: float = 10.0) -> list[Run]:
    """Split one line of user text into runs in visual order (newlines become spaces)."""
    drawable, font_of = assign_fonts(clean_line(text), bold)
    para, level_of = bidi_levels.levels(drawable)
    return visual_runs(drawable, font_of, level_of, para, size)
