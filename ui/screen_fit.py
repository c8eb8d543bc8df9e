"""Windows sized to the screen they open on: a 1366 x 768 laptop must show every button.

The smallest screen supported is 1280 x 720 at 100% (1920 x 1080 at 150% is the same in
logical pixels); less a taskbar, a window has about 1280 x 680 to fit in.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

SMALLEST_SCREEN = QSize(1280, 680)


def fitted(widget: QWidget, width: int, height: int) -> QSize:
    """The wanted size, shrunk to the available part of the widget's screen if smaller."""
    screen = widget.screen()
    available = screen.availableGeometry().size() if screen is not None else SMALLEST_SCREEN
    return QSize(min(width, available.width()), min(height, available.height() - 40))
