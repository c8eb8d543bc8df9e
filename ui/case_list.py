"""The case list: find a case by name in any script, filter by status, open or start one.

Listing and searching run on the worker thread. Typing restarts a short debounce; each query
carries a generation number and only the newest one's rows are shown, so a slow early search
can never overwrite the results of what the worker typed since.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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
from services.errors import ServiceError
from services.session import Session
from ui.case_list_model import CASE_ID_ROLE, COLUMNS, CaseListModel
from ui.dialogs import Dialogs
from ui.plain_text import plain_label
from ui.task_runner import TaskRunner

SEARCH_DEBOUNCE_MS = 150
EXPORT_MODULE = "ui.export_dialog"
RECEIPT_MODULE = "ui.receipt_import"


def _module_present(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False


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
        self.export_button.setVisible(_module_present(EXPORT_MODULE))
        self.receipt_button.setVisible(_module_present(RECEIPT_MODULE))

        self.model = CaseListModel()
        self.table = QTableView()
        self.table.setObjectName("case_table")
        self.table.setAccessibleName("Cases")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
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
        self.message = plain_label("")
        self.message.setObjectName("case_list_message")
        self.message.setAccessibleName("Case list message")
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
        self.export_button.clicked.connect(lambda: self._open_dialog(EXPORT_MODULE, "ExportDialog"))
        self.receipt_button.clicked.connect(
            lambda: self._open_dialog(RECEIPT_MODULE, "ReceiptImportDialog")
        )

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
        for button in (self.new_button, self.open_button, self.export_button, self.receipt_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.search.setFocus)
        self.setTabOrder(self.search, self.status_filter)
        self.setTabOrder(self.status_filter, self.table)
        self.setTabOrder(self.table, self.new_button)
        self.setTabOrder(self.new_button, self.open_button)
        self.setTabOrder(self.open_button, self.export_button)
        self.setTabOrder(self.export_button, self.receipt_button)

    def _button(self, text: str, name: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
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
        self._runner.submit(
            lambda: find_case_rows(session, text, status=status),
            lambda rows: self._show_rows(generation, rows),
            lambda error: self._failed(generation, error),
        )

    def _show_rows(self, generation: int, rows: list[CaseRow]) -> None:
        if generation != self._generation:
            return  # a newer query is on its way; these rows answer an older question
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

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.busy.hide()
        self.message.setText(
            str(error) if isinstance(error, ServiceError) else "The case list could not be read."
        )

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
        self._runner.submit(
            lambda: create_case(session, clock=clock).case_id, self._created, self._create_failed
        )

    def _created(self, case_id: object) -> None:
        self.new_button.setEnabled(True)
        if self._session is not None:
            self.case_opened.emit(str(case_id))

    def _create_failed(self, error: BaseException) -> None:
        self.new_button.setEnabled(True)
        self.message.setText(
            str(error) if isinstance(error, ServiceError) else "The new case could not be made."
        )

    # -- export and receipts (written separately; the buttons hide when absent) ---------------

    def _open_dialog(self, module_name: str, class_name: str) -> None:
        session = self._session
        if session is None:
            return
        module: Any = importlib.import_module(module_name)
        dialog = getattr(module, class_name)(
            session, self._runner, self._clock, self._dialogs, self
        )
        dialog.exec()
        dialog.deleteLater()
        self.reload()
