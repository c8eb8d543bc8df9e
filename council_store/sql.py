"""Small SQL helpers both engines share: multi-row INSERTs and batching."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

ROWS = 200  # rows per multi-row statement of wide rows (PostgreSQL allows 65,535 parameters)


def values(template: str, rows: Sequence[Sequence[Any]]) -> tuple[str, list[Any]]:
    """One multi-row INSERT: `template` with {values} replaced by a placeholder group per row."""
    group = "(" + ", ".join("?" for _ in rows[0]) + ")"
    params = [value for row in rows for value in row]
    return template.format(values=", ".join(group for _ in rows)), params


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
