"""Reading back the PDFs the reports package builds: text, fonts, metadata and rendered pixels."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from typing import Any

from pypdf import PdfReader

_FURNITURE = re.compile(
    r"OFFICIAL-SENSITIVE|^Case |^Printed from saved version |Page \d+ of \d+|^TRAINING"
)
# Noto Naskh draws Kurdish ە with the same final glyph as ه, so a text layer cannot tell them apart.
_GLYPH_TWINS = str.maketrans({"ە": "ه"})


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in reader(pdf).pages]


def body_text(pdf: bytes) -> str:
    """Extracted text without the header and footer lines."""
    lines = [
        line
        for text in page_texts(pdf)
        for line in text.splitlines()
        if not _FURNITURE.search(line.strip())
    ]
    return "\n".join(lines)


def squash(text: str) -> str:
    """Compare text regardless of how lines were broken."""
    return re.sub(r"\s+", "", text)


def arabic_fold(text: str) -> str:
    """Presentation forms back to letters, and glyph twins folded, for Arabic-script checks."""
    return unicodedata.normalize("NFKC", text).translate(_GLYPH_TWINS)


def page_fonts(pdf: bytes) -> dict[str, dict[str, Any]]:
    """Every font in every page's resources, by base name, resolved to its descendant font."""
    found: dict[str, dict[str, Any]] = {}
    for page in reader(pdf).pages:
        resources: Any = page["/Resources"]
        for font_ref in resources["/Font"].values():
            font = font_ref.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            found[str(font["/BaseFont"])] = font
    return found


def embedded_file(font: dict[str, Any]) -> bool:
    descriptor = font["/FontDescriptor"].get_object()
    return "/FontFile2" in descriptor


def render_page_gray(pdf: bytes, page: int = 1, dpi: int = 40) -> tuple[int, int, bytes]:
    """Render a page with pdftoppm through pipes (nothing on disk); width, height, gray bytes."""
    result = subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    )
    data = result.stdout
    # A binary PGM: "P5", width, height, max value, then one byte per pixel.
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert match, "pdftoppm did not return a PGM image"
    width, height = int(match.group(1)), int(match.group(2))
    return width, height, data[match.end() :]


# pdftotext marks right-to-left words with embedding controls (RLE ... PDF); they are its
# layout notes, not text of the document.
_EMBEDDINGS = re.compile("[\u202a-\u202e]")


def pdftotext(pdf: bytes) -> str:
    """The text layer as poppler's pdftotext reads it (ActualText honoured), NFC, through pipes."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    )
    text = _EMBEDDINGS.sub("", result.stdout.decode("utf-8"))
    return unicodedata.normalize("NFC", text)


def dark_pixels(pdf: bytes, page: int = 1, dpi: int = 40) -> int:
    """How many pixels of a rendered page are clearly inked."""
    _, _, gray = render_page_gray(pdf, page, dpi)
    return sum(1 for value in gray if value < 128)
