"""Run a producer on a helper thread so its work overlaps the consumer's.

Export reads and hashes entries (producer) while it encrypts and writes (consumer); the
read-back reads, hashes and decrypts the file (producer) while it checks the tar (consumer).
hashlib, file reads and writes and ChaCha20-Poly1305 all release the interpreter lock on large
buffers, so on two cores the two sides really run at once.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterator
from typing import TypeVar

T = TypeVar("T")
_POLL_S = 0.05


class _End:
    """The producer finished normally."""


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def prefetched(items: Iterator[T], depth: int, name: str) -> Generator[T, None, None]:
    """Yield what `items` yields, produced up to `depth` items ahead on a thread called `name`.

    An exception in the producer is raised here, in the consumer, as the same object. If the
    consumer stops early (its own error, or it closes this generator), the producer is told to
    stop, closed on its own thread, and joined before this returns, so no work outlives it.
    """
    handoff: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(item):
                    break
            else:
                put(_End())
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, which raises it
            put(_Failed(exc))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()  # releases the producer's open files here, not in a later collection

    worker = threading.Thread(target=produce, name=name, daemon=True)
    worker.start()
    try:
        while True:
            item = handoff.get()
            if isinstance(item, _End):
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        worker.join()
