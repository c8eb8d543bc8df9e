"""Subprocess for the memory test: bundle a streamed N MiB attachment, print peak RSS.

Usage: memory_probe.py WORKDIR MIB [--time]   (--time also prints seconds per phase)
"""

from __future__ import annotations

import io
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bundle_fixtures import make_case, make_keys, read, write

from bundles.archive import commit_to_archive
from bundles.sources import EntrySource

BLOCK = os.urandom(1024 * 1024)


class Generated(io.RawIOBase):
    """`mib` MiB of bytes made on the fly; never more than one block in memory."""

    def __init__(self, mib: int) -> None:
        super().__init__()
        self._left = mib

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._left == 0:
            return b""
        self._left -= 1
        return BLOCK


def peak_rss_mib() -> int:
    """Peak resident memory of this process image. On Linux ru_maxrss survives exec and so
    may report the (large) pytest worker that started us; VmHWM belongs to our image only."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main() -> None:
    work, mib = Path(sys.argv[1]), int(sys.argv[2])
    keys = make_keys()
    case = make_case({"name_latin": "Memory Probe"}, attachments=0)
    entries = case.sources()
    entries.insert(
        2, EntrySource.attachment(case.record_id, 1, lambda: Generated(mib), media_type="video/mp4")
    )
    started = time.perf_counter()
    written = write(keys, work / "stick", [], entries=entries)
    wrote = time.perf_counter()
    result = read(keys, written.path, work / "staging")
    commit_to_archive(result, work / "archive")
    done = time.perf_counter()
    peak = peak_rss_mib()
    print(peak, written.size)
    if "--time" in sys.argv:
        print(
            f"write+verify {wrote - started:.2f}s read+commit {done - wrote:.2f}s", file=sys.stderr
        )


if __name__ == "__main__":
    main()
