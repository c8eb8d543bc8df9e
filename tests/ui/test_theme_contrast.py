"""Text is readable: every colour pair the theme uses meets WCAG 2.2 AA, and colours live in one
place (ui/theme.py), so the check covers what the screens actually show."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QComboBox, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui import theme

UI = Path(__file__).resolve().parents[2] / "ui"


def test_text_colours_meet_aa() -> None:
    for text, backgrounds in theme.TEXT_ON.items():
        for background in backgrounds:
            ratio = theme.contrast(text, background)
            assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}:1"
    for colour, backgrounds in theme.NON_TEXT_ON.items():
        for background in backgrounds:
            assert theme.contrast(colour, background) >= 3.0, (colour, background)


def test_contrast_matches_known_values() -> None:
    assert round(theme.contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(theme.contrast("#767676", "#ffffff"), 2) == 4.54


def test_applied_palette_meets_aa(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app)
    palette = app.palette()
    roles = QPalette.ColorRole
    pairs = [
        (roles.WindowText, roles.Window),
        (roles.Text, roles.Base),
        (roles.PlaceholderText, roles.Base),
        (roles.ButtonText, roles.Button),
        (roles.HighlightedText, roles.Highlight),
    ]
    for fg, bg in pairs:
        ratio = theme.contrast(palette.color(fg).name(), palette.color(bg).name())
        assert ratio >= 4.5, f"{fg.name} on {bg.name}: {ratio:.2f}:1"


def test_colours_are_defined_only_in_the_theme() -> None:
    found = []
    for path in UI.rglob("*.py"):
        if path.name == "theme.py":
            continue
        text = path.read_text("utf-8")
        for pattern in (r"#[0-9a-fA-F]{6}\b", r"palette\(mid\)", r"italic"):
            found += [f"{path.name}: {m}" for m in re.findall(pattern, text)]
    assert found == []


def test_a_focused_drop_down_shows_a_focus_ring(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app)
    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    idle, focused = QComboBox(), QComboBox()
    for combo in (idle, focused):
        combo.addItems(["Not answered", "Yes"])
        layout.addWidget(combo)
    box.show()
    box.activateWindow()
    focused.setFocus()
    qtbot.waitUntil(focused.hasFocus)

    def edge(combo: QComboBox) -> str:
        image = combo.grab().toImage()
        return image.pixelColor(1, image.height() // 2).name()

    assert edge(focused) == theme.FOCUS
    assert edge(idle) != theme.FOCUS
