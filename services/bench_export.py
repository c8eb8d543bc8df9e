"""Export/receive benchmark: bundle throughput beside the `age` CLI on the same bytes, and the
peak memory of a bundle holding one very large attachment (streamed, never held).

Uses fictional data only and fresh throwaway keys; the writer and receiver are the real ones.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, cast

from bundles.import_ledger import MemoryImportLedger
from bundles.manifest import GENESIS_SHA256
from bundles.receiver import receive_bundle
from bundles.sources import EntrySource, ExportContext
from bundles.writer import write_bundle
from crypto.age_envelope import generate_age_identity
from crypto.fingerprints import fingerprint
from crypto.signing import certify_worker, generate_signing_key
from services.bench_receive import measure_receive
from services.bench_report import Figure, median

MIB = 1024 * 1024
Say = Callable[[str], None]


class _Generated(io.RawIOBase):
    """`size` bytes made on the fly from one 1 MiB block: never more than a block in memory."""

    def __init__(self, size: int, block: bytes) -> None:
        super().__init__()
        self._left, self._block = size, block

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        chunk = self._block[: min(len(self._block), self._left)]
        self._left -= len(chunk)
        return chunk


class _Keys:
    def __init__(self) -> None:
        self.identity, self.recipient = generate_age_identity()
        self.receipt_sk, _ = generate_signing_key()
        self.device_id = "d-bench0000000001"
        device_sk, self.device_pk = generate_signing_key()
        self.worker_id = "w-bench00000001"
        self.worker_sk, worker_pk = generate_signing_key()
        self.cert = certify_worker(
            device_sk,
            device_id=self.device_id,
            worker_id=self.worker_id,
            worker_pk=worker_pk,
            not_before="2025-01-01T00:00:00Z",
        )

    def context(self) -> ExportContext:
        return ExportContext(
            self.device_id, self.device_pk, 1, GENESIS_SHA256, self.worker_id, self.cert,
            "bench", 1, False,
        )  # fmt: skip


def _cases(count: int, photo_bytes: int) -> tuple[list[EntrySource], int]:
    per_photo = max(1, photo_bytes // count)
    entries: list[EntrySource] = []
    total = 0
    for i in range(count):
        case_id = str(uuid.uuid4())
        record = json.dumps({"case_id": case_id, "n": i, "pad": "x" * 4000}).encode()
        photo = os.urandom(per_photo)
        entries.append(EntrySource.record(case_id, 1, record))
        entries.append(
            EntrySource.attachment(
                case_id, 1, lambda p=photo: io.BytesIO(p), media_type="image/jpeg",  # type: ignore[misc]
                size=len(photo), sha256=hashlib.sha256(photo).hexdigest(),
            )
        )  # fmt: skip
        entries.append(EntrySource.audit(case_id, 1, b"[]"))
        total += len(record) + len(photo) + 2
    return entries, total


def _age_seconds(workdir: Path, payload: Path, recipient: str) -> tuple[float, float] | None:
    """Seconds for the age CLI to encrypt `payload`, and for that plus an fsync of its output
    (export always fsyncs and reads back; age alone leaves its output in the page cache)."""
    age = shutil.which("age")
    if age is None:
        return None
    out = workdir / "age.out"
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - fixed argv, our own temporary files
        [age, "-r", recipient, "-o", str(out), str(payload)], check=True
    )
    encrypted = time.perf_counter() - started
    fd = os.open(out, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return encrypted, time.perf_counter() - started


def _write_payload(path: Path, entries: list[EntrySource]) -> None:
    """The same bytes as the bundle's entries, as one plain file (fictional random data), for
    `age` to encrypt; flushed to disk so age's own fsync only pays for its output."""
    with path.open("wb") as out:
        for entry in entries:
            with entry.open() as source:
                out.write(source.read())
    os.sync()


def _io_floor_seconds(payload: Path, out: Path) -> float:
    """Seconds to copy `payload` (from the page cache) to `out`, fsync it, drop it from the
    page cache and read it back: the disk work a durable, read-back export cannot avoid,
    with no encryption or checking at all."""
    started = time.perf_counter()
    with payload.open("rb") as source, out.open("wb") as target:
        while block := source.read(MIB):
            target.write(block)
        target.flush()
        os.fsync(target.fileno())
        if hasattr(os, "posix_fadvise"):
            os.posix_fadvise(target.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
    with out.open("rb") as back:
        while back.read(MIB):
            pass
    elapsed = time.perf_counter() - started
    out.unlink()
    return elapsed


def _export_seconds(stick: Path, keys: _Keys, entries: list[EntrySource]) -> float:
    stick.mkdir(parents=True)
    started = time.perf_counter()
    write_bundle(
        stick, context=keys.context(), entries=entries, recipients=[keys.recipient],
        worker_sk=keys.worker_sk,
    )  # fmt: skip
    return time.perf_counter() - started


def measure_throughput(
    workdir: Path, cases: int, photo_mib: int, say: Say, rounds: int = 3
) -> list[Figure]:
    """Write + verify and receive a bundle of `cases` cases with `photo_mib` MiB of photos.

    Export and the age CLI take turns for `rounds` rounds and each reports its median: what ran
    just before (receiving leaves the page cache and the disk busy) moved a single age run by
    a factor of two here, so neither side gets the quiet moment alone.
    """
    keys = _Keys()
    entries, total = _cases(cases, photo_mib * MIB)
    workdir.mkdir(parents=True)
    payload = workdir / "payload.bin"
    _write_payload(payload, entries)
    say(f"exporting {cases} cases with {photo_mib} MiB of photos, beside the age CLI…")
    export_runs: list[float] = []
    floor_runs: list[float] = []
    age_runs: list[tuple[float, float]] = []
    for round_ in range(rounds):
        age_s = _age_seconds(workdir, payload, keys.recipient)
        if age_s is not None:
            age_runs.append(age_s)
            (workdir / "age.out").unlink()
        export_runs.append(_export_seconds(workdir / f"stick-{round_}", keys, entries))
        floor_runs.append(_io_floor_seconds(payload, workdir / "floor.bin"))
        if round_ < rounds - 1:
            shutil.rmtree(workdir / f"stick-{round_}")
    bundle = next((workdir / f"stick-{rounds - 1}").iterdir())
    receive = measure_receive(
        workdir, bundle, mib=total / MIB, identity=keys.identity,
        enrolled={keys.device_id: fingerprint(keys.device_pk)}, receipt_sk=keys.receipt_sk,
        say=say, rounds=rounds,
    )  # fmt: skip
    mib = total / MIB
    export_rate = mib / median(export_runs)
    figures = [
        Figure("export: write+verify throughput", round(export_rate, 2), "MiB/s",
               f"median of {rounds}; {cases} cases, {mib:.0f} MiB, bundle "
               f"{bundle.stat().st_size / MIB:.0f} MiB"),
        *receive,
    ]  # fmt: skip
    if age_runs:
        age_rate = mib / median([run[0] for run in age_runs])
        durable_rate = mib / median([run[1] for run in age_runs])
        figures.append(Figure("age CLI encrypt throughput", round(age_rate, 2), "MiB/s",
                              f"median of {rounds}, taking turns with export"))  # fmt: skip
        figures.append(
            Figure("export / age speed ratio", round(export_rate / age_rate, 3), "x",
                   "for comparison only: age neither fsyncs nor reads back, export does both")
        )  # fmt: skip
        figures.append(
            Figure("age CLI encrypt + fsync throughput", round(durable_rate, 2), "MiB/s",
                   "for comparison: age with its output made durable, as export does")
        )  # fmt: skip
        figures.append(
            Figure("export / (age + fsync) speed ratio", round(export_rate / durable_rate, 3),
                   "x", "target >= 0.75 (export also reads the whole bundle back)")
        )  # fmt: skip
    floor_rate = mib / median(floor_runs)
    figures.append(
        Figure("disk floor: write+fsync+read back", round(floor_rate, 2), "MiB/s",
               "for comparison only: the same bytes copied durably and read back, no crypto")
    )  # fmt: skip
    return figures


def probe_main(workdir: Path, mib: int) -> None:
    """Child process: bundle one streamed `mib` MiB attachment, receive it, print peak MiB."""
    keys = _Keys()
    case_id = str(uuid.uuid4())
    block = os.urandom(MIB)
    entries = [
        EntrySource.record(case_id, 1, json.dumps({"case_id": case_id}).encode()),
        EntrySource.attachment(
            case_id, 1, lambda: cast(BinaryIO, _Generated(mib * MIB, block)), media_type="video/mp4"
        ),
        EntrySource.audit(case_id, 1, b"[]"),
    ]
    (workdir / "stick").mkdir(parents=True)
    written = write_bundle(
        workdir / "stick", context=keys.context(), entries=entries,
        recipients=[keys.recipient], worker_sk=keys.worker_sk,
    )  # fmt: skip
    receive_bundle(
        written.path,
        identities=[keys.identity],
        enrolled_devices={keys.device_id: fingerprint(keys.device_pk)},
        ledger=MemoryImportLedger(),
        archive_dir=workdir / "archive",
        receipt_sk=keys.receipt_sk,
    )
    print(_peak_rss_mib())


def _peak_rss_mib() -> int:
    # VmHWM is this process image's own peak (ru_maxrss can carry the parent's over exec).
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) // 1024


def measure_peak_memory(workdir: Path, mib: int, say: Say) -> list[Figure]:
    """Peak resident memory of export + receive of a bundle with one `mib` MiB attachment."""
    say(f"peak memory with a {mib} MiB attachment…")
    code = (
        "from pathlib import Path; from services.bench_export import probe_main; "
        f"probe_main(Path({str(workdir)!r}), {mib})"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    peak = float(out.strip().splitlines()[-1])
    return [Figure(f"export+receive peak RSS, {mib} MiB attachment", peak, "MiB", "limit 200")]


def measure_export(workdir: Path, *, quick: bool, say: Say) -> list[Figure]:
    """The export benchmark at full (1,000 cases, 200 MiB, 1 GiB) or quick scale."""
    cases, photos, big = (100, 20, 100) if quick else (1_000, 200, 1024)
    figures = measure_throughput(workdir / "throughput", cases, photos, say)
    shutil.rmtree(workdir / "throughput", ignore_errors=True)
    figures += measure_peak_memory(workdir / "memory", big, say)
    shutil.rmtree(workdir / "memory", ignore_errors=True)
    return figures


def main() -> None:
    """`python -m services.bench_export [--quick]`: just this benchmark."""
    import tempfile

    from services.bench_report import table

    with tempfile.TemporaryDirectory(prefix="fc-bench-export-") as tmp:
        figures = measure_export(Path(tmp), quick="--quick" in sys.argv, say=print)
    print(table(figures))


if __name__ == "__main__":
    main()
