"""Records every file created in some folders while it is open (Linux inotify, via ctypes).

The kernel queues the events as they happen, so a file that exists for a millisecond during a
print job and is deleted again is still reported: this watches the job, not just its aftermath.
"""

from __future__ import annotations

import ctypes
import os
import struct
from pathlib import Path
from types import TracebackType

_IN_CREATE, _IN_MOVED_TO = 0x100, 0x80
_HEADER = struct.Struct("iIII")


class CreatedFiles:
    """`with CreatedFiles(dirs) as watch: ...` then `watch.created` lists what appeared."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = [f for f in dict.fromkeys(folders) if f.is_dir()]
        self.created: list[Path] = []
        self._libc = ctypes.CDLL(None, use_errno=True)
        self._fd = -1
        self._paths: dict[int, Path] = {}

    def __enter__(self) -> CreatedFiles:
        self._fd = self._libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self._fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        for folder in self.folders:
            wd = self._libc.inotify_add_watch(
                self._fd, str(folder).encode(), _IN_CREATE | _IN_MOVED_TO
            )
            if wd < 0:
                raise OSError(ctypes.get_errno(), f"cannot watch {folder}")
            self._paths[wd] = folder
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.collect()
        os.close(self._fd)

    def collect(self) -> list[Path]:
        """Read the queued events; returns every path created so far."""
        while True:
            try:
                data = os.read(self._fd, 65536)
            except BlockingIOError:
                return self.created
            offset = 0
            while offset < len(data):
                wd, _mask, _cookie, length = _HEADER.unpack_from(data, offset)
                name = data[offset + _HEADER.size : offset + _HEADER.size + length]
                self.created.append(self._paths[wd] / name.rstrip(b"\0").decode())
                offset += _HEADER.size + length
