"""keystore.json's identity, and a quick read of who is enrolled in it, with json alone.

`crypto.keystore` owns the file: it parses every field strictly and writes it atomically. This
module holds the constants both share, and lists the workers for the unlock screen without the
key-slot, KDF, recovery and atomic-write code (~25 ms of imports before the window could show).
It reads only what the list shows and returns None whenever anything is not as the strict
parser expects, so the caller falls back to that parser and its message naming the problem.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NamedTuple

FORMAT_NAME = "first-contact/keystore"
FORMAT_VERSION = 1
MAX_KEYSTORE_BYTES = 1024 * 1024
MAX_SLOTS = 64
# The limits crypto.keystore's strict parser applies to the two text fields read here.
MAX_WORKER_ID = 128
MAX_DISPLAY_NAME = 200
_SURROGATE = re.compile("[\ud800-\udfff]")


class EnrolledWorker(NamedTuple):
    """One key slot as the unlock screen lists it."""

    worker_id: str
    display_name: str
    disabled: bool


class _Unexpected(Exception):
    """Anything the strict parser would refuse: the quick read gives up and says None."""


def _object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Unexpected  # duplicate keys: the strict parser refuses them
    return result


def _constant(_name: str) -> object:
    raise _Unexpected  # NaN and Infinity are not JSON


def _text(slot: dict[str, object], key: str, max_len: int, *, allow_empty: bool) -> str:
    value = slot.get(key)
    if not isinstance(value, str) or len(value) > max_len or (not value and not allow_empty):
        raise _Unexpected
    if _SURROGATE.search(value):
        raise _Unexpected  # a lone surrogate escape is not text (crypto.strict_json refuses it)
    return value


def _worker(slot: object) -> EnrolledWorker:
    if not isinstance(slot, dict):
        raise _Unexpected
    disabled = slot.get("disabled")
    if not isinstance(disabled, bool):
        raise _Unexpected
    return EnrolledWorker(
        worker_id=_text(slot, "worker_id", MAX_WORKER_ID, allow_empty=False),
        display_name=_text(slot, "display_name", MAX_DISPLAY_NAME, allow_empty=True),
        disabled=disabled,
    )


def enrolled_workers(path: Path) -> list[EnrolledWorker] | None:
    """The workers keystore.json lists, in slot order; None unless the file reads cleanly.

    None covers a missing, unreadable, oversized or malformed file, another format version and
    a worker listed twice. It does not check the wrapped keys, KDF settings or recovery slot:
    unlocking parses the whole file strictly before any key is used.
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_KEYSTORE_BYTES + 1)
        if len(data) > MAX_KEYSTORE_BYTES:
            return None
        top = json.loads(data.decode("utf-8"), object_pairs_hook=_object, parse_constant=_constant)
        if not isinstance(top, dict) or top.get("format") != FORMAT_NAME:
            return None
        version = top.get("format_version")
        if type(version) is not int or version != FORMAT_VERSION:
            return None
        slots = top.get("slots")
        if not isinstance(slots, list) or len(slots) > MAX_SLOTS:
            return None
        workers = [_worker(slot) for slot in slots]
    except (OSError, ValueError, RecursionError, _Unexpected):
        # ValueError covers bad UTF-8 and bad JSON, as in crypto.encoding.parse_json_object.
        return None
    if len({w.worker_id for w in workers}) != len(workers):
        return None
    return workers
