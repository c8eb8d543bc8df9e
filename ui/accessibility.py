"""What a screen reader hears: headings as headings, status changes announced, secrets kept.

Qt builds an accessible interface for every widget the first time a screen reader (AT-SPI on
Linux) asks. `install()` adds one factory in front of Qt's own, for two kinds of widget:

- Passphrase fields. Qt's own line-edit interface sends every typed character in its
  "text inserted" events, even in Password echo mode (measured through AT-SPI with Qt 6.11:
  `object:text-changed:insert` carried the characters). Any accessibility client on the
  desktop could log them. Our interface for a hidden line edit has no text interface at all,
  so the AT-SPI bridge drops those events ("Received text event for invalid interface") and
  has no text to give when asked; the field still says it is a password field, its name, and
  whether it has focus. A screen-reader user hears the field but not how many characters are
  in it, the same as on most web log-in forms read by Orca.
- Headings (`mark_heading`): QLabel has no heading role of its own; ours reports Heading so
  a screen reader's "next heading" key moves between them.

`announce()` sends a status message (WCAG 4.1.3) as an AT-SPI announcement, and `StatusLabel`
is a label whose name is always its text and which announces each change.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QApplication, QLabel, QLineEdit, QWidget

from ui.plain_text import pin_plain_text

HEADING_PROPERTY = "fc_heading"
_installed: list[bool] = []


class _SecretInterface(QAccessibleWidget):
    """A hidden line edit without a text interface: its characters never leave the process."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit, QAccessible.Role.EditableText)

    def state(self) -> QAccessible.State:
        state = super().state()
        state.passwordEdit = True
        state.editable = True
        return state


class _HeadingInterface(QAccessibleWidget):
    """A label read as a heading; its name is what it shows."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label, QAccessible.Role.Heading)
        self._label = label

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            return self._label.accessibleName() or spoken(self._label.text())
        return str(super().text(kind))


class _MnemonicLabelInterface(QAccessibleWidget):
    """A label with a keyboard mnemonic ("&Search"): Qt reads the ampersand out as part of its
    name; this one reads the words ("Search"). It still labels its buddy."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label, QAccessible.Role.StaticText)
        self._label = label

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            return self._label.accessibleName() or spoken(self._label.text())
        return str(super().text(kind))


def _factory(_key: str, obj: QObject) -> QAccessibleInterface | None:
    if isinstance(obj, QLineEdit) and obj.echoMode() != QLineEdit.EchoMode.Normal:
        return _SecretInterface(obj)
    if isinstance(obj, QLabel):
        if obj.property(HEADING_PROPERTY):
            return _HeadingInterface(obj)
        if obj.buddy() is not None and "&" in obj.text():
            return _MnemonicLabelInterface(obj)
    return None


def install() -> None:
    """Put the factory in front of Qt's own, once per process, after QApplication exists.

    (A factory installed before the QApplication is made is never asked.)
    """
    if _installed or QApplication.instance() is None:
        return
    QAccessible.installFactory(_factory)
    _installed.append(True)


def mark_heading(label: QLabel) -> None:
    """Expose `label` as a heading (set before the label is first shown)."""
    label.setProperty(HEADING_PROPERTY, True)


def announce(widget: QWidget, text: str, *, urgent: bool = False) -> None:
    """Ask screen readers to say `text` now (polite: after what they are saying)."""
    if not text or not QAccessible.isActive():
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(
        QAccessible.AnnouncementPoliteness.Assertive
        if urgent
        else QAccessible.AnnouncementPoliteness.Polite
    )
    QAccessible.updateAccessibility(event)


class StatusLabel(QLabel):
    """A status message: plain text, its accessible name is its text, each change announced.

    What it is for goes in the accessible description, so a screen reader reads "Saved at
    10:42, save status" rather than only "Save status" with the words out of reach.
    """

    def __init__(
        self,
        text: str = "",
        purpose: str = "",
        parent: QWidget | None = None,
        *,
        urgent: bool = False,
    ) -> None:
        super().__init__(parent)
        pin_plain_text(self)  # the same plain-text pinning every label in the app gets
        self._urgent = urgent
        if purpose:
            self.setAccessibleDescription(purpose)
        super().setText(text)

    def setText(self, text: str) -> None:
        changed = text != self.text()
        super().setText(text)
        if changed and self.isVisible():
            announce(self, text, urgent=self._urgent)


def spoken(visible: str) -> str:
    """A control's visible text as it is read: no mnemonic ampersand, no trailing ellipsis."""
    text = visible.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.removesuffix("…").strip()


def name_control(widget: QWidget, visible: str, purpose: str = "") -> None:
    """Name `widget` by the words it shows (WCAG 2.5.3 label in name); say more in its
    description, which a screen reader reads after the name."""
    widget.setAccessibleName(spoken(visible))
    if purpose and normalised(purpose) != normalised(visible):
        widget.setAccessibleDescription(purpose)


def normalised(text: str) -> str:
    return " ".join(spoken(text).split()).casefold()
