"""Passphrase entry: hidden, kept out of predictive keyboards, with a strength meter."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QProgressBar, QVBoxLayout, QWidget

from services.passphrase_policy import estimate
from ui.plain_text import plain_label

HINT = "Use at least five unrelated words."


def passphrase_edit(object_name: str, accessible_name: str) -> QLineEdit:
    """A hidden line edit that input methods must not learn from or suggest into."""
    edit = QLineEdit()
    edit.setObjectName(object_name)
    edit.setAccessibleName(accessible_name)
    # Password echo mode also sets ImhHiddenText, ImhSensitiveData, ImhNoPredictiveText and
    # ImhNoAutoUppercase (QLineEdit::setEchoMode does, in every Qt 6), so the hints need no
    # Qt.InputMethodHint here, which would build the whole Qt enum namespace at start-up.
    # tests/ui/test_first_run_and_unlock.py checks that the hints are there.
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def forget_on_edit(message: QLabel, *edits: QLineEdit) -> None:
    """Clear `message` as soon as the worker types in any of `edits` again.

    A refusal ("not strong enough", "the two passphrases are different") is about what was
    typed then; left in place it contradicts the meter once a good passphrase is there. Only
    typing clears it (textEdited), never the form clearing itself after success.
    """
    for edit in edits:
        edit.textEdited.connect(lambda _text: message.setText(""))


class StrengthMeter(QWidget):
    """Shows how guessable a new passphrase is, in words and as a bar."""

    def __init__(self, edit: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bar = QProgressBar()
        self._bar.setObjectName("passphrase_strength")
        self._bar.setAccessibleName("Passphrase strength")
        self._bar.setRange(0, 4)
        self._bar.setTextVisible(False)
        self._label = plain_label(HINT)
        self._label.setObjectName("passphrase_strength_text")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # Its own caption: in the one-column forms the bar has no label beside it.
        layout.addWidget(plain_label("Passphrase strength"))
        layout.addWidget(self._bar)
        layout.addWidget(self._label)
        edit.textChanged.connect(self._update)

    def _update(self, text: str) -> None:
        if not text:  # nothing typed yet (or cleared): advice, not a verdict of "very weak"
            self._bar.setValue(0)
            self._label.setText(HINT)
            self._bar.setAccessibleDescription(HINT)
            return
        strength = estimate(text)
        self._bar.setValue(strength.score)
        verdict = "good enough" if strength.acceptable else "not strong enough yet"
        self._label.setText(f"Strength: {strength.label} ({verdict}).")
        self._bar.setAccessibleDescription(self._label.text())
