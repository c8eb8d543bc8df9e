"""Printing referral packs through CUPS, from memory: vector PDF streamed over its local socket.

The job carries a neutral title (JOB_TITLE), never a case reference, because CUPS records it in
its job history, page log and (cups-pdf) output file names. Packs go as vector PDF, not page
images: see docs/architecture.md, "Printing", for the trade-off.
"""

from __future__ import annotations

import contextlib
import functools
import getpass
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from services import ipp
from services.errors import ServiceError

JOB_TITLE = "First Contact document"
# Printers whose output is a file on this computer: an unencrypted copy of the pack.
_FILE_BACKENDS = ("cups-pdf:", "file:", "pdf:")
_STOPPED, _NOT_FOUND = 5, 0x0406
_STATUS_MESSAGES = {
    0x0401: "The print system did not allow this user to print. Ask your administrator.",
    0x0403: "The print system did not allow this user to print. Ask your administrator.",
    0x0406: "That printer no longer exists. Choose another printer.",
    0x0506: "The printer is not accepting jobs. Check it is switched on, then try again.",
    0x0507: "The printer is busy. Try again in a moment.",
}


class PrintError(ServiceError):
    """Printing failed; the message says what happened and what to do next."""

    def __init__(self, message: str, status: int = -1) -> None:
        super().__init__(message)
        self.status = status  # the IPP status code, when the print system answered


@dataclass(frozen=True)
class Printer:
    """One print queue as CUPS describes it."""

    name: str
    info: str
    stopped: bool
    accepting: bool
    writes_file: bool  # output is a file on this computer (cups-pdf, file:)
    state_message: str = ""

    @property
    def label(self) -> str:
        parts = [self.info or self.name]
        if self.stopped:
            parts.append("stopped")
        if self.writes_file:
            parts.append("saves to a file on this computer")
        return " — ".join(parts)


def _operation(extra: Sequence[tuple[int, str, ipp.Value]]) -> list[tuple[int, str, ipp.Value]]:
    return [
        (ipp.CHARSET, "attributes-charset", "utf-8"),
        (ipp.LANGUAGE, "attributes-natural-language", "en"),
        *extra,
    ]


def _call(
    path: str,
    op: int,
    attributes: Sequence[tuple[int, str, ipp.Value]],
    *,
    document: bytes = b"",
    cancelled: Callable[[], bool] = lambda: False,
    sent: Callable[[int], None] = lambda _count: None,
) -> ipp.Response:
    try:
        body = ipp.encode(op, 1, [(ipp.OPERATION, _operation(attributes))])
        response = ipp.request(path, body, document=document, cancelled=cancelled, sent=sent)
    except ipp.IppError as error:
        raise PrintError(str(error)) from error
    if response.status > 0x00FF:
        message = _STATUS_MESSAGES.get(response.status)
        detail = response.first(ipp.OPERATION, "status-message", "") or hex(response.status)
        raise PrintError(
            message or f"The print system refused the job ({detail}).", response.status
        )
    return response


def list_printers() -> list[Printer]:
    """Every print queue CUPS knows, in its order; [] when there are none."""
    wanted = ["printer-name", "printer-info", "printer-state", "printer-is-accepting-jobs"]
    wanted += ["device-uri", "printer-state-message"]
    request = [
        (ipp.KEYWORD, "requested-attributes" if i == 0 else "", w) for i, w in enumerate(wanted)
    ]
    try:
        response = _call("/", ipp.CUPS_GET_PRINTERS, request)
    except PrintError as error:
        if error.status == _NOT_FOUND:  # what CUPS answers when it has no printers
            return []
        raise
    printers = []
    for attrs in response.group(ipp.PRINTER):
        uri = str(attrs.get("device-uri", [""])[0])
        printers.append(
            Printer(
                name=str(attrs["printer-name"][0]),
                info=str(attrs.get("printer-info", [""])[0]),
                stopped=attrs.get("printer-state", [3])[0] == _STOPPED,
                accepting=bool(attrs.get("printer-is-accepting-jobs", [True])[0]),
                writes_file=uri.startswith(_FILE_BACKENDS),
                state_message=str(attrs.get("printer-state-message", [""])[0]),
            )
        )
    return printers


@dataclass(frozen=True)
class PrintResult:
    """What reached the print system."""

    printer: str
    job_id: int
    pages: int


def print_documents(
    printer: str,
    documents: list[bytes],
    *,
    pages: int,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> PrintResult:
    """Send the PDFs to `printer` as one job titled JOB_TITLE, streamed from memory.

    `progress(done, total)` counts the bytes sent, between chunks. On cancel, the half-made
    job is cancelled and purged, then PrintError says so.
    """
    if not documents:
        raise PrintError("There is nothing to print.")
    path = f"/printers/{quote(printer, safe='')}"
    uri = f"ipp://localhost{path}"
    user = (ipp.NAME, "requesting-user-name", getpass.getuser())
    created = _call(
        path,
        ipp.CREATE_JOB,
        [(ipp.URI, "printer-uri", uri), user, (ipp.NAME, "job-name", JOB_TITLE)],
    )
    job_id = int(created.first(ipp.JOB, "job-id", 0) or 0)
    total, before = sum(len(pdf) for pdf in documents), 0
    try:
        for index, pdf in enumerate(documents):
            last = index == len(documents) - 1
            _call(
                path,
                ipp.SEND_DOCUMENT,
                [
                    (ipp.URI, "printer-uri", uri),
                    (ipp.INTEGER, "job-id", job_id),
                    user,
                    (ipp.NAME, "document-name", JOB_TITLE),
                    (ipp.MIME, "document-format", "application/pdf"),
                    (ipp.BOOLEAN, "last-document", last),
                ],
                document=pdf,
                cancelled=cancelled,
                sent=functools.partial(_report, progress, before, total),
            )
            before += len(pdf)
            if cancelled() and not last:
                raise PrintError("Printing was cancelled.")
    except PrintError:
        cancel_job(printer, job_id)
        raise
    return PrintResult(printer, job_id, pages)


def _report(progress: Callable[[int, int], None], before: int, total: int, count: int) -> None:
    progress(before + count, total)


def cancel_job(printer: str, job_id: int) -> None:
    """Cancel a job and ask CUPS to purge its files and record (best effort)."""
    path = f"/printers/{quote(printer, safe='')}"
    with contextlib.suppress(PrintError):  # already finished or gone: nothing more to do
        _call(
            "/jobs",
            ipp.CANCEL_JOB,
            [
                (ipp.URI, "printer-uri", f"ipp://localhost{path}"),
                (ipp.INTEGER, "job-id", job_id),
                (ipp.NAME, "requesting-user-name", getpass.getuser()),
                (ipp.BOOLEAN, "purge-job", True),
            ],
        )
