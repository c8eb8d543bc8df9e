"""Pushes a file's written bytes to the device on a helper thread while writing goes on.

Without it a whole bundle sits in the page cache until the final fsync: the progress bar runs
to the end, then waits with nothing to show while a slow stick catches up, and the device
write cannot overlap encryption. With it the stick is written during encryption, the final
fsync has little left, and the writer never gets more than AHEAD bytes in front of the stick.
"""

from __future__ import annotations

import contextlib
import os
import threading

MIB = 1024 * 1024
EVERY = 8 * MIB  # ask for a sync once this much more was written
AHEAD = 64 * MIB  # the writer waits while this much is written but not yet on the device
_sync = getattr(os, "fdatasync", os.fsync)  # Windows has no fdatasync


def _forget(fd: int, length: int) -> None:
    """Drop the first `length` bytes of the file, now clean, from the page cache: the
    read-back drops the whole file before it reads, and that took ~15 ms for 200 MiB when
    none of it had been dropped yet (and a bundle need not crowd the page cache meanwhile)."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with contextlib.suppress(OSError):
            advise(fd, 0, length, os.POSIX_FADV_DONTNEED)


class BackgroundSync:
    """Call `wrote(n)` after each write, then `close()` when done (before the final fsync), or
    `stop()` if writing failed."""

    def __init__(self, fd: int, *, every: int = EVERY, ahead: int = AHEAD) -> None:
        self._fd, self._every, self._ahead = fd, every, ahead
        self._written = self._requested = self._synced = 0
        self._closing = False
        self.fault: OSError | None = None
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="bundle-sync", daemon=True)
        self._thread.start()

    def wrote(self, count: int) -> None:
        """`count` more bytes were written; raises the sync's OSError (stick pulled) if any."""
        with self._changed:
            self._written += count
            if self._written - self._requested >= self._every:
                self._requested = self._written
                self._changed.notify_all()
            while self.fault is None and self._written - self._synced > self._ahead:
                self._changed.wait()
            if self.fault is not None:
                raise self.fault

    def stop(self) -> None:
        """Stop the helper thread; it finishes a sync in progress first."""
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        self._thread.join()

    def close(self) -> None:
        """stop(), then raise the fault a background sync met (stick pulled), if any."""
        self.stop()
        if self.fault is not None:
            raise self.fault

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._closing and self._requested == self._synced:
                    self._changed.wait()
                if self._closing:
                    return
                target = self._requested
            try:
                _sync(self._fd)  # outside the lock: the writer keeps writing meanwhile
            except OSError as exc:
                with self._changed:
                    self.fault = exc
                    self._changed.notify_all()
                return
            with self._changed:
                self._synced = target
                self._changed.notify_all()
            _forget(self._fd, target)
