"""What the program is called and how it was installed, for usage lines and frozen-build checks."""

from __future__ import annotations

import sys
from pathlib import Path

DEFAULT_NAME = "first-contact"


def is_frozen() -> bool:
    """True in a PyInstaller build: no Python interpreter, no source tree, no `-m` modules."""
    return bool(getattr(sys, "frozen", False))


def program_name() -> str:
    """The name the user typed: `first-contact` (the build or the console script), `main.py`
    from a source checkout; never a name from elsewhere when run inside another tool."""
    if is_frozen():
        return Path(sys.executable).name
    invoked = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return invoked if invoked in ("main.py", DEFAULT_NAME, f"{DEFAULT_NAME}.exe") else DEFAULT_NAME
