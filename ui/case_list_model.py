"""The case list's table model: plain rows in, display text out, nothing interpreted as markup."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from services.case_queries import CaseRow
from ui.plain_text import neutralise_bidi

COLUMNS = ("Reference", "Name", "Age", "Routes", "Status", "Last saved", "Worker")
NAME_COLUMN = COLUMNS.index("Name")
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1

AnyIndex = QModelIndex | QPersistentModelIndex


def display_name(row: CaseRow) -> str:
    """Native script, then the transliteration, each isolated so neither reorders the other."""
    native, latin = row.name_native.strip(), row.name_latin.strip()
    if not native and not latin:
        return "(no name yet)"
    if not latin or latin == native:
        return neutralise_bidi(native)
    if not native:
        return neutralise_bidi(latin)
    return f"{neutralise_bidi(native)}  ({neutralise_bidi(latin)})"


def local_time(stamp: str) -> str:
    """A stored UTC timestamp as the laptop's local time, e.g. '28 Nov 2026 14:02'."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%d %b %Y %H:%M")


class CaseListModel(QAbstractTableModel):
    """Holds the rows of the latest listing or search; `clear()` drops them all on lock."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[CaseRow] = []

    def set_rows(self, rows: list[CaseRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_at(self, row: int) -> CaseRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def case_ids(self) -> list[str]:
        return [r.case_id for r in self._rows]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        case = self.row_at(index.row()) if index.isValid() else None
        if case is None:
            return None
        if role == CASE_ID_ROLE:
            return case.case_id
        # No tooltip: Qt renders a tooltip as rich text when it looks like markup.
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(case, index.column())
        return None

    @staticmethod
    def _text(case: CaseRow, column: int) -> str:
        values = (
            case.reference,
            display_name(case),
            case.age_band,
            ", ".join(case.routes) or "None yet",
            case.status_label,
            local_time(case.last_saved),
            neutralise_bidi(case.worker),
        )
        return values[column] if 0 <= column < len(values) else ""
