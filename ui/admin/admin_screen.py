"""The administrator screen: workers and key rotation, locking and retention, council trust."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from services.clock import Clock
from services.session import Session
from ui.accessibility import name_control
from ui.admin.policy_panel import PolicyPanel
from ui.admin.trust_panel import TrustPanel
from ui.admin.workers_panel import WorkersPanel
from ui.dialogs import Dialogs
from ui.headings import heading_label
from ui.task_runner import TaskRunner

ADMINISTRATOR = "administrator"


class AdminScreen(QWidget):
    """Shown only to administrators; `show_session` refuses anyone else (services check too)."""

    back_requested = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        clock: Clock,
        dialogs: Dialogs | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("admin_screen")
        heading = heading_label("Administration", "admin_heading")
        self.workers = WorkersPanel(runner, clock)
        self.policy = PolicyPanel(runner, clock)
        self.trust = TrustPanel(runner, clock, dialogs)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("admin_tabs")
        self.tabs.setAccessibleName("Administration sections")
        self.tabs.tabBar().setAccessibleName("Administration sections")
        self.tabs.addTab(self.workers, "&Workers")
        self.tabs.addTab(self.policy, "Loc&king and retention")
        self.tabs.addTab(self.trust, "Council &trust")
        self.back_button = QPushButton("&Back to cases")
        self.back_button.setObjectName("admin_back_button")
        name_control(self.back_button, "&Back to cases", "Back to the case list")
        self.back_button.clicked.connect(self.back_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        back_row = QHBoxLayout()
        back_row.addWidget(self.back_button)
        back_row.addStretch(1)
        layout.addLayout(back_row)

    def show_session(self, session: Session) -> bool:
        """Load the panels for an administrator; returns False (showing nothing) for anyone else."""
        if session.role != ADMINISTRATOR:
            self.clear()
            return False
        self.workers.show_session(session)
        self.policy.show_session(session)
        self.trust.show_session(session)
        return True

    def clear(self) -> None:
        self.workers.clear()
        self.policy.clear()
        self.trust.clear()
