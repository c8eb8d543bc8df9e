"""Run under a private D-Bus session: unlock the app, announce a screen lock, report what happened.

    dbus-run-session -- python -m tests.ui.desktop_lock_probe DATA_DIR

Prints one JSON line: which signals were connected, and whether the session was still open
after "screen saver inactive" and locked after "screen saver active".
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from services.clock import FakeClock
from services.kdf_policy import enrolment_kdf
from services.paths import AppPaths
from services.training import provision_training
from ui.dialogs import Dialogs
from ui.main_window import MainWindow
from ui.task_runner import TaskRunner

PASSPHRASE = "harbour cactus pebble thistle walnut"


def wait_until(condition: Callable[[], bool], timeout_s: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        QApplication.processEvents()
        time.sleep(0.01)
    return True


def announce(active: bool) -> None:
    subprocess.run(
        [
            "dbus-send",
            "--session",
            "--type=signal",
            "/org/freedesktop/ScreenSaver",
            "org.freedesktop.ScreenSaver.ActiveChanged",
            f"boolean:{'true' if active else 'false'}",
        ],
        check=True,
    )


def main(data_dir: Path) -> int:
    app = QApplication(sys.argv[:1])
    clock = FakeClock()
    paths = AppPaths(data_dir)
    provision_training(
        paths,
        worker_name="Sam Okafor",
        passphrase=PASSPHRASE,
        nation="england",
        clock=clock,
        kdf=enrolment_kdf(),
    )
    runner = TaskRunner()
    window = MainWindow(paths, runner, clock, Dialogs())
    window.show()
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.try_unlock()
    unlocked = wait_until(lambda: window.session is not None)
    session = window.session
    announce(False)
    time.sleep(0.3)
    QApplication.processEvents()
    open_after_inactive = session is not None and not session.locked
    announce(True)
    locked = wait_until(lambda: session is not None and session.locked)
    print(
        json.dumps(
            {
                "connected": window.desktop_lock.connected,
                "unlocked": unlocked,
                "open_after_inactive": open_after_inactive,
                "locked_after_active": locked,
                "screen": window.current_screen(),
            }
        )
    )
    window.close()
    runner.shutdown()
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
