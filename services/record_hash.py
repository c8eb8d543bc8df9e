"""The hash that names a record version on every printed page and in disclosure entries."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from storage.encoding import canonical_json

SHORT_CHARS = 12


def record_hash(document: Mapping[str, Any]) -> str:
    """The "sha256:<hex>" of the canonical JSON: the same bytes the vault stores and hashes."""
    return "sha256:" + hashlib.sha256(canonical_json(dict(document))).hexdigest()


def short_record_hash(document: Mapping[str, Any]) -> str:
    """The first hex digits, as printed in page footers."""
    return record_hash(document).removeprefix("sha256:")[:SHORT_CHARS]
