"""Council trust: the pinned trust bundle's version and expiry, and Apply trust update."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from services.clock import Clock
from services.session import Session
from services.trust_expiry import TrustExpiry, trust_expiry
from services.trust_update import read_trust_file, update_trust
from ui.dialogs import Dialogs
from ui.operation import Op, describe
from ui.plain_text import plain_label
from ui.task_runner import TaskRunner

TRUST_HELP = (
    "Council IT renews the trust bundle every year and sends a new one when it changes its "
    "keys. Apply the file they give you here; it is checked against the council key this "
    "laptop was set up with."
)


def _status_text(state: TrustExpiry) -> str:
    text = f"Council trust bundle version {state.version}, valid until {state.expires[:10]}."
    return f"{text}\n{state.warning}" if state.warning else text


class TrustPanel(QWidget):
    """Shows the pinned bundle's state; Apply trust update… pins a renewal or rotation."""

    def __init__(
        self,
        runner: TaskRunner,
        clock: Clock,
        dialogs: Dialogs | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trust_panel")
        self._runner, self._clock = runner, clock
        self._dialogs = dialogs or Dialogs()
        self._session: Session | None = None
        self.status = plain_label("")
        self.status.setObjectName("trust_status")
        self.status.setAccessibleName("Council trust bundle status")
        self.status.setWordWrap(True)
        help_text = plain_label(TRUST_HELP)
        help_text.setWordWrap(True)
        self.apply_button = QPushButton("&Apply trust update…")
        self.apply_button.setObjectName("apply_trust_button")
        self.apply_button.setAccessibleName("Apply a trust update file from council IT")
        self.apply_button.clicked.connect(self.choose)
        self.message = plain_label("")
        self.message.setObjectName("trust_message")
        self.message.setAccessibleName("Trust update message")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(help_text)
        layout.addWidget(self.apply_button)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def show_session(self, session: Session) -> None:
        self._session = session
        self.message.setText("")
        self._refresh()

    def clear(self) -> None:
        self._session = None
        self.status.setText("")
        self.message.setText("")

    def _refresh(self) -> None:
        session, clock = self._session, self._clock
        if session is None:
            return
        (
            Op(self._runner, self, lambda: trust_expiry(session.vault, clock))
            .on_success(lambda state: self.status.setText(_status_text(state)))
            .on_failure(self._failed)
            .run()
        )

    def choose(self) -> None:
        session, clock = self._session, self._clock
        if session is None:
            return
        chosen = self._dialogs.choose_open_file(
            self, "Choose the trust update", "Trust bundles (*.json)"
        )
        if not chosen:
            return
        path = Path(chosen)

        def work() -> TrustExpiry:
            update_trust(session, read_trust_file(path), clock=clock)
            return trust_expiry(session.vault, clock)

        self.apply_button.setEnabled(False)
        self.message.setText("Checking the trust update…")
        Op(self._runner, self, work).on_success(self._applied).on_failure(self._failed).run()

    def _applied(self, state: TrustExpiry) -> None:
        self.apply_button.setEnabled(True)
        self.status.setText(_status_text(state))
        self.message.setText(f"Trust update applied: version {state.version} is now pinned.")

    def _failed(self, error: BaseException) -> None:
        self.apply_button.setEnabled(True)
        self.message.setText(describe(error, "The trust update could not be applied."))
