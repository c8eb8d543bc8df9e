"""Making a whole tree of new files durable at once: one syncfs where Linux offers it, else
an fsync per file and per folder (deepest first)."""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

from crypto.atomic_file import fsync_file, fsync_folder

# syncfs(2) writes back and waits for everything dirty on one file system, and since Linux
# 5.8 reports write-back errors like fsync. For a receive that created thousands of small
# files this is one journal commit instead of thousands (the fsyncs were ~75% of the time).
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
_SYNCFS = getattr(_LIBC, "syncfs", None)
SYNCS_FILE_SYSTEM = _SYNCFS is not None  # sync_tree covers the whole file system at once


def sync_tree(root: Path) -> None:
    """Make every file and folder under `root` (and `root` itself) durable. OSError on a
    write-back error."""
    if _SYNCFS is not None:
        fd = os.open(root, os.O_RDONLY)
        try:
            if _SYNCFS(fd) != 0:
                code = ctypes.get_errno()
                raise OSError(code, os.strerror(code))
        finally:
            os.close(fd)
        return
    folders = [root]
    synced: set[int] = set()
    for path in root.rglob("*"):
        if path.is_dir():
            folders.append(path)
        elif (inode := path.stat().st_ino) not in synced:  # hard links: one sync per file
            synced.add(inode)
            fsync_file(path)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        fsync_folder(folder)
