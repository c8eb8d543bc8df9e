"""Council store benchmark: receive one bundle of N fictional cases into the archive and each
store (the embedded DuckDB file, and PostgreSQL in a throwaway cluster when Debian's server is
installed), then rebuild each store from the archive with `council index`, and time a name search.

Fresh throwaway keys; the writer, the receiver and the store are the real ones.
"""

from __future__ import annotations

import json
import secrets
import shutil
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bundles.import_ledger import MemoryImportLedger
from bundles.manifest import GENESIS_SHA256
from bundles.receiver import receive_bundle
from bundles.sources import EntrySource, ExportContext
from bundles.writer import write_bundle
from council_store import SearchFilters, create_database, open_store
from crypto.age_envelope import generate_age_identity
from crypto.fingerprints import fingerprint
from crypto.signing import certify_worker, generate_signing_key
from services.bench_report import Figure, median, ms
from services.council_cases import StoreRecorder, index_archive
from services.throwaway_postgres import available, start_cluster, stop_cluster

Say = Callable[[str], None]
# Fictional names in several scripts (as in tests/data/people.json); numbered so each case is
# a different person.
_NAMES = (
    ("林小梅", "Lin Xiaomei", "CN"),
    ("Nguyễn Văn Đức", "Nguyen Van Duc", "VN"),
    ("ሰላም ተስፋይ", "Selam Tesfay", "ER"),
    ("احمد شاه نوری", "Ahmad Shah Noori", "AF"),
    ("محمد عثمان", "Mohamed Osman", "SD"),
    ("Олена Коваленко", "Olena Kovalenko", "UA"),
)
_SYLLABLES = ("ka", "lo", "mi", "su", "ra", "ne", "to", "vi", "da", "he")


def _record(case_id: str, i: int) -> dict[str, Any]:
    native, latin, country = _NAMES[i % len(_NAMES)]
    tag = "".join(_SYLLABLES[int(d)] for d in str(i))
    return {
        "record_format": 1,
        "case_id": case_id,
        "form": {"id": "uk-first-contact", "version": 1},
        "nation": "england",
        "created_at": "2026-11-20T10:00:00Z",
        "answers": {
            "name_native": f"{native} {tag}",
            "name_latin": f"{latin} {tag.capitalize()}",
            "aliases": [{"alias_text": f"{latin.split()[0]} {tag}", "alias_note": ""}],
            "pv_nationality": country,
            "pv_gender": "female" if i % 2 else "male",
            "age_claimed": 12 + i % 10,
        },
        "gap_reasons": {},
    }


def _bundle(workdir: Path, cases: int) -> tuple[Path, str, dict[str, str], bytes]:
    identity, recipient = generate_age_identity()
    receipt_sk, _ = generate_signing_key()
    device_sk, device_pk = generate_signing_key()
    worker_sk, worker_pk = generate_signing_key()
    device_id, worker_id = "d-benchstore00001", "w-benchstore01"
    cert = certify_worker(
        device_sk, device_id=device_id, worker_id=worker_id, worker_pk=worker_pk,
        not_before="2025-01-01T00:00:00Z",
    )  # fmt: skip
    context = ExportContext(
        device_id, device_pk, 1, GENESIS_SHA256, worker_id, cert, "bench", 1, False
    )
    entries: list[EntrySource] = []
    for i in range(cases):
        case_id = str(uuid.uuid4())
        reference = f"FC-20261120-{i:04X}"
        record = json.dumps(_record(case_id, i), ensure_ascii=False).encode()
        audit = json.dumps(
            [{"event": "case_created", "case_id": case_id,
              "detail": f"nation=england,reference={reference}"}]
        ).encode()  # fmt: skip
        pdf = b"%PDF-1.7\n" + secrets.token_bytes(2000) + b"\n%%EOF\n"
        entries.append(EntrySource.record(case_id, 1, record))
        entries.append(EntrySource.pdf(case_id, 1, str(uuid.uuid4()), pdf))
        entries.append(EntrySource.audit(case_id, 1, audit))
    stick = workdir / "stick"
    stick.mkdir()
    written = write_bundle(
        stick, context=context, entries=entries, recipients=[recipient], worker_sk=worker_sk
    )
    return written.path, identity, {device_id: fingerprint(device_pk)}, receipt_sk


def _one_store(
    workdir: Path, label: str, spec: str | None, fresh_spec: str | None, bundle_args: Any
) -> list[Figure]:
    bundle, identity, enrolled, receipt_sk = bundle_args
    archive = workdir / f"archive-{label}"

    def receive(index: StoreRecorder | None) -> float:
        started = time.perf_counter()
        receive_bundle(
            bundle, identities=[identity], enrolled_devices=enrolled, ledger=MemoryImportLedger(),
            archive_dir=archive, receipt_sk=receipt_sk, index=index,
        )  # fmt: skip
        return time.perf_counter() - started

    with open_store(spec, archive) as store:
        received = receive(StoreRecorder(store, archive))
        cases = len(store.case_ids())
        searches = []
        for name in ("mohamed", "nguyen", "احمد", "xiaomei kamilo", "olena"):
            started = time.perf_counter()
            store.search(name, SearchFilters(age_to=17))
            searches.append(time.perf_counter() - started)
    started = time.perf_counter()
    report = index_archive(archive, fresh_spec)
    indexed = time.perf_counter() - started
    started = time.perf_counter()
    index_archive(archive, fresh_spec)  # again: idempotent, every row rewritten
    reindexed = time.perf_counter() - started
    shutil.rmtree(archive)
    plain_archive = workdir / "archive-plain"
    archive = plain_archive
    plain = receive(None)
    shutil.rmtree(plain_archive)
    return [
        Figure(f"council store ({label}): receive {cases} cases, archive + store",
               round(received, 2), "s", f"same bundle without the store: {plain:.2f} s"),
        Figure(f"council store ({label}): index {report.revisions} cases from the archive",
               round(indexed, 2), "s",
               f"into an empty store; again (idempotent): {reindexed:.2f} s"),
        Figure(f"council store ({label}): name search p50", ms(median(searches)), "ms",
               "5 names in 4 scripts, with an age filter"),
    ]  # fmt: skip


def measure_council_store(workdir: Path, *, cases: int, say: Say) -> list[Figure]:
    """Receive and index `cases` cases into DuckDB, and into PostgreSQL when installed."""
    workdir.mkdir(parents=True, exist_ok=True)
    say(f"council store: writing a bundle of {cases} fictional cases…")
    bundle_args = _bundle(workdir, cases)
    say("council store: DuckDB…")
    figures = _one_store(
        workdir, "DuckDB", None, f"duckdb:{workdir / 'indexed.duckdb'}", bundle_args
    )
    if not available():
        say("council store: PostgreSQL server not installed (./run test installs it); skipped")
        return figures
    say("council store: PostgreSQL (a throwaway cluster on a Unix socket)…")
    cluster = start_cluster()
    try:
        fresh = create_database(cluster.conninfo(), "fc_bench_indexed")
        figures += _one_store(workdir, "PostgreSQL", cluster.conninfo(), fresh, bundle_args)
    finally:
        stop_cluster(cluster)
    return figures
