"""Every write the receiver makes, failed on purpose with ENOSPC and with EIO, is reported as
a full disk or an I/O error (never as a bundle problem, never as a traceback), and a receive
after the disk is fixed imports the bundle with its receipt (defect 5)."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from bundles.receipts import verify_receipt
from services.receiver import receive_many
from tests.conftest import budget
from tests.services.receiver_setup import Council, bundle, council
from tests.services.test_receiver_kills import plaintext_outside_case_folders

CALLS = ("open", "write", "fsync", "rename", "replace", "mkdir")
EXPECTED = {errno.ENOSPC: (24, "disk is full"), errno.EIO: (26, "I/O error")}


@contextmanager
def failing(archive: Path, fail_at: int, code: int) -> Iterator[list[int]]:
    """Count the archive's write-side OS calls; the `fail_at`-th raises OSError(code)."""
    counter = [0]
    originals: dict[str, Callable[..., Any]] = {name: getattr(os, name) for name in CALLS}

    def wrap(name: str) -> Callable[..., Any]:
        original = originals[name]

        def call(*args: Any, **kw: Any) -> Any:
            if name == "open" and not args[1] & (os.O_WRONLY | os.O_RDWR):
                return original(*args, **kw)
            if name in ("open", "rename", "replace", "mkdir") and not str(args[0]).startswith(
                str(archive)
            ):
                return original(*args, **kw)
            counter[0] += 1
            if counter[0] == fail_at:
                raise OSError(code, os.strerror(code))
            return original(*args, **kw)

        return call

    for name in CALLS:
        setattr(os, name, wrap(name))
    try:
        yield counter
    finally:
        for name, original in originals.items():
            setattr(os, name, original)


def _receive(c: Council, path: Path) -> tuple[int, str, Path | None]:
    [outcome] = receive_many([path], keys_dir=c.keys_dir, archive_dir=c.archive, secrets=c.secrets)
    return outcome.exit_code, outcome.message, outcome.receipt


def _points(total: int) -> list[int]:
    wanted = 8 * budget()
    if total <= wanted:
        return list(range(1, total + 1))
    step = max(1, total // wanted)
    return sorted({*range(1, total + 1, step), total - 2, total - 1, total})


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_every_write_error_is_classed_as_what_it_is(tmp_path: Path, code: int) -> None:
    c = council(tmp_path)
    path = bundle(c, tmp_path / "stick", 1)
    probe = Council(c.keys, c.keys_dir, tmp_path / "probe", c.secrets)
    with failing(probe.archive, 0, code) as counter:
        assert _receive(probe, path)[0] == 0
    total = counter[0]
    assert total > 10
    expected_code, words = EXPECTED[code]
    for fail_at in _points(total):
        victim = Council(c.keys, c.keys_dir, tmp_path / f"run-{fail_at}", c.secrets)
        with failing(victim.archive, fail_at, code):
            got, message, _ = _receive(victim, path)
        # A failure in a best-effort step may go unnoticed (exit 0); any failure reported
        # must be the disk's, in its own words.
        assert got in (0, expected_code), (fail_at, got, message)
        if got:
            assert words in message and "\n" not in message, (fail_at, message)
        again, message, receipt = _receive(victim, path)
        assert again in (0, 4), (fail_at, again, message)
        assert receipt is not None
        assert verify_receipt(receipt.read_bytes(), c.keys.receipt_pk).records
        assert plaintext_outside_case_folders(victim.archive, [b"clear text that must"]) == []
