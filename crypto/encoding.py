"""Canonical JSON, strict base64 and strict field reading for every crypto file format."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from datetime import UTC, datetime

from crypto.errors import CryptoError
from crypto.strict_json import strict_json_value

ErrorType = type[CryptoError]

_UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def canonical_json(value: object) -> bytes:
    """Sorted keys, no spaces, UTF-8: the one byte form we sign and bind as AAD."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def b64(data: bytes | bytearray) -> str:
    """Standard padded base64, the form bytes take inside our JSON files."""
    return base64.b64encode(bytes(data)).decode("ascii")


def format_utc(moment: datetime) -> str:
    """An aware datetime as 'YYYY-MM-DDTHH:MM:SSZ' (seconds precision, always UTC)."""
    if moment.tzinfo is None:
        raise ValueError("a timezone-aware datetime is required (use datetime.now(UTC))")
    return moment.astimezone(UTC).strftime(_UTC_FORMAT)


def parse_json_object(data: bytes, *, max_bytes: int, error: ErrorType, what: str) -> FieldReader:
    """Parse untrusted bytes as one JSON object with the strict reader (crypto.strict_json)."""
    value = strict_json_value(data, max_bytes=max_bytes, error=error, what=what)
    if not isinstance(value, dict):
        raise error(f"{what} must be a JSON object; refused.")
    return FieldReader(value, error=error, where=what)


class FieldReader:
    """Typed access to one untrusted JSON object; every problem raises the caller's error type."""

    def __init__(self, data: Mapping[str, object], *, error: ErrorType, where: str) -> None:
        self._data = data
        self._error = error
        self._where = where
        self._seen: set[str] = set()

    def fail(self, problem: str) -> CryptoError:
        """An error of the caller's type that names where the problem is."""
        return self._error(f"{self._where}: {problem}")

    def _get(self, key: str) -> object:
        if key not in self._data:
            raise self.fail(f"field {key!r} is missing")
        self._seen.add(key)
        return self._data[key]

    def names(self) -> list[str]:
        """The object's keys, for maps keyed by an id (read each with a typed getter)."""
        return list(self._data)

    def is_null(self, key: str) -> bool:
        """Whether a required field holds JSON null (for nullable objects)."""
        return self._get(key) is None

    def text(self, key: str, *, max_len: int = 256, allow_empty: bool = False) -> str:
        value = self._get(key)
        if not isinstance(value, str):
            raise self.fail(f"field {key!r} must be a string")
        if len(value) > max_len or (not value and not allow_empty):
            raise self.fail(f"field {key!r} is empty or longer than {max_len} characters")
        return value

    def optional_text(self, key: str, *, max_len: int = 256) -> str | None:
        if self._get(key) is None:
            return None
        return self.text(key, max_len=max_len)

    def integer(self, key: str, *, minimum: int, maximum: int) -> int:
        value = self._get(key)
        # bool is an int subclass in Python; JSON true must not pass as 1.
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(f"field {key!r} must be a whole number")
        if not minimum <= value <= maximum:
            raise self.fail(f"field {key!r} must be between {minimum} and {maximum}")
        return value

    def optional_number(self, key: str, *, minimum: float, maximum: float) -> float | None:
        value = self._get(key)
        if value is None:
            return None
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise self.fail(f"field {key!r} must be a number or null")
        if not minimum <= value <= maximum:
            raise self.fail(f"field {key!r} must be between {minimum} and {maximum}")
        return float(value)

    def boolean(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise self.fail(f"field {key!r} must be true or false")
        return value

    def exact(self, key: str, expected: object) -> None:
        """The field must hold exactly this constant (format names, algorithm ids)."""
        value = self._get(key)
        if type(value) is not type(expected) or value != expected:
            raise self.fail(f"field {key!r} must be {expected!r}")

    def raw_bytes(self, key: str, *, length: int | None = None, max_len: int = 4096) -> bytes:
        value = self._get(key)
        if not isinstance(value, str) or len(value) > max_len * 2:
            raise self.fail(f"field {key!r} must be a base64 string")
        try:
            decoded = base64.b64decode(value.encode("ascii"), validate=True)
        except (ValueError, binascii.Error):
            raise self.fail(f"field {key!r} is not valid base64") from None
        # Only the canonical spelling is accepted, so each value has exactly one encoding.
        if b64(decoded) != value:
            raise self.fail(f"field {key!r} is not canonical base64")
        if length is not None and len(decoded) != length:
            raise self.fail(f"field {key!r} must decode to {length} bytes, not {len(decoded)}")
        if len(decoded) > max_len:
            raise self.fail(f"field {key!r} is longer than {max_len} bytes")
        return decoded

    def timestamp(self, key: str) -> datetime:
        value = self.text(key, max_len=32)
        try:
            return datetime.strptime(value, _UTC_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            raise self.fail(f"field {key!r} must be a UTC time like 2025-01-31T09:00:00Z") from None

    def child(self, key: str) -> FieldReader:
        value = self._get(key)
        if not isinstance(value, dict):
            raise self.fail(f"field {key!r} must be an object")
        return FieldReader(value, error=self._error, where=f"{self._where}.{key}")

    def items(self, key: str, *, max_items: int) -> list[object]:
        value = self._get(key)
        if not isinstance(value, list) or len(value) > max_items:
            raise self.fail(f"field {key!r} must be a list of at most {max_items} items")
        return list(value)

    def element(self, value: object, index: int, key: str) -> FieldReader:
        """A reader for one object inside a list field."""
        if not isinstance(value, dict):
            raise self.fail(f"item {index} of {key!r} must be an object")
        return FieldReader(value, error=self._error, where=f"{self._where}.{key}[{index}]")

    def finish(self) -> None:
        """Refuse fields we do not know: an unexpected field means a format we do not speak."""
        unknown = sorted(set(self._data) - self._seen)
        if unknown:
            shown = ", ".join(repr(k[:40]) for k in unknown[:5])
            raise self.fail(f"unexpected field(s) {shown}")
