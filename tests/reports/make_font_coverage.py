"""Regenerate reports/fonts/coverage.json, the code points each shipped font has a glyph for.

Run after adding or updating a font file:  .venv/bin/python -m tests.reports.make_font_coverage
The file lets reports pick a font for a character without loading any font, so a pack that uses
only Latin never parses the CJK, Hangul or emoji files. test_reports_scripts checks it is current.
"""

from __future__ import annotations

import json

from reportlab.pdfbase.ttfonts import TTFont

from reports import font_faces, fonts


def ranges_of(code_points: set[int]) -> list[list[int]]:
    """Sorted, inclusive [first, last] ranges."""
    out: list[list[int]] = []
    for code in sorted(code_points):
        if out and out[-1][1] == code - 1:
            out[-1][1] = code
        else:
            out.append([code, code])
    return out


def coverage() -> dict[str, list[list[int]]]:
    """Each font file's cmap as ranges, read with reportlab exactly as documents load it."""
    result: dict[str, list[list[int]]] = {}
    for face in font_faces.FACES:
        font = TTFont("coverage-probe", str(fonts.FONT_DIR / face.file))
        result[face.file] = ranges_of({c for c, g in font.face.charToGlyph.items() if g and c > 0})
    return result


def main() -> None:
    text = json.dumps(coverage(), separators=(",", ":"), sort_keys=True)
    (fonts.FONT_DIR / "coverage.json").write_text(text + "\n", encoding="ascii")


if __name__ == "__main__":
    main()
