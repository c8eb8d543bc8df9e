"""The page every document is printed on: marking, case, page X of Y, record hash, watermark."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer

from reports import fonts
from reports.text_block import draw_text_line

MARKING = "OFFICIAL-SENSITIVE"
AUTHOR = "First Contact"
WATERMARK = "TRAINING — NOT A REAL CASE"
SHORT_HASH_CHARS = 12
_MARGIN = 18 * mm
_FURNITURE_SIZE = 8.5
_MARKING_SIZE = 10.0
_GREY = HexColor("#444444")


def short_hash(record_hash: str) -> str:
    """The first hex digits of a record version hash, without an "sha256:"-style prefix."""
    return record_hash.rpartition(":")[2][:SHORT_HASH_CHARS]


def _draw_text(
    canv: Canvas,
    text: str,
    x: float,
    y: float,
    size: float,
    *,
    bold: bool = False,
    align: str = "left",
    color: Color = black,
) -> None:
    canv.setFillColor(color)
    draw_text_line(canv, text, x, y, size, bold=bold, align=align)


def _canvas_maker(
    case_reference: str, record_hash: str, training: bool, furniture: tuple[str, str] | None
) -> type[Canvas]:
    class _FurnishedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
        """Holds every page until the end so each can say "Page X of Y"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _furnish(self, number, total, case_reference, record_hash, training, furniture)
                Canvas.showPage(self)
            Canvas.save(self)

    return _FurnishedCanvas


def _furnish(
    canv: Canvas,
    number: int,
    total: int,
    case_reference: str,
    record_hash: str,
    training: bool,
    furniture: tuple[str, str] | None = None,
) -> None:
    width, height = canv._pagesize
    canv.saveState()
    if training:
        _watermark(canv, width, height)
    top, bottom = height - _MARGIN + 6 * mm, _MARGIN - 9 * mm
    _draw_text(canv, MARKING, width / 2, top, _MARKING_SIZE, bold=True, align="centre")
    header, footer = furniture or (
        f"Case {case_reference}",
        f"Printed from saved version {short_hash(record_hash)}",
    )
    _draw_text(
        canv,
        header,
        width - _MARGIN,
        top,
        _FURNITURE_SIZE,
        align="right",
        color=_GREY,
    )
    if training:
        _draw_text(canv, "TRAINING", _MARGIN, top, _FURNITURE_SIZE, bold=True, color=_GREY)
    _draw_text(canv, MARKING, width / 2, bottom, _MARKING_SIZE, bold=True, align="centre")
    _draw_text(
        canv,
        footer,
        _MARGIN,
        bottom,
        _FURNITURE_SIZE,
        color=_GREY,
    )
    _draw_text(
        canv,
        f"Page {number} of {total}",
        width - _MARGIN,
        bottom,
        _FURNITURE_SIZE,
        align="right",
        color=_GREY,
    )
    canv.restoreState()


def _watermark(canv: Canvas, width: float, height: float) -> None:
    canv.saveState()
    canv.translate(width / 2, height / 2)
    canv.rotate(45)
    canv.setFillColor(Color(0.75, 0.1, 0.1, alpha=0.18))
    canv.setFont(fonts.SANS_BOLD, 40)
    canv.drawCentredString(0, -14, WATERMARK)
    canv.restoreState()


def build_pdf(
    story: list[Flowable],
    *,
    title: str,
    case_reference: str,
    record_hash: str,
    training: bool = False,
    furniture: tuple[str, str] | None = None,
) -> bytes:
    """Lay the story out on A4 pages with the furniture and return the PDF bytes.

    Built in memory only: the PDF never touches a file, not even a temporary one. The title is
    the document's generic name ("Referral pack"), never a person's name, because viewers show
    it in window titles and recent-file lists. `furniture` replaces the case header and the
    saved-version footer for a document about several cases (the council's match report).
    """
    fonts.ensure_registered()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=_MARGIN,
        title=title,
        author=AUTHOR,
        creator=AUTHOR,
        producer=AUTHOR,
        subject="",
        keywords="",
        # Otherwise the canvas starts in Helvetica, which lands unembedded in every page's
        # resources although nothing is drawn with it.
        initialFontName=fonts.SANS,
    )
    doc.build(
        # An empty story would make a PDF with no pages at all; a blank page is honest.
        list(story) or [Spacer(1, 1)],
        canvasmaker=_canvas_maker(case_reference, record_hash, training, furniture),
    )
    return buffer.getvalue()
