"""The receiver's work folders (.staging, .incoming) and the lock that makes them ours alone.

Staging must never outlive a receive. A receive killed part-way leaves its work folders
behind; since every receive takes the archive's lock first, whatever it then finds in them
belongs to no running receive, and it is removed before anything else happens.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from bundles.errors import ArchiveBusy
from bundles.write_errors import classified

STAGING = ".staging"
INCOMING = ".incoming"
LOCK_FILE = ".receive.lock"


def _lock_exclusive(fd: int) -> bool:
    """Take the lock on `fd` without waiting; False if another process holds it.

    POSIX: flock. Windows: msvcrt.locking on the file's first byte (a byte-range lock the
    system drops when the handle closes or the process dies, as flock is)."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def receive_lock(archive_dir: Path) -> Iterator[None]:
    """Hold the archive's receive lock; ArchiveBusy if another receive holds it."""
    with classified("creating the archive folder"):
        archive_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(archive_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _lock_exclusive(fd):
            raise ArchiveBusy(
                "Another receive is writing to this archive; wait for it to finish, then "
                "run receive again."
            )
        yield
    finally:
        os.close(fd)  # closing the file releases the lock


def clear_stale_work(archive_dir: Path) -> int:
    """Remove what killed receives left in the work folders; returns how many items went.
    Call only while holding receive_lock."""
    removed = 0
    for name in (STAGING, INCOMING):
        folder = archive_dir / name
        if not folder.is_dir():
            continue
        for item in folder.iterdir():
            with classified("removing a stale work folder"):
                if item.is_dir() and not item.is_symlink():
                    shutil.rmtree(item)
                else:
                    item.unlink()
            removed += 1
    return removed
