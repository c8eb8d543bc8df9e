"""The section list on the left, each with its state: complete, needs attention, not applicable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem

from forms.model import Section
from services.case_analysis import ATTENTION, COMPLETE, NOT_APPLICABLE, NOT_STARTED

STATE_ROLE = Qt.ItemDataRole.UserRole + 1
_MARKS = {COMPLETE: "✓", ATTENTION: "!", NOT_APPLICABLE: "–", NOT_STARTED: "○"}


def state_text(state: str, count: int) -> str:
    if state == ATTENTION:
        return f"needs attention ({count})"
    return {COMPLETE: "complete", NOT_APPLICABLE: "not applicable"}.get(state, "not started")


class SectionNavigator(QListWidget):
    def __init__(self, sections: tuple[Section, ...]) -> None:
        super().__init__()
        self.setObjectName("section_navigator")
        self.setAccessibleName("Sections of the assessment")
        self.sections = sections
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
        words = state_text(state, count)
        item.setText(f"{_MARKS[state]}  {self.sections[row].title}\n     {words}")
        item.setData(STATE_ROLE, state)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{self.sections[row].title}: {words}")
        font = item.font()
        font.setItalic(state == NOT_APPLICABLE)
        item.setFont(font)
        item.setForeground(
            self.palette().placeholderText() if state == NOT_APPLICABLE else self.palette().text()
        )
