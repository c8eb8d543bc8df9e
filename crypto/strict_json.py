"""The one strict JSON reader for files another party can write: bounded, exact, typed errors.

Every file read from outside (trust bundles, receipts, worker certificates, manifests,
keystores, council key files, enrolled-device lists, import ledgers) goes through
`strict_json_value`. It refuses, with the caller's own error type and nothing else:
oversized input, invalid UTF-8, lone surrogate escapes (`"\\ud800"`: Python would accept them
and then fail later when the value is re-encoded for a signature check), duplicate keys,
NaN/Infinity (also spelled as an overflowing number like `1e999`), numbers with more digits
than any field we read, and nesting deeper than any format we define.
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate

from crypto.errors import CryptoError

ErrorType = type[CryptoError]

MAX_DEPTH = 16  # our deepest format (keystore slot -> kdf) nests 4 levels
MAX_NUMBER_CHARS = 32  # 2^63 has 19 digits; nothing we read needs more

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Refused(ValueError):
    """Internal: a hook refused a value; turned into the caller's error type."""


def _pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            # Two readers could disagree on which duplicate wins; refuse instead of guessing.
            raise _Refused("a key repeats")
        result[key] = value
    return result


def _constant(_name: str) -> object:
    raise _Refused("NaN or Infinity is not JSON")


def _integer(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refused("a number is too long")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refused("a number is too long")
    value = float(text)
    if not math.isfinite(value):
        raise _Refused("a number overflows to infinity")
    return value


def _depth(text: str) -> int:
    # Strings removed first so brackets inside them do not count; linear time, no recursion.
    brackets = _BRACKETS.findall(_STRINGS.sub("", text))
    steps = (1 if b in "[{" else -1 for b in brackets)
    return max(accumulate(steps, initial=0))


def _has_surrogate(value: object) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def strict_json_value(
    data: bytes, *, max_bytes: int, error: ErrorType, what: str, max_depth: int = MAX_DEPTH
) -> object:
    """Parse untrusted bytes as one JSON value; the only exception it raises is `error`."""
    if not isinstance(data, bytes | bytearray):
        raise error(f"{what} is not a byte string; refused.")
    if len(data) > max_bytes:
        raise error(f"{what} is {len(data)} bytes, more than the {max_bytes} allowed; refused.")
    try:
        text = bytes(data).decode("utf-8")  # strict: encoded surrogates are refused here
    except UnicodeDecodeError:
        raise error(f"{what} is not valid UTF-8; refused.") from None
    if _depth(text) > max_depth:
        raise error(f"{what} nests deeper than {max_depth} levels; refused.")
    try:
        value = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_constant,
            parse_int=_integer,
            parse_float=_float,
        )
    except _Refused as exc:
        raise error(f"{what} is not acceptable JSON ({exc}); refused.") from None
    except (ValueError, RecursionError):
        raise error(f"{what} is not valid JSON; refused.") from None
    if _has_surrogate(value):
        raise error(f"{what} holds a lone surrogate escape, which is not text; refused.")
    return value
