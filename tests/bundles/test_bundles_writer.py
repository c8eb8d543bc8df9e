"""Writer faults (disk full, stick pulled, cancel), progress reports, input checks, memory."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import pytest
from bundle_fixtures import Keys, make_case, make_keys, write

from bundles.errors import (
    BundleError,
    DiskFull,
    ExportCancelled,
    ExportInputError,
    WriteFailed,
)
from bundles.sources import EntrySource
from crypto import bech32

HERE = Path(__file__).parent


class FaultyFile:
    """A destination file that fails like a full disk or a pulled stick after `limit` bytes."""

    def __init__(self, raw: BinaryIO, limit: int, code: int, *, on_flush: bool = False) -> None:
        self._raw, self._limit, self._code, self._on_flush = raw, limit, code, on_flush
        self.written = 0

    def write(self, data: bytes) -> int:
        if self.written + len(data) > self._limit and not self._on_flush:
            raise OSError(self._code, os.strerror(self._code))
        self.written += len(data)
        return self._raw.write(data)

    def flush(self) -> None:
        if self._on_flush:
            raise OSError(self._code, os.strerror(self._code))
        self._raw.flush()

    def fileno(self) -> int:
        return self._raw.fileno()

    def __enter__(self) -> FaultyFile:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._raw.close()


@pytest.fixture
def cases(people: list[dict[str, object]]) -> list:  # type: ignore[type-arg]
    big = make_case(people[0], attachments=0)
    big.attachments = [os.urandom(300 * 1024)]
    return [big, make_case(people[1])]


@pytest.mark.parametrize(
    ("code", "expected"),
    [(errno.ENOSPC, DiskFull), (errno.EIO, WriteFailed), (errno.ENODEV, WriteFailed)],
)
@pytest.mark.parametrize("limit", [0, 200, 70_000, 250_000])
def test_write_faults_leave_nothing_behind(
    keys: Keys,
    cases: list,
    tmp_path: Path,
    code: int,
    expected: type[BundleError],
    limit: int,  # type: ignore[type-arg]
) -> None:
    stick = tmp_path / "stick"
    with pytest.raises(expected) as caught:
        write(keys, stick, cases, opener=lambda p: FaultyFile(p.open("xb"), limit, code))
    assert list(stick.iterdir()) == []
    assert "nothing was saved" in str(caught.value)


def test_fault_at_fsync_leaves_nothing_behind(keys: Keys, cases: list, tmp_path: Path) -> None:  # type: ignore[type-arg]
    stick = tmp_path / "stick"
    with pytest.raises(WriteFailed):
        write(
            keys,
            stick,
            cases,
            opener=lambda p: FaultyFile(p.open("xb"), 0, errno.EIO, on_flush=True),
        )
    assert list(stick.iterdir()) == []


def test_cancel_at_any_point_leaves_nothing_behind(keys: Keys, cases: list, tmp_path: Path) -> None:  # type: ignore[type-arg]
    calls = 0

    def count() -> bool:
        nonlocal calls
        calls += 1
        return False

    write(keys, tmp_path / "probe", cases, cancel=count)
    total = calls
    assert total > 10
    # Cancel at a spread of points across hashing, writing and the read-back check.
    for stop_at in sorted({1, 2, total // 4, total // 2, total - 2, total - 1, total}):
        seen = 0

        def cancel(stop_at: int = stop_at) -> bool:
            nonlocal seen
            seen += 1
            return seen >= stop_at

        stick = tmp_path / f"stick-{stop_at}"
        with pytest.raises(ExportCancelled):
            write(keys, stick, cases, cancel=cancel)
        assert list(stick.iterdir()) == []


def test_progress_is_monotonic_and_complete(keys: Keys, cases: list, tmp_path: Path) -> None:  # type: ignore[type-arg]
    reports: list[tuple[int, int, str]] = []
    written = write(keys, tmp_path / "stick", cases, progress=lambda *r: reports.append(r))
    done = [r[0] for r in reports]
    assert done == sorted(done) and reports[-1][0] == reports[-1][1]
    assert {r[2] for r in reports} == {"Writing bundle", "Checking bundle"}
    assert written.path.exists()


def test_writer_refuses_bad_input(keys: Keys, cases: list, tmp_path: Path) -> None:  # type: ignore[type-arg]
    stick = tmp_path / "stick"
    other = make_keys()
    bad_calls: list[dict[str, object]] = [
        {"recipients": []},
        {"recipients": ["age1notakey"]},
        {"recipients": [keys.import_recipient, keys.import_recipient]},
        {"recipients": [bech32.encode("age", bytes(32))]},  # a low-order point
        {"worker_sk": other.worker_sk},  # key does not match the certificate
        {"entries": [*cases[0].sources(), *cases[0].sources()]},  # duplicate names
        {"entries": cases[0].sources()[1:]},  # a PDF without its record
        {"entries": [EntrySource.record("not-a-uuid", 1, b"{}")]},
    ]
    for kwargs in bad_calls:
        with pytest.raises(ExportInputError):
            write(keys, stick, cases, **kwargs)
    assert list(stick.iterdir()) == []


def test_source_changing_between_passes_is_refused(keys: Keys, cases: list, tmp_path: Path) -> None:  # type: ignore[type-arg]
    import io

    opened = 0

    def shifting() -> BinaryIO:
        nonlocal opened
        opened += 1
        return io.BytesIO(b"photo-%d" % opened)

    entries = [
        *cases[1].sources()[:1],
        EntrySource.attachment(cases[1].record_id, 1, shifting, media_type="image/png"),
    ]
    with pytest.raises(ExportInputError):
        write(keys, tmp_path / "stick", [], entries=entries)
    assert list((tmp_path / "stick").iterdir()) == []


def test_memory_stays_bounded_for_a_large_attachment(tmp_path: Path) -> None:
    budget = max(1, int(os.environ.get("FC_TEST_BUDGET", "1")))
    mib = 1024 if budget > 1 else 160
    limit = 200 if budget > 1 else 120
    probe = subprocess.run(
        [sys.executable, str(HERE / "memory_probe.py"), str(tmp_path), str(mib)],
        capture_output=True,
        text=True,
        check=True,
    )
    peak_mib, size = (int(x) for x in probe.stdout.split())
    assert size > mib * 1024 * 1024
    assert peak_mib < limit, f"peak RSS {peak_mib} MiB for a {mib} MiB attachment"
