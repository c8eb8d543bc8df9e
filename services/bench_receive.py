"""Receive benchmark: `receive` beside `age -d | tar -x` on the same bundle, with the same
durability (what tar wrote is made durable with bundles.durability.sync_tree, as the archive
is before a receipt).

Uses the throwaway keys of the export benchmark; the receiver is the real one.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from bundles.durability import sync_tree
from bundles.import_ledger import MemoryImportLedger
from bundles.receiver import receive_bundle
from services.bench_report import Figure, median

MIB = 1024 * 1024


def age_tar_seconds(workdir: Path, bundle: Path, identity: str) -> float | None:
    """Seconds for `age -d | tar -x` of the bundle plus an fsync of what tar wrote; None
    when the age or tar tool is missing."""
    age, tar = shutil.which("age"), shutil.which("tar")
    if age is None or tar is None:
        return None
    key = workdir / "bench-identity.txt"  # throwaway benchmark key, removed below
    key.write_text(identity + "\n")
    key.chmod(0o600)
    out = workdir / "age-tar"
    out.mkdir()
    try:
        started = time.perf_counter()
        argv = [age, "-d", "-i", str(key), str(bundle)]
        with subprocess.Popen(argv, stdout=subprocess.PIPE) as dec:  # noqa: S603 - fixed argv
            tar_argv = [tar, "-x", "-C", str(out)]
            subprocess.run(tar_argv, stdin=dec.stdout, check=True)  # noqa: S603 - fixed argv
            if dec.stdout is not None:
                dec.stdout.close()
        if dec.returncode != 0:
            raise RuntimeError("age -d failed on the benchmark bundle")
        sync_tree(out)  # the durability receive gives the archive, the same way
        return time.perf_counter() - started
    finally:
        key.unlink()
        shutil.rmtree(out, ignore_errors=True)


def receive_seconds(
    archive: Path, bundle: Path, identity: str, enrolled: Mapping[str, str], receipt_sk: bytes
) -> float:
    started = time.perf_counter()
    receive_bundle(
        bundle,
        identities=[identity],
        enrolled_devices=enrolled,
        ledger=MemoryImportLedger(),
        archive_dir=archive,
        receipt_sk=receipt_sk,
    )
    elapsed = time.perf_counter() - started
    shutil.rmtree(archive)
    return elapsed


def measure_receive(
    workdir: Path,
    bundle: Path,
    *,
    mib: float,
    identity: str,
    enrolled: Mapping[str, str],
    receipt_sk: bytes,
    say: Callable[[str], None],
    rounds: int = 3,
) -> Sequence[Figure]:
    """Receive and `age -d | tar -x` take turns `rounds` times; medians and their ratio."""
    say("receiving, beside age -d | tar -x…")
    receive_runs: list[float] = []
    age_runs: list[float] = []
    for _ in range(rounds):
        age_s = age_tar_seconds(workdir, bundle, identity)
        if age_s is not None:
            age_runs.append(age_s)
        receive_runs.append(
            receive_seconds(workdir / "archive", bundle, identity, enrolled, receipt_sk)
        )
    receive_rate = mib / median(receive_runs)
    figures = [
        Figure("receive: verify+archive throughput", round(receive_rate, 2), "MiB/s",
               f"median of {rounds}; archive synced before the receipt"),
    ]  # fmt: skip
    if age_runs:
        age_rate = mib / median(age_runs)
        figures.append(Figure("age -d | tar -x + fsync throughput", round(age_rate, 2), "MiB/s",
                              f"median of {rounds}, taking turns with receive"))  # fmt: skip
        figures.append(Figure("receive / (age -d | tar -x) speed ratio",
                              round(receive_rate / age_rate, 3), "x", "target >= 0.5"))  # fmt: skip
    return figures
