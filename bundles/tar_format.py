"""POSIX ustar headers: the writer's fixed, minimal headers and the reader's strict parse."""

from __future__ import annotations

from dataclasses import dataclass

from bundles.entries import MAX_ENTRY_BYTES
from bundles.errors import ContentMismatch, ExportInputError, UnsafeMember

BLOCK = 512
END_OF_ARCHIVE = bytes(2 * BLOCK)
MAX_NAME_BYTES = 100  # names that fit the plain name field; ours are at most 70

_MAGIC = b"ustar\x0000"
_REGULAR = (b"0", b"\x00")
_TYPE_WORDS = {
    b"1": "a hard link",
    b"2": "a symbolic link",
    b"3": "a character device",
    b"4": "a block device",
    b"5": "a directory",
    b"6": "a FIFO",
    b"7": "a contiguous file",
    b"x": "a pax extended header",
    b"g": "a pax global header",
    b"L": "a GNU long name",
    b"K": "a GNU long link",
}


def padding(size: int) -> int:
    """Zero bytes that follow `size` bytes of member data to reach a block boundary."""
    return -size % BLOCK


def _octal(value: int, width: int) -> bytes:
    return b"%0*o\x00" % (width - 1, value)


def member_header(name: str, size: int) -> bytes:
    """A ustar header for a regular file: mode 0600, owner 0, mtime 0 (nothing identifying)."""
    raw_name = name.encode("ascii")
    if len(raw_name) >= MAX_NAME_BYTES or not 0 <= size <= MAX_ENTRY_BYTES:
        raise ExportInputError("An entry name or size does not fit a tar header; refused.")
    header = bytearray(BLOCK)
    header[0 : len(raw_name)] = raw_name
    header[100:108] = _octal(0o600, 8)
    header[108:116] = _octal(0, 8)
    header[116:124] = _octal(0, 8)
    header[124:136] = _octal(size, 12)
    header[136:148] = _octal(0, 12)
    header[148:156] = b" " * 8
    header[156:157] = b"0"
    header[257:265] = _MAGIC
    header[148:156] = b"%06o\x00 " % sum(header)
    return bytes(header)


@dataclass(frozen=True)
class MemberHeader:
    """The only facts the reader takes from a tar header: the name text and the size."""

    name: str
    size: int


def _field_text(field: bytes) -> str:
    text = field.split(b"\x00", 1)[0]
    if any(b < 0x20 or b > 0x7E for b in text):
        raise ContentMismatch("A tar member name has non-printable or non-ASCII bytes; refused.")
    return text.decode("ascii")


def _parse_octal(field: bytes, what: str) -> int:
    digits = field.replace(b"\x00", b" ").strip(b" ")
    if not digits or any(ch not in b"01234567" for ch in digits):
        raise ContentMismatch(f"A tar header has a malformed {what} field; refused.")
    return int(digits, 8)


def _unsafe_reason(name: str) -> str | None:
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "an absolute path"
    if ".." in parts:
        return "a '..' component"
    if "\\" in name:
        return "a backslash"
    return None


def parse_member_header(block: bytes) -> MemberHeader:
    """Strictly parse one 512-byte header; refuse anything but a plain regular file."""
    stored = _parse_octal(block[148:156], "checksum")
    if stored != sum(block[:148]) + 8 * 0x20 + sum(block[156:]):
        raise ContentMismatch("A tar header checksum is wrong; the bundle is corrupt.")
    if block[257:265] != _MAGIC:
        raise ContentMismatch("A tar header is not POSIX ustar; refused.")
    typeflag = block[156:157]
    if typeflag not in _REGULAR:
        word = _TYPE_WORDS.get(typeflag, "an unknown member type")
        raise UnsafeMember(f"The bundle contains {word}, not a regular file; refused.")
    if any(block[157:257]):
        raise UnsafeMember("A tar member carries a link target; refused.")
    name, prefix = _field_text(block[0:100]), _field_text(block[345:500])
    full = f"{prefix}/{name}" if prefix else name
    reason = _unsafe_reason(full)
    if reason is not None:
        raise UnsafeMember(f"A tar member name contains {reason}; refused.")
    return MemberHeader(name=full, size=_parse_octal(block[124:136], "size"))
