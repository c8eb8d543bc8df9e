"""Writes a file's blocks on a helper thread, with BackgroundSync pushing them to the device.

The export's encrypting thread was also the one that copied every block into the page cache
(write(2)), and that copy was a third of its time: it was the slower side of the pipeline. Here
the copy runs on its own thread, beside the encryption and the hashing (write releases the
interpreter lock), and at most DEPTH blocks wait in between, so memory stays bounded.

A write that fails (disk full, stick pulled) stops this thread at once: nothing more is written
after it, and the error is raised in the encrypting thread at its next `write` or at `close`.
"""

from __future__ import annotations

import queue
import threading
from typing import BinaryIO

from bundles.background_sync import BackgroundSync

DEPTH = 4  # blocks handed over but not yet written
_POLL_S = 0.05
_Block = bytes | bytearray


class BackgroundWriter:
    """Call `write(block)` for each block in order, then `close()` (everything written, flushed
    and every background sync finished), or `stop()` if the export failed."""

    def __init__(self, raw: BinaryIO, *, depth: int = DEPTH) -> None:
        self._raw = raw
        self._sync = BackgroundSync(raw.fileno())
        self._blocks: queue.Queue[_Block | None] = queue.Queue(maxsize=depth)
        self._stopping = threading.Event()
        self.fault: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="bundle-write", daemon=True)
        self._thread.start()

    def write(self, block: _Block) -> None:
        """Queue `block`; raises the error a previous write or sync met, if any."""
        self._hand_over(block)

    def _hand_over(self, item: _Block | None) -> None:
        while True:
            if self.fault is not None:
                raise self.fault
            try:
                self._blocks.put(item, timeout=_POLL_S)
                return
            except queue.Full:
                continue

    def _run(self) -> None:
        try:
            while not self._stopping.is_set():
                try:
                    block = self._blocks.get(timeout=_POLL_S)
                except queue.Empty:
                    continue
                if block is None:
                    self._raw.flush()
                    return
                self._raw.write(block)
                self._sync.wrote(len(block))
        except BaseException as exc:  # noqa: BLE001 - raised in the encrypting thread
            self.fault = exc

    def close(self) -> None:
        """Write what is queued, flush, finish the background syncs; raise any fault."""
        try:
            self._hand_over(None)
        except BaseException:
            self.stop()
            raise
        self._thread.join()
        if self.fault is not None:
            self._sync.stop()
            raise self.fault
        self._sync.close()  # a sync that failed (stick pulled) fails the export

    def stop(self) -> None:
        """Drop what is queued and stop both helper threads (a write in progress finishes)."""
        self._stopping.set()
        self._thread.join()
        self._sync.stop()
