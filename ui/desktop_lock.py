"""Hearing that the desktop locked its screen or the laptop is about to sleep.

Qt has no portable "the session was locked" event. On Linux desktops the screen saver announces
ActiveChanged(true) on the session bus and logind announces Lock and PrepareForSleep(true) on
the system bus; each is a local Unix-socket message, never a network connection. Where no bus
is running (a kiosk, Xvfb) nothing is connected and the idle timer still locks. On Windows the
session-change and power messages arrive through a Qt native event filter (ui/windows_session).
"""

from __future__ import annotations

from PySide6.QtCore import SLOT, QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection
from PySide6.QtWidgets import QWidget

from ui import windows_session

# (bus, interface, signal, signature): any sender, any path.
_SESSION_SIGNALS = (
    ("org.freedesktop.ScreenSaver", "ActiveChanged", "b"),
    ("org.gnome.ScreenSaver", "ActiveChanged", "b"),
    ("org.mate.ScreenSaver", "ActiveChanged", "b"),
)
_SYSTEM_SIGNALS = (
    ("org.freedesktop.login1.Manager", "PrepareForSleep", "b"),
    ("org.freedesktop.login1.Session", "Lock", ""),
)


class DesktopLockWatch(QObject):
    """Emits `desktop_locked` when the desktop locks or the computer prepares to sleep."""

    desktop_locked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connected: list[str] = []
        self._watch(QDBusConnection.sessionBus(), _SESSION_SIGNALS)
        self._watch(QDBusConnection.systemBus(), _SYSTEM_SIGNALS)
        self.windows_watch = (
            windows_session.install(parent, self.desktop_locked.emit)
            if isinstance(parent, QWidget)
            else None
        )
        if self.windows_watch is not None:
            self.connected.append("windows session and power messages")

    def _watch(self, bus: QDBusConnection, signals: tuple[tuple[str, str, str], ...]) -> None:
        if not bus.isConnected():
            return
        for interface, name, signature in signals:
            slot = SLOT("on_flag(bool)" if signature == "b" else "on_event()")
            # PySide6's stub says bytes, but only the str from SLOT() is accepted at run time.
            if bus.connect("", "", interface, name, self, slot):  # type: ignore[call-overload]
                self.connected.append(f"{interface}.{name}")

    @Slot(bool)
    def on_flag(self, active: bool) -> None:
        # ActiveChanged(false) / PrepareForSleep(false) mean "unlocked" / "resumed": no action.
        if active:
            self.desktop_locked.emit()

    @Slot()
    def on_event(self) -> None:
        self.desktop_locked.emit()
