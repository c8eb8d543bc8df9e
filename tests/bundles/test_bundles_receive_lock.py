"""One receive per archive: a second one is refused with exit 27 while the first holds the
lock, and the lock is free again as soon as the first ends (even by an exception)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bundles.errors import ArchiveBusy
from bundles.work_folders import receive_lock

_HOLDER = """
import sys, time
from pathlib import Path
from bundles.work_folders import receive_lock
with receive_lock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()
"""


def test_a_second_receive_is_refused_while_another_process_holds_the_archive(
    tmp_path: Path,
) -> None:
    archive = tmp_path / "archive"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(archive)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(ArchiveBusy) as busy, receive_lock(archive):
            pass
        assert busy.value.exit_code == 27 and "Another receive" in str(busy.value)
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    with receive_lock(archive):  # released when the holder ended
        pass


def test_the_lock_is_released_when_the_receive_fails(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    with pytest.raises(RuntimeError), receive_lock(archive):
        raise RuntimeError("a receive that failed")
    with receive_lock(archive):
        pass
