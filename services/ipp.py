"""A small IPP/1.1 client over the CUPS daemon's Unix domain socket: no file, no network socket.

IPP is a binary request/response format carried over HTTP (RFC 8010/8011). This module knows the
handful of value tags and operations printing needs, and streams documents from memory with
chunked transfer encoding, so a print job never exists as a file on the client side. Only a
Unix socket path is accepted: the app opens no network socket (docs/architecture.md).
"""

from __future__ import annotations

import http.client
import os
import socket
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

DEFAULT_SOCKET = "/run/cups/cups.sock"
CHUNK = 64 * 1024

# Operation ids (RFC 8011 and CUPS's extensions).
CREATE_JOB, SEND_DOCUMENT, CANCEL_JOB, GET_JOB_ATTRIBUTES = 0x0005, 0x0006, 0x0008, 0x0009
GET_PRINTER_ATTRIBUTES, CUPS_GET_DEFAULT, CUPS_GET_PRINTERS = 0x000B, 0x4001, 0x4002
# Group and value tags.
OPERATION, JOB, END, PRINTER = 0x01, 0x02, 0x03, 0x04
INTEGER, BOOLEAN, ENUM = 0x21, 0x22, 0x23
TEXT, NAME, KEYWORD, URI, CHARSET, LANGUAGE, MIME = 0x41, 0x42, 0x44, 0x45, 0x47, 0x48, 0x49
_STRING_TAGS = range(0x40, 0x60)

Value = int | bool | str
Attrs = dict[str, list[Value]]


class IppError(Exception):
    """The print system could not be reached, or answered with an error status."""

    def __init__(self, message: str, status: int = -1) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Response:
    """A decoded IPP response: status code and the attribute groups, in order."""

    status: int
    groups: list[tuple[int, Attrs]] = field(default_factory=list)

    def group(self, tag: int) -> list[Attrs]:
        return [attrs for group_tag, attrs in self.groups if group_tag == tag]

    def first(self, tag: int, name: str, default: Value | None = None) -> Value | None:
        for attrs in self.group(tag):
            if attrs.get(name):
                return attrs[name][0]
        return default


def socket_path() -> str:
    """CUPS_SERVER when it names a Unix socket (as CUPS's own clients read it), else the default."""
    configured = os.environ.get("CUPS_SERVER", "")
    return configured if configured.startswith("/") else DEFAULT_SOCKET


class _UnixConnection(http.client.HTTPConnection):
    """HTTP over a Unix domain socket; CUPS accepts "localhost" as the Host header there."""

    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self._path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


def _encode_value(tag: int, value: Value) -> bytes:
    if tag in (INTEGER, ENUM):
        return struct.pack(">i", int(value))
    if tag == BOOLEAN:
        return b"\x01" if value else b"\x00"
    return str(value).encode("utf-8")


def encode(
    op: int, request_id: int, groups: Iterable[tuple[int, list[tuple[int, str, Value]]]]
) -> bytes:
    """An IPP/1.1 request: header, then each group's (value tag, name, value) attributes."""
    out = bytearray(struct.pack(">bbhi", 1, 1, op, request_id))
    for group_tag, attributes in groups:
        out.append(group_tag)
        for tag, name, value in attributes:
            data, key = _encode_value(tag, value), name.encode("ascii")
            out += struct.pack(">bh", tag, len(key)) + key + struct.pack(">h", len(data)) + data
    out.append(END)
    return bytes(out)


def decode(data: bytes) -> Response:
    """Decode a response; values of tags this client does not use are kept as raw text."""
    if len(data) < 8:
        raise IppError("The print system sent an incomplete answer. Try again.")
    status = struct.unpack(">h", data[2:4])[0]
    response, pos, name = Response(status), 8, ""
    attrs: Attrs | None = None
    while pos < len(data):
        tag = data[pos]
        pos += 1
        if tag == END:
            break
        if tag < 0x10:  # a new attribute group
            attrs = {}
            response.groups.append((tag, attrs))
            continue
        (key_len,) = struct.unpack(">h", data[pos : pos + 2])
        key = data[pos + 2 : pos + 2 + key_len].decode("utf-8", "replace")
        pos += 2 + key_len
        (value_len,) = struct.unpack(">h", data[pos : pos + 2])
        raw = data[pos + 2 : pos + 2 + value_len]
        pos += 2 + value_len
        name = key or name  # an empty name adds a value to the previous attribute
        value: Value
        if tag in (INTEGER, ENUM) and value_len == 4:
            value = struct.unpack(">i", raw)[0]
        elif tag == BOOLEAN:
            value = raw != b"\x00"
        else:
            value = raw.decode("utf-8", "replace") if tag in _STRING_TAGS else raw.hex()
        if attrs is not None:
            attrs.setdefault(name, []).append(value)
    return response


def request(
    path: str,
    body: bytes,
    *,
    document: bytes = b"",
    cancelled: Callable[[], bool] = lambda: False,
    sent: Callable[[int], None] = lambda _count: None,
    timeout: float = 30.0,
) -> Response:
    """POST one IPP request (and a document, streamed in chunks) to `path` on the CUPS socket.

    Between chunks `cancelled` is asked; if it says yes the connection is closed mid-request,
    which makes CUPS abort the request. `sent` is told how many document bytes have gone.
    Raises IppError with a message for the worker.
    """
    connection = _UnixConnection(socket_path(), timeout)
    try:
        connection.putrequest("POST", path)
        connection.putheader("Content-Type", "application/ipp")
        connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders()
        connection.send(b"%x\r\n" % len(body) + body + b"\r\n")
        view = memoryview(document)
        for start in range(0, len(view), CHUNK):
            if cancelled():
                raise IppError("Printing was cancelled.")
            piece = view[start : start + CHUNK]
            connection.send(b"%x\r\n" % len(piece) + piece.tobytes() + b"\r\n")
            sent(start + len(piece))
        connection.send(b"0\r\n\r\n")
        answer = connection.getresponse()
        data = answer.read()
        if answer.status != 200:
            raise IppError(f"The print system refused the request (HTTP {answer.status}).")
        return decode(data)
    except (FileNotFoundError, ConnectionRefusedError) as error:
        raise IppError(
            "No print system is running on this computer, so nothing was printed. "
            "Use “Save as PDF…” instead, or ask your administrator to set up a printer."
        ) from error
    except (OSError, http.client.HTTPException) as error:
        raise IppError(
            f"The print system stopped answering ({type(error).__name__}). Check the printer "
            "and try again."
        ) from error
    finally:
        connection.close()


def get(path: str, headers: dict[str, str], timeout: float = 10.0) -> tuple[int, bytes]:
    """A plain HTTP GET on the CUPS socket (its settings query); returns status and body.

    Raises OSError if the print system is not there or stops answering mid-way.
    """
    connection = _UnixConnection(socket_path(), timeout)
    try:
        connection.request("GET", path, headers=headers)
        answer = connection.getresponse()
        return answer.status, answer.read()
    except http.client.HTTPException as error:
        raise OSError(f"the print system sent a broken answer ({type(error).__name__})") from error
    finally:
        connection.close()
