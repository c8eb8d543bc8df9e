"""Hearing that Windows locked the session or is going to sleep (the D-Bus watch's counterpart).

Windows tells a window that asked (WTSRegisterSessionNotification) WM_WTSSESSION_CHANGE with
WTS_SESSION_LOCK when the user presses Win+L or the screen saver locks, and sends every
top-level window WM_POWERBROADCAST with PBT_APMSUSPEND before sleep. Qt passes each raw
message to native event filters as a pointer to a MSG. Elsewhere nothing is installed.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray, QCoreApplication
from PySide6.QtWidgets import QWidget

WINDOWS_MESSAGE = b"windows_generic_MSG"  # Qt's eventType for a Windows MSG
WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x4
NOTIFY_FOR_THIS_SESSION = 0


class MSG(ctypes.Structure):
    """winuser.h MSG, declared here (ctypes.wintypes is for Windows builds of Python)."""

    _fields_ = (
        ("hwnd", ctypes.c_void_p),
        ("message", ctypes.c_uint32),
        ("wParam", ctypes.c_size_t),  # WPARAM: UINT_PTR
        ("lParam", ctypes.c_ssize_t),  # LPARAM: LONG_PTR
        ("time", ctypes.c_uint32),
        ("pt_x", ctypes.c_int32),
        ("pt_y", ctypes.c_int32),
    )


def is_lock_message(message: int, wparam: int) -> bool:
    """True for "the session locked" and "the computer is about to sleep"."""
    if message == WM_WTSSESSION_CHANGE:
        return wparam == WTS_SESSION_LOCK
    return message == WM_POWERBROADCAST and wparam == PBT_APMSUSPEND


class SessionLockFilter(QAbstractNativeEventFilter):
    """Calls `on_lock` for a lock or suspend message; lets every message through."""

    def __init__(self, on_lock: Callable[[], None]) -> None:
        super().__init__()
        self._on_lock = on_lock
        self.registered = False

    def nativeEventFilter(
        self, eventType: QByteArray | bytes | bytearray | memoryview, message: int
    ) -> tuple[bool, int]:
        kind = eventType.data() if isinstance(eventType, QByteArray) else bytes(eventType)
        if kind == WINDOWS_MESSAGE and message:
            msg = MSG.from_address(int(message))
            if is_lock_message(msg.message, msg.wParam):
                self._on_lock()
        return False, 0


def install(window: QWidget, on_lock: Callable[[], None]) -> SessionLockFilter | None:
    """On Windows, listen for session lock and sleep on `window`; None on other systems."""
    app = QCoreApplication.instance()
    if sys.platform != "win32" or app is None:
        return None
    watch = SessionLockFilter(on_lock)
    app.installNativeEventFilter(watch)
    try:
        wtsapi32 = ctypes.WinDLL("wtsapi32")  # type: ignore[attr-defined,unused-ignore]
        hwnd = ctypes.c_void_p(int(window.winId()))
        watch.registered = bool(
            wtsapi32.WTSRegisterSessionNotification(hwnd, NOTIFY_FOR_THIS_SESSION)
        )
    except (OSError, AttributeError):
        # Sleep (WM_POWERBROADCAST) still arrives; only Win+L would go unheard.
        watch.registered = False
    return watch
