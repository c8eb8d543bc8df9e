"""Building blocks every document shares: headings, notes, answers by section, indicator table."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from forms.anonymity import allowed
from forms.conditions import is_visible
from forms.indicators import ticks
from forms.model import Field
from reports import fonts
from reports.documents.context import CaseContext
from reports.flow import NOT_ANSWERED, user_text
from reports.text_block import TextBlock, prepare
from reports.text_runs import isolate

_RULE = HexColor("#999999")
_NOTE = HexColor("#333333")
_MISSING = HexColor("#555555")
_HEAD_FILL = HexColor("#e6e6e6")
_ANSWER_LABELS = {"yes": "Yes", "suspected": "Suspected"}
# Answers drawn elsewhere in a document rather than as a labelled answer.
_DRAWN_APART = frozenset({"photo"})
# Fields whose answer is written in the person's own script: their paragraphs take the
# direction of their first strong letter. Every other answer is laid out left to right.
OWN_SCRIPT_FIELDS = frozenset({"name_native"})


@lru_cache(maxsize=4096)
def _form_text(text: str, bold: bool) -> Any:
    """Fonts and bidi levels of the form's own wording, resolved once per process.

    Only wording from the definition and the documents is cached, never answers: a
    process-wide cache of names would outlive the session that unlocked them.
    """
    return prepare(text, bold)


def form_block(
    text: str,
    *,
    size: float = 10.0,
    bold: bool = False,
    indent: float = 0.0,
    color: Color = black,
) -> TextBlock:
    """A line of the form's own wording (labels, headings), prepared once and reused."""
    return TextBlock(_form_text(text, bold), size=size, bold=bold, indent=indent, color=color)


def answer(
    label: str,
    value: str | None,
    *,
    size: float = 10.0,
    indent: float = 12.0,
    own_script: bool = False,
    keep_isolates: bool = False,
) -> Flowable:
    """A form label in bold over the answer, or a visible "Not answered" when it is empty.

    The same layout as reports.flow.labelled_answer, with the label's shaping cached;
    own_script and keep_isolates as for reports.flow.user_text.
    """
    label_block = form_block(label, size=size, bold=True)
    # A label alone at the foot of a page, its answer overleaf, reads as unanswered.
    label_block.keepWithNext = True
    if value is None or not value.strip():
        missing = TextBlock(
            _form_text(NOT_ANSWERED, False), size=size, indent=indent, color=_MISSING
        )
        body: list[Flowable] = [missing]
    else:
        body = user_text(
            value, size=size, indent=indent, own_script=own_script, keep_isolates=keep_isolates
        )
    return KeepTogether([label_block, *body, Spacer(1, size * 0.6)])


def title(text: str, subtitle: str = "") -> list[Flowable]:
    """A document's title; every document starts on a fresh page with one."""
    story: list[Flowable] = [form_block(text, size=16, bold=True)]
    if subtitle:
        story.append(form_block(subtitle, size=9.5, color=_NOTE))
    story.append(Spacer(1, 4 * mm))
    return story


def heading(text: str) -> list[Flowable]:
    """A section heading, never left alone at the foot of a page."""
    block = form_block(text, size=12.5, bold=True)
    block.keepWithNext = True
    return [CondPageBreak(30 * mm), Spacer(1, 2 * mm), block, Spacer(1, 1.5 * mm)]


def note(text: str) -> list[Flowable]:
    """Guidance or an explanation in the document's own words (never user text)."""
    return [form_block(text, size=9.5, color=_NOTE), Spacer(1, 2 * mm)]


def field_label(f: Field, with_nrm_id: bool) -> str:
    """The question as printed; the NRM pre-fill adds the online form's question id."""
    if with_nrm_id and f.nrm_id:
        return f"{f.label}  [{f.nrm_id}]"
    return f.label


def _group_text(entry: dict[str, Any]) -> str:
    lines: list[str] = []
    for number, row in enumerate(entry.get("items", []), start=1):
        # The values are the user's: isolated, so a right-to-left name cannot pull the label,
        # the separators or the next item into its direction.
        parts = [
            f"{e['label']}: {isolate(readable_time(e['type'], str(e['display'])))}"
            for e in row
            if str(e["display"]).strip()
        ]
        lines.append(f"{number}. " + ("; ".join(parts) if parts else NOT_ANSWERED))
    return "\n".join(lines)


def readable_time(field_type: str, text: str) -> str:
    """Dates and times as people write them ("28 November 2026, 09:00"); odd values unchanged."""
    if field_type not in ("date", "datetime") or not text:
        return text
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    day = f"{moment.day} {moment:%B %Y}"
    return day if field_type == "date" else f"{day}, {moment:%H:%M}"


def answer_text(f: Field, entry: dict[str, Any] | None) -> str | None:
    """An answer as text, or None when there is none to show (printed as "Not answered")."""
    if entry is None:
        return None
    if entry.get("withheld"):
        return str(entry["display"])
    if f.type == "group":
        return _group_text(entry) or None
    return readable_time(f.type, str(entry["display"])) or None


def answers_story(
    ctx: CaseContext,
    output_id: str,
    *,
    sections: tuple[str, ...] | None = None,
    with_nrm_id: bool = False,
) -> list[Flowable]:
    """Every visible question the output takes, section by section, answered or not.

    `sections` picks and orders the sections (default: all, in form order).
    Questions hidden by earlier answers (a branch not taken) are left out, as on screen; a
    visible question with no answer prints "Not answered" rather than vanishing. For an
    anonymous Duty to Notify only the output's allow-list is printed: the view never contains
    anything else, and other labels are left out too so nothing hints at what was withheld.
    """
    view = ctx.view(output_id)
    entries = {e["id"]: e for s in view["sections"] for e in s["fields"]}
    output = ctx.form.outputs[output_id]
    story: list[Flowable] = []
    chosen = ctx.form.sections
    if sections is not None:
        by_id = {s.id: s for s in ctx.form.sections}
        chosen = tuple(by_id[s] for s in sections if s in by_id)
    for section in chosen:
        fields = [
            f
            for f in section.fields
            if output_id in f.outputs
            and f.type not in _DRAWN_APART
            and allowed(output, ctx.seen, f)
            and is_visible(f, ctx.seen)
        ]
        if not fields:
            continue
        story += heading(section.title)
        for f in fields:
            if f.type != "indicators":
                story.append(
                    answer(
                        field_label(f, with_nrm_id),
                        answer_text(f, entries.get(f.id)),
                        own_script=f.id in OWN_SCRIPT_FIELDS,
                        keep_isolates=f.type == "group",
                    )
                )
        if any(f.type == "indicators" for f in fields):
            # The narrative (the indicators answer) first, then every tick in a compact table.
            story += indicator_table(ctx)
    return story


def indicator_table(ctx: CaseContext) -> list[Flowable]:
    """The ticked indicators as a compact table; the narrative is the indicators answer."""
    answers = ctx.record.get("answers", {})
    noted = ticks(answers if isinstance(answers, dict) else {}, ctx.form)
    if not noted:
        return [answer("Indicators noted", None)]
    size = 8.5
    rows: list[list[Any]] = [
        [
            form_block(h, size=size, bold=True)
            for h in ("Group", "Indicator", "Noted", "How observed")
        ]
    ]
    for tick in noted:
        how = "; ".join(h.replace("_", " ").capitalize() for h in tick.how_observed) or "-"
        rows.append(
            [
                form_block(tick.group_label, size=size),
                form_block(tick.item_label, size=size),
                form_block(_ANSWER_LABELS.get(tick.answer, tick.answer), size=size),
                form_block(how, size=size),
            ]
        )
    table = Table(rows, colWidths=[45 * mm, 75 * mm, 20 * mm, 30 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                # Otherwise the table sets Helvetica, which lands unembedded in the page resources.
                ("FONT", (0, 0), (-1, -1), fonts.SANS, 8.5),
                ("GRID", (0, 0), (-1, -1), 0.4, _RULE),
                ("BACKGROUND", (0, 0), (-1, 0), _HEAD_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [white, HexColor("#f5f5f5")]),
            ]
        )
    )
    label = form_block("Indicators noted (compact table)", size=10, bold=True)
    label.keepWithNext = True
    return [label, Spacer(1, 1 * mm), table, Spacer(1, 3 * mm)]


def blank_lines(label: str, lines: int = 3) -> list[Flowable]:
    """A question with ruled space to write the answer by hand."""
    block = form_block(label, size=10, bold=True)
    block.keepWithNext = True
    return [block, _Ruled(lines), Spacer(1, 2 * mm)]


class _Ruled(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """Writing lines for a printed form filled in by hand."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self.lines = lines
        self.pitch = 8 * mm

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.lines * self.pitch

    def draw(self) -> None:
        canv: Any = self.canv
        canv.setStrokeColor(_RULE)
        canv.setLineWidth(0.5)
        for i in range(self.lines):
            y = i * self.pitch + 1
            canv.line(0, y, self.width, y)
