"""A worker typing into a long answer, in a process of its own, for the kill-while-typing test.

    python -m tests.ui.typing_probe DATA_DIR CASE_ID FIELD_ID SEED   (passphrase on stdin)

Unlocks the vault, opens the real editor on the case, puts the cursor at the end of the field
and types words key by key without pausing for longer than a keystroke, forever. After each
word it prints one JSON line: the word and the monotonic time it was typed (CLOCK_MONOTONIC is
shared by every process on Linux, so the test can compare it with the moment it kills this one).
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from services.clock import SystemClock
from services.paths import AppPaths
from services.session import find_worker_id, unlock
from ui.dialogs import Dialogs
from ui.editor.case_editor import CaseEditor
from ui.task_runner import TaskRunner

WORKER_NAME = "Sam Okafor"
SENTENCE = (
    "she said the men took her passport at the port and kept it in a locked drawer "
    "they moved her every few weeks between houses near the motorway and told her "
    "she owed them for the journey the food and the room"
)


def words(seed: int) -> list[str]:
    """The words this probe types, in order (the test rebuilds the same list)."""
    rng = random.Random(seed)
    vocabulary = SENTENCE.split(" ")
    return [rng.choice(vocabulary) + " " for _ in range(100_000)]


def type_word(widget: QPlainTextEdit, word: str) -> None:
    for char in word:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            key = Qt.Key.Key_Space if char == " " else Qt.Key.Key_unknown
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def main(data_dir: Path, case_id: str, field_id: str, seed: int) -> int:
    app = QApplication(sys.argv[:1])
    passphrase = sys.stdin.readline().rstrip("\n")
    paths = AppPaths(data_dir)
    clock = SystemClock()
    session = unlock(paths, find_worker_id(paths, WORKER_NAME), passphrase, clock=clock)
    runner = TaskRunner()
    editor = CaseEditor(session, case_id, runner, clock, Dialogs())
    editor.resize(1366, 768)
    editor.show()
    deadline = time.monotonic() + 60
    while not editor.is_loaded and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    editor.jump_to(field_id)
    field = editor.field_widget(field_id)
    assert isinstance(field, QPlainTextEdit), field_id
    field.setFocus()
    field.moveCursor(QTextCursor.MoveOperation.End)
    queue = iter(words(seed))

    def next_word() -> None:
        word = next(queue)
        type_word(field, word)
        print(json.dumps({"word": word, "t": time.monotonic()}), flush=True)

    print(json.dumps({"ready": True, "t": time.monotonic()}), flush=True)
    timer = QTimer()
    timer.setInterval(15)  # a fast typist: about 60 words a minute would be 1 s; this is faster
    timer.timeout.connect(next_word)
    timer.start()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])))
