"""The first-run screen: set up from a council trust bundle, or start a training vault."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from services.clock import Clock
from services.device_nation import nation_choices
from services.errors import ServiceError
from services.kdf_policy import enrolment_kdf
from services.paths import AppPaths
from services.provisioning import ProvisionReport, TrustPreview, preview_trust_bundle, provision
from services.training import provision_training
from ui.accessibility import StatusLabel, name_control
from ui.dialogs import Dialogs
from ui.form_rows import add_question
from ui.headings import fingerprint_font, heading_label
from ui.passphrase_fields import StrengthMeter, forget_on_edit, passphrase_edit
from ui.plain_text import plain_label
from ui.task_runner import TaskRunner

INTRO = (
    "This laptop is not set up for First Contact yet. Council IT gives you a set-up file (the "
    "council's trust bundle: it says who may open the cases you export) and reads out a short "
    "check code (its fingerprint) over the phone, so you can tell the file is genuine. Or start "
    "in training mode to learn the app with fictional cases: it is clearly marked and can never "
    "be sent to the council."
)
TRAINING_INTRO = (
    "Training mode holds fictional cases so you can learn the app. Nothing from it can ever "
    "reach a council, and there is nothing to read out to council IT; every screen, PDF and "
    "export file says TRAINING."
)

# The column's widest, in average characters: grows with a large system font.
BODY_MAX_CHARS = 110


class FirstRunScreen(QWidget):
    """Creates the vault and its first worker; emits `provisioned` when done."""

    provisioned = Signal(object)

    def __init__(
        self,
        paths: AppPaths,
        runner: TaskRunner,
        clock: Clock,
        dialogs: Dialogs,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("first_run_screen")
        self._paths, self._runner, self._clock, self._dialogs = paths, runner, clock, dialogs
        self._trust_raw: bytes | None = None

        self.heading = heading = heading_label(
            "Set up First Contact on this laptop", "first_run_heading"
        )
        self.intro = intro = plain_label(INTRO)
        intro.setWordWrap(True)
        self.choose_trust = QPushButton("&Choose the set-up file from council IT…")
        self.choose_trust.setObjectName("choose_trust_bundle")
        name_control(self.choose_trust, "&Choose the set-up file from council IT…")
        self.choose_trust.clicked.connect(self._choose_trust)
        self.fingerprint = StatusLabel(
            "No set-up file chosen yet.", "Check code of the set-up file"
        )
        self.fingerprint.setObjectName("trust_fingerprint")
        self.trust_council = plain_label("")
        self.trust_council.setObjectName("trust_council")
        self.trust_council.setWordWrap(True)
        self.confirm = QCheckBox("The &check code matches what council IT read out")
        self.confirm.setObjectName("confirm_fingerprint")
        name_control(self.confirm, "The &check code matches what council IT read out")
        self.confirm.setEnabled(False)

        self.worker_name = QLineEdit()
        self.worker_name.setObjectName("first_worker_name")
        self.worker_name.setAccessibleName("Your name as colleagues know you")
        self.passphrase = passphrase_edit("new_passphrase", "New passphrase")
        self.passphrase_again = passphrase_edit("new_passphrase_again", "New passphrase again")
        meter = StrengthMeter(self.passphrase)
        # No nation is preselected: a wrong default would route every case by the wrong law.
        self.nation = QComboBox()
        self.nation.setObjectName("device_nation")
        self.nation.setAccessibleName("Nation this laptop is used in")
        self.nation.setPlaceholderText("Choose the nation")
        for nation_id, nation_name in nation_choices():
            self.nation.addItem(nation_name, nation_id)
        self.nation.setCurrentIndex(-1)

        # GOV.UK order, one column: each label, its hint, then the input.
        form = QVBoxLayout()
        add_question(
            form, "Your &name", self.worker_name, "As colleagues know you: it goes on your cases."
        )
        add_question(
            form,
            "Nation you &work in",
            self.nation,
            "Cases follow this nation's law and referral routes.",
        )
        add_question(form, "New &passphrase", self.passphrase)
        add_question(form, "Passphrase &again", self.passphrase_again)
        form.addWidget(meter)

        self.trust_box = trust_box = QGroupBox("Set up with the file from council IT")
        trust_layout = QVBoxLayout(trust_box)
        trust_layout.addWidget(self.choose_trust)
        trust_layout.addWidget(self.fingerprint)
        trust_layout.addWidget(self.trust_council)
        trust_layout.addWidget(self.confirm)

        self.create_button = QPushButton("&Set up this laptop")
        self.create_button.setObjectName("provision_button")
        name_control(
            self.create_button, "&Set up this laptop", "Set up this laptop from the set-up file"
        )
        self.create_button.clicked.connect(self._provision)
        self.training_button = QPushButton("Start in &training mode")
        self.training_button.setObjectName("training_button")
        name_control(self.training_button, "Start in &training mode", "With fictional cases")
        self.training_button.clicked.connect(self._provision_training)
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.training_button)

        self.busy = QProgressBar()
        self.busy.setObjectName("first_run_busy")
        self.busy.setAccessibleName("Setting up")
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.message = StatusLabel("", "Set-up message", urgent=True)
        self.message.setObjectName("first_run_message")
        self.message.setWordWrap(True)

        # A readable column in the middle of a wide window, rather than one-line-wide fields.
        body = QWidget()
        body.setMaximumWidth(self.fontMetrics().averageCharWidth() * BODY_MAX_CHARS)
        # With a large font the form is taller than a 768 px screen: it scrolls up and down
        # (never sideways) rather than squeezing the inputs.
        page = QWidget()
        scroll = QScrollArea(self)
        scroll.setObjectName("first_run_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its inputs take the focus, not the frame
        scroll.setWidget(page)
        wrapper = QVBoxLayout(self)
        wrapper.setContentsMargins(0, 0, 0, 0)
        wrapper.addWidget(scroll)
        outer = QHBoxLayout(page)
        outer.addStretch(1)
        outer.addWidget(body, 10)
        outer.addStretch(1)
        layout = QVBoxLayout(body)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(trust_box)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        forget_on_edit(self.message, self.passphrase, self.passphrase_again)
        layout.addStretch(1)

    def prefer_training(self) -> None:
        """Started with --training: only the training vault is offered."""
        self.heading.setText("Start in training mode")
        self.intro.setText(TRAINING_INTRO)
        for widget in (self.trust_box, self.create_button):
            widget.hide()
        self.training_button.setDefault(True)
        self.passphrase_again.returnPressed.connect(self._provision_training)

    def load_trust_bundle(self, path: Path) -> None:
        """Read and verify a trust bundle file, then show its short fingerprint to compare."""
        try:
            raw = path.read_bytes()
            preview: TrustPreview = preview_trust_bundle(raw, clock=self._clock)
        except OSError as exc:
            self._show_error(f"Cannot read {path.name}: {exc.strerror}.")
            return
        except ServiceError as exc:
            self._show_error(str(exc))
            return
        self._trust_raw = raw
        self.fingerprint.setText(preview.short_fingerprint)
        self.fingerprint.setFont(fingerprint_font(self.font()))
        self.trust_council.setText(
            f"Council: {preview.bundle.council_name}. Compare the check code above with the one "
            "council IT reads out before ticking: if they differ, the file is not genuine."
        )
        self.confirm.setEnabled(True)
        self.confirm.setChecked(False)

    def _choose_trust(self) -> None:
        chosen = self._dialogs.choose_open_file(
            self, "Set-up file from council IT", "Set-up file (*.json)"
        )
        if chosen:
            self.load_trust_bundle(Path(chosen))

    def _credentials(self) -> tuple[str, str, str] | None:
        name = self.worker_name.text().strip()
        if not name:
            self._show_error("Type your name first.")
            return None
        if self.nation.currentIndex() < 0:
            self._show_error("Choose the nation you work in: new cases follow its rules.")
            return None
        if self.passphrase.text() != self.passphrase_again.text():
            self._show_error("The two passphrases are different. Type them again.")
            return None
        return name, self.passphrase.text(), str(self.nation.currentData())

    def _provision(self) -> None:
        if self._trust_raw is None:
            self._show_error("Choose the set-up file from council IT first.")
            return
        if not self.confirm.isChecked():
            self._show_error("Compare the check code with council IT and tick the box first.")
            return
        credentials = self._credentials()
        if credentials is None:
            return
        raw, (name, secret, nation), paths = self._trust_raw, credentials, self._paths
        clock = self._clock
        self._start(
            lambda: provision(
                paths,
                raw,
                worker_name=name,
                passphrase=secret,
                nation=nation,
                clock=clock,
                kdf=enrolment_kdf(),
                fingerprint_confirmed=True,
            )
        )

    def _provision_training(self) -> None:
        credentials = self._credentials()
        if credentials is None:
            return
        (name, secret, nation), paths, clock = credentials, self._paths, self._clock
        self._start(
            lambda: provision_training(
                paths,
                worker_name=name,
                passphrase=secret,
                nation=nation,
                clock=clock,
                kdf=enrolment_kdf(),
            )
        )

    def _start(self, work: object) -> None:
        self._set_busy(True)
        self._runner.submit(work, self._done, self._failed)  # type: ignore[arg-type]

    def _done(self, report: object) -> None:
        self._set_busy(False)
        self.passphrase.clear()
        self.passphrase_again.clear()
        if isinstance(report, ProvisionReport):
            self.provisioned.emit(report)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, ServiceError):
            self._show_error(str(error))
        else:
            self._show_error("Set-up failed unexpectedly; nothing usable was created. Try again.")

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.create_button, self.training_button, self.choose_trust, self.nation):
            widget.setEnabled(not busy)

    def _show_error(self, text: str) -> None:
        self.message.setText(text)
