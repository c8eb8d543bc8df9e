"""Start-up benchmark: the app to its first screen, beside a bare PySide6 window."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from services.bench_report import Figure, median, ms

REPO_ROOT = Path(__file__).resolve().parent.parent


def _time_process(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own interpreter and entry points
        [sys.executable, *args],
        cwd=REPO_ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )
    return time.perf_counter() - start


def measure_startup(data_dir: Path, repeats: int) -> list[Figure]:
    """Median wall time of `main.py` (quitting once its first screen shows) and of a bare window."""
    env = dict(os.environ, FC_QUIT_WHEN_SHOWN="1")
    # An installed app runs from compiled bytecode (pip writes .pyc files at install). Without
    # a cache every launch recompiles our modules (~90 ms here), so both the app and the bare
    # window get one, kept in the benchmark's own folder rather than beside the sources.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(data_dir.parent / "pycache")
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    platform_name = env.get("QT_QPA_PLATFORM") or "xcb"
    # One warm-up each so both read their libraries from the page cache, as on a second launch.
    _time_process(["-m", "ui.bare_window"], env)
    _time_process(["main.py", "--data-dir", str(data_dir)], env)
    bare = [_time_process(["-m", "ui.bare_window"], env) for _ in range(repeats)]
    app = [_time_process(["main.py", "--data-dir", str(data_dir)], env) for _ in range(repeats)]
    bare_s, app_s = median(bare), median(app)
    return [
        Figure("startup.bare_window", ms(bare_s), "ms", f"median of {repeats}, {platform_name}"),
        Figure("startup.app_to_unlock", ms(app_s), "ms", f"median of {repeats}, bytecode cached"),
        Figure("startup.ratio", round(app_s / bare_s, 3), "x", "target <= 1.5"),
    ]
