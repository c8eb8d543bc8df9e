"""Device policy: how soon an idle screen locks, how long sent cases are kept, the nation."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from services.clock import Clock
from services.device_nation import nation_choices
from services.session import Session
from services.settings import (
    MAX_IDLE_TIMEOUT_S,
    MAX_RETENTION_DAYS,
    MIN_IDLE_TIMEOUT_S,
    MIN_RETENTION_DAYS,
    device_nation,
    idle_timeout_s,
    retention_days,
    set_device_nation,
    set_idle_timeout_s,
    set_retention_days,
)
from ui.accessibility import StatusLabel, name_control
from ui.form_rows import add_question
from ui.operation import Op, describe
from ui.task_runner import TaskRunner

IDLE_HELP = "Anyone at this laptop must type their passphrase again after this."
NATION_HELP = "New cases ask the questions of this nation's referral forms."
RETENTION_HELP = (
    "After council IT confirms it received a case, the case is purged from this laptop once this "
    "many days have passed."
)


class PolicyPanel(QWidget):
    """Emits `idle_timeout_changed(seconds)` after saving, so the lock applies it at once."""

    idle_timeout_changed = Signal(int)

    def __init__(self, runner: TaskRunner, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policy_panel")
        self._runner, self._clock = runner, clock
        self._session: Session | None = None
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setObjectName("idle_timeout_minutes")
        self.idle_minutes.setAccessibleName("Lock after this many idle minutes")
        self.idle_minutes.setRange(MIN_IDLE_TIMEOUT_S // 60, MAX_IDLE_TIMEOUT_S // 60)
        self.idle_minutes.setSuffix(" min")
        self.retention = QSpinBox()
        self.retention.setObjectName("retention_days")
        self.retention.setAccessibleName("Keep received cases for this many days")
        self.retention.setRange(MIN_RETENTION_DAYS, MAX_RETENTION_DAYS)
        self.retention.setSuffix(" days")
        self.nation = QComboBox()
        self.nation.setObjectName("device_nation")
        self.nation.setAccessibleName("Nation new cases open in")
        self.nation.setPlaceholderText("Not set: choose the nation")
        for nation_id, nation_name in nation_choices():
            self.nation.addItem(nation_name, nation_id)
        self.nation.setCurrentIndex(-1)
        self._saved_nation: str | None = None
        self.save_button = QPushButton("Sa&ve policy")
        self.save_button.setObjectName("save_policy_button")
        name_control(self.save_button, "Sa&ve policy", "Save locking and retention policy")
        self.save_button.clicked.connect(self.save)
        self.message = StatusLabel("", "Policy message")
        self.message.setObjectName("policy_message")
        self.message.setWordWrap(True)
        for narrow in (self.idle_minutes, self.retention):  # a number, not a line of text
            narrow.setMaximumWidth(narrow.sizeHint().width() * 2)

        layout = QVBoxLayout(self)  # GOV.UK order: each label, its hint, then the input
        add_question(layout, "Lock when &idle for", self.idle_minutes, IDLE_HELP)
        add_question(layout, "&Keep received cases for", self.retention, RETENTION_HELP)
        add_question(layout, "&New cases open in", self.nation, NATION_HELP)
        layout.addWidget(self.save_button)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def show_session(self, session: Session) -> None:
        self._session = session
        self.message.setText("")
        (
            Op(
                self._runner,
                self,
                lambda: (idle_timeout_s(session), retention_days(session), device_nation(session)),
            )
            .on_success(self._loaded)
            .on_failure(self._failed)
            .run()
        )

    def clear(self) -> None:
        self._session = None
        self.message.setText("")

    def _loaded(self, values: tuple[int, int, str | None]) -> None:
        idle, days, nation = values
        self.idle_minutes.setValue(max(1, idle // 60))
        self.retention.setValue(days)
        self._saved_nation = nation
        self.nation.setCurrentIndex(self.nation.findData(nation) if nation else -1)

    def save(self) -> None:
        session, clock = self._session, self._clock
        if session is None:
            return
        seconds, days = self.idle_minutes.value() * 60, self.retention.value()
        chosen = self.nation.currentData() if self.nation.currentIndex() >= 0 else None
        nation = str(chosen) if chosen and chosen != self._saved_nation else None

        def work() -> int:
            set_idle_timeout_s(session, seconds, clock=clock)
            set_retention_days(session, days, clock=clock)
            if nation is not None:  # audited only when it changes
                set_device_nation(session, nation, clock=clock)
            return seconds

        self.save_button.setEnabled(False)
        Op(self._runner, self, work).on_success(self._saved).on_failure(self._failed).run()

    def _saved(self, seconds: int) -> None:
        self.save_button.setEnabled(True)
        if self.nation.currentIndex() >= 0:
            self._saved_nation = str(self.nation.currentData())
        self.message.setText(
            f"Saved. The screen locks after {seconds // 60} idle minutes; received cases are "
            f"kept for {self.retention.value()} days."
        )
        self.idle_timeout_changed.emit(seconds)

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(describe(error, "The policy could not be saved."))
