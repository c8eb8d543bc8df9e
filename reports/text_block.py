"""One paragraph of mixed-script text as a flowable: wrapped in logical order, reordered per line.

reportlab's Paragraph wraps words in the order it is given them and its own bidi needs rlbidi,
which is not on the package index. Handing it pre-reordered text breaks right-to-left text that
wraps (the logically last words would land on the first line), so this flowable breaks lines on
the logical text and applies the bidi reordering to each line afterwards, as UAX #9 asks.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.lib.colors import Color, black
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from reports import bidi_levels, fonts, text_layer, text_runs


@dataclass(frozen=True)
class _Prepared:
    text: str
    font_of: tuple[str, ...]
    level_of: tuple[int, ...]
    para: int
    # Per drawn character, the typed text it stands for (None: each character stands for itself).
    actual_of: tuple[str, ...] | None = None


def prepare(
    text: str, bold: bool = False, *, base: int | None = 0, keep_isolates: bool = False
) -> _Prepared:
    """Clean one paragraph and resolve its fonts and bidi levels once.

    base is the paragraph direction: 0 (left to right, the documents' English) unless the text
    is a field declared to be in the person's own script, which passes None so the first strong
    character decides (an Arabic-script name then reads and aligns right to left).
    """
    source = text_runs.clean_line(text, keep_isolates)
    para, source_levels = bidi_levels.levels(source, base)
    drawable, font_of, src = text_runs.layout_chars(source, bold)
    if drawable == source:
        return _Prepared(drawable, tuple(font_of), tuple(source_levels), para)
    level_of = []
    actual_of = []
    for i, k in enumerate(src):
        level = source_levels[k]
        if drawable[i] != source[k] and level % 2:
            # A missing-character marker reads left to right wherever it stands.
            level += 1
        level_of.append(level)
        if i > 0 and src[i - 1] == k:
            actual_of.append("")
            continue
        following = src[i + 1] if i + 1 < len(src) and src[i + 1] != k else None
        end = following if following is not None else (len(source) if i + 1 == len(src) else k + 1)
        # Dropped joiners after a character stay in its text; the document's isolates do not.
        actual_of.append(
            source[k:end].replace(text_runs.ISOLATE_START, "").replace(text_runs.ISOLATE_END, "")
        )
    return _Prepared(drawable, tuple(font_of), tuple(level_of), para, tuple(actual_of))


@lru_cache(maxsize=8192)
def _segment_width(text: str, font: str, size: float) -> float:
    drawn = text_runs.shaped(text, font, size)
    return text_runs.run_width(text_runs.Run(drawn, font, False), size)


def _width(prep: _Prepared, start: int, end: int, size: float) -> float:
    total = 0.0
    i = start
    while i < end:
        j = i
        while j < end and prep.font_of[j] == prep.font_of[i]:
            j += 1
        total += _segment_width(prep.text[i:j], prep.font_of[i], size)
        i = j
    return total


def _is_wide(ch: str) -> bool:
    # Chinese and Japanese have no spaces: a line may break between any two wide characters.
    return unicodedata.east_asian_width(ch) in ("W", "F") and not ch.isspace()


_ASCII_ATOM = re.compile(r"\S*\s*")


def _atoms(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Unbreakable pieces: a word with the spaces after it, or one wide character."""
    if text.isascii():
        # No marks, invisible or wide characters: a line may break only where a word starts
        # after a space, exactly as _may_break_before decides one character at a time.
        return [m.span() for m in _ASCII_ATOM.finditer(text, start, end) if m.end() > m.start()]
    return atoms_by_char(text, start, end)


def atoms_by_char(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """_atoms without its shortcut for ASCII (the tests compare the two)."""
    out: list[tuple[int, int]] = []
    i = start
    while i < end:
        j = i + 1
        while j < end and not _may_break_before(text, j):
            j += 1
        out.append((i, j))
        i = j
    return out


def _may_break_before(text: str, j: int) -> bool:
    ch, prev = text[j], text[j - 1]
    if unicodedata.category(ch)[0] == "M" or fonts.is_invisible(ch) or ch.isspace():
        return False
    return prev.isspace() or _is_wide(ch) or _is_wide(prev)


def break_lines(prep: _Prepared, start: int, end: int, width: float, size: float) -> list[int]:
    """Greedy line breaks: the index where each line after the first starts."""
    starts: list[int] = []
    line_start, used = start, 0.0
    for a, b in _atoms(prep.text, start, end):
        ink_end = b
        while ink_end > a and prep.text[ink_end - 1].isspace():
            ink_end -= 1
        ink = _width(prep, a, ink_end, size)
        if a > line_start and used + ink > width:
            starts.append(a)
            line_start, used = a, 0.0
        if a == line_start and ink > width:
            # A word wider than the line (a long number, a name with no spaces): cut it by
            # character rather than letting it run off the page.
            k = a
            for c in range(a + 1, ink_end):
                if _width(prep, k, c + 1, size) > width and _may_cut(prep.text, c):
                    starts.append(c)
                    k = c
            line_start, used = k, _width(prep, k, b, size)
            continue
        used += _width(prep, a, b, size)
    return starts


def _may_cut(text: str, c: int) -> bool:
    return not (unicodedata.category(text[c])[0] == "M" or fonts.is_invisible(text[c]))


def line_runs(
    prep: _Prepared, start: int, end: int, size: float
) -> tuple[list[text_runs.Run], float]:
    """The runs of text[start:end] as one line in visual order, and their total width."""
    while end > start and prep.text[end - 1].isspace():
        end -= 1
    actual_of = prep.actual_of[start:end] if prep.actual_of is not None else None
    runs = text_runs.visual_runs(
        prep.text[start:end],
        prep.font_of[start:end],
        prep.level_of[start:end],
        prep.para,
        size,
        actual_of,
    )
    return runs, sum(text_runs.run_width(run, size) for run in runs)


def draw_runs(canv: Canvas, runs: list[text_runs.Run], x: float, y: float, size: float) -> None:
    """Draw runs left to right from x on baseline y, each reading back as it was typed."""
    for run in runs:
        actual = text_layer.actual_text(run)
        if actual is not None:
            canv.addLiteral(text_layer.begin_span(actual))
        canv.setFont(run.font, size)
        canv.drawString(x, y, run.text)
        if actual is not None:
            canv.addLiteral(text_layer.END_SPAN)
        x += text_runs.run_width(run, size)


def draw_text_line(
    canv: Canvas,
    text: str,
    x: float,
    y: float,
    size: float,
    *,
    bold: bool = False,
    align: str = "left",
) -> float:
    """Draw one line of any text (no wrapping) aligned "left", "right" or "centre" on x."""
    fonts.ensure_registered()
    prep = prepare(text, bold)
    runs, width = line_runs(prep, 0, len(prep.text), size)
    offset = {"left": 0.0, "right": width, "centre": width / 2}[align]
    draw_runs(canv, runs, x - offset, y, size)
    return width


class TextBlock(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A paragraph of user text that wraps, splits across pages and never loses a character."""

    def __init__(
        self,
        text: str | _Prepared,
        *,
        size: float = 10.0,
        bold: bool = False,
        base: int | None = 0,
        keep_isolates: bool = False,
        indent: float = 0.0,
        color: Color = black,
        span: tuple[int, int] | None = None,
    ) -> None:
        super().__init__()
        self.prep = (
            text
            if isinstance(text, _Prepared)
            else prepare(text, bold, base=base, keep_isolates=keep_isolates)
        )
        self.size, self.bold, self.indent, self.color = size, bold, indent, color
        self.span = span or (0, len(self.prep.text))
        # Line height generous enough for Naskh's tall marks and deep descenders.
        self.leading = size * 1.5
        self._starts: list[int] = []
        self._wrapped_for: float | None = None

    def _lines(self, avail_width: float) -> list[tuple[int, int]]:
        text_width = max(avail_width - self.indent, self.size)
        if self._wrapped_for != text_width:
            self._starts = break_lines(self.prep, *self.span, text_width, self.size)
            self._wrapped_for = text_width
        bounds = [self.span[0], *self._starts, self.span[1]]
        return list(itertools.pairwise(bounds))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = max(1, len(self._lines(availWidth))) * self.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self._lines(availWidth)
        fit = int((availHeight + 1e-6) // self.leading)
        if fit <= 0:
            return []
        if fit >= len(lines):
            return [self]
        cut = lines[fit][0]
        return [self._part((self.span[0], cut)), self._part((cut, self.span[1]))]

    def _part(self, span: tuple[int, int]) -> TextBlock:
        return TextBlock(
            self.prep,
            size=self.size,
            bold=self.bold,
            indent=self.indent,
            color=self.color,
            span=span,
        )

    def draw(self) -> None:
        canv: Any = self.canv
        canv.setFillColor(self.color)
        for i, (start, end) in enumerate(self._lines(self.width)):
            baseline = self.height - i * self.leading - self.size * 1.1
            runs, line_width = line_runs(self.prep, start, end, self.size)
            x = self.indent
            if self.prep.para == 1:
                # A right-to-left paragraph hangs from the right margin.
                x = self.width - line_width
            draw_runs(canv, runs, x, baseline, self.size)
