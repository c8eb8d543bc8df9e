"""The editor's layout: header over the section list, the questions and the routes panel.

Below about 1500 px (a 1366 x 768 council laptop) three columns leave the questions too
narrow, so the routes panel hides behind a "Show routes and actions" toggle.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSplitter, QVBoxLayout, QWidget

NARROW_BELOW = 1500
SHOW, HIDE = "Show routes and actions", "Hide routes and actions"


class EditorBody(QWidget):
    def __init__(
        self,
        header: QWidget,
        navigator: QWidget,
        pages: QWidget,
        routes: QWidget,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("editor_body")
        self.routes = routes
        self.routes_toggle = QPushButton(SHOW)
        self.routes_toggle.setObjectName("routes_toggle")
        self.routes_toggle.setAccessibleName(SHOW)
        self.routes_toggle.setCheckable(True)
        self.routes_toggle.toggled.connect(lambda _checked: self.fit())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("editor_splitter")
        for widget in (navigator, pages, routes):
            splitter.addWidget(widget)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 1)
        splitter.setChildrenCollapsible(False)
        toggle_row = QHBoxLayout()
        toggle_row.addStretch(1)
        toggle_row.addWidget(self.routes_toggle)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addLayout(toggle_row)
        layout.addWidget(splitter, 1)

    @property
    def narrow(self) -> bool:
        return self.width() < NARROW_BELOW

    def fit(self) -> None:
        """Routes beside the questions when wide; behind the toggle when narrow."""
        narrow = self.narrow
        self.routes_toggle.setVisible(narrow)
        shown = not narrow or self.routes_toggle.isChecked()
        self.routes.setVisible(shown)
        words = HIDE if shown else SHOW
        self.routes_toggle.setText(words)
        self.routes_toggle.setAccessibleName(words)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()
