"""The Qt binding must not give away references to None, True or False (issue 11).

PySide6 6.12.0 on Python 3.11 lowered None's reference count on every setter and True's on every
bool or int signal: a few thousand widget calls into an interview the process aborted with
"bool_dealloc: deallocating True or False" and the worker lost what they had typed. Each kind of
call and signal the app makes runs thousands of times here; a binding that drifts by even one
reference a call moves a count by thousands and fails, so a future upgrade fails this test and
not an interview. (Python 3.12 made these objects immortal; the app runs on 3.11.)
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable

import pytest
from PySide6.QtCore import QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from services.case_queries import CaseRow
from ui.case_list_model import CaseListModel

CALLS = 3000
# Caches filled on first use may take a reference or two; a draining binding moves the count by
# one per call, i.e. by CALLS.
TOLERANCE = CALLS // 30
BATCH = 100
_REFILL: list[object] = []


class _Emitter(QObject):
    """Signals of every argument shape the app declares."""

    bare = Signal()
    flag = Signal(bool)
    number = Signal(int)
    text = Signal(str)
    thing = Signal(object)
    pair = Signal(int, object)
    progress = Signal(int, int, str)


def _counts() -> tuple[int, int, int]:
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def _drift(call: Callable[[], object]) -> tuple[int, int, int]:
    """Net change of each count over CALLS calls, measured in batches.

    After each batch any lost references are given back (held in `_REFILL`), so a draining
    binding fails this test with a message instead of aborting the test process.
    """
    for _ in range(50):  # warm caches first
        call()
    gc.collect()
    gc.disable()
    total = [0, 0, 0]
    try:
        for _ in range(CALLS // BATCH):
            before = _counts()
            for _ in range(BATCH):
                call()
            after = _counts()
            changes = zip(before, after, (None, True, False), strict=True)
            for slot, (was, now, value) in enumerate(changes):
                total[slot] += now - was
                if now < was:
                    _REFILL.extend([value] * (was - now))
    finally:
        gc.enable()
    return total[0], total[1], total[2]


def _row(number: int) -> CaseRow:
    return CaseRow(
        case_id=f"case-{number}",
        reference=f"FC-20261207-{number:04d}",
        name_native="Amina",
        name_latin="Amina",
        age_band="child",
        routes=("nrm", "childrens_services"),
        status="draft",
        status_label="Draft",
        last_saved="2026-12-07T20:00:00Z",
        worker="Sam Okafor",
    )


def _operations(qtbot: QtBot) -> dict[str, Callable[[], object]]:
    host = QWidget()
    qtbot.addWidget(host)
    label, line, plain = QLabel(host), QLineEdit(host), QPlainTextEdit(host)
    combo, check, radio = QComboBox(host), QCheckBox(host), QRadioButton(host)
    spin, button, bar = QSpinBox(host), QPushButton("Save", host), QProgressBar(host)
    stack, listing = QStackedWidget(host), QListWidget(host)
    stack.addWidget(QWidget())
    stack.addWidget(QWidget())
    combo.addItem("Not answered", "")
    combo.addItem("Yes", "yes")
    combo.addItem("No data")  # an item without data: currentData() returns None
    listing.addItems(["one", "two"])
    timer = QTimer(host)
    model = CaseListModel()
    model.set_rows([_row(n) for n in range(5)])
    table = QTableView(host)
    table.setModel(model)
    strings = QStringListModel(["a", "b", "c"])
    emitter = _Emitter()
    sink: list[object] = []
    for signal in (emitter.flag, emitter.number, emitter.text, emitter.thing):
        signal.connect(lambda value: sink.append(value) or sink.clear())
    emitter.bare.connect(lambda: None)
    emitter.pair.connect(lambda a, b: None)
    emitter.progress.connect(lambda a, b, c: None)
    check.toggled.connect(lambda on: None)
    combo.currentIndexChanged.connect(lambda index: None)
    line.textChanged.connect(lambda text: None)
    plain.textChanged.connect(lambda: None)
    spin.valueChanged.connect(lambda value: None)
    button.clicked.connect(lambda checked: None)
    index = model.index(1, 1)
    toggle = {"on": False}

    def flip() -> bool:
        toggle["on"] = not toggle["on"]
        return toggle["on"]

    return {
        "QLabel.setText": lambda: label.setText("Amina"),
        "QLabel.text": label.text,
        "QWidget.setEnabled": lambda: button.setEnabled(flip()),
        "QWidget.isEnabled": button.isEnabled,
        "QWidget.setVisible": lambda: label.setVisible(flip()),
        "QWidget.setToolTip": lambda: label.setToolTip("help"),
        "QWidget.setAccessibleName": lambda: line.setAccessibleName("Name"),
        "QWidget.findChild (none found)": lambda: host.findChild(QLabel, "missing"),
        "QObject.property (unset)": lambda: host.property("no_such_property"),
        "QObject.setProperty None": lambda: host.setProperty("fc", None),
        "QLineEdit.setText + textChanged": lambda: line.setText("x" if flip() else "y"),
        "QLineEdit.setReadOnly": lambda: line.setReadOnly(flip()),
        "QPlainTextEdit.setPlainText": lambda: plain.setPlainText("para" if flip() else "graph"),
        "QPlainTextEdit.toPlainText": plain.toPlainText,
        "QComboBox.setCurrentIndex + signal": lambda: combo.setCurrentIndex(int(flip())),
        "QComboBox.currentData": combo.currentData,
        "QComboBox.itemData (None)": lambda: combo.itemData(2),
        "QCheckBox.setChecked + toggled": lambda: check.setChecked(flip()),
        "QCheckBox.isChecked": check.isChecked,
        "QRadioButton.setChecked": lambda: radio.setChecked(flip()),
        "QSpinBox.setValue + valueChanged": lambda: spin.setValue(int(flip())),
        "QPushButton.click + clicked(bool)": button.click,
        "QProgressBar.setValue": lambda: bar.setValue(int(flip()) * 50),
        "QStackedWidget.setCurrentIndex": lambda: stack.setCurrentIndex(int(flip())),
        "QListWidget.setCurrentRow": lambda: listing.setCurrentRow(int(flip())),
        "QListWidget.currentItem": listing.currentItem,
        "QTimer.start/stop/isActive": lambda: (timer.start(10_000), timer.stop(), timer.isActive()),
        "model.data (display)": lambda: model.data(index, Qt.ItemDataRole.DisplayRole),
        "model.data (unused role -> None)": lambda: model.data(index, Qt.ItemDataRole.FontRole),
        "QStringListModel.data": lambda: strings.data(strings.index(1, 0)),
        "QTableView.setCurrentIndex": lambda: table.setCurrentIndex(model.index(int(flip()), 0)),
        "selectionModel.selectedRows": lambda: table.selectionModel().selectedRows(),
        "emit ()": emitter.bare.emit,
        "emit (bool)": lambda: emitter.flag.emit(flip()),
        "emit (int)": lambda: emitter.number.emit(7),
        "emit (str)": lambda: emitter.text.emit("text"),
        "emit (object) None": lambda: emitter.thing.emit(None),
        "emit (object) True": lambda: emitter.thing.emit(True),
        "emit (object) dict": lambda: emitter.thing.emit({"a": None, "b": False}),
        "emit (int, object)": lambda: emitter.pair.emit(1, None),
        "emit (int, int, str)": lambda: emitter.progress.emit(1, 2, "step"),
    }


def test_no_widget_call_or_signal_moves_the_counts_of_none_true_false(qtbot: QtBot) -> None:
    drifted = {}
    for name, call in _operations(qtbot).items():
        none, true, false = _drift(call)
        if max(abs(none), abs(true), abs(false)) > TOLERANCE:
            drifted[name] = {"None": none, "True": true, "False": false}
    assert not drifted, f"Qt binding leaks references over {CALLS} calls: {drifted}"


@pytest.mark.parametrize("name", ["None", "True", "False"])
def test_the_measure_would_see_a_drain(name: str) -> None:
    """The check itself works: a deliberate reference leak of one per call is caught."""
    target = {"None": None, "True": True, "False": False}[name]
    held: list[object] = []
    drift = _drift(lambda: held.append(target))
    assert drift[("None", "True", "False").index(name)] >= CALLS
