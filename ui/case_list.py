"""The case list: find a case by name in any script, filter by status, open or start one.

Listing and searching run on the worker thread. Typing restarts a short debounce; each query
carries a generation number and only the newest one's rows are shown, so a slow early search
can never overwrite the results of what the worker typed since.

Print… shows the referral pack of one selected case (after its disclosure-log entry, as in the
editor) or builds the packs of several selected cases for one print job (ui/case_printing.py).
The dialogs' modules are imported when first used (QtPdf and the export code stay out of
start-up).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from services.case_queries import CaseRow, find_case_rows
from services.case_status import STATUS_LABELS
from services.cases import create_case
from services.clock import Clock
from services.session import Session
from ui.accessibility import StatusLabel, name_control
from ui.case_list_model import CASE_ID_ROLE, COLUMNS, CaseListModel
from ui.case_printing import CasePrinting
from ui.dialogs import Dialogs
from ui.headings import heading_label
from ui.operation import Op, describe
from ui.plain_text import plain_label
from ui.task_runner import TaskRunner

SEARCH_DEBOUNCE_MS = 150


class CaseListScreen(QWidget):
    """Emits `case_opened(case_id)` for Open, Enter or double-click, and after New case."""

    case_opened = Signal(str)
    rows_shown = Signal(int)

    def __init__(
        self,
        runner: TaskRunner,
        clock: Clock,
        dialogs: Dialogs,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("case_list_screen")
        self._runner, self._clock, self._dialogs = runner, clock, dialogs
        self._session: Session | None = None
        self._generation = 0
        self.printing = CasePrinting(
            runner,
            clock,
            dialogs,
            self,
            still_signed_in=lambda session: self._session is session,
            version_made=self.reload,
        )

        self.search = QLineEdit()
        self.search.setObjectName("case_search")
        self.search.setAccessibleName("Search names and aliases")
        self.search.setPlaceholderText("Search names and aliases, in any script (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        # Names are personal data: keep them out of predictive keyboards' dictionaries.
        self.search.setInputMethodHints(
            Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("status_filter")
        self.status_filter.setAccessibleName("Show cases with status")
        self.status_filter.addItem("All statuses", "")
        for code, label in STATUS_LABELS.items():
            self.status_filter.addItem(label, code)

        self.new_button = self._button("&New case", "new_case_button", "Start a new case")
        self.open_button = self._button("&Open case", "open_case_button", "Open the selected case")
        self.export_button = self._button("E&xport…", "export_button", "Export finalised cases")
        self.receipt_button = self._button(
            "Import &receipt…", "import_receipt_button", "Import a council receipt"
        )
        self.print_button = self._button(
            "Pr&int…", "print_selected_button", "Print the referral packs of the selected cases"
        )
        self.print_button.setToolTip(
            "Print the referral pack of the selected case, or of every selected case (Ctrl+P)"
        )

        self.model = CaseListModel()
        self.table = QTableView()
        self.table.setObjectName("case_table")
        self.table.setAccessibleName("Cases")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Shift/Ctrl with arrows or clicks select several cases for printing their packs.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Size columns from the rows on screen only: measuring 1,000 rows of shaped text froze
        # the UI thread for 2 s with 10,000 cases; the visible rows take under 0.1 s.
        header.setResizeContentsPrecision(0)
        # Names are never cut short; the routes column takes what is left and elides.
        header.setSectionResizeMode(COLUMNS.index("Routes"), QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.activated.connect(lambda index: self._open_row(index.row()))

        self.busy = QProgressBar()
        self.busy.setObjectName("case_list_busy")
        self.busy.setAccessibleName("Loading cases")
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(8)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.message = StatusLabel("", "Case list message")
        self.message.setObjectName("case_list_message")
        self.message.setWordWrap(True)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._focus_results)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.new_button.clicked.connect(self.new_case)
        self.open_button.clicked.connect(self.open_selected)
        self.print_button.clicked.connect(self.print_selected)
        self.export_button.clicked.connect(self.open_export)
        self.receipt_button.clicked.connect(self.open_receipt_import)

        search_label = plain_label("&Search")
        search_label.setBuddy(self.search)
        filter_label = plain_label("S&tatus")
        filter_label.setBuddy(self.status_filter)
        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 3)
        top.addWidget(filter_label)
        top.addWidget(self.status_filter, 1)
        actions = QHBoxLayout()
        for button in (
            self.new_button,
            self.open_button,
            self.print_button,
            self.export_button,
            self.receipt_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Cases", "case_list_heading"))
        layout.addLayout(top)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.search.setFocus)
        print_shortcut = QShortcut(QKeySequence.StandardKey.Print, self)
        print_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        print_shortcut.activated.connect(self.print_selected)
        self.setTabOrder(self.search, self.status_filter)
        self.setTabOrder(self.status_filter, self.table)
        self.setTabOrder(self.table, self.new_button)
        self.setTabOrder(self.new_button, self.open_button)
        self.setTabOrder(self.open_button, self.print_button)
        self.setTabOrder(self.print_button, self.export_button)
        self.setTabOrder(self.export_button, self.receipt_button)

    def _button(self, text: str, name: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        name_control(button, text, accessible)
        return button

    # -- session ------------------------------------------------------------------------------

    def show_session(self, session: Session) -> None:
        self._session = session
        self.reload()
        self.search.setFocus()

    def clear(self) -> None:
        """Forget every row and the search text (on lock); late results are then ignored."""
        self._session = None
        self._generation += 1
        self._debounce.stop()
        self.model.clear()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.status_filter.blockSignals(True)
        self.status_filter.setCurrentIndex(0)
        self.status_filter.blockSignals(False)
        self.message.setText("")
        self.busy.hide()

    # -- listing and search -------------------------------------------------------------------

    def current_status(self) -> str | None:
        code = self.status_filter.currentData()
        return str(code) if code else None

    def reload(self) -> None:
        """List or search again with the current text and filter (on the worker thread)."""
        self._debounce.stop()
        session = self._session
        if session is None:
            return
        self._generation += 1
        generation = self._generation
        text, status = self.search.text(), self.current_status()
        self.busy.show()
        # Only the newest query's answer is shown: an older one's rows answer an older question.
        (
            Op(self._runner, self, lambda: find_case_rows(session, text, status=status))
            .while_current(lambda: generation == self._generation)
            .on_success(self._show_rows)
            .on_failure(self._failed)
            .run()
        )

    def _show_rows(self, rows: list[CaseRow]) -> None:
        self.busy.hide()
        selected = self.selected_case_id()
        self.model.set_rows(rows)
        if self.search.text().strip():
            found = "case" if len(rows) == 1 else "cases"
            self.message.setText(f"{len(rows)} {found} found.")
        elif rows:
            self.message.setText(f"{len(rows)} {'case' if len(rows) == 1 else 'cases'}.")
        elif self.current_status():
            self.message.setText(f"No cases with status {self.status_filter.currentText()}.")
        else:
            self.message.setText("No cases yet. Choose New case to start one.")
        self._select(selected if selected in self.model.case_ids() else None)
        self.rows_shown.emit(len(rows))

    def _failed(self, error: BaseException) -> None:
        self.busy.hide()
        self.message.setText(describe(error, "The case list could not be read."))

    # -- selection and opening ----------------------------------------------------------------

    def _select(self, case_id: str | None) -> None:
        ids = self.model.case_ids()
        if not ids:
            return
        row = ids.index(case_id) if case_id in ids else 0
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def selected_case_id(self) -> str | None:
        index = self.table.currentIndex()
        value = self.model.data(index, CASE_ID_ROLE) if index.isValid() else None
        return str(value) if value else None

    def selected_rows(self) -> list[CaseRow]:
        """Every selected case, in the order the list shows them."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [case for case in map(self.model.row_at, rows) if case is not None]

    def selected_case_ids(self) -> list[str]:
        return [case.case_id for case in self.selected_rows()]

    def select_case(self, case_id: str) -> None:
        self._select(case_id)

    def _focus_results(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()

    def _open_row(self, row: int) -> None:
        case = self.model.row_at(row)
        if case is not None:
            self.case_opened.emit(case.case_id)

    def open_selected(self) -> None:
        case_id = self.selected_case_id()
        if case_id is None:
            self.message.setText("Choose a case in the list first.")
            return
        self.case_opened.emit(case_id)

    def new_case(self) -> None:
        session, clock = self._session, self._clock
        if session is None:
            return
        self.new_button.setEnabled(False)
        (
            Op(self._runner, self, lambda: create_case(session, clock=clock).case_id)
            .on_success(self._created)
            .on_failure(self._create_failed)
            .run()
        )

    def _created(self, case_id: str) -> None:
        self.new_button.setEnabled(True)
        if self._session is not None:
            self.case_opened.emit(case_id)

    def _create_failed(self, error: BaseException) -> None:
        self.new_button.setEnabled(True)
        self.message.setText(describe(error, "The new case could not be made."))

    # -- printing -----------------------------------------------------------------------------

    def print_selected(self) -> None:
        """Ask for the disclosure-log entry, record it for every selected case, then show one
        case's preview or build all the selected cases' packs for printing."""
        session = self._session
        if session is None:
            return
        rows = self.selected_rows()
        if not rows:
            self.message.setText("Choose one or more cases in the list first.")
            return
        self.printing.start(session, rows)

    @property
    def disclosure_dialog(self) -> QDialog | None:
        return self.printing.disclosure_dialog

    @property
    def print_dialog(self) -> QDialog | None:
        return self.printing.print_dialog

    # -- export and receipts ------------------------------------------------------------------

    def open_export(self) -> None:
        from ui.export_dialog import ExportDialog  # only when exporting

        session = self._session
        if session is not None:
            dialog = ExportDialog(
                session,
                self._runner,
                self._clock,
                self._dialogs,
                self,
                selection=self.selected_case_ids(),
            )
            self._run_dialog(dialog)

    def open_receipt_import(self) -> None:
        from ui.receipt_import import ReceiptImportDialog  # only when importing

        session = self._session
        if session is not None:
            self._run_dialog(
                ReceiptImportDialog(session, self._runner, self._clock, self._dialogs, self)
            )

    def _run_dialog(self, dialog: QDialog) -> None:
        dialog.exec()
        dialog.deleteLater()
        self.reload()
