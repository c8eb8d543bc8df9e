"""Locking when the desktop's screen saver locks the screen, heard over a private D-Bus."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT


@pytest.mark.skipif(shutil.which("dbus-run-session") is None, reason="needs dbus-run-session")
def test_screen_saver_lock_locks_the_app(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [
            "dbus-run-session",
            "--",
            sys.executable,
            "-m",
            "tests.ui.desktop_lock_probe",
            str(tmp_path / "fc"),
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert "org.freedesktop.ScreenSaver.ActiveChanged" in report["connected"]
    assert report["unlocked"]
    assert report["open_after_inactive"]  # "screen saver off" must not lock
    assert report["locked_after_active"]
    assert report["screen"] == "unlock_screen"
