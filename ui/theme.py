"""The app's look, defined once: colours, spacing, type sizes, and the stylesheet made of them.

Colours follow the GOV.UK Design System palette, which the online NRM form uses. Every text
colour is paired with the backgrounds it is shown on in `TEXT_ON`, and a test checks each pair
against WCAG 2.2 AA (4.5:1); the focus ring is checked against 3:1 (a non-text contrast).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

TEXT = "#0b0c0c"
HINT = "#505a5f"  # hint text under a question: secondary, not faint, never italic
BACKGROUND = "#ffffff"
PANEL = "#f3f2f1"  # the guidance box at the top of a section
BORDER = "#505a5f"
FOCUS = "#1d70b8"  # the focus ring around a focused control
ERROR = "#a01010"
SUCCESS = "#00703c"
STATUS_COLOURS = {"draft": TEXT, "ready": SUCCESS, "finalised": FOCUS}
WARNING = "#8a4b00"
BANNER = "#8a4b00"  # the training banner's background (white bold text on it)
ON_BANNER = "#ffffff"

SPACING = 8  # px between a question's parts; questions are 2 x SPACING apart
HEADING_SCALE = 1.4  # a heading's size relative to the application font

# Text colour -> the backgrounds it is shown on (what the contrast test checks).
TEXT_ON = {
    TEXT: (BACKGROUND, PANEL),
    HINT: (BACKGROUND, PANEL),
    ERROR: (BACKGROUND,),
    SUCCESS: (BACKGROUND,),
    FOCUS: (BACKGROUND,),  # status words
    WARNING: (BACKGROUND, PANEL),
    ON_BANNER: (BANNER,),
}
NON_TEXT_ON = {FOCUS: (BACKGROUND, PANEL), BORDER: (BACKGROUND,)}
TEXT_ON[BACKGROUND] = (FOCUS,)  # a selected row's text

HINT_STYLE = f"color: {HINT};"
WARNING_STYLE = f"color: {WARNING}; font-weight: bold;"
ERROR_STYLE = f"color: {ERROR}; font-weight: bold;"
GUIDANCE_STYLE = (
    f"background: {PANEL}; color: {TEXT}; border-left: 4px solid {BORDER}; padding: {SPACING}px;"
)
NOTICE_STYLE = f"font-weight: bold; padding: {SPACING}px; border: 2px solid {BORDER};"
BANNER_STYLE = f"background: {BANNER}; color: {ON_BANNER}; padding: 4px; font-weight: bold;"

# A visible focus ring on every control a worker can Tab to: Fusion draws none on a drop-down.
APP_STYLESHEET = f"""
QComboBox {{ border: 1px solid {BORDER}; border-radius: 2px; padding: 3px 6px;
             background: {BACKGROUND}; color: {TEXT}; }}
QComboBox:focus, QPushButton:focus, QListWidget:focus, QLineEdit:focus, QPlainTextEdit:focus,
QAbstractSpinBox:focus {{ border: 3px solid {FOCUS}; }}
QComboBox:focus {{ padding: 1px 4px; }}
QCheckBox:focus, QRadioButton:focus {{ color: {FOCUS}; text-decoration: underline; }}
"""


def status_style(status: str) -> str:
    return f"color: {STATUS_COLOURS.get(status, TEXT)}; font-weight: bold;"


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(name: str) -> float:
        color = QColor(name)
        channels = []
        for value in (color.redF(), color.greenF(), color.blueF()):
            linear = value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
            channels.append(linear)
        red, green, blue = channels
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def apply(app: QApplication) -> None:
    """The palette and stylesheet for the whole application (light, whatever the desktop's)."""
    palette = app.palette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, BACKGROUND),
        (roles.Base, BACKGROUND),
        (roles.AlternateBase, PANEL),
        (roles.WindowText, TEXT),
        (roles.Text, TEXT),
        (roles.ButtonText, TEXT),
        (roles.PlaceholderText, HINT),
        (roles.Highlight, FOCUS),  # a selected row: white on blue, 5.2:1
        (roles.HighlightedText, BACKGROUND),
    ):
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    app.setStyleSheet(APP_STYLESHEET)
