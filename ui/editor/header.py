"""The editor's top: the case's reference and names, status, save state, actions, notices.

The notice line says when the case is read-only or could not be saved; after a save conflict
it offers Reload.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from services.case_status import status_label
from services.errors import SaveConflict
from ui import theme
from ui.accessibility import StatusLabel, name_control
from ui.headings import heading_label
from ui.operation import describe
from ui.plain_text import neutralise_bidi, plain_label

READ_ONLY_NOTICE = (
    "This case is finalised and read-only. To change it, choose Amend and give a reason."
)
CONFLICT_NOTICE = (
    "Not saved: this case was saved elsewhere meanwhile. What you typed is still on screen. "
    "Choose Reload to load the saved version instead (what you typed since the last save here "
    "is then discarded)."
)


def _button(text: str, name: str, accessible: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    name_control(button, text, accessible)
    return button


class EditorHeader(QWidget):
    """Widgets only; the editor connects the buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading_label("", "editor_title")
        self.status_text = StatusLabel("", "Case status")
        self.status_text.setObjectName("case_status")
        self.saved_indicator = StatusLabel("No changes yet", "Save status")
        self.saved_indicator.setObjectName("saved_indicator")
        self.banner = plain_label("")
        self.banner.setObjectName("read_only_banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(theme.NOTICE_STYLE)
        self.reload_button = _button(
            "Reload", "reload_button", "Reload the version saved on this laptop"
        )
        self.reload_button.setVisible(False)
        self.print_button = _button(
            "Preview / print pack…", "print_button", "Preview or print the referral pack"
        )
        self.finalise_button = _button(
            "Finalise…", "finalise_button", "Finalise with supervisor sign-off"
        )
        self.amend_button = _button("Amend…", "amend_button", "Amend the finalised case")
        self.close_button = _button(
            "Pause and close", "close_button", "Pause: save and return to the case list"
        )
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.status_text)
        top.addWidget(self.saved_indicator)
        for button in (
            self.print_button,
            self.finalise_button,
            self.amend_button,
            self.close_button,
        ):
            top.addWidget(button)
        notice = QHBoxLayout()
        notice.addWidget(self.banner, 1)
        notice.addWidget(self.reload_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(notice)

    def show_case(self, reference: str, answers: Mapping[str, Any], status: str) -> None:
        names = [str(answers.get(k) or "").strip() for k in ("name_latin", "name_native")]
        shown = " · ".join(neutralise_bidi(n) for n in names if n)
        self.title.setText(f"{reference}  {shown}".strip())
        # Words first ("Status: Finalised"); the colour is only a second signal.
        self.status_text.setText(f"Status: {status_label(status)}")
        self.status_text.setStyleSheet(theme.status_style(status))

    def show_note(self, note: str, status: str) -> None:
        """A note after another version was taken on, unless the status already says it (the
        header read "Finalised  Finalised and signed off")."""
        said = note.casefold().startswith(status_label(status).casefold())
        self.saved_indicator.setText("Saved" if said else note)

    def show_read_only(self, read_only: bool) -> None:
        self.finalise_button.setVisible(not read_only)
        self.amend_button.setVisible(read_only)
        self.banner.setText(READ_ONLY_NOTICE if read_only else "")
        self.banner.setVisible(read_only)

    def show_save_failed(self, error: object) -> None:
        self.saved_indicator.setText("Not saved")
        if isinstance(error, SaveConflict):
            self.banner.setText(CONFLICT_NOTICE)
            self.reload_button.setVisible(True)
        else:
            fallback = "the case could not be saved on this laptop"
            text = describe(error, fallback) if isinstance(error, BaseException) else fallback
            self.banner.setText(
                f"Not saved: {text} What you typed is still on screen; do not close the laptop."
            )
        self.banner.setVisible(True)
