"""The export's helper threads: prefetching the tar / the read-back, writing the encrypted
blocks, and syncing the stick while writing goes on."""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, cast

import pytest
from bundle_fixtures import Keys, make_case, write

import bundles.background_sync as background_sync
from bundles.background_sync import BackgroundSync
from bundles.background_write import BackgroundWriter
from bundles.errors import WriteFailed
from bundles.prefetch import Prefetcher, prefetched


def _threads(name: str) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == name]


def test_prefetch_yields_everything_in_order_and_joins_its_thread() -> None:
    assert list(prefetched(iter(range(1000)), 3, "t-order")) == list(range(1000))
    assert _threads("t-order") == []


def test_a_producer_error_reaches_the_consumer_as_the_same_object() -> None:
    boom = OSError(errno.EIO, "read failed")

    def produce() -> Iterator[int]:
        yield 1
        raise boom

    got: list[int] = []
    with pytest.raises(OSError) as raised:
        for item in prefetched(produce(), 2, "t-error"):
            got.append(item)
    assert raised.value is boom and got == [1]
    assert _threads("t-error") == []


def test_a_consumer_that_stops_early_stops_and_closes_the_producer() -> None:
    produced: list[int] = []
    closed = threading.Event()

    def produce() -> Iterator[int]:
        try:
            for item in range(10_000):
                produced.append(item)
                yield item
        finally:
            closed.set()

    with pytest.raises(RuntimeError):
        for item in prefetched(produce(), 2, "t-stop"):
            if item == 5:
                raise RuntimeError("consumer failed")
    assert closed.is_set()
    assert len(produced) < 20  # it stopped a few items ahead, not at the end
    assert _threads("t-stop") == []


def test_a_prefetcher_gets_ahead_before_it_is_asked_and_stops_when_closed() -> None:
    """The writer starts reading and hashing the entries while it still builds and signs the
    manifest: the producer must run from the start, up to `depth` items ahead, and a writer
    that fails before taking anything must still stop it."""
    produced: list[int] = []
    ahead = threading.Event()

    def produce() -> Iterator[int]:
        for item in range(100):
            produced.append(item)
            if item == 3:
                ahead.set()
            yield item

    with Prefetcher(produce(), 4, "t-ahead") as items:
        assert ahead.wait(5)  # nothing was asked for yet
        assert len(produced) <= 4 + 2  # bounded: the queue, plus one waiting to go in
        assert next(items) == 0
    assert _threads("t-ahead") == []
    with Prefetcher(produce(), 2, "t-unused"):
        pass  # closed without taking anything
    assert _threads("t-unused") == []


def test_background_sync_asks_for_syncs_as_bytes_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = background_sync._sync

    def counted(fd: int) -> None:
        calls.append(fd)
        real(fd)

    dropped: list[tuple[int, int, int]] = []
    monkeypatch.setattr(background_sync, "_sync", counted)
    if hasattr(os, "posix_fadvise"):
        real_advise = os.posix_fadvise

        def advise(fd: int, offset: int, length: int, advice: int) -> None:
            dropped.append((offset, length, advice))
            real_advise(fd, offset, length, advice)

        monkeypatch.setattr(os, "posix_fadvise", advise)
    with (tmp_path / "out").open("wb") as out:
        fd = out.fileno()
        sync = BackgroundSync(fd, every=1000, ahead=4000)
        for _ in range(20):
            out.write(b"x" * 500)
            out.flush()
            sync.wrote(500)
        sync.close()
    assert 1 <= len(calls) <= 10 and set(calls) == {fd}
    assert _threads("bundle-sync") == []
    if hasattr(os, "posix_fadvise"):
        # What reached the device leaves the page cache behind the sync, from the start.
        assert len(dropped) == len(calls)
        assert all(o == 0 and 1000 <= n <= 10_000 and a == os.POSIX_FADV_DONTNEED
                   for o, n, a in dropped)  # fmt: skip
        assert [n for _, n, _ in dropped] == sorted(n for _, n, _ in dropped)


def test_the_writer_waits_for_the_device_when_too_far_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    monkeypatch.setattr(background_sync, "_sync", lambda fd: release.wait(5))
    with (tmp_path / "out").open("wb") as out:
        sync = BackgroundSync(out.fileno(), every=100, ahead=300)
        done = threading.Event()

        def writer() -> None:
            for _ in range(10):
                sync.wrote(100)
            done.set()

        thread = threading.Thread(target=writer)
        thread.start()
        assert not done.wait(0.3)  # held back: more than `ahead` bytes are not on the device
        release.set()
        assert done.wait(5)
        thread.join()
        sync.close()


def test_a_failed_background_sync_fails_the_export_and_leaves_nothing(
    keys: Keys, people: list[dict[str, object]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def pulled(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(background_sync, "_sync", pulled)
    monkeypatch.setattr(BackgroundSync.__init__, "__kwdefaults__", {"every": 1, "ahead": 2})
    stick = tmp_path / "stick"
    case = make_case(people[0], attachments=0)
    case.attachments = [os.urandom(3 * 1024 * 1024)]
    with pytest.raises(WriteFailed, match="stick removed"):
        write(keys, stick, [case])
    assert list(stick.iterdir()) == []
    assert _threads("bundle-sync") == [] and _threads("bundle-tar") == []


class _ThreadRecordingFile:
    """Records which thread wrote what; fails like a full disk at write number `fail_at`."""

    def __init__(self, raw: BinaryIO, fail_at: int = -1) -> None:
        self._raw, self._fail_at = raw, fail_at
        self.writes: list[tuple[str, bytes]] = []
        self.attempts = 0

    def write(self, data: bytes) -> int:
        self.attempts += 1
        if self.attempts - 1 == self._fail_at:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.writes.append((threading.current_thread().name, bytes(data)))
        return self._raw.write(data)

    def flush(self) -> None:
        self._raw.flush()

    def fileno(self) -> int:
        return self._raw.fileno()


def test_background_writer_writes_in_order_on_its_own_thread(tmp_path: Path) -> None:
    blocks = [os.urandom(1000 + n) for n in range(20)]
    with (tmp_path / "out").open("wb") as raw:
        file = _ThreadRecordingFile(raw)
        writer = BackgroundWriter(cast(BinaryIO, file), depth=2)
        for block in blocks:
            writer.write(block)
        writer.close()
    assert [data for _, data in file.writes] == blocks
    assert {name for name, _ in file.writes} == {"bundle-write"}
    assert (tmp_path / "out").read_bytes() == b"".join(blocks)
    assert _threads("bundle-write") == [] and _threads("bundle-sync") == []


def test_background_writer_stops_at_the_first_failed_write_and_reports_it(
    tmp_path: Path,
) -> None:
    with (tmp_path / "out").open("wb") as raw:
        file = _ThreadRecordingFile(raw, fail_at=3)
        writer = BackgroundWriter(cast(BinaryIO, file), depth=2)
        with pytest.raises(OSError) as raised:
            for _ in range(50):
                writer.write(b"x" * 100)
            writer.close()
        assert raised.value.errno == errno.ENOSPC
        writer.stop()
    assert file.attempts == 4  # nothing was tried after the failed write
    assert _threads("bundle-write") == [] and _threads("bundle-sync") == []
