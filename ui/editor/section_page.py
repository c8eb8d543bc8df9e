"""One section of the assessment as a page: heading, guidance, its questions, Pause and Next."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from forms.model import Section
from ui import theme
from ui.accessibility import name_control
from ui.editor.error_summary import ErrorSummary
from ui.editor.rows import FieldRow
from ui.headings import heading_label
from ui.plain_text import plain_label


class SectionPage(QWidget):
    """Emits `pause_requested` and `next_requested`; `rows` maps field ids to their rows."""

    pause_requested = Signal()
    next_requested = Signal()
    jump_requested = Signal(str)

    def __init__(
        self, section: Section, rows: list[FieldRow], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.section = section
        self.setObjectName(f"section_{section.id}")
        self.rows = {row.input.field.id: row for row in rows}
        title = heading_label(section.title, f"section_{section.id}.title")
        guidance = plain_label(" ".join(section.help.split()))
        guidance.setObjectName(f"section_{section.id}.help")
        guidance.setWordWrap(True)
        # Guidance is in a calm box at the top of every section: what to ask and what not to.
        guidance.setStyleSheet(theme.GUIDANCE_STYLE)
        # Its name is what it says; what it is goes in the description.
        guidance.setAccessibleDescription(f"Guidance: {section.title}")
        self.pause_button = QPushButton("Pause: save and return to the case list")
        self.pause_button.setObjectName(f"pause_{section.id}")
        name_control(
            self.pause_button,
            "Pause: save and return to the case list",
            "Pause: save everything and return to the case list",
        )
        self.next_button = QPushButton("Next section")
        self.next_button.setObjectName(f"next_{section.id}")
        self.next_button.setAccessibleDescription("Go to the next section")
        self.pause_button.clicked.connect(self.pause_requested)
        self.next_button.clicked.connect(self.next_requested)
        self.not_applicable = plain_label(
            "This section does not apply to this case with the answers given so far "
            "(for example the person's age, or their consent). Nothing here is needed."
        )
        self.not_applicable.setObjectName(f"section_{section.id}.not_applicable")
        self.not_applicable.setWordWrap(True)
        self.not_applicable.setVisible(False)
        self.errors = ErrorSummary(section.id, self)
        self.errors.jump_requested.connect(self.jump_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.errors)
        layout.addWidget(self.not_applicable)
        if section.help.strip():
            layout.addWidget(guidance)
        for row in rows:
            layout.addWidget(row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pause_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        layout.addLayout(buttons)
        layout.addStretch(1)
