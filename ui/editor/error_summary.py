"""The GOV.UK error summary at the top of a section: what needs changing, each a link to it.

Shown only once the worker has left the section or asked to finalise: a section just started
is not a list of faults.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from ui import theme
from ui.headings import heading_label

LINK_STYLE = (
    f"QPushButton {{ color: {theme.ERROR}; text-decoration: underline; border: none;"
    f" text-align: left; padding: 2px; font-weight: bold; }}"
    f"QPushButton:focus {{ border: 3px solid {theme.FOCUS}; }}"
)


class ErrorSummary(QFrame):
    """Emits `jump_requested(field_id)` when a link is chosen."""

    jump_requested = Signal(str)

    def __init__(self, section_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"section_{section_id}.errors")
        self.setStyleSheet(
            f"#section_{section_id}\\.errors {{ border: 4px solid {theme.ERROR};"
            f" padding: {theme.SPACING}px; }}"
        )
        self._layout = QVBoxLayout(self)
        title = heading_label("There is a problem", f"section_{section_id}.errors.title")
        self._layout.addWidget(title)
        self.links: list[QPushButton] = []
        self.setVisible(False)

    def show_problems(self, problems: list[tuple[str, str]]) -> bool:
        """(field id, "Question: what to change") for each question; True if the links changed."""
        wanted = [text for _field, text in problems]
        if wanted == [link.text() for link in self.links]:
            return False  # unchanged: keep the links (and the focus on one of them)
        for link in self.links:
            self._layout.removeWidget(link)
            link.deleteLater()
        self.links = []
        for field_id, text in problems:
            link = QPushButton(text, self)
            link.setObjectName(f"{self.objectName()}.{field_id}")
            link.setAccessibleName(f"Go to the question: {text}")
            link.setStyleSheet(LINK_STYLE)
            link.clicked.connect(lambda _c=False, f=field_id: self.jump_requested.emit(f))
            self._layout.addWidget(link)
            self.links.append(link)
        self.setVisible(bool(problems))
        return True
