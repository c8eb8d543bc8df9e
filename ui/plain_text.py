"""Showing text people typed: plain text only, bidirectional controls neutralised."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

# Embedding/override/isolate controls and marks that could make a name reorder the text around
# it ("Trojan Source"-style). Storage keeps them exactly as typed; only display neutralises.
_BIDI_CONTROLS = dict.fromkeys(
    [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C]
)


def neutralise_bidi(text: str) -> str:
    """Remove bidi control characters, then isolate the whole string (FSI ... PDI).

    Isolating keeps an Arabic-script name right-to-left inside itself without letting it move
    the label or punctuation beside it.
    """
    cleaned = text.translate(_BIDI_CONTROLS)
    return f"\u2068{cleaned}\u2069" if cleaned else cleaned


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that never interprets its text as rich text."""
    label = QLabel(parent)
    pin_plain_text(label)
    label.setText(text)
    return label


def pin_plain_text(label: QLabel) -> None:
    """Pin `label` to Qt.TextFormat.PlainText, refusing to go on if Qt did not take it.

    Written through Qt's property system by the enumerator's name rather than with the
    Qt.TextFormat enum: PySide 6.12 builds the whole Qt namespace of enums (~40 ms) on the first
    touch of `Qt`, and the unlock screen, whose labels all come through here, needs no other
    part of it. The format is the same and stays set for every label; a failed write raises,
    so a label can never fall back to guessing rich text from a name someone typed.
    """
    if not label.setProperty("textFormat", "PlainText"):
        raise RuntimeError("Qt refused to make a label plain text")


def user_text_label(text: str, parent: QWidget | None = None) -> QLabel:
    """A label for text a person typed (names, notes): plain and bidi-neutralised."""
    return plain_label(neutralise_bidi(text), parent)
