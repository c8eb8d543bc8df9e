"""Characters the shipped fonts cannot draw, found before anything is printed or saved."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from reports import fonts, text_runs


@dataclass(frozen=True)
class MissingGlyph:
    """One character of one field that would print as a [U+XXXX] marker instead of itself."""

    field_id: str
    field_label: str
    char: str
    code_point: str
    name: str

    def message(self) -> str:
        """What the worker is told, e.g. 'Name: U+10900 PHOENICIAN LETTER ALF cannot be printed'."""
        return (
            f"{self.field_label}: {self.code_point} {self.name} cannot be printed; "
            f"the document shows {text_runs.missing_marker(self.char)} in its place."
        )


def missing_chars(text: str) -> list[str]:
    """Distinct characters of the text, in order of appearance, that no font of the chain has.

    The same decision the layout makes (text_runs.layout_chars): invisible characters and bidi
    controls never need a glyph; everything else must be in some shipped font.
    """
    if text.isascii():
        # Noto Sans has every printable ASCII character; controls never reach the page.
        return []
    seen: set[str] = set()
    out: list[str] = []
    for ch in text_runs.clean_line(text):
        if ch in seen or ch in text_runs.BIDI_CONTROLS or fonts.is_invisible(ch):
            continue
        seen.add(ch)
        if ch.isspace():
            continue
        if not fonts.has_glyph(ch):
            out.append(ch)
    return out


def check(field_id: str, field_label: str, text: str) -> list[MissingGlyph]:
    """Every character of one field's text that would not print."""
    return [
        MissingGlyph(
            field_id,
            field_label,
            ch,
            f"U+{ord(ch):04X}",
            unicodedata.name(ch, "(unnamed or unassigned character)"),
        )
        for ch in missing_chars(text)
    ]
