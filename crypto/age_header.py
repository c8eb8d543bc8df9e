"""Bounded parsing of an age v1 header's text, so hostile files are refused before any crypto."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from crypto.errors import CryptoError

AGE_INTRO = b"age-encryption.org/v1\n"
ARMOR_START = b"-----BEGIN AGE ENCRYPTED FILE-----"
MAX_HEADER_BYTES = 64 * 1024
MAX_STANZAS = 32
BODY_COLUMNS = 64
MAC_CHARS = 43  # 32 bytes, unpadded base64
X25519_SHARE_CHARS = 43  # 32 bytes, unpadded base64

_ARG = re.compile(rb"^[\x21-\x7e]+$")
_B64 = re.compile(rb"^[A-Za-z0-9+/]*$")


class AgeHeaderError(CryptoError):
    """The file does not start with a well-formed binary age v1 header."""


class AgeHeaderTooLarge(AgeHeaderError):
    """The age header is longer than MAX_HEADER_BYTES or has more than MAX_STANZAS stanzas."""


@dataclass(frozen=True)
class AgeHeader:
    """What the header says without decrypting anything: stanza types and header length."""

    stanza_types: tuple[str, ...]
    length: int
    sha256: str = ""  # of the header bytes through the MAC line, as the manifest signs it

    @property
    def x25519_count(self) -> int:
        """How many X25519 recipient stanzas the header holds."""
        return sum(1 for kind in self.stanza_types if kind == "X25519")


def _line(data: bytes, pos: int) -> tuple[bytes, int]:
    end = data.find(b"\n", pos, MAX_HEADER_BYTES)
    if end < 0:
        if len(data) >= MAX_HEADER_BYTES:
            raise AgeHeaderTooLarge(
                f"The age header is longer than {MAX_HEADER_BYTES} bytes; refused unread."
            )
        raise AgeHeaderError("The age header ends early; the file is truncated or not age.")
    return data[pos:end], end + 1


def _stanza_type(line: bytes) -> str:
    args = line[3:].split(b" ")
    if not all(_ARG.match(arg) for arg in args):
        raise AgeHeaderError("An age header stanza line is malformed; the file is not age.")
    # An X25519 stanza carries exactly one argument, a 32-byte share in unpadded base64
    # (43 characters): anything else is a malformed header, not a failed decryption.
    if args[0] == b"X25519" and (
        len(args) != 2 or len(args[1]) != X25519_SHARE_CHARS or not _B64.match(args[1])
    ):
        raise AgeHeaderError("An X25519 stanza's share is malformed; the file is not age.")
    return args[0].decode("ascii")


def _skip_body(data: bytes, pos: int) -> int:
    # The body is base64 wrapped at 64 columns; a shorter (possibly empty) line ends it.
    while True:
        body, pos = _line(data, pos)
        if len(body) > BODY_COLUMNS or not _B64.match(body):
            raise AgeHeaderError("An age header stanza body is malformed; the file is not age.")
        if len(body) < BODY_COLUMNS:
            return pos


def inspect_age_header(prefix: bytes) -> AgeHeader:
    """Parse the header at the start of `prefix` (pass at least the first 64 KiB + 1 bytes).

    Raises AgeHeaderTooLarge past the bounds and AgeHeaderError for anything not binary age v1.
    """
    if prefix.startswith(ARMOR_START):
        raise AgeHeaderError("This is an ASCII-armoured age file; bundles are binary. Refused.")
    if not prefix.startswith(AGE_INTRO):
        raise AgeHeaderError("This file is not an age v1 file.")
    pos = len(AGE_INTRO)
    kinds: list[str] = []
    while True:
        line, pos = _line(prefix, pos)
        if line.startswith(b"--- "):
            mac = line[4:]
            if len(mac) != MAC_CHARS or not _B64.match(mac):
                raise AgeHeaderError("The age header MAC line is malformed; the file is not age.")
            digest = hashlib.sha256(prefix[:pos]).hexdigest()
            return AgeHeader(stanza_types=tuple(kinds), length=pos, sha256=digest)
        if not line.startswith(b"-> "):
            raise AgeHeaderError("The age header has an unexpected line; the file is not age.")
        if len(kinds) == MAX_STANZAS:
            raise AgeHeaderTooLarge(
                f"The age header has more than {MAX_STANZAS} recipient stanzas; refused unread."
            )
        kinds.append(_stanza_type(line))
        pos = _skip_body(prefix, pos)
