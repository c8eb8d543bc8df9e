"""The council's possible-match report: each proposed pair side by side, photos where the
cases have them, and a bar chart of the match weight each field contributed; then the shared
identifiers (same network), one table of cases per identifier.

Takes plain data (services.matches builds it), so this module knows nothing of the model or the
store; names print in any script through the documents' own font handling (reports.fonts).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.colors import HexColor, black
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from reports.documents import blocks
from reports.page import build_pdf
from reports.text_block import TextBlock, draw_text_line

TITLE = "Possible matches"
_AGREE = HexColor("#1b7a3a")
_DIFFER = HexColor("#b3261e")
_GRID = HexColor("#999999")
_PHOTO_HEIGHT = 45 * mm
_PHOTO_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Side:
    heading: str  # "FC-20261120-AB12 (revision 2), device 3f9c…, received 2026-11-20"
    photo: bytes | None = None


@dataclass(frozen=True)
class PairPage:
    title: str  # "Possible match 1: probability 0.98 (match weight 13.2)"
    left: Side
    right: Side
    rows: Sequence[tuple[str, str, str]]  # (label, left value, right value)
    weights: Sequence[tuple[str, str, float]]  # (field, level, match weight in bits)
    notes: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class NetworkGroup:
    heading: str  # "An exploiter's or associate's phone ending 911123456: 10 cases"
    cases: Sequence[tuple[str, str, str, str, str]]  # reference, revision, name, device, date
    notes: Sequence[str] = field(default_factory=tuple)


_CASE_COLUMNS = ("Case", "Rev.", "Name", "Device", "Received")


def _cell(text: str, bold: bool = False, own_script: bool = False) -> TextBlock:
    return TextBlock(text or "—", size=9.5, bold=bold, base=None if own_script else 0)


class WeightChart(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """Horizontal bars: each field's match weight, agreement to the right, difference left."""

    _ROW = 7 * mm
    _LABEL = 62 * mm

    def __init__(self, weights: Sequence[tuple[str, str, float]]) -> None:
        super().__init__()
        self.weights = list(weights)
        self.scale = max([abs(w) for _f, _l, w in self.weights] + [1.0])

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self._ROW * (len(self.weights) + 1)
        return availWidth, self.height

    def draw(self) -> None:
        canv = self.canv
        bar_space = (self.width - self._LABEL) / 2 - 14 * mm
        zero = self._LABEL + bar_space + 7 * mm
        canv.setStrokeColor(_GRID)
        canv.line(zero, 0, zero, self.height - 2 * mm)
        for i, (name, level, weight) in enumerate(self.weights):
            y = self.height - (i + 1) * self._ROW
            canv.setFillColor(black)
            draw_text_line(canv, f"{name}: {level}", 0, y + 1.5 * mm, 8.5)
            length = bar_space * abs(weight) / self.scale
            canv.setFillColor(_AGREE if weight >= 0 else _DIFFER)
            x = zero if weight >= 0 else zero - length
            canv.rect(x, y, length, self._ROW * 0.6, stroke=0, fill=1)
            canv.setFillColor(black)
            label_x = zero + length + 1.5 * mm if weight >= 0 else zero - length - 1.5 * mm
            draw_text_line(
                canv, f"{weight:+.1f}", label_x, y + 1.2 * mm, 8.5,
                align="left" if weight >= 0 else "right",
            )  # fmt: skip
        canv.setFillColor(black)
        draw_text_line(canv, "differs ←  match weight (bits)  → agrees", zero, 0, 8, align="centre")


def _photo(data: bytes | None) -> Flowable:
    """The photograph scaled to a fixed height, or a note that there is none (or that the file
    is not an image reportlab can read: the report says so rather than failing)."""
    if not data:
        return _cell("No photograph in this case.")
    if len(data) > _PHOTO_MAX_BYTES:
        return _cell("Photograph too large to print here; see the case folder.")
    try:
        reader = ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
    except Exception:  # noqa: BLE001 - any unreadable image is reported in the document
        return _cell("The photograph could not be read; see the case folder.")
    scale = _PHOTO_HEIGHT / max(height, 1)
    return Image(io.BytesIO(data), width=width * scale, height=_PHOTO_HEIGHT)


def _pair_story(page: PairPage, width: float) -> list[Flowable]:
    story: list[Flowable] = [*blocks.heading(page.title)]
    column = (width - 40 * mm) / 2
    data: list[list[Flowable]] = [
        [
            _cell("Case", bold=True),
            _cell(page.left.heading, bold=True),
            _cell(page.right.heading, bold=True),
        ],
        [_cell("Photograph"), _photo(page.left.photo), _photo(page.right.photo)],
    ]
    for label, left, right in page.rows:
        own = label == "Name in their own script"
        data.append([_cell(label, bold=True), _cell(left, own_script=own), _cell(right, own)])
    table = Table(data, colWidths=[40 * mm, column, column], repeatRows=1)
    table.setStyle(_grid_style())
    story.append(table)
    story.append(Spacer(1, 4 * mm))
    story.extend(blocks.note("Match weight per field (why the pair was proposed):"))
    story.append(WeightChart(page.weights))
    story.append(Spacer(1, 3 * mm))
    for line in page.notes:
        story.extend(blocks.note(line))
    return story


def _grid_style(*, compact: bool = False) -> TableStyle:
    """Top-aligned cells with a hairline under each row; `compact`: less space in the rows
    (the network groups' case lists)."""
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, _GRID),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if compact:
        commands += [("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
    return TableStyle(commands)


def _group_story(group: NetworkGroup, width: float) -> Flowable:
    """The identifier, then its cases as a table (header repeated if it runs over a page);
    kept on one page with its heading when it fits."""
    fixed = [36 * mm, 10 * mm, 0.0, 40 * mm, 21 * mm]
    fixed[2] = width - sum(fixed)
    data: list[list[Flowable]] = [[_cell(c, bold=True) for c in _CASE_COLUMNS]]
    for ref, rev, name, device, received in group.cases:
        data.append([_cell(ref), _cell(rev), _cell(name, own_script=True), _cell(device),
                     _cell(received)])  # fmt: skip
    table = Table(data, colWidths=fixed, repeatRows=1)
    table.setStyle(_grid_style(compact=True))
    parts: list[Flowable] = [_cell(group.heading, bold=True), table]
    parts.extend(_cell(note) for note in group.notes)
    parts.append(Spacer(1, 4 * mm))
    return KeepTogether(parts)


def match_report(
    intro: Sequence[str],
    pages: Sequence[PairPage],
    network: Sequence[NetworkGroup],
    left_out: Sequence[str] = (),
    *,
    network_summary: str = "",
    footer: str,
    training: bool = False,
) -> bytes:
    """The report as PDF bytes (never written here: the caller saves it); `training` puts
    the TRAINING watermark on every page (a practice archive's report)."""
    from reportlab.lib.pagesizes import A4

    width = A4[0] - 36 * mm
    story: list[Flowable] = [*blocks.title(TITLE, "Council case store: possible matches")]
    for line in intro:
        story.extend(blocks.note(line))
    if not pages:
        story.extend(blocks.note("No pairs reached the threshold."))
    for page in pages:
        story.append(PageBreak())
        story.extend(_pair_story(page, width))
    story.append(PageBreak())
    story.extend(blocks.heading("Same network: cases that share an identifier"))
    story.extend(
        blocks.note(
            "These link cases of one network (the same exploiter's phone, an address, a "
            "vehicle), not one person. They are listed for investigation, never as a match: "
            "one entry per shared identifier with every case that gives it, the largest first."
        )
    )
    if network_summary:
        story.extend(blocks.note(network_summary[:1].upper() + network_summary[1:] + "."))
    if not network and not left_out:
        story.extend(blocks.note("No identifiers are shared between cases."))
    story.append(Spacer(1, 2 * mm))
    for group in network:
        story.append(_group_story(group, width))
    if left_out:
        story.extend(blocks.heading("Identifiers in too many cases to list"))
        for line in left_out:
            story.append(_cell(line[:1].upper() + line[1:]))
            story.append(Spacer(1, 1 * mm))
    return build_pdf(
        story,
        title=TITLE,
        case_reference="",
        record_hash="",
        training=training,
        furniture=(TITLE, footer),
    )
