"""The section list on the left, each with its state: complete, needs attention, not applicable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem

from forms.model import Section
from services.case_analysis import ATTENTION, COMPLETE, NOT_APPLICABLE, NOT_STARTED

STATE_ROLE = Qt.ItemDataRole.UserRole + 1
IN_PROGRESS = "in_progress"  # shown instead of "needs attention" while the worker is still there
_MARKS = {COMPLETE: "✓", ATTENTION: "!", NOT_APPLICABLE: "–", NOT_STARTED: "○", IN_PROGRESS: "…"}


def state_text(state: str, count: int) -> str:
    if state == ATTENTION:
        return f"needs attention ({count})"
    words = {COMPLETE: "complete", NOT_APPLICABLE: "not applicable", IN_PROGRESS: "in progress"}
    return words.get(state, "not started")


class SectionNavigator(QListWidget):
    def __init__(self, sections: tuple[Section, ...]) -> None:
        super().__init__()
        self.setObjectName("section_navigator")
        self.setAccessibleName("Sections of the assessment")
        self.sections = sections
        # Sections the worker has left (or all, once finalising was asked for): only these say
        # "needs attention"; one just started is "in progress", not a list of faults.
        self.checked: set[str] = set()
        self._counts: dict[str, tuple[str, int]] = {}
        for section in sections:
            item = QListWidgetItem(section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.id)
            self.addItem(item)
            self.set_state(section.id, NOT_STARTED)
        self.setMinimumWidth(240)
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def row_of(self, section_id: str) -> int:
        return next(i for i, s in enumerate(self.sections) if s.id == section_id)

    def section_state(self, section_id: str) -> str:
        return str(self.item(self.row_of(section_id)).data(STATE_ROLE))

    def set_state(self, section_id: str, state: str, count: int = 0) -> None:
        row = self.row_of(section_id)
        item = self.item(row)
        self._counts[section_id] = (state, count)
        shown = IN_PROGRESS if state == ATTENTION and section_id not in self.checked else state
        words = state_text(shown, count)
        item.setText(f"{_MARKS[shown]}  {self.sections[row].title}\n     {words}")
        item.setData(STATE_ROLE, state)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{self.sections[row].title}: {words}")
        muted = self.palette().placeholderText() if state == NOT_APPLICABLE else None
        item.setForeground(muted or self.palette().text())

    def check(self, *section_ids: str) -> None:
        """Show what the named sections still need (the worker left them, or asked to finalise)."""
        for section_id in section_ids or [s.id for s in self.sections]:
            self.checked.add(section_id)
            self.set_state(section_id, *self._counts.get(section_id, (NOT_STARTED, 0)))
