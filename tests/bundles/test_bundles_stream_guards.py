"""How bundle bytes reach the file and come back: whole pieces, hashing, faults, read-back."""

from __future__ import annotations

import errno
import gc
import hashlib
import os
import threading
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import pytest
from bundle_fixtures import Keys, make_case, read, write

import bundles.writer as writer_module
from bundles.errors import DiskFull, ReadFailed
from bundles.writer import BLOCK

MIB = 1024 * 1024
AGE_CHUNK = 64 * 1024 + 16  # one encrypted age payload chunk
CHUNKS_PER_BLOCK = BLOCK // (64 * 1024)


class RecordingFile:
    """A destination file that records every write and fails like a full disk past `limit`."""

    def __init__(self, raw: BinaryIO, limit: int) -> None:
        self._raw, self._limit = raw, limit
        self.sizes: list[int] = []
        self.failed = False
        self.attempts_after_failure = 0

    def write(self, data: bytes) -> int:
        if self.failed:
            self.attempts_after_failure += 1
        if sum(self.sizes) + len(data) > self._limit:
            self.failed = True
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.sizes.append(len(data))
        return self._raw.write(data)

    def flush(self) -> None:
        self._raw.flush()

    def fileno(self) -> int:
        return self._raw.fileno()

    def __enter__(self) -> RecordingFile:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._raw.close()


def _big_case(people: list[dict[str, object]]) -> list:  # type: ignore[type-arg]
    case = make_case(people[0], attachments=0)
    case.attachments = [os.urandom(3 * MIB)]
    return [case]


def test_encrypted_bytes_reach_the_file_in_whole_buffers(
    keys: Keys, people: list[dict[str, object]], tmp_path: Path
) -> None:
    files: list[RecordingFile] = []

    def opener(path: Path) -> RecordingFile:
        files.append(RecordingFile(path.open("xb"), limit=1 << 40))
        return files[-1]

    written = write(keys, tmp_path / "stick", _big_case(people), opener=opener)
    sizes = files[0].sizes
    header = sizes[0] % AGE_CHUNK  # the age header and payload nonce lead the first write
    # Every write but the last is one block of whole age chunks (the first keeps one chunk
    # back: only the end of the tar decides which chunk is final); the last adds the final one.
    assert [size // AGE_CHUNK for size in sizes[:-1]] == [
        CHUNKS_PER_BLOCK - 1,
        *[CHUNKS_PER_BLOCK] * (len(sizes) - 2),
    ]
    assert all(size % AGE_CHUNK == 0 for size in sizes[1:-1])
    assert 0 < sizes[-1] <= (CHUNKS_PER_BLOCK + 1) * AGE_CHUNK
    assert 100 < header < 1024 and sum(sizes) == written.size
    received = read(keys, written.path, tmp_path / "staging")
    assert received.file_sha256 == hashlib.sha256(written.path.read_bytes()).hexdigest()
    received.discard()


def test_disk_full_mid_encryption_is_reported_and_nothing_is_written_after(
    keys: Keys, people: list[dict[str, object]], tmp_path: Path
) -> None:
    files: list[RecordingFile] = []

    def opener(path: Path) -> RecordingFile:
        files.append(RecordingFile(path.open("xb"), limit=BLOCK + BLOCK // 2))
        return files[-1]

    stick = tmp_path / "stick"
    message = ""
    try:
        write(keys, stick, _big_case(people), opener=opener)
    except DiskFull as exc:  # not pytest.raises: its record would keep the writer's frames alive
        message = str(exc)
    assert "nothing was saved" in message
    gc.collect()  # a forgotten buffer would try to write its rest when collected
    # One block was written before the disk filled up, while encryption was still running.
    assert len(files[0].sizes) == 1 and files[0].sizes[0] >= BLOCK - AGE_CHUNK
    assert files[0].failed
    assert files[0].attempts_after_failure == 0
    assert list(stick.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="no posix_fadvise here")
def test_read_back_starts_after_the_whole_file_reached_the_stick_and_left_memory(
    keys: Keys, people: list[dict[str, object]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "stick"
    events: list[tuple[str, int]] = []
    real_advise, real_fsync, real_verify = os.posix_fadvise, os.fsync, writer_module.verify_written

    def fsync(fd: int) -> None:
        real_fsync(fd)
        events.append(("fsync", os.fstat(fd).st_size))

    def advise(fd: int, offset: int, length: int, advice: int) -> None:
        assert advice == os.POSIX_FADV_DONTNEED
        if threading.current_thread().name == "bundle-sync":
            assert offset == 0 and 0 < length <= os.fstat(fd).st_size  # what was synced
        else:
            assert (offset, length) == (0, 0)  # the read-back drops the whole file
            events.append(("drop", os.fstat(fd).st_size))
        real_advise(fd, offset, length, advice)

    def verify(path: Path, *args: object, **kwargs: object) -> None:
        assert path.suffix == ".part"  # renamed only once checked
        events.append(("verify", path.stat().st_size))
        real_verify(path, *args, **kwargs)  # type: ignore[arg-type]
        events.append(("verified", path.stat().st_size))

    monkeypatch.setattr(os, "posix_fadvise", advise)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(writer_module, "verify_written", verify)
    written = write(keys, stick, _big_case(people))
    size = written.size
    file_events = [e for e in events if e[0] != "fsync" or e[1] == size]
    assert file_events[:4] == [
        ("fsync", size),
        ("verify", size),
        ("drop", size),
        ("verified", size),
    ]
    assert [p.name for p in stick.iterdir()] == [written.path.name]


class FailingFile:
    """The bundle file, whose reads fail with EIO after the first `good` ones."""

    def __init__(self, file: BinaryIO, good: int) -> None:
        self._file = file
        self._good = good

    def read(self, size: int = -1) -> bytes:
        self._good -= 1
        if self._good < 0:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return self._file.read(size)

    def seek(self, offset: int) -> int:
        return self._file.seek(offset)

    def __enter__(self) -> FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()


def test_a_read_fault_mid_bundle_is_a_read_failure_not_a_bad_bundle(
    keys: Keys, people: list[dict[str, object]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = write(keys, tmp_path / "stick", [make_case(people[0], attachments=3)])
    real_open = Path.open

    def open_(self: Path, mode: str = "r", *args: object, **kw: object) -> object:
        if self == written.path:
            # The header peek, then one block, then EIO.
            return FailingFile(real_open(self, "rb"), good=2)
        return real_open(self, mode, *args, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", open_)
    with pytest.raises(ReadFailed):
        read(keys, written.path, tmp_path / "staging")
    assert list((tmp_path / "staging").iterdir()) == []
