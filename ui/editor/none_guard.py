"""Work around PySide6 6.12 on Python 3.11 giving away a reference to None on every call.

Measured here: each call of a method returning nothing (QLabel.setText, QComboBox.setCurrentIndex
...) and each QVariant-less result (QComboBox.currentData() with no data) lowers None's reference
count by one. Python 3.12+ makes None immortal, so the bug is invisible there; on 3.11 None
starts near 5,000 references and the process aborts ("none_dealloc: deallocating None") after a
few thousand widget calls, i.e. within minutes of editing a case. Pinning None with a very large
reference count (the 3.12 behaviour) keeps the process alive until PySide6 is fixed.
"""

from __future__ import annotations

import ctypes
import sys

_PINNED = False
# 2**50 references: at a million widget calls a second this outlasts the laptop.
_PIN = 1 << 50


def pin_none() -> None:
    """Give None an effectively unlimited reference count (idempotent; no-op on 3.12+)."""
    global _PINNED
    if _PINNED or sys.version_info >= (3, 12):
        return
    refcount = ctypes.c_ssize_t.from_address(id(None))
    refcount.value += _PIN
    _PINNED = True
