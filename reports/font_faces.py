"""The font files documents may embed, how each is shaped, and the fallback order per weight."""

from __future__ import annotations

from dataclasses import dataclass

SANS = "FC-Sans"
SANS_BOLD = "FC-Sans-Bold"
NASKH = "FC-Naskh"
NASKH_BOLD = "FC-Naskh-Bold"
HEBREW = "FC-Hebrew"
HEBREW_BOLD = "FC-Hebrew-Bold"
ETHIOPIC = "FC-Ethiopic"
ETHIOPIC_BOLD = "FC-Ethiopic-Bold"
GEORGIAN = "FC-Georgian"
GEORGIAN_BOLD = "FC-Georgian-Bold"
ARMENIAN = "FC-Armenian"
ARMENIAN_BOLD = "FC-Armenian-Bold"
CJK = "FC-CJK"
HANGUL = "FC-Hangul"
EMOJI = "FC-Emoji"
SYMBOLS = "FC-Symbols"
SYMBOLS2 = "FC-Symbols2"
MATH = "FC-Math"

# How a face's runs are drawn: "none" as plain characters; "marks" through HarfBuzz only when a
# run has combining marks (Latin with stacked accents); "complex" always through HarfBuzz
# (Indic and South-East Asian scripts: conjuncts, reordered vowel signs); "rtl" through
# HarfBuzz, which returns right-to-left glyphs in visual order (Arabic joining, Hebrew points).
Shaping = str


@dataclass(frozen=True)
class Face:
    name: str
    file: str
    shaping: Shaping


_INDIC_AND_SEA = (
    "Bengali",
    "Devanagari",
    "Gurmukhi",
    "Gujarati",
    "Tamil",
    "Sinhala",
    "Malayalam",
    "Thai",
    "Lao",
    "Khmer",
    "Myanmar",
)

FACES: tuple[Face, ...] = (
    Face(SANS, "NotoSans-Regular.ttf", "marks"),
    Face(SANS_BOLD, "NotoSans-Bold.ttf", "marks"),
    Face(NASKH, "NotoNaskhArabic-Regular.ttf", "rtl"),
    Face(NASKH_BOLD, "NotoNaskhArabic-Bold.ttf", "rtl"),
    Face(HEBREW, "NotoSansHebrew-Regular.ttf", "rtl"),
    Face(HEBREW_BOLD, "NotoSansHebrew-Bold.ttf", "rtl"),
    Face(ETHIOPIC, "NotoSansEthiopic-Regular.ttf", "none"),
    Face(ETHIOPIC_BOLD, "NotoSansEthiopic-Bold.ttf", "none"),
    Face(GEORGIAN, "NotoSansGeorgian-Regular.ttf", "none"),
    Face(GEORGIAN_BOLD, "NotoSansGeorgian-Bold.ttf", "none"),
    Face(ARMENIAN, "NotoSansArmenian-Regular.ttf", "none"),
    Face(ARMENIAN_BOLD, "NotoSansArmenian-Bold.ttf", "none"),
    # Regular weight only: a bold cut of each would add about 1.7 MB for names that are
    # printed in the regular weight anyway (answers); bold labels never use these scripts.
    *(
        Face(f"FC-{script}", f"NotoSans{script}-Regular.ttf", "complex")
        for script in _INDIC_AND_SEA
    ),
    Face(CJK, "DroidSansFallbackFull.ttf", "none"),
    Face(HANGUL, "FCHangul-Regular.ttf", "none"),
    Face(EMOJI, "NotoEmoji-Regular.ttf", "none"),
    # Subsets holding only the symbols (dingbats, chess, arrows, shapes...) Noto Emoji lacks.
    Face(SYMBOLS, "NotoSansSymbols-Regular.ttf", "none"),
    Face(SYMBOLS2, "NotoSansSymbols2-Regular.ttf", "none"),
    Face(MATH, "NotoSansMath-Regular.ttf", "none"),  # arrows and technical symbols only
)

_SCRIPT_FACES = tuple(f"FC-{script}" for script in _INDIC_AND_SEA)

# Order matters: the first font that has a character draws it. Noto Sans first so Latin, digits
# and punctuation look the same everywhere; the big East Asian fonts and the emoji font last
# because their Latin and punctuation are plain; the symbol subsets after the emoji font, which
# draws the characters both have as emoji.
REGULAR_CHAIN: tuple[str, ...] = (
    SANS,
    NASKH,
    HEBREW,
    ETHIOPIC,
    GEORGIAN,
    ARMENIAN,
    *_SCRIPT_FACES,
    CJK,
    HANGUL,
    EMOJI,
    SYMBOLS,
    SYMBOLS2,
    MATH,
)
# Droid Sans Fallback, the Indic and South-East Asian faces, Hangul, emoji and symbols have no
# bold cut: bold text in those scripts prints in the regular weight.
BOLD_CHAIN: tuple[str, ...] = (
    SANS_BOLD,
    NASKH_BOLD,
    HEBREW_BOLD,
    ETHIOPIC_BOLD,
    GEORGIAN_BOLD,
    ARMENIAN_BOLD,
    *_SCRIPT_FACES,
    CJK,
    HANGUL,
    EMOJI,
    SYMBOLS,
    SYMBOLS2,
    MATH,
)

BY_NAME = {face.name: face for face in FACES}
