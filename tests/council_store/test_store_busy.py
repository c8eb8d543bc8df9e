"""A DuckDB store is opened by one process at a time: a council command started while another
(a receive, here a process holding the store as a receive does) has it open is refused with a
message that says so and says to wait, and works once the other has finished. Real processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.council_store.test_store_cli import REPO, run_cli

_HOLD = (
    "import sys; from pathlib import Path; from council_store import open_store; "
    "s = open_store(None, Path(sys.argv[1])); print('open', flush=True); sys.stdin.read(); "
    "s.close()"
)


def test_a_search_during_a_receive_is_told_to_wait(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(archive)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        busy = run_cli("council", "cases", "search", "nguyen", "--archive", str(archive))
        assert busy.returncode != 0
        message = " ".join(busy.stderr.split())
        assert f"is in use by another council command (process {holder.pid})" in message
        assert "wait for that one to finish, then run this again" in message
        assert "Traceback" not in busy.stderr and "IO Error" not in busy.stderr
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)
    after = run_cli("council", "cases", "search", "nguyen", "--archive", str(archive))
    assert after.returncode == 0, after.stderr
