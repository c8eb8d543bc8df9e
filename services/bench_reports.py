"""Referral document benchmarks: a full child pack, pages per second in a batch, peak memory."""

from __future__ import annotations

import io
import re
import resource
import struct
import time
import tracemalloc
import zlib
from collections.abc import Callable
from typing import Any

from forms.samples import record_for_person
from services.bench_report import BENCH_NATION, Figure, median, ms, percentile
from services.demo_people import demo_people, fixture_people
from services.documents import glyph_warnings_for_record, pack_for_record
from services.record_hash import record_hash

Say = Callable[[str], None]
NOW = "2026-11-28T09:00:00Z"
TARGET_PACK_S = 0.5


def synthetic_photo(width: int = 480, height: int = 640) -> bytes:
    """A PNG with a smooth gradient (a stand-in for a phone photo), made with the stdlib."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows += bytes(((x * 255) // width, (y * 255) // height, 160))
    chunks = [
        (b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
        (b"IDAT", zlib.compress(bytes(rows), 6)),
        (b"IEND", b""),
    ]
    out = io.BytesIO()
    out.write(b"\x89PNG\r\n\x1a\n")
    for kind, data in chunks:
        out.write(struct.pack(">I", len(data)) + kind + data)
        out.write(struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return out.getvalue()


def child_record() -> dict[str, Any]:
    """A complete child record with an Arabic-script name (Dari) and a Chinese alias."""
    dari = next(p for p in fixture_people() if p["id"] == "p04")
    record = record_for_person(dict(dari), case_id="bench-child", now=NOW, nation=BENCH_NATION)
    record["answers"]["aliases"] = [
        {"alias_text": "林小梅", "alias_note": "Name on a document found with him"},
        {"alias_text": "احمد نوری", "alias_note": "Spelling used by the driver"},
    ]
    return record


_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def _pages(pdf: bytes) -> int:
    # Each page object says "/Type /Page"; the page tree root says "/Type /Pages".
    return len(_PAGE_OBJECT.findall(pdf))


def measure_reports(*, quick: bool, say: Say) -> list[Figure]:
    """Time the full child pack, a batch of packs, and the memory one pack build needs."""
    repeats, batch = (5, 20) if quick else (20, 100)
    record, photo = child_record(), synthetic_photo()
    digest = record_hash(record)

    def build(rec: dict[str, Any] = record, pic: bytes | None = photo) -> bytes:
        return pack_for_record(
            rec, reference="FC-BENCH-0001", record_hash=digest, photo=pic, training=True
        )

    say("measuring the referral pack…")
    first = build()  # fonts registered and caches warm, as in a running app
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        build()
        samples.append(time.perf_counter() - start)
    pages = _pages(first)
    note = f"child, photo, Dari name, Chinese alias; {pages} pages; target < {TARGET_PACK_S} s"
    checks = []
    for _ in range(repeats):
        start = time.perf_counter()
        glyph_warnings_for_record(record, reference="FC-BENCH-0001")
        checks.append(time.perf_counter() - start)
    figures = [
        Figure("pack.child_full.p50", ms(median(samples)), "ms", note),
        Figure("pack.child_full.p95", ms(percentile(samples, 95)), "ms", f"{repeats} runs"),
        Figure(
            "pack.glyph_check.p50",
            ms(median(checks)),
            "ms",
            "every character the pack prints checked against the fonts, before printing",
        ),
    ]

    say(f"measuring a batch of {batch} packs…")
    records = [
        record_for_person(person, case_id=f"bench-{i}", now=NOW, nation=BENCH_NATION)
        for i, person in enumerate(demo_people(batch))
    ]
    total_pages = 0
    start = time.perf_counter()
    for rec in records:
        total_pages += _pages(build(rec, photo))
    elapsed = time.perf_counter() - start
    figures += [
        Figure(
            "pack.batch.pages_per_s",
            round(total_pages / elapsed, 1),
            "pages/s",
            f"{batch} cases, {total_pages} pages",
        ),
        Figure("pack.batch.total", ms(elapsed), "ms", f"{batch} cases"),
    ]

    say("measuring peak memory of one pack…")
    tracemalloc.start()
    build()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures += [
        Figure(
            "pack.child_full.peak_alloc", round(peak / 2**20, 1), "MiB", "tracemalloc, one pack"
        ),
        Figure("process.max_rss", round(rss_kib / 1024, 1), "MiB", "whole bench process so far"),
    ]
    return figures
