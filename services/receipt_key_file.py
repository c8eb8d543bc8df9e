"""Which receipt key file is current: receipt.key.json (receipt-1, from `council init`) until
a rotation adds receipt-N.key.json; then the highest N. Kept apart from services/receipt_keys.py
so the receiver and the device register can find it without importing the rotation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_FILE = re.compile(r"^receipt-([1-9][0-9]{0,5})\.key\.json$")


@dataclass(frozen=True)
class ReceiptKeyFile:
    label: str
    path: Path


def current_receipt_key(keys_dir: Path) -> ReceiptKeyFile:
    """The receipt key the receiver signs with (receipts and the device register)."""
    numbers = [
        int(m.group(1))
        for p in (keys_dir.iterdir() if keys_dir.is_dir() else ())
        if (m := _FILE.fullmatch(p.name))
    ]
    if not numbers:
        return ReceiptKeyFile("receipt-1", keys_dir / "receipt.key.json")
    top = max(numbers)
    return ReceiptKeyFile(f"receipt-{top}", keys_dir / f"receipt-{top}.key.json")


def current_receipt_path(keys_dir: Path) -> Path:
    """The current receipt key file's path."""
    return current_receipt_key(keys_dir).path
