"""Printing a real referral pack through a real (private) CUPS with a cups-pdf printer."""

from __future__ import annotations

import io
import os
import socket
import tempfile
import time
from pathlib import Path

import pytest

from services import ipp
from services.clock import FakeClock
from services.documents import case_pack_with_reference
from services.print_retention import retention_warning
from services.printing import JOB_TITLE, PrintError, list_printers, print_documents
from tests.printing.cups_server import CupsServer
from tests.printing.watch import CreatedFiles
from tests.reports import pdf_probe
from tests.reports.documents_vault import add_person_case, training_session


def _printed(server: CupsServer) -> Path:
    """The PDF cups-pdf wrote, once the job is complete (CUPS logs its page total last)."""
    for _ in range(1800):  # up to three minutes on a loaded machine
        log = server.page_log.read_text() if server.page_log.exists() else ""
        done = list(server.out.rglob("*.pdf"))
        if done and " total " in log:
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"nothing came out of the printer: {list(server.out.rglob('*'))}")


def _temp_folders() -> list[Path]:
    """The folders this process writes temporary files to (the sandboxed home points them)."""
    names = ("TMPDIR", "HOME", "XDG_RUNTIME_DIR", "XDG_CACHE_HOME")
    found = [Path(tempfile.gettempdir())] + [Path(os.environ[n]) for n in names if n in os.environ]
    # Not /tmp, /var/tmp or /dev/shm themselves: other processes on the machine use them.
    return found


@pytest.fixture
def pack(tmp_path: Path, sandbox_home: Path) -> tuple[str, bytes]:
    clock = FakeClock()
    session = training_session(tmp_path, clock)
    try:
        case_id = add_person_case(session, "p04", clock)
        return case_pack_with_reference(session, case_id)
    finally:
        session.lock()


def test_a_pack_arrives_whole_with_a_neutral_title_and_no_client_file(
    cups: CupsServer, pack: tuple[str, bytes], sandbox_home: Path
) -> None:
    reference, pdf = pack
    pages = len(pdf_probe.reader(pdf).pages)
    (printer,) = list_printers()
    assert printer.writes_file  # cups-pdf: the chooser warns before using it
    seen: list[tuple[int, int]] = []
    with CreatedFiles(_temp_folders()) as watch:
        result = print_documents(
            printer.name, [pdf], pages=pages, progress=lambda d, t: seen.append((d, t))
        )
        printed = _printed(cups)
    assert watch.created == [], watch.created
    assert result.pages == pages and result.job_id > 0
    assert seen[-1] == (len(pdf), len(pdf))

    out = printed.read_bytes()
    assert len(pdf_probe.reader(out).pages) == pages
    # Sent as vector PDF (no page images, a fraction of the 300 dpi pictures' size). What the
    # print system makes of it is its driver's business: this one rasterises the training
    # watermark's transparency, as PostScript has none.
    assert not [page for page in pdf_probe.reader(pdf).pages if page.images]
    assert len(pdf) < 1_000_000
    # The neutral title everywhere CUPS and cups-pdf record it; the reference nowhere.
    # cups-pdf names its file after the job title (sometimes with a word of PostScript after).
    assert printed.name.startswith(JOB_TITLE.replace(" ", "_")) and reference not in printed.name
    metadata: dict[str, object] = dict(pdf_probe.reader(out).metadata or {})
    assert JOB_TITLE in str(metadata.get("/Title"))
    assert reference not in " ".join(str(v) for v in metadata.values())
    for log in (cups.root / "log").iterdir():
        assert reference not in log.read_text(errors="replace"), log
    # PreserveJobFiles/History No: CUPS kept neither document nor job record.
    assert not [p for p in cups.spool.iterdir() if p.name != "tmp"]


def _one_page(text: str) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 720, text)
    canvas.save()
    return out.getvalue()


def test_several_packs_are_one_job(cups: CupsServer) -> None:
    # Small documents keep this quick; the 22-page pack is printed above.
    result = print_documents(
        list_printers()[0].name, [_one_page("first"), _one_page("second")], pages=2
    )
    _printed(cups)
    # One job (one page-log line) with both documents' pages (cups-pdf writes one file per
    # document under the same name, so its output cannot count them).
    (line,) = cups.page_log.read_text().splitlines()
    assert line.split()[1] == str(result.job_id) and line.endswith(" total 2")


def test_cancel_stops_the_job_and_nothing_is_printed(
    cups: CupsServer, pack: tuple[str, bytes]
) -> None:
    with pytest.raises(PrintError, match="cancelled"):
        print_documents(list_printers()[0].name, [pack[1]], pages=1, cancelled=lambda: True)
    time.sleep(1)  # what would have printed by now has not: cups-pdf takes well under this
    assert not list(cups.out.rglob("*.pdf"))


def test_no_printer_and_no_print_system_say_so(
    empty_cups: CupsServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert list_printers() == []
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-such.sock"))
    with pytest.raises(PrintError, match=r"No print system is running.*Save as PDF"):
        list_printers()


def test_the_only_socket_opened_is_the_cups_unix_socket(
    cups: CupsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Observed, not replaced: the real connect runs (under the suite's no-network guard).
    connected: list[tuple[int, object]] = []
    real_connect = socket.socket.connect

    def spy(self: socket.socket, address: object) -> None:
        connected.append((self.family, address))
        real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", spy)
    print_documents(list_printers()[0].name, [_one_page("socket")], pages=1)
    retention_warning()
    assert connected and set(connected) == {(socket.AF_UNIX, str(cups.socket))}


def test_only_a_unix_socket_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    # A host name in CUPS_SERVER would mean the network: the client ignores it.
    monkeypatch.setenv("CUPS_SERVER", "printserver.example:631")
    assert ipp.socket_path() == ipp.DEFAULT_SOCKET


def test_retention_is_checked_and_warned(keeping_cups: CupsServer) -> None:
    warning = retention_warning()
    assert warning is not None
    assert "full copy of every printed document" in warning and "PreserveJobFiles No" in warning


def test_retention_settings_parse() -> None:
    assert retention_warning("PreserveJobFiles No\nPreserveJobHistory Off\n") is None
    assert "record of every print job" in (retention_warning("PreserveJobFiles No\n") or "")
    defaults = retention_warning("LogLevel warn\n") or ""
    assert "(for 86400 seconds)" in defaults and "record" in defaults
