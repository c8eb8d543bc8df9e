"""The fonts documents embed: which one draws each character, registered only when first used."""

from __future__ import annotations

import bisect
import json
import threading
import unicodedata
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from reports import font_faces
from reports.font_faces import (
    ARMENIAN,
    CJK,
    EMOJI,
    ETHIOPIC,
    ETHIOPIC_BOLD,
    GEORGIAN,
    HANGUL,
    HEBREW,
    MATH,
    NASKH,
    NASKH_BOLD,
    SANS,
    SANS_BOLD,
    SYMBOLS,
    SYMBOLS2,
)

__all__ = [
    "ARMENIAN",
    "CJK",
    "EMOJI",
    "ETHIOPIC",
    "ETHIOPIC_BOLD",
    "GEORGIAN",
    "HANGUL",
    "HEBREW",
    "MATH",
    "NASKH",
    "NASKH_BOLD",
    "SANS",
    "SANS_BOLD",
    "SYMBOLS",
    "SYMBOLS2",
]

FONT_DIR = Path(__file__).with_name("fonts")
COVERAGE_FILE = FONT_DIR / "coverage.json"
REGULAR_CHAIN = font_faces.REGULAR_CHAIN
BOLD_CHAIN = font_faces.BOLD_CHAIN

# What a test or caller may compare drawn text against; characters no font has are printed as
# a visible "[U+XXXX]" marker (text_runs.missing_marker) and reported before printing.
REPLACEMENT = "\ufffd"

_lock = threading.Lock()
_registered: set[str] = set()
# Per font name: sorted range starts and the matching inclusive ends, from coverage.json.
_coverage: dict[str, tuple[list[int], list[int]]] = {}


def _load_coverage() -> dict[str, tuple[list[int], list[int]]]:
    if _coverage:
        return _coverage
    with _lock:
        if not _coverage:
            if not COVERAGE_FILE.is_file():
                raise FileNotFoundError(
                    f"{COVERAGE_FILE} is missing from the installation; reinstall First Contact."
                )
            by_file = json.loads(COVERAGE_FILE.read_text(encoding="ascii"))
            loaded = {}
            for face in font_faces.FACES:
                ranges = by_file[face.file]
                loaded[face.name] = ([r[0] for r in ranges], [r[1] for r in ranges])
            _coverage.update(loaded)
    return _coverage


def register(font_name: str) -> str:
    """Load one font into reportlab's process-wide registry on first use; returns its name.

    Lazy because parsing the CJK, Hangul and emoji files costs tens of milliseconds each and
    most packs print only Latin.
    """
    if font_name in _registered:
        return font_name
    face = font_faces.BY_NAME.get(font_name)
    if face is None:
        raise KeyError(f"{font_name!r} is not one of the document fonts {font_names()}")
    with _lock:
        if font_name not in _registered:
            path = FONT_DIR / face.file
            if not path.is_file():
                raise FileNotFoundError(
                    f"Font file {path} is missing from the installation; reinstall First Contact."
                )
            pdfmetrics.registerFont(TTFont(face.name, str(path), shapable=face.shaping != "none"))
            _registered.add(font_name)
    return font_name


def ensure_registered() -> None:
    """Register the base fonts every page uses (labels, furniture); safe from any thread."""
    register(SANS)
    register(SANS_BOLD)


def register_all() -> None:
    """Register every shipped font (tests and samples; documents register what they use)."""
    for name in font_names():
        register(name)


def font_names() -> tuple[str, ...]:
    """Every font name this module can register."""
    return tuple(face.name for face in font_faces.FACES)


def chain(bold: bool = False) -> tuple[str, ...]:
    """The fallback chain for a weight, base font first."""
    return BOLD_CHAIN if bold else REGULAR_CHAIN


def covers(font_name: str, ch: str) -> bool:
    """Whether the font's cmap maps the character to a glyph (without loading the font)."""
    coverage = _load_coverage().get(font_name)
    if coverage is None:
        raise KeyError(f"{font_name!r} is not one of the document fonts {font_names()}")
    if len(ch) != 1:
        return False
    starts, ends = coverage
    code = ord(ch)
    i = bisect.bisect_right(starts, code) - 1
    return i >= 0 and code <= ends[i]


def is_invisible(ch: str) -> bool:
    """Characters with no ink of their own never pick a font and are never reported missing.

    Format characters (ZWJ, ZWNJ, bidi marks...) and variation selectors (the emoji/text
    presentation selectors after an emoji): the base character carries the ink.
    """
    code = ord(ch)
    return (
        unicodedata.category(ch) == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF
    )


def font_for_char(ch: str, bold: bool = False) -> str:
    """The first font of the chain that has the character, else the base font.

    The base font cannot draw an uncovered character either: text_runs prints a visible
    marker for it, and glyph_check reports it before anything is printed.
    """
    for name in chain(bold):
        if covers(name, ch):
            return name
    return chain(bold)[0]


def has_glyph(ch: str, bold: bool = False) -> bool:
    """Whether some font of the chain draws the character."""
    return any(covers(name, ch) for name in chain(bold))


def shaping(font_name: str) -> str:
    """How runs in this font are drawn ("none", "marks", "complex" or "rtl"; see font_faces)."""
    return font_faces.BY_NAME[font_name].shaping


def is_rtl_shaped(font_name: str) -> bool:
    """Whether runs in this font are shaped right-to-left (Arabic script, Hebrew)."""
    return shaping(font_name) == "rtl"
