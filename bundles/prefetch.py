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


class Prefetcher(Iterator[T]):
    """Produces `items` up to `depth` ahead on a thread called `name`, starting at once (so
    the producer can get ahead while the caller is still busy with something else).

    An exception in the producer is raised here, in the consumer, as the same object.
    `close()` (or leaving a `with` block) tells the producer to stop, closes it on its own
    thread, and joins it, so no work outlives it; call it whether or not items were taken.
    """

    def __init__(self, items: Iterator[T], depth: int, name: str) -> None:
        self._handoff: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._items = items
        self._done = False
        self._worker = threading.Thread(target=self._produce, name=name, daemon=True)
        self._worker.start()

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._handoff.put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def _produce(self) -> None:
        items = self._items
        try:
            for item in items:
                if not self._put(item):
                    break
            else:
                self._put(_End())
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, which raises it
            self._put(_Failed(exc))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()  # releases the producer's open files here, not in a later collection

    def __next__(self) -> T:
        if self._done:
            raise StopIteration
        item = self._handoff.get()
        if isinstance(item, _End):
            self._done = True
            raise StopIteration
        if isinstance(item, _Failed):
            self._done = True
            raise item.error
        return item  # type: ignore[return-value]

    def close(self) -> None:
        self._done = True
        self._stop.set()
        self._worker.join()

    def __enter__(self) -> Prefetcher[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def prefetched(items: Iterator[T], depth: int, name: str) -> Generator[T, None, None]:
    """Yield what `items` yields, produced up to `depth` items ahead on a thread called `name`.

    An exception in the producer is raised here, in the consumer, as the same object. If the
    consumer stops early (its own error, or it closes this generator), the producer is told to
    stop, closed on its own thread, and joined before this returns, so no work outlives it.
    """
    with Prefetcher(items, depth, name) as ahead:
        yield from ahead
