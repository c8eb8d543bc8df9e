"""Export to a USB stick: which cases (the ones selected in the case list, or every finalised
one not yet exported), council recipients by fingerprint, folder, progress, cancel. Every
vault and file step runs on the worker thread through the TaskRunner."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from services.clock import Clock
from services.export import (
    DEFAULT_DISCLOSURE_TO,
    DEFAULT_DISCLOSURE_WHY,
    UNPRINTABLE_HEADING,
    ExportPlan,
    ExportResult,
    export_cases,
    plan_export,
)
from services.session import Session
from ui.accessibility import StatusLabel, name_control
from ui.dialogs import Dialogs
from ui.operation import Op
from ui.task_runner import CancelToken, TaskRunner


class ExportDialogs(Dialogs):
    """Adds choosing a destination folder to the shared prompts (tests script it)."""

    def choose_folder(self, parent: QWidget, title: str) -> str | None:
        # Qt's own dialog: the native one may remember the folder in "recent places".
        path = QFileDialog.getExistingDirectory(
            parent, title, "", QFileDialog.Option.DontUseNativeDialog
        )
        return path or None


class ExportDialog(QDialog):
    """Shows what will be exported and to whom, then writes the bundle with progress."""

    # Emitted from the worker thread; Qt queues it to the UI thread.
    progressed = Signal(int, int, str)

    def __init__(
        self,
        session: Session,
        runner: TaskRunner,
        clock: Clock,
        dialogs: Dialogs | None = None,
        parent: QWidget | None = None,
        selection: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self._session, self._runner, self._clock = session, runner, clock
        self._dialogs = dialogs if isinstance(dialogs, ExportDialogs) else ExportDialogs()
        self._token = CancelToken.new()
        self.plan: ExportPlan | None = None
        self.folder: Path | None = None
        self.exported: ExportResult | None = None
        self.running = False
        self.setObjectName("export_dialog")
        self.setWindowTitle("Export to council IT")
        self.summary = StatusLabel("Looking for finalised cases…", "What will be exported", self)
        self.summary.setObjectName("export_summary")
        # Which cases: the ones selected in the case list, or every one waiting.
        self.scope_box = QGroupBox("Cases in this export", self)
        self.scope_selected = QRadioButton("Only the selected cases", self.scope_box)
        self.scope_selected.setObjectName("export_scope_selected")
        # No fixed name: the name is the text, counts included ("Only the 2 selected case(s)").
        self.scope_selected.setAccessibleDescription("Export only the cases selected in the list")
        self.scope_all = QRadioButton("Every finalised case not yet exported", self.scope_box)
        self.scope_all.setObjectName("export_scope_all")
        self.scope_all.setAccessibleDescription("Export every finalised case not yet exported")
        self.scope_all.setChecked(True)
        for radio in (self.scope_selected, self.scope_all):
            radio.setEnabled(False)  # until the plan is known
            radio.toggled.connect(self._show_chosen)
        self.case_list = QListWidget(self.scope_box)
        self.case_list.setObjectName("export_case_list")
        self.case_list.setAccessibleName("References of the cases that will be exported")
        self.case_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.case_list.setMaximumHeight(self.fontMetrics().height() * 8)
        scope_layout = QVBoxLayout(self.scope_box)
        for scope_widget in (self.scope_selected, self.scope_all, self.case_list):
            scope_layout.addWidget(scope_widget)
        self.folder_label = StatusLabel("No folder chosen yet.", "Destination folder", self)
        self.folder_label.setObjectName("export_folder")
        # The disclosure log entry every exported case gets; prefilled, editable.
        self.disclosure_to = QLineEdit(DEFAULT_DISCLOSURE_TO, self)
        self.disclosure_to.setObjectName("export_disclosure_to")
        name_control(self.disclosure_to, "Disclosure log, for", "Who the export is for")
        self.disclosure_why = QLineEdit(DEFAULT_DISCLOSURE_WHY, self)
        self.disclosure_why.setObjectName("export_disclosure_why")
        name_control(self.disclosure_why, "Disclosure log, why", "Why it is shared")
        for field in (self.disclosure_to, self.disclosure_why):
            field.textChanged.connect(self._update_buttons)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("export_progress")
        self.bar.setAccessibleName("Export progress")
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        self.status = StatusLabel("", "Export status", self)
        self.status.setObjectName("export_status")
        self.choose_button = QPushButton("Choose folder…", self)
        self.choose_button.setObjectName("export_choose_folder")
        name_control(self.choose_button, "Choose folder…", "Choose the destination folder")
        self.export_button = QPushButton("Export", self)
        self.export_button.setObjectName("export_start")
        name_control(self.export_button, "Export", "Write the encrypted export file")
        self.export_button.setEnabled(False)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("export_cancel")
        name_control(self.cancel_button, "Cancel", "Cancel the export")
        self.choose_button.clicked.connect(self.choose_folder)
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.progressed.connect(self._on_progress)
        buttons = QHBoxLayout()
        for button in (self.choose_button, self.export_button, self.cancel_button):
            buttons.addWidget(button)
        log = QFormLayout()
        log.addRow("Disclosure log, for:", self.disclosure_to)
        log.addRow("Why:", self.disclosure_why)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.scope_box)
        layout.addLayout(log)
        for widget in (self.folder_label, self.bar, self.status):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        # Tab in reading order: the cases, the disclosure entry, then the buttons.
        order: list[QWidget] = [self.scope_selected, self.scope_all, self.case_list]
        order += [self.disclosure_to, self.disclosure_why]
        order += [self.choose_button, self.export_button, self.cancel_button]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        chosen = tuple(selection)
        # Each callback is skipped once the dialog is closed and deleted (e.g. locked).
        (
            Op(runner, self, lambda: plan_export(session, clock=clock, selection=chosen))
            .on_success(self._on_planned)
            .on_failure(self._on_plan_failed)
            .run()
        )

    # --- planning --------------------------------------------------------------------

    def _on_planned(self, plan: ExportPlan) -> None:
        self.plan = plan
        self.scope_selected.setText(f"Only the {len(plan.selected)} selected case(s)")
        self.scope_selected.setEnabled(bool(plan.selected))
        self.scope_all.setText(f"All {len(plan.case_ids)} finalised case(s) not yet exported")
        self.scope_all.setEnabled(bool(plan.case_ids))
        (self.scope_selected if plan.selected else self.scope_all).setChecked(True)
        self._show_chosen()
        self._show_summary(f"{len(plan.case_ids)} finalised case(s) waiting to be exported.")
        self._update_buttons()

    def _show_summary(self, first_line: str) -> None:
        """The counts line, then what stays behind and who can read the bundle."""
        plan = self.plan
        assert plan is not None
        lines = [first_line]
        if plan.not_ready:
            lines.append(
                f"{plan.not_ready} of the selected case(s) are not finalised or were exported "
                "already; they stay on this laptop."
            )
        if plan.training:
            lines.append("TRAINING mode: the export file is marked TRAINING.")
        # The check codes let council IT confirm, if asked, that only their keys open the file.
        lines.append("Encrypted so that only these council keys can open it (with check codes):")
        lines += [f"  {r.name} - check code {r.fingerprint}" for r in plan.recipients]
        if plan.trust_warning:
            lines.append(plan.trust_warning)
        if plan.unprintable:
            lines += [UNPRINTABLE_HEADING, *plan.unprintable_lines()]
        self.summary.setText("\n".join(lines))

    def _on_plan_failed(self, error: BaseException) -> None:
        self.summary.setText(str(error) or "The export cannot start.")
        self._update_buttons()

    def chosen_case_ids(self) -> tuple[str, ...]:
        """The cases the worker chose to export."""
        if self.plan is None:
            return ()
        return self.plan.selected if self.scope_selected.isChecked() else self.plan.case_ids

    def _show_chosen(self) -> None:
        plan = self.plan
        if plan is None:
            return
        self.case_list.clear()
        self.case_list.addItems([plan.reference(c) for c in self.chosen_case_ids()])
        self._update_buttons()

    def _update_buttons(self) -> None:
        logged = bool(self.disclosure_to.text().strip() and self.disclosure_why.text().strip())
        ready = bool(self.chosen_case_ids() and self.folder and logged and not self.running)
        for radio, has_cases in (
            (self.scope_selected, bool(self.plan and self.plan.selected)),
            (self.scope_all, bool(self.plan and self.plan.case_ids)),
        ):
            radio.setEnabled(has_cases and not self.running and self.exported is None)
        self.export_button.setEnabled(ready and self.exported is None)
        self.choose_button.setEnabled(not self.running and self.exported is None)

    # --- actions ---------------------------------------------------------------------

    def choose_folder(self) -> None:
        chosen = self._dialogs.choose_folder(self, "Choose the USB stick")
        if chosen:
            self.folder = Path(chosen)
            self.folder_label.setText(f"Destination: {self.folder}")
        self._update_buttons()

    def start(self) -> None:
        if self.plan is None or self.folder is None or self.running:
            return
        self.running = True
        self._token = CancelToken.new()
        self._update_buttons()
        self.status.setText("Writing the encrypted export file…")
        session, clock, folder = self._session, self._clock, self.folder
        ids, token = list(self.chosen_case_ids()), self._token
        to, why = self.disclosure_to.text(), self.disclosure_why.text()
        (
            Op(
                self._runner,
                self,
                lambda: export_cases(
                    session,
                    folder,
                    clock=clock,
                    case_ids=ids,
                    progress=self.progressed.emit,
                    cancel=lambda: token.cancelled,
                    disclosure_to=to,
                    disclosure_why=why,
                ),
            )
            .on_success(self._on_exported)
            .on_failure(self._on_failed)
            .run()
        )

    def cancel(self) -> None:
        """Stop a running export (nothing is left behind); otherwise close."""
        if self.running:
            self._token.cancel()
            self.status.setText("Stopping…")
            return
        if self.exported is not None:
            self.accept()
        else:
            self.reject()

    def _on_progress(self, done: int, total: int, label: str) -> None:
        if not isValid(self):  # closed and deleted (e.g. locked) while work ran
            return
        self.bar.setValue(int(100 * done / total) if total else 0)
        self.status.setText(label)

    def _on_exported(self, result: ExportResult) -> None:
        self.running = False
        self.exported = result
        self.bar.setValue(100)
        if self.plan is not None:
            # The counts were of cases waiting before this export; these ones are not now.
            done = set(result.case_ids)
            left = sum(1 for c in self.plan.case_ids if c not in done)
            self.scope_all.setText(f"All {left} finalised case(s) not yet exported")
            self.scope_selected.setText(f"Only the {len(self.plan.selected)} selected case(s)")
            self._show_summary(
                f"{len(result.case_ids)} case(s) exported just now; "
                f"{left} finalised case(s) still waiting to be exported."
            )
        self.status.setText(
            f"Exported {len(result.case_ids)} case(s) to {result.path.name}. "
            "Hand the stick to council IT and import their receipt when it comes."
        )
        self.cancel_button.setText("Close")
        self._update_buttons()

    def _on_failed(self, error: BaseException) -> None:
        self.running = False
        self.bar.setValue(0)
        text = str(error) or "The export failed; nothing was changed."
        self.status.setText(text)
        self._update_buttons()
        if not self._token.cancelled:
            self._dialogs.warn(self, "Export", text)
