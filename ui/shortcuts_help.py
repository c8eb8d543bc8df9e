"""The keyboard shortcuts, listed once: the editor binds them and Help shows them."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QVBoxLayout, QWidget

from ui.headings import heading_label
from ui.plain_text import plain_label

# (name, keys, what it does). The editor's keys work anywhere in the editor, even in a field.
EDITOR_KEYS = (
    ("next_section", "Ctrl+PgDown", "Next section"),
    ("previous_section", "Ctrl+PgUp", "Previous section"),
    ("section_list", "F6", "Go to the list of sections"),
    ("first_question", "F7", "Go to the first question of this section"),
    ("print", "Ctrl+P", "Preview and print the referral pack"),
    ("save", "Ctrl+S", "Save now (the case also saves itself as you type)"),
)
GENERAL_KEYS = (
    ("Tab / Shift+Tab", "Next / previous control"),
    ("Space", "Press the focused button, tick the focused box"),
    ("Alt+Down", "Open the focused drop-down list"),
    ("Ctrl+F", "Search the case list"),
    ("Ctrl+L", "Lock the app now"),
    ("F1", "This list of keyboard shortcuts"),
)


class ShortcutsDialog(QDialog):
    """Help › Keyboard shortcuts: every key, in two short tables."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle("Keyboard shortcuts")
        layout = QVBoxLayout(self)
        tables = (
            ("In a case", [(keys, what) for _name, keys, what in EDITOR_KEYS]),
            ("Everywhere", list(GENERAL_KEYS)),
        )
        for title, rows in tables:
            layout.addWidget(heading_label(title, f"shortcuts_{title.split()[-1].lower()}"))
            grid = QGridLayout()
            for row, (keys, what) in enumerate(rows):
                key_label = plain_label(keys)
                key_label.setStyleSheet("font-weight: bold;")
                grid.addWidget(key_label, row, 0)
                grid.addWidget(plain_label(what), row, 1)
            grid.setColumnStretch(1, 1)
            layout.addLayout(grid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.setObjectName("shortcuts_buttons")
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setAccessibleName("Close the list of keyboard shortcuts")
        layout.addWidget(buttons)


def show_shortcuts(parent: QWidget) -> ShortcutsDialog:
    """Open the list without blocking (the worker can keep it open while working)."""
    dialog = ShortcutsDialog(parent)
    dialog.open()
    return dialog
