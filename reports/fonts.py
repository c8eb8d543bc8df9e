"""The fonts documents embed: registered once, and which one draws each character."""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).with_name("fonts")

SANS = "FC-Sans"
SANS_BOLD = "FC-Sans-Bold"
NASKH = "FC-Naskh"
NASKH_BOLD = "FC-Naskh-Bold"
ETHIOPIC = "FC-Ethiopic"
ETHIOPIC_BOLD = "FC-Ethiopic-Bold"
CJK = "FC-CJK"

# What is drawn instead of a character that no shipped font has: U+FFFD is in Noto Sans, so an
# unsupported script prints as a visible, honest "?"-diamond rather than an empty box.
REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class _Face:
    name: str
    file: str
    # Shaped faces go through HarfBuzz: Arabic script must (joining, RTL), and Noto Sans may so
    # that decomposed combining marks are placed by the font's own anchors.
    shaped: bool


_FACES = (
    _Face(SANS, "NotoSans-Regular.ttf", shaped=True),
    _Face(SANS_BOLD, "NotoSans-Bold.ttf", shaped=True),
    _Face(NASKH, "NotoNaskhArabic-Regular.ttf", shaped=True),
    _Face(NASKH_BOLD, "NotoNaskhArabic-Bold.ttf", shaped=True),
    _Face(ETHIOPIC, "NotoSansEthiopic-Regular.ttf", shaped=False),
    _Face(ETHIOPIC_BOLD, "NotoSansEthiopic-Bold.ttf", shaped=False),
    _Face(CJK, "DroidSansFallbackFull.ttf", shaped=False),
)

# Order matters: the first font that has a character draws it. Noto Sans first so Latin, digits
# and punctuation look the same everywhere; Droid Sans Fallback last because its Latin is plain
# and it has no bold (bold Chinese prints in the regular weight).
REGULAR_CHAIN = (SANS, NASKH, ETHIOPIC, CJK)
BOLD_CHAIN = (SANS_BOLD, NASKH_BOLD, ETHIOPIC_BOLD, CJK)

# Fonts whose runs are always shaped: Arabic script is unreadable unshaped.
RTL_SHAPED_FONTS = frozenset({NASKH, NASKH_BOLD})

_lock = threading.Lock()
# reportlab's font registry is process-wide, so registration is too; the cmaps are snapshotted
# at registration because shaping later adds private-use entries to reportlab's own tables.
_cmaps: dict[str, frozenset[int]] = {}


def ensure_registered() -> None:
    """Register every shipped font with reportlab once; safe to call from any thread."""
    if _cmaps:
        return
    with _lock:
        if _cmaps:
            return
        loaded: dict[str, frozenset[int]] = {}
        for face in _FACES:
            path = FONT_DIR / face.file
            if not path.is_file():
                raise FileNotFoundError(
                    f"Font file {path} is missing from the installation; reinstall First Contact."
                )
            font = TTFont(face.name, str(path), shapable=face.shaped)
            pdfmetrics.registerFont(font)
            loaded[face.name] = frozenset(font.face.charToGlyph)
        _cmaps.update(loaded)


def font_names() -> tuple[str, ...]:
    """Every font name this module registers."""
    return tuple(face.name for face in _FACES)


def chain(bold: bool = False) -> tuple[str, ...]:
    """The fallback chain for a weight, base font first."""
    return BOLD_CHAIN if bold else REGULAR_CHAIN


def covers(font_name: str, ch: str) -> bool:
    """Whether the font's cmap maps the character to a glyph."""
    ensure_registered()
    cmap = _cmaps.get(font_name)
    if cmap is None:
        raise KeyError(f"{font_name!r} is not one of the document fonts {font_names()}")
    return len(ch) == 1 and ord(ch) in cmap


def is_invisible(ch: str) -> bool:
    """Format characters (ZWJ, ZWNJ, bidi marks...) have no ink; they never pick a font."""
    return unicodedata.category(ch) == "Cf"


def font_for_char(ch: str, bold: bool = False) -> str:
    """The first font of the chain that has the character, else the base font.

    The base font cannot draw an uncovered character either: callers print REPLACEMENT for it
    (text_runs does), which the base font has.
    """
    for name in chain(bold):
        if covers(name, ch):
            return name
    return chain(bold)[0]


def is_rtl_shaped(font_name: str) -> bool:
    """Whether runs in this font are shaped right-to-left (Arabic script)."""
    return font_name in RTL_SHAPED_FONTS
