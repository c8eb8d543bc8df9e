"""The benchmark's yardstick: a bare PySide6 window started, shown and quit (python -m)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.show()
    QTimer.singleShot(0, app.quit)
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
