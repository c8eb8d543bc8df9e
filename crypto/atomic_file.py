"""Crash-safe replacement of small files (keystore, council keys): temp, fsync, rename, fsync."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

PRIVATE_MODE = 0o600


def fsync_folder(folder: Path) -> None:
    # The rename is only durable once the folder entry is on disk. Windows cannot open
    # folders this way and makes os.replace durable itself.
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_open_flags() -> int:
    """How to open a file only to flush it: read-only on POSIX; on Windows os.fsync is
    _commit/FlushFileBuffers, which refuses a handle without write access, so read-write (and
    binary, so nothing is translated)."""
    if os.name == "nt":
        return os.O_RDWR | getattr(os, "O_BINARY", 0)
    return os.O_RDONLY


def fsync_file(path: Path) -> None:
    """Flush one file that was written and closed earlier (the vault, archive files)."""
    fd = os.open(path, sync_open_flags())
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, mode: int = PRIVATE_MODE) -> None:
    """Replace `path` with `data` so a crash leaves either the old or the new file, never a mix.

    Raises OSError (disk full, permissions, ...) after removing its temporary file; the old
    file is then untouched.
    """
    folder = path.parent
    # Same folder as the target: os.replace is only atomic within one file system.
    temp = folder / f".{path.name}.{secrets.token_hex(8)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(temp, flags, mode)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        temp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_folder(folder)
    _remove_stale_temps(path)


def _remove_stale_temps(path: Path) -> None:
    # A process killed mid-write leaves its temp file behind; it may hold key material that
    # was never installed, so clear it once a write has succeeded.
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()
