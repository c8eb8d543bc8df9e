"""Run the real command line at a chosen date: libfaketime (`faketime`, installed by ./run test)
moves the process's system clock, so nothing in the app needs a test-only clock switch."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_at(when: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`python main.py ARGS` with the clock at `when` ("YYYY-MM-DD HH:MM:SS", UTC)."""
    faketime = shutil.which("faketime")
    assert faketime is not None, "faketime is missing: `./run test` installs it (Debian faketime)"
    return subprocess.run(
        [faketime, when, sys.executable, str(REPO / "main.py"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=dict(os.environ, FC_KDF_PROFILE="floor", TZ="UTC"),
        timeout=300,
        check=False,
    )
