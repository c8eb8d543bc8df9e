"""`bench --council-search N`: `council cases search` in a store of N cases, on DuckDB and on
PostgreSQL (a throwaway cluster on a Unix socket, when Debian's server is installed).

The cases are the linkage generator's fictional people (`linkage/generate.py`: Vietnamese,
Arabic, Chinese and Eritrean names, in Latin letters and their own scripts, with spellings,
typos and aliases), written with `CaseStore.put_revisions` in batches as `receive` and
`council index` write them (receiving 100,000 cases as bundles would time the receiver, which
`bench --council-store` does). The queries are what staff type: a whole name as recorded, a
name in its own script, one name, the first letters of a name, a spelling the store does not
hold; half of them with an age filter. Each query is timed through `CaseStore.search`, whole
(the database's look-up and building the summaries it returns).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from council_store import CaseRevision, SearchFilters, create_database, open_store
from linkage.generate import generate
from services.bench_report import Figure, ms, percentile
from services.throwaway_postgres import available, start_cluster, stop_cluster

Say = Callable[[str], None]
_PEOPLE_PER_RECORD = 0.5  # the generator records a person 2.4 times on average: enough records
_BATCH = 2_000  # revisions per put_revisions call (one transaction each)
_QUERIES = 60


def _revisions(records: list[dict[str, Any]]) -> Iterator[CaseRevision]:
    for n, record in enumerate(records):
        case_id = str(record["case_id"])
        yield CaseRevision(
            case_id=case_id,
            revision=1,
            reference=f"FC-2026{n:08d}",
            device_id=f"d-bench{n % 40:011d}",
            bundle_id=f"{n // 100:032x}",
            received_at=f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}T09:00:00Z",
            folder=f"{case_id}/rev-1",
            record=record,
            record_sha256="0" * 64,
        )


def queries(records: list[dict[str, Any]], count: int = _QUERIES) -> list[tuple[str, bool]]:
    """(text, with an age filter) for `count` searches, drawn from the records (seeded)."""
    rng = random.Random(1616)  # noqa: S311 - choosing benchmark queries, not security
    out: list[tuple[str, bool]] = []
    for n in range(count):
        answers = rng.choice(records)["answers"]
        latin = str(answers.get("name_latin") or "Nguyen Van An")
        words = latin.split()
        kind = n % 5
        if kind == 0:
            text = latin  # the whole name as recorded
        elif kind == 1:
            text = str(answers.get("name_native") or latin)  # its own script when recorded
        elif kind == 2:
            text = words[-1]  # one name
        elif kind == 3:
            text = words[0][:4]  # the first letters of a name
        else:
            text = latin + "x"  # a spelling nobody has: the whole look-up, no hits
        out.append((text, n % 2 == 0))
    return out


def _one_store(label: str, spec: str | None, workdir: Path, records: list[dict[str, Any]],
               say: Say) -> list[Figure]:  # fmt: skip
    archive = workdir / f"archive-{label}"
    archive.mkdir(parents=True, exist_ok=True)
    with open_store(spec, archive) as store:
        say(f"council search ({label}): writing {len(records)} cases…")
        started = time.perf_counter()
        batch: list[CaseRevision] = []
        for revision in _revisions(records):
            batch.append(revision)
            if len(batch) >= _BATCH:
                store.put_revisions(batch)
                batch = []
        store.put_revisions(batch)
        store.refresh_statistics()  # as `council index` does after filling a store
        filled = time.perf_counter() - started
        say(f"council search ({label}): {filled:.1f} s; searching…")
        times: list[float] = []
        hits: list[int] = []
        lookups: dict[bool, list[float]] = {False: [], True: []}
        for text, young in queries(records):
            filters = SearchFilters(age_to=17) if young else None
            started = time.perf_counter()
            found = store.search(text, filters)
            times.append(time.perf_counter() - started)
            hits.append(len(found))
            for scan in (False, True):  # the look-up alone: the engine's own, the LIKE scan
                started = time.perf_counter()
                store.matching_ids(text, filters, scan=scan)
                lookups[scan].append(time.perf_counter() - started)
        kind = store.kind
    n = len(records)
    own = "token index" if kind == "postgresql" else "LIKE scan (DuckDB's own)"
    ordered = sorted(hits)
    spread = f"hits per query: median {ordered[len(ordered) // 2]}, most {ordered[-1]}"
    return [
        Figure(f"council search ({label}): write {n} cases", round(filled, 1), "s",
               f"put_revisions in batches of {_BATCH}"),
        Figure(f"council search ({label}): search p50 at {n} cases",
               ms(percentile(times, 50)), "ms", f"{len(times)} queries; {spread}"),
        Figure(f"council search ({label}): search p95 at {n} cases",
               ms(percentile(times, 95)), "ms", "whole names, own scripts, one name, "
               "first letters, no hits; half with an age filter"),
        Figure(f"council search ({label}): look-up p50/p95 at {n} cases, {own}",
               ms(percentile(lookups[False], 50)), "ms",
               f"p95 {ms(percentile(lookups[False], 95))} ms; case ids only, no summaries"),
        Figure(f"council search ({label}): look-up p50/p95 at {n} cases, LIKE scan",
               ms(percentile(lookups[True], 50)), "ms",
               f"p95 {ms(percentile(lookups[True], 95))} ms; the search before migration 2"),
    ]  # fmt: skip


def measure_search(workdir: Path, *, cases: int, say: Say) -> list[Figure]:
    """Fill a DuckDB store, and a PostgreSQL one when installed, with `cases` generated cases
    and time name searches in each."""
    say(f"council search: generating {cases} fictional case records…")
    population = generate(max(2, round(cases * _PEOPLE_PER_RECORD)), seed=100_000)
    records = population.records[:cases]
    figures = _one_store("DuckDB", None, workdir, records, say)
    if not available():
        say("council search: PostgreSQL server not installed (./run test installs it); skipped")
        return figures
    cluster = start_cluster()
    try:
        spec = create_database(cluster.conninfo(), "fc_bench_search")
        figures += _one_store("PostgreSQL", spec, workdir, records, say)
    finally:
        stop_cluster(cluster)
    return figures
