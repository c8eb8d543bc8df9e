"""Type that stands out: a screen's heading, and a fingerprint someone reads out loud."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QLabel

from ui.accessibility import mark_heading
from ui.plain_text import plain_label


def heading_label(text: str, object_name: str) -> QLabel:
    """A heading scaled from the application font, so a large system font scales it too.

    Screen readers get it as a heading (their "next heading" key stops here)."""
    # Marked before it has text: with a screen reader running, setting the text already makes
    # Qt build (and keep) the label's accessible interface, and the mark must be there by then.
    label = plain_label("")
    mark_heading(label)
    label.setText(text)
    label.setObjectName(object_name)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    label.setFont(font)
    return label


def fingerprint_font(base: QFont) -> QFont:
    """Fixed-width and large, so 0/O and 1/I are easy to tell apart when read over a phone."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(base.pointSizeF() * 1.6)
    font.setBold(True)
    return font
