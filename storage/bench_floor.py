"""The benchmark floor: bare SQLCipher inserts and lookups of the same JSON, nothing else."""

from __future__ import annotations

import time
from pathlib import Path

from storage.connection import open_database


def raw_insert_and_lookup(
    path: Path, key: bytes | bytearray, documents: list[str], lookups: int
) -> tuple[list[float], list[float]]:
    """Seconds per single-row committed insert, and per primary-key lookup.

    Same file settings as a vault (the pinned pragmas, WAL, synchronous=FULL) so the ratio
    against the real save and open paths shows what our own layers cost.
    """
    db = open_database(path, key, create=True)
    try:
        db.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        inserts: list[float] = []
        for body in documents:
            start = time.perf_counter()
            with db.transaction():
                db.execute("INSERT INTO docs (body) VALUES (?)", (body,))
            inserts.append(time.perf_counter() - start)
        reads: list[float] = []
        count = len(documents)
        for i in range(lookups):
            start = time.perf_counter()
            db.scalar("SELECT body FROM docs WHERE id = ?", ((i * 7919) % count + 1,))
            reads.append(time.perf_counter() - start)
        return inserts, reads
    finally:
        db.close()
