"""Vault benchmarks: unlock cost, and save/open/search at scale beside a bare SQLCipher floor."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from pathlib import Path

from crypto.kdf import DEFAULT_KDF
from crypto.keyslots import generate_dek
from services.bench_report import BENCH_NATION, Figure, median, ms, percentile
from services.cases import open_case, save_case, search_cases
from services.clock import SystemClock
from services.demo import fill_demo
from services.paths import AppPaths
from services.session import Session, find_worker_id, unlock
from services.training import provision_training
from storage.bench_floor import raw_insert_and_lookup

PASSPHRASE = "benchmark lantern orbit velvet cactus"  # noqa: S105 - throwaway bench vault
# Names present in the demo data: a Latin transliteration, a Chinese and an Arabic-script name.
SEARCHES = {"latin": "Nguyen", "chinese": "林小梅", "arabic_script": "نوری"}

Say = Callable[[str], None]


def _timed(action: Callable[[], object], repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def _p50_p95(name: str, samples: list[float], note: str = "") -> list[Figure]:
    return [
        Figure(f"{name}.p50", ms(percentile(samples, 50)), "ms", note),
        Figure(f"{name}.p95", ms(percentile(samples, 95)), "ms", note),
    ]


def measure_unlock(workdir: Path, repeats: int) -> tuple[list[Figure], AppPaths]:
    """Provision a training vault at the default Argon2id cost and time unlocking it."""
    paths = AppPaths(workdir / "vault")
    clock = SystemClock()
    provision_training(
        paths,
        worker_name="Bench",
        passphrase=PASSPHRASE,
        nation=BENCH_NATION,
        clock=clock,
        kdf=DEFAULT_KDF,
    )
    worker = find_worker_id(paths, "Bench")
    samples = _timed(lambda: unlock(paths, worker, PASSPHRASE, clock=clock).lock(), repeats)
    kdf = DEFAULT_KDF
    note = f"m={kdf.memory_kib // 1024} MiB t={kdf.time_cost} p={kdf.parallelism}"
    return [Figure("unlock.default_kdf", ms(median(samples)), "ms", note)], paths


def measure_cases(
    paths: AppPaths, workdir: Path, cases: int, samples: int, say: Say
) -> list[Figure]:
    """Fill the vault with `cases` fictional cases, then time save, open and search."""
    clock = SystemClock()
    session = unlock(paths, find_worker_id(paths, "Bench"), PASSPHRASE, clock=clock)
    try:
        say(f"filling the vault with {cases} fictional cases…")
        fill_demo(session, cases, clock=clock)
        session.vault.checkpoint()
        size = paths.vault_db.stat().st_size
        ids = [s.case_id for s in session.vault.cases.list_summaries()]
        rng = random.Random(1)  # noqa: S311 - choosing which cases to time
        chosen = [rng.choice(ids) for _ in range(samples)]
        figures = _time_save_and_open(session, chosen)
        for label, text in SEARCHES.items():
            hits = len(search_cases(session, text))
            times = _timed(lambda text=text: search_cases(session, text), samples)  # type: ignore[misc]
            figures += _p50_p95(f"search.{label}", times, f"{hits} hits at {cases} cases")
        figures.append(
            Figure("vault.size_per_1000_cases", round(size / cases * 1000 / 2**20, 3), "MiB")
        )
        figures += _floor(workdir, session, chosen, figures)
        return figures
    finally:
        session.lock()


def _time_save_and_open(session: Session, chosen: list[str]) -> list[Figure]:
    clock = SystemClock()
    saves, opens = [], []
    for case_id in chosen:
        start = time.perf_counter()
        opened = open_case(session, case_id)
        opens.append(time.perf_counter() - start)
        record = dict(opened.version.document)
        record["answers"] = dict(record.get("answers", {}))
        record["answers"]["bench_marker"] = time.time_ns()
        start = time.perf_counter()
        save_case(session, record, clock=clock, expected_revision=opened.version.revision)
        saves.append(time.perf_counter() - start)
    return _p50_p95("save.new_version", saves, "target p95 < 20 ms") + _p50_p95("open.case", opens)


def _floor(
    workdir: Path, session: Session, chosen: list[str], figures: list[Figure]
) -> list[Figure]:
    """Bare SQLCipher inserts/lookups of the same JSON documents, and our cost as ratios."""
    bodies = [
        json.dumps(session.vault.cases.current(c).document, ensure_ascii=False) for c in chosen
    ]
    key = generate_dek()
    inserts, reads = raw_insert_and_lookup(workdir / "floor.db", key, bodies, len(bodies))
    key[:] = bytes(len(key))
    by_name = {f.name: f.value for f in figures}
    floor_insert, floor_read = ms(percentile(inserts, 50)), ms(percentile(reads, 50))
    return [
        Figure("floor.raw_insert.p50", floor_insert, "ms", "bare SQLCipher, same JSON"),
        Figure("floor.raw_lookup.p50", floor_read, "ms", "bare SQLCipher, same JSON"),
        Figure(
            "save.ratio_to_floor", round(by_name["save.new_version.p50"] / floor_insert, 2), "x"
        ),
        Figure("open.ratio_to_floor", round(by_name["open.case.p50"] / floor_read, 2), "x"),
    ]
