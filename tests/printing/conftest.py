"""A private CUPS with a cups-pdf printer for each test that asks for one (see cups_server)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.printing import cups_server
from tests.ui.conftest import runner  # noqa: F401  (the real worker thread, for the dialogs)


def _start(monkeypatch: pytest.MonkeyPatch, **options: object) -> Iterator[cups_server.CupsServer]:
    if not cups_server.available():
        pytest.fail("cupsd and cups-pdf are not installed: run ./run test, which installs them")
    # Not under tmp_path: pytest makes that 0700, and CUPS runs its filters as user lp.
    root = Path(tempfile.mkdtemp(prefix="fc-cups-", dir="/tmp"))
    root.chmod(0o755)  # the filters must reach the spool
    server = cups_server.start(root, **options)  # type: ignore[arg-type]
    # CUPS's own clients and services/ipp.py both read CUPS_SERVER; it names the Unix socket.
    monkeypatch.setenv("CUPS_SERVER", str(server.socket))
    monkeypatch.setenv("CUPS_SERVERROOT", str(server.root / "conf"))
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def cups(monkeypatch: pytest.MonkeyPatch) -> Iterator[cups_server.CupsServer]:
    """cupsd that keeps nothing (PreserveJobFiles/History No), with one cups-pdf printer."""
    yield from _start(monkeypatch)


@pytest.fixture
def keeping_cups(monkeypatch: pytest.MonkeyPatch) -> Iterator[cups_server.CupsServer]:
    """cupsd left keeping documents and job history, as CUPS does by default."""
    yield from _start(monkeypatch, preserve="Yes")


@pytest.fixture
def empty_cups(monkeypatch: pytest.MonkeyPatch) -> Iterator[cups_server.CupsServer]:
    """cupsd with no printer set up."""
    yield from _start(monkeypatch, printers=False)
