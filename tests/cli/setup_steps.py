"""The set-up steps the CLI tests repeat before the part they test: council init, provision,
and enrolling a laptop (device-info read, then council enrol-device).

Each step takes the runner its test already uses (`run_at` bound to a date, a plain
subprocess of main.py, or a runner that also records the command), so the dates and
processes stay the test's own. A step asserts only that its command succeeded; what a test
checks in the output it checks itself, on the result the step returns.
"""

from __future__ import annotations

import functools
import re
import subprocess
from pathlib import Path
from typing import Protocol

from tests.cli.faked_time import run_at


class Run(Protocol):
    """`python main.py ARGS` with `stdin`, however the test runs it."""

    def __call__(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]: ...


def at(when: str) -> Run:
    """`run_at` with the clock at `when` ("YYYY-MM-DD HH:MM:SS", UTC)."""
    return functools.partial(run_at, when)


def worker_args(data: Path, worker: str) -> list[str]:
    """The options that name a laptop's worker, as the worker commands take them."""
    return ["--data-dir", str(data), "--worker", worker, "--passphrase-stdin"]


def _succeeded(run: Run, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    done = run(*args, stdin=stdin)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


def council_init(
    run: Run, keys: Path, passphrase: str, *extra: str
) -> subprocess.CompletedProcess[str]:
    """`council init --out KEYS`; `extra` options (such as `--name`) go before the passphrase."""
    return _succeeded(
        run, "council", "init", "--out", str(keys), *extra, "--passphrase-stdin",
        stdin=f"{passphrase}\n",
    )  # fmt: skip


def provision(
    run: Run, keys: Path, worker: list[str], nation: str, passphrase: str, *, training: bool = False
) -> subprocess.CompletedProcess[str]:
    """`provision` a laptop from the council's trust bundle; `worker` from `worker_args`."""
    return _succeeded(
        run, "provision", "--trust", str(keys / "trust-bundle.json"), "--nation", nation,
        *(["--training"] if training else []), *worker, stdin=f"{passphrase}\n",
    )  # fmt: skip


def device_line(text: str, label: str) -> str:
    """The value printed after `label:` (the first word of that line)."""
    match = re.search(rf"^{re.escape(label)}:\s+(\S+)", text, re.MULTILINE)
    assert match is not None, (label, text)
    return match.group(1)


def device_info(run: Run, worker: list[str], passphrase: str) -> tuple[str, str]:
    """The laptop's device id and check code (fingerprint), as `device-info` prints them."""
    info = _succeeded(run, "device-info", *worker, stdin=f"{passphrase}\n").stdout
    return device_line(info, "Device id"), device_line(info, "Device check code (fingerprint)")


def enrol_laptop(
    run: Run, keys: Path, worker: list[str], passphrase: str, council_passphrase: str
) -> tuple[str, str]:
    """Read the laptop's device id and check code, then `council enrol-device` it."""
    device_id, fingerprint = device_info(run, worker, passphrase)
    _succeeded(
        run, "council", "enrol-device", "--keys", str(keys), "--device-id", device_id,
        "--device-fingerprint", fingerprint, "--passphrase-stdin",
        stdin=f"{council_passphrase}\n",
    )  # fmt: skip
    return device_id, fingerprint
