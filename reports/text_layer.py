"""What a PDF's text layer says for a drawn run: its typed text as ActualText where needed.

Shaped runs draw glyphs, not letters: Arabic joining forms, Indic conjuncts and marks placed by
HarfBuzz map back (through reportlab's ToUnicode table) to presentation forms or private-use
code points, and a ZWNJ has no glyph at all. Wrapping such a run in a marked-content span with
ActualText (PDF 32000-1 §14.9.4) makes extraction, copy and search return the text as typed.
pdftotext (poppler) and PDF viewers read glyphs in visual order and put right-to-left words
back into logical order themselves. reportlab's ToUnicode table writes code points above U+FFFF
as five hex digits, which readers truncate, so runs with emoji get ActualText too. Readers
reverse right-to-left words themselves, so a right-to-left run's ActualText is given in visual
order (reversed) too; it then reads back logical, with ZWNJ and marks where they were.
"""

from __future__ import annotations

import unicodedata

from reports.text_runs import Run

END_SPAN = "EMC"
# RIGHT-TO-LEFT MARK: poppler takes a span's direction from its first character, which for a
# right-to-left run ending in a mark (a final vowel point) would be the mark.
_RLM = "\u200f"


def actual_text(run: Run) -> str | None:
    """The ActualText for a run, or None when its glyphs already read back as typed."""
    if not run.actual:
        return None
    visual = run.actual[::-1] if run.rtl else run.actual
    if run.rtl and unicodedata.category(run.actual[-1])[0] == "M":
        return _RLM + visual
    if (
        not hasattr(run.text, "__shapeData__")
        and str(run.text) == visual
        and all(ord(ch) <= 0xFFFF for ch in visual)
    ):
        return None
    return visual


def begin_span(actual: str) -> str:
    """The operator that opens a span whose text is `actual` (UTF-16BE with a byte-order mark)."""
    return "/Span <</ActualText <FEFF" + actual.encode("utf-16-be").hex().upper() + ">>> BDC"
