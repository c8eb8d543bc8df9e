"""Locking on Windows session lock and sleep: the native-message path, driven with real MSGs.

Windows cannot run here, so the filter gets the same thing Qt hands it there: the event type
"windows_generic_MSG" and the address of a MSG structure in memory.
"""

from __future__ import annotations

import ctypes
import sys

import pytest
from PySide6.QtCore import QByteArray
from pytestqt.qtbot import QtBot

from ui import windows_session
from ui.main_window import MainWindow
from ui.windows_session import (
    MSG,
    PBT_APMSUSPEND,
    WM_POWERBROADCAST,
    WM_WTSSESSION_CHANGE,
    WTS_SESSION_LOCK,
    SessionLockFilter,
)

WTS_SESSION_UNLOCK = 0x8
PBT_APMRESUMEAUTOMATIC = 0x12


def _deliver(watch: SessionLockFilter, event_type: bytes, message: int, wparam: int) -> None:
    msg = MSG(message=message, wParam=wparam)
    assert watch.nativeEventFilter(QByteArray(event_type), ctypes.addressof(msg)) == (False, 0)


@pytest.mark.parametrize(
    ("message", "wparam", "locks"),
    [
        (WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK, True),
        (WM_WTSSESSION_CHANGE, WTS_SESSION_UNLOCK, False),
        (WM_POWERBROADCAST, PBT_APMSUSPEND, True),
        (WM_POWERBROADCAST, PBT_APMRESUMEAUTOMATIC, False),
        (0x0100, WTS_SESSION_LOCK, False),  # WM_KEYDOWN with the same wParam
    ],
)
def test_lock_and_sleep_messages_lock(message: int, wparam: int, locks: bool) -> None:
    heard: list[str] = []
    watch = SessionLockFilter(lambda: heard.append("lock"))
    _deliver(watch, b"windows_generic_MSG", message, wparam)
    assert heard == (["lock"] if locks else [])


def test_other_platforms_messages_are_not_read_as_windows_ones() -> None:
    heard: list[str] = []
    watch = SessionLockFilter(lambda: heard.append("lock"))
    _deliver(watch, b"xcb_generic_event_t", WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
    assert heard == []


def test_windows_message_locks_the_signed_in_window(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The Windows branch of install(): registering needs wtsapi32 (absent here, so it reports
    # not registered), the filter goes on the real application and a lock message locks.
    monkeypatch.setattr(sys, "platform", "win32")
    locked: list[str] = []
    watch = windows_session.install(window, lambda: locked.append("locked"))
    assert watch is not None and not watch.registered
    try:
        _deliver(watch, b"windows_generic_MSG", WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
    finally:
        from PySide6.QtCore import QCoreApplication

        app = QCoreApplication.instance()
        assert app is not None
        app.removeNativeEventFilter(watch)
    assert locked == ["locked"]


def test_nothing_is_installed_off_windows(window: MainWindow) -> None:
    assert windows_session.install(window, lambda: None) is None
    assert window.desktop_lock.windows_watch is None
