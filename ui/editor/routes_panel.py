"""Which referrals apply and why, what each document still needs, and the action checklist.

Clicking (or Enter on) a "still needed" or checklist item asks the editor to jump to the field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from forms.readiness import OutputReadiness
from forms.routes import Route
from services.case_analysis import ActionItem
from ui.headings import heading_label
from ui.plain_text import plain_label

FIELD_ROLE = Qt.ItemDataRole.UserRole
SECTION_ROLE = Qt.ItemDataRole.UserRole + 1
DONE_ROLE = Qt.ItemDataRole.UserRole + 2


def _list(object_name: str, accessible: str) -> QListWidget:
    widget = QListWidget()
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible)
    widget.setWordWrap(True)
    # Wrap long items to the panel's width instead of scrolling sideways.
    widget.setResizeMode(QListView.ResizeMode.Adjust)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return widget


class RoutesPanel(QScrollArea):
    jump_requested = Signal(str, str)  # field id, section id

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("routes_panel")
        self.setAccessibleName("Referral routes and actions")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(300)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its lists take the focus, not the frame
        body = QWidget()
        self.routes_box = QVBoxLayout()
        self.action_list = _list("action_checklist", "Action checklist")
        self.outputs = _list("outputs_list", "Documents: ready or what they still need")
        self.needed = _list("still_needed", "Still needed: choose one to go to the question")
        layout = QVBoxLayout(body)
        layout.addWidget(heading_label("Referrals that apply", "routes_heading"))
        layout.addLayout(self.routes_box)
        layout.addWidget(heading_label("Actions", "actions_heading"))
        layout.addWidget(self.action_list)
        layout.addWidget(heading_label("Documents", "outputs_heading"))
        layout.addWidget(self.outputs)
        layout.addWidget(heading_label("Still needed", "needed_heading"))
        layout.addWidget(self.needed, 1)
        self.setWidget(body)
        for widget in (self.action_list, self.needed):
            widget.itemActivated.connect(self._jump)
            widget.itemClicked.connect(self._jump)
        self.route_ids: list[str] = []
        self.action_list.itemChanged.connect(self._keep_checks)

    @staticmethod
    def _keep_checks(item: QListWidgetItem) -> None:
        """Put back a tick someone toggled: done means the answers say so, nothing else."""
        done = bool(item.data(DONE_ROLE))
        state = Qt.CheckState.Checked if done else Qt.CheckState.Unchecked
        if item.checkState() != state:
            item.setCheckState(state)

    def _jump(self, item: QListWidgetItem) -> None:
        field_id = item.data(FIELD_ROLE)
        if field_id:
            self.jump_requested.emit(str(field_id), str(item.data(SECTION_ROLE) or ""))

    def show_state(
        self,
        routes: Sequence[Route],
        actions: Sequence[ActionItem],
        readiness: Mapping[str, OutputReadiness],
        titles: dict[str, str],
        section_of: dict[str, str],
    ) -> None:
        while self.routes_box.count():
            taken = self.routes_box.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.route_ids = [r.id for r in routes]
        for route in routes:
            title = plain_label(route.title)
            title.setWordWrap(True)
            title.setObjectName(f"route_{route.id}")
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            reason = plain_label(route.reason)
            reason.setObjectName(f"route_{route.id}.reason")
            reason.setWordWrap(True)
            title.setAccessibleDescription(route.reason)
            self.routes_box.addWidget(title)
            self.routes_box.addWidget(reason)
        if not routes:
            self.routes_box.addWidget(QLabel("No referral applies yet: answer the Age section."))
        self.action_list.clear()
        for action in actions:
            item = QListWidgetItem(action.text)  # the tick is the item's own check box
            item.setData(FIELD_ROLE, action.field_id)
            item.setData(SECTION_ROLE, section_of.get(action.field_id, ""))
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole,
                f"{'Done' if action.done else 'To do'}: {action.text}",
            )
            # Checkable, so a screen reader says "checked"/"not checked"; the tick follows the
            # answers, so a click or Space on it does not change it (see _keep_checks).
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if action.done else Qt.CheckState.Unchecked)
            item.setData(DONE_ROLE, action.done)
            self.action_list.addItem(item)
        self.outputs.clear()
        self.needed.clear()
        for output_id, state in readiness.items():
            words = "ready" if state.ready else f"{len(state.missing)} still needed"
            self.outputs.addItem(f"{titles.get(output_id, output_id)}: {words}")
            for missing in state.missing:
                item = QListWidgetItem(f"{titles.get(output_id, output_id)}: {missing.label}")
                item.setData(FIELD_ROLE, missing.field_id)
                item.setData(SECTION_ROLE, missing.section_id)
                self.needed.addItem(item)
