"""How documents put user text on the page: free text, and a question with its answer."""

from __future__ import annotations

from reportlab.lib.colors import Color, HexColor, black
from reportlab.platypus import Flowable, KeepTogether, Spacer

from reports import fonts
from reports.text_block import TextBlock

NOT_ANSWERED = "Not answered"
_NOT_ANSWERED_COLOR = HexColor("#555555")
_LINE_SEPARATORS = str.maketrans({"\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"})


def user_text(
    text: str,
    *,
    size: float = 10.0,
    bold: bool = False,
    indent: float = 0.0,
    color: Color = black,
    own_script: bool = False,
    keep_isolates: bool = False,
) -> list[Flowable]:
    """Flowables for user text of any length and script; each line of the text is a paragraph.

    Blank lines are kept as space so the layout the officer typed survives; nothing is cut:
    long paragraphs wrap and continue on the next page. Paragraphs are left to right, the
    documents' direction, so an English sentence that starts with a Persian name stays English;
    own_script (a field declared to hold the person's own script) lets each paragraph's first
    strong character decide, so an Arabic-script name reads and aligns right to left.
    keep_isolates: the text wraps its user parts in text_runs.isolate().
    """
    fonts.ensure_registered()
    lines = text.replace("\r\n", "\n").translate(_LINE_SEPARATORS).split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return [
        TextBlock(
            line,
            size=size,
            bold=bold,
            indent=indent,
            color=color,
            base=None if own_script else 0,
            keep_isolates=keep_isolates,
        )
        if line.strip()
        else Spacer(1, size * 0.75)
        for line in lines
    ]


def labelled_answer(
    label: str, answer: str | None, *, size: float = 10.0, indent: float = 12.0
) -> Flowable:
    """A question label in bold over its answer, or a visible "Not answered" when it is empty.

    Kept together on one page when it fits; a long answer still splits across pages.
    """
    fonts.ensure_registered()
    label_block = TextBlock(label, size=size, bold=True)
    # A label alone at the foot of a page, its answer overleaf, reads as unanswered.
    label_block.keepWithNext = True
    if answer is None or not answer.strip():
        body: list[Flowable] = [
            TextBlock(NOT_ANSWERED, size=size, indent=indent, color=_NOT_ANSWERED_COLOR)
        ]
    else:
        body = user_text(answer, size=size, indent=indent)
    return KeepTogether([label_block, *body, Spacer(1, size * 0.6)])
