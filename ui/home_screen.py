"""The signed-in area: who is signed in, Lock, and one page at a time (cases, editor, admin)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from services.clock import Clock
from services.session import Session
from services.trust_expiry import trust_expiry
from ui.accessibility import StatusLabel, name_control
from ui.admin.admin_screen import ADMINISTRATOR, AdminScreen
from ui.admin.passphrase_panel import PassphrasePanel
from ui.case_list import CaseListScreen
from ui.details_notice import DetailsNotice
from ui.dialogs import Dialogs
from ui.operation import Op
from ui.plain_text import neutralise_bidi, plain_label
from ui.task_runner import TaskRunner


class HomeScreen(QWidget):
    """Emits `lock_requested` for the Lock button, `session_replaced` after a key rotation."""

    lock_requested = Signal()
    session_replaced = Signal(object)
    page_shown = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        clock: Clock,
        dialogs: Dialogs,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("home_screen")
        self._runner, self._clock, self._dialogs = runner, clock, dialogs
        self._session: Session | None = None
        self.editor: Any = None
        self._reselect: str | None = None
        self.my_details_dialog: QWidget | None = None

        self.signed_in = StatusLabel("", "Signed in as")
        self.signed_in.setObjectName("signed_in_as")
        self.passphrase_button = self._button(
            "My &passphrase…", "my_passphrase_button", "Change my passphrase"
        )
        # Alt+M: Alt+T was also the case list's Status filter, so it only moved the focus.
        self.details_button = self._button(
            "&My details…", "my_details_button", "My details: filled into each new case"
        )
        self.admin_button = self._button(
            "A&dministration…", "admin_button", "Administration: workers and policy"
        )
        self.lock_button = self._button("&Lock", "lock_button", "Lock (Ctrl+L)")
        self.lock_button.setToolTip("Lock now (Ctrl+L)")
        bar = QHBoxLayout()
        bar.setContentsMargins(9, 0, 9, 0)  # line up with the pages' own margins
        bar.addWidget(self.signed_in, 1)
        bar.addWidget(self.details_button)
        bar.addWidget(self.passphrase_button)
        bar.addWidget(self.admin_button)
        bar.addWidget(self.lock_button)

        self.case_list = CaseListScreen(runner, clock, dialogs)
        self.admin = AdminScreen(runner, clock, dialogs)
        self.passphrase = PassphrasePanel(runner, clock)
        self.pages = QStackedWidget()
        self.pages.setObjectName("home_pages")
        for page in (self.case_list, self.admin, self.passphrase):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # Shown 60, 30 and 7 days before the council trust bundle expires (and after).
        self.trust_notice = plain_label("")
        self.trust_notice.setObjectName("trust_notice")
        self.trust_notice.setAccessibleName("Council trust bundle notice")
        self.trust_notice.setWordWrap(True)
        self.trust_notice.setVisible(False)
        layout.addLayout(bar)
        layout.addWidget(self.trust_notice)
        self.details_notice = DetailsNotice(runner)
        layout.addWidget(self.details_notice)
        layout.addWidget(self.pages, 1)

        self.lock_button.clicked.connect(self.lock_requested)
        self.admin_button.clicked.connect(self.show_admin)
        self.passphrase_button.clicked.connect(self.show_passphrase)
        self.details_button.clicked.connect(self.show_my_details)
        self.details_notice.requested.connect(self.show_my_details)
        self.admin.back_requested.connect(self.show_cases)
        self.passphrase.back_requested.connect(self.show_cases)
        self.admin.workers.session_replaced.connect(self._session_replaced)
        self.case_list.case_opened.connect(self.open_case)
        self.case_list.rows_shown.connect(self._rows_shown)

    @staticmethod
    def _button(text: str, name: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        name_control(button, text, accessible)
        return button

    def current_page(self) -> str:
        page = self.pages.currentWidget()
        return page.objectName() if page is not None else ""

    def _show_page(self, page: QWidget) -> None:
        if self.editor is not None and page is not self.editor:
            self._drop_editor()  # leaving the editor by any route saves and closes it
        self.pages.setCurrentWidget(page)
        self.page_shown.emit(page.objectName())

    # -- session ------------------------------------------------------------------------------

    def show_session(self, session: Session) -> None:
        self._session = session
        name = neutralise_bidi(session.worker.display_name)
        self.signed_in.setText(f"Signed in as {name} ({session.role}).")
        self.admin_button.setVisible(session.role == ADMINISTRATOR)
        self.case_list.show_session(session)
        self.details_notice.check(session)
        self._show_page(self.case_list)
        self.check_trust_expiry()

    def check_trust_expiry(self) -> None:
        """Show the trust bundle's expiry warning, if any (read on the worker thread)."""
        session, clock = self._session, self._clock
        if session is None:
            return
        (
            Op(self._runner, self, lambda: trust_expiry(session.vault, clock).warning)
            .on_success(self._trust_warning)
            .on_failure(lambda _error: self._trust_warning(None))
            .run()
        )

    def _trust_warning(self, warning: str | None) -> None:
        self.trust_notice.setText(warning or "")
        self.trust_notice.setVisible(bool(warning))

    def _session_replaced(self, session: Session) -> None:
        # A key rotation locked the old session and opened a new one for the same worker.
        self._session = session
        self.case_list.show_session(session)
        self.passphrase.show_session(session)
        self.admin.policy.show_session(session)
        self.session_replaced.emit(session)

    def flush(self) -> None:
        """Ask an open editor to save what was typed (queued before any lock on the runner)."""
        if self.editor is not None:
            self.editor.flush()

    def clear(self) -> None:
        """Forget everything shown for the previous session: rows, editor, admin panels."""
        if self._session is not None and self.reason_drafts_loaded():
            from ui.editor.reason_drafts import forget

            forget(self._session)  # sign-off reasons typed and not signed off
        self._session = None
        self._reselect = None
        self._drop_editor()
        self.case_list.clear()
        self.admin.clear()
        self.passphrase.clear()
        self.signed_in.setText("")
        self.details_notice.hide()
        self.admin_button.hide()
        self.pages.setCurrentWidget(self.case_list)

    @staticmethod
    def reason_drafts_loaded() -> bool:
        """Drafts exist only once an editor was opened; never import the editor to forget none."""
        import sys

        return "ui.editor.reason_drafts" in sys.modules

    # -- pages --------------------------------------------------------------------------------

    def show_cases(self) -> None:
        self._show_page(self.case_list)
        if self._session is not None:
            self.case_list.reload()
            self.check_trust_expiry()  # an applied trust update clears the notice
        self.case_list.search.setFocus()

    def show_admin(self) -> None:
        if self._session is None or not self.admin.show_session(self._session):
            return  # the button is hidden for other roles; this guards a stray shortcut too
        self._show_page(self.admin)

    def show_admin_workers(self) -> None:
        """From a sign-off with no supervisor: save and close the case, open the Workers tab."""
        if self._session is None or self._session.role != ADMINISTRATOR:
            return
        self._drop_editor()  # flushes pending edits first
        self.show_admin()
        self.admin.tabs.setCurrentWidget(self.admin.workers)

    def show_my_details(self) -> None:
        """The worker's own details, asked once for every new case (window-modal, not exec)."""
        if self._session is None:
            return
        from ui.my_details import MyDetailsDialog  # only when asked: not needed at start-up

        dialog = MyDetailsDialog(self._session, self._runner, self._clock, self)
        dialog.finished.connect(dialog.deleteLater)
        session = self._session
        dialog.saved.connect(lambda: self.details_notice.check(session))
        self.my_details_dialog = dialog
        dialog.open()

    def show_passphrase(self) -> None:
        if self._session is not None:
            self.passphrase.show_session(self._session)
            self._show_page(self.passphrase)

    def open_case(self, case_id: str) -> None:
        """Show the assessment editor for one case; closing it returns to the refreshed list."""
        session = self._session
        if session is None:
            return
        # Imported here so start-up does not load the editor; a static import (not a module name
        # in a string) so a frozen build cannot silently leave it out.
        from ui.editor.case_editor import CaseEditor

        self._drop_editor()
        editor = CaseEditor(session, case_id, self._runner, self._clock, self._dialogs, self.pages)
        editor.setObjectName("case_editor")
        editor.closed.connect(lambda: self._editor_closed(case_id))
        editor.workers_requested.connect(self.show_admin_workers)
        self.editor = editor
        self.pages.addWidget(editor)
        self._show_page(editor)

    def _editor_closed(self, case_id: str) -> None:
        self._drop_editor()
        self.show_cases()
        self._reselect = case_id  # selected again once the refreshed rows arrive

    def _rows_shown(self, _count: int) -> None:
        case_id, self._reselect = self._reselect, None
        if case_id is not None:
            self.case_list.select_case(case_id)

    def _drop_editor(self) -> None:
        editor, self.editor = self.editor, None
        if editor is not None:
            editor.flush()  # queued on the runner before anything submitted after this
            self.pages.removeWidget(editor)
            editor.hide()
            editor.deleteLater()
