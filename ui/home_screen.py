"""What an unlocked worker sees first: who is signed in, and how to lock."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from services.session import Session
from ui.plain_text import neutralise_bidi, plain_label


class HomeScreen(QWidget):
    """The signed-in landing screen; emits `lock_requested` for the Lock button."""

    lock_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home_screen")
        self.signed_in = plain_label("")
        self.signed_in.setObjectName("signed_in_as")
        self.signed_in.setAccessibleName("Signed in as")
        self.lock_button = QPushButton("&Lock")
        self.lock_button.setObjectName("lock_button")
        self.lock_button.setAccessibleName("Lock (Ctrl+L)")
        self.lock_button.clicked.connect(self.lock_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.signed_in)
        layout.addWidget(self.lock_button)
        layout.addStretch(1)

    def show_session(self, session: Session) -> None:
        name = neutralise_bidi(session.worker.display_name)
        self.signed_in.setText(f"Signed in as {name} ({session.role}).")

    def clear(self) -> None:
        """Forget everything shown for the previous session."""
        self.signed_in.setText("")
