"""Canonical encodings the vault stores: JSON documents, UTC timestamps and SHA-256 digests."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any


def canonical_json(value: Any) -> bytes:
    """Encode a JSON-able value as canonical UTF-8 bytes (sorted keys, compact, no escaping)."""
    try:
        text = json.dumps(
            value,
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
            allow_nan=False,
        )
        return text.encode("utf-8")
    except (TypeError, ValueError):
        # The json/codec messages can quote the offending value, which may be case data.
        raise ValueError(
            "the document is not plain JSON (dicts, lists, strings, numbers, booleans, null, "
            "no lone surrogates, no NaN); convert it before saving"
        ) from None


def decode_json(data: bytes) -> Any:
    """Decode bytes written by canonical_json."""
    return json.loads(data.decode("utf-8"))


def decode_document(data: bytes) -> dict[str, Any]:
    """Decode a stored case document, which is always a JSON object."""
    value = decode_json(data)
    if not isinstance(value, dict):
        raise ValueError("stored document is not a JSON object")
    return value


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of the given bytes."""
    return hashlib.sha256(data).hexdigest()


def utc_timestamp(now: str | None = None) -> str:
    """Return `now` (or the current time) as ISO 8601 UTC with microseconds and a `Z` suffix.

    One fixed format matters: timestamps are compared as strings for "newest first" ordering.
    """
    if now is None:
        moment = datetime.now(UTC)
    else:
        try:
            moment = datetime.fromisoformat(now)
        except ValueError:
            raise ValueError(
                "timestamp is not ISO 8601; pass e.g. '2025-01-31T12:00:00Z'"
            ) from None
        if moment.tzinfo is None:
            raise ValueError("timestamp has no time zone; pass UTC, e.g. '2025-01-31T12:00:00Z'")
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
