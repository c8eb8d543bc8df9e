"""Locking when nobody is at the keyboard: idle time, and the desktop suspending the app.

Idle time is measured on the injected wall clock, checked once a second, rather than with one
long QTimer: a QTimer runs on the monotonic clock, which stops while a laptop sleeps, so a
laptop shut mid-case and opened an hour later would still show the case for minutes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication

from services.clock import Clock
from services.settings import DEFAULT_IDLE_TIMEOUT_S

# PySide's Qt namespace is imported where it is used, all after the first unlock: its first
# touch builds every one of its enums (~40 ms), which the unlock screen does without.
if TYPE_CHECKING:
    from PySide6.QtCore import Qt

# Input that proves someone is at the keyboard. Paint, focus and timer events do not count.
_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.InputMethod,
    }
)
CHECK_INTERVAL_MS = 1000


def _is_lock_key(event: QEvent) -> bool:
    from PySide6.QtCore import Qt

    if not isinstance(event, QKeyEvent) or event.key() != Qt.Key.Key_L:
        return False
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return modifiers == Qt.KeyboardModifier.ControlModifier


class IdleLock(QObject):
    """Emits `idle_timed_out` after the timeout without input, `suspended` when Qt says so.

    Install once; `arm()` after unlocking and `disarm()` after locking. The event filter only
    sets a flag, so it costs next to nothing on every event the application handles.
    """

    idle_timed_out = Signal()
    suspended = Signal()
    # Ctrl+L pressed while a modal dialog blocks the main window's own shortcut.
    lock_requested = Signal()

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._timeout_s = float(DEFAULT_IDLE_TIMEOUT_S)
        self._armed = False
        self._seen_input = False
        self._last_input = clock.now()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self._watching_state = False

    @property
    def armed(self) -> bool:
        return self._armed

    @property
    def timeout_s(self) -> float:
        return self._timeout_s

    def arm(self, timeout_s: float) -> None:
        """Start watching, counting idle time from now."""
        self._timeout_s = float(timeout_s)
        self._last_input = self._clock.now()
        self._seen_input = False
        self._armed = True
        self._timer.start()
        self._watch_application_state()
        # The filter sees every event of the application, so it is only installed while armed:
        # the locked app (and its start-up, before the first screen shows) does without it.
        app = QGuiApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def _watch_application_state(self) -> None:
        app = QGuiApplication.instance()
        if self._watching_state or not isinstance(app, QGuiApplication):
            return
        # Connected at the first arm, and only once the Qt namespace exists (importing `Qt`
        # builds it): PySide 6.12 cannot hand a Qt::ApplicationState to a Python slot before
        # something has touched `Qt` (the call fails with a TypeError and the slot never runs).
        # Only an armed lock acts on the state anyway.
        from PySide6.QtCore import Qt  # noqa: F401

        app.applicationStateChanged.connect(self.application_state_changed)
        self._watching_state = True

    def disarm(self) -> None:
        self._armed = False
        self._timer.stop()
        app = QGuiApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def set_timeout(self, timeout_s: float) -> None:
        """A new timeout from the administrator screen, applying at once."""
        self._timeout_s = float(timeout_s)

    def check(self) -> None:
        """Compare idle time with the timeout (runs every second; tests may call it directly)."""
        if not self._armed:
            return
        now = self._clock.now()
        if self._seen_input or now < self._last_input:
            # Input since the last check, or the clock stepped backwards: count from now.
            self._seen_input = False
            self._last_input = now
            return
        if (now - self._last_input).total_seconds() >= self._timeout_s:
            self.disarm()
            self.idle_timed_out.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._armed and event.type() in _ACTIVITY:
            self._seen_input = True
            # A modal dialog (sign-off, export, disclosure…) shadows the main window's
            # application shortcut; a worker must still be able to lock at any moment.
            if (
                event.type() == QEvent.Type.KeyPress
                and _is_lock_key(event)
                and QApplication.activeModalWidget() is not None
            ):
                self.lock_requested.emit()
                return True
        return False

    def application_state_changed(self, state: Qt.ApplicationState) -> None:
        # Suspended: the platform is putting the app to sleep (mobile, some Wayland compositors).
        # Inactive (another window has focus) is normal work and must not lock.
        from PySide6.QtCore import Qt

        if self._armed and state == Qt.ApplicationState.ApplicationSuspended:
            self.disarm()
            self.suspended.emit()
