"""Start-up benchmark: the app to its first screen, beside a bare PySide6 window."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from services.bench_report import Figure, median, ms

REPO_ROOT = Path(__file__).resolve().parent.parent


def _time_process(args: list[str], env: dict[str, str]) -> float:
    """Wall time of `python ARGS` (this interpreter); see _time_command."""
    return _time_command([sys.executable, *args], env)


def _time_command(command: list[str], env: dict[str, str]) -> float:
    """Wall time of one run, from spawn to exit.

    Not subprocess.run(timeout=…): with a timeout, waiting polls with sleeps of up to 50 ms,
    which rounded every measurement up to the next poll. A plain blocking wait returns at
    exit; a timer kills a run that hangs.
    """
    start = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and entry points
        command,
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    watchdog = threading.Timer(120, process.kill)
    watchdog.start()
    try:
        code = process.wait()
    finally:
        watchdog.cancel()
    elapsed = time.perf_counter() - start
    if code != 0:
        raise subprocess.CalledProcessError(code, command)
    return elapsed


def _startup_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ, FC_QUIT_WHEN_SHOWN="1")
    # An installed app runs from compiled bytecode (pip writes .pyc files at install). Without
    # a cache every launch recompiles our modules (~90 ms here), so both the app and the bare
    # window get one, kept in the benchmark's own folder rather than beside the sources.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(data_dir.parent / "pycache")
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def measure_startup(data_dir: Path, repeats: int) -> list[Figure]:
    """Median wall time of `main.py` (quitting once its first screen shows) and of a bare window."""
    env = _startup_env(data_dir)
    platform_name = env.get("QT_QPA_PLATFORM") or "xcb"
    # One warm-up each so both read their libraries from the page cache, as on a second launch.
    _time_process(["-m", "ui.bare_window"], env)
    _time_process(["main.py", "--data-dir", str(data_dir)], env)
    # Taking turns, so a busy moment of the machine (shared, virtualised) hits both alike.
    bare: list[float] = []
    app: list[float] = []
    for _ in range(repeats):
        bare.append(_time_process(["-m", "ui.bare_window"], env))
        app.append(_time_process(["main.py", "--data-dir", str(data_dir)], env))
    bare_s, app_s = median(bare), median(app)
    # The ratio is the median of each back-to-back pair's ratio. Launch times here fall into
    # two bands about 100 ms apart (the virtual machine's state); a ratio of the two medians
    # jumped between 1.3x and 2x when one median landed in the other band.
    paired = median([a / b for a, b in zip(app, bare, strict=True)])
    return [
        Figure("startup.bare_window", ms(bare_s), "ms", f"median of {repeats}, {platform_name}"),
        Figure("startup.app_to_unlock", ms(app_s), "ms", f"median of {repeats}, bytecode cached"),
        Figure(
            "startup.ratio",
            round(paired, 3),
            "x",
            f"target <= 1.5; median of {repeats} paired runs",
        ),
    ]


def measure_frozen_startup(executable: Path, data_dir: Path, repeats: int) -> list[Figure]:
    """The built app (`./run build`) to the unlock screen, beside `main.py` from this checkout."""
    env = _startup_env(data_dir)
    source = ["main.py", "--data-dir", str(data_dir)]
    frozen = [str(executable), "--data-dir", str(data_dir)]
    _time_process(source, env)
    _time_command(frozen, env)
    app: list[float] = []
    built: list[float] = []
    for _ in range(repeats):
        app.append(_time_process(source, env))
        built.append(_time_command(frozen, env))
    paired = median([b / a for b, a in zip(built, app, strict=True)])
    return [
        Figure("startup.app_to_unlock", ms(median(app)), "ms", f"median of {repeats}, main.py"),
        Figure("startup.frozen_to_unlock", ms(median(built)), "ms", f"median of {repeats}, build"),
        Figure("startup.frozen_ratio", round(paired, 3), "x", "build / main.py, paired runs"),
    ]
