"""`bench --matches N`: `council matches` over N generated records, on DuckDB and PostgreSQL.

Each engine runs in a child process (`python -m services.bench_matches`), so its peak memory
(ru_maxrss) is that engine's alone. The records are the linkage generator's (fictional people,
each recorded 1-4 times by different devices), put in a real case store, read back the way
`council matches` reads them, scored with the default threshold, and measured against the
generator's truth (precision and recall).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from council_store import CaseRevision, open_store
from linkage.generate import generate
from linkage.model import DEFAULT_THRESHOLD, describe_blocking
from linkage.quality import measure
from services.bench_report import Figure
from services.matches import score_store

_PEOPLE_PER_RECORD = 0.42  # the generator records a person 2.4 times on average


def _revisions(records: list[dict[str, object]]) -> list[CaseRevision]:
    return [
        CaseRevision(
            case_id=str(r["case_id"]),
            revision=1,
            reference=f"FC-BENCH-{i:06d}",
            device_id=f"d-{i % 7:016x}",
            bundle_id="0" * 32,
            received_at="2026-12-01T09:00:00Z",
            folder=f"{r['case_id']}/rev-1",
            record=r,  # type: ignore[arg-type]
            record_sha256="0" * 64,
        )
        for i, r in enumerate(records)
    ]


def run_engine(records: int, spec: str | None, workdir: Path) -> dict[str, object]:
    """In the child: load the store, then time `council matches` end to end."""
    population = generate(max(2, round(records * _PEOPLE_PER_RECORD)), seed=100_000)
    chosen = population.records[:records]
    archive = workdir / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    with open_store(spec, archive) as store:
        start = time.perf_counter()
        revisions = _revisions(chosen)
        for i in range(0, len(revisions), 2000):
            store.put_revisions(revisions[i : i + 2000])
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        result = score_store(store, DEFAULT_THRESHOLD)
        elapsed = time.perf_counter() - start
        kind = store.kind
    truth = {p for p in population.true_pairs() if all(c in population.person_of for c in p)}
    kept = {str(r["case_id"]) for r in chosen}
    truth = {(a, b) for a, b in truth if a in kept and b in kept}
    pairs = {(m.a.case_id, m.b.case_id) if m.a.case_id < m.b.case_id else
             (m.b.case_id, m.a.case_id) for m in result.proposed}  # fmt: skip
    found = len(pairs & truth)
    return {
        "engine": kind,
        "records": len(chosen),
        "load_s": loaded,
        "matches_s": elapsed,
        "proposed": len(pairs),
        "network_links": len(result.network),
        "precision": found / len(pairs) if pairs else 1.0,
        "recall": found / len(truth) if truth else 1.0,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _figures(out: dict[str, object]) -> list[Figure]:
    engine, n = out["engine"], out["records"]
    note = f"{n} records, threshold {DEFAULT_THRESHOLD}, 2 cores"
    return [
        Figure(f"matches.{engine}.wall", round(float(out["matches_s"]), 2), "s", note),  # type: ignore[arg-type]
        Figure(f"matches.{engine}.peak_rss", round(float(out["peak_rss_mib"]), 1), "MiB", "child process"),  # type: ignore[arg-type]
        Figure(f"matches.{engine}.store_load", round(float(out["load_s"]), 2), "s", "put_revisions"),  # type: ignore[arg-type]
        Figure(f"matches.{engine}.precision", round(float(out["precision"]), 4), "ratio",  # type: ignore[arg-type]
               f"{out['proposed']} pairs proposed"),
        Figure(f"matches.{engine}.recall", round(float(out["recall"]), 4), "ratio", "vs generator truth"),  # type: ignore[arg-type]
        Figure(f"matches.{engine}.network_links", float(out["network_links"]), "pairs",  # type: ignore[arg-type]
               "shared identifiers"),
    ]  # fmt: skip


def measure_matches(
    records: int, say: Callable[[str], None], postgres: str | None = None
) -> list[Figure]:
    """Both engines, each in its own process: DuckDB, then PostgreSQL when a connection string
    for an empty database is given (bench starts a throwaway cluster for it)."""
    figures: list[Figure] = []
    say("blocking rules: " + "; ".join(describe_blocking()))
    for spec in [None, *([postgres] if postgres else [])]:
        say(f"measuring council matches over {records} records on {spec or 'DuckDB'}…")
        with tempfile.TemporaryDirectory(prefix="fc-bench-matches-") as tmp:
            command = [sys.executable, "-m", "services.bench_matches", "--records", str(records),
                       "--workdir", tmp, *(["--store", spec] if spec else [])]  # fmt: skip
            done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
            if done.returncode != 0:
                say(f"  failed: {done.stderr.strip().splitlines()[-1:]}")
                continue
            out = json.loads(done.stdout.strip().splitlines()[-1])
            figures += _figures(out)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--store", default=None)
    args = parser.parse_args()
    print(json.dumps(run_engine(args.records, args.store, args.workdir)))


if __name__ == "__main__":
    main()
