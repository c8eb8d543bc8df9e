"""Practice cases never meet real ones: a TRAINING bundle (a training laptop on the council's
real keys, `provision --training`) is refused by a real archive, a real bundle by a practice
archive, and an archive that holds real cases cannot be turned into a practice one."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from bundle_fixtures import Keys, make_case, write

from bundles.archive_kind import TRAINING_MARKER, is_training_archive, mark_training_archive
from bundles.errors import EXIT_OK, TrainingMismatch
from bundles.import_ledger import MemoryImportLedger
from bundles.receiver import receive_bundle
from bundles.sources import ExportContext


def _training_context(keys: Keys) -> ExportContext:
    return replace(keys.context(), training=True)


def _receive(keys: Keys, bundle: Path, archive: Path, ledger: MemoryImportLedger) -> int:
    received = receive_bundle(
        bundle,
        identities=[keys.import_identity],
        enrolled_devices=keys.enrolled,
        ledger=ledger,
        archive_dir=archive,
        receipt_sk=keys.receipt_sk,
    )
    return received.exit_code


def _case_folders(archive: Path) -> list[Path]:
    return [p for p in archive.iterdir() if not p.name.startswith(".") and p.is_dir()]


def test_a_training_bundle_is_refused_by_a_real_archive_and_leaves_nothing(
    keys: Keys, people: list[dict[str, object]], tmp_path: Path
) -> None:
    bundle = write(keys, tmp_path / "stick", [make_case(people[0])],
                   context=_training_context(keys)).path  # fmt: skip
    archive, ledger = tmp_path / "archive", MemoryImportLedger()

    with pytest.raises(TrainingMismatch) as refused:
        _receive(keys, bundle, archive, ledger)

    assert refused.value.exit_code == 35
    assert "TRAINING laptop" in str(refused.value) and "--training" in str(refused.value)
    assert _case_folders(archive) == []
    assert not (archive / "receipts").exists() or not any((archive / "receipts").iterdir())
    assert not any((archive / ".staging").rglob("*"))
    assert not is_training_archive(archive)
    # What the refusal says to do works with the same folder: nothing real was imported.
    (archive / "council-store.duckdb").write_bytes(b"")  # as the store leaves it, empty
    mark_training_archive(archive)
    assert _receive(keys, bundle, archive, ledger) == EXIT_OK


def test_a_practice_archive_takes_training_bundles_and_refuses_real_ones(
    keys: Keys, people: list[dict[str, object]], tmp_path: Path
) -> None:
    practice, ledger = tmp_path / "practice", MemoryImportLedger()
    mark_training_archive(practice)
    training = write(keys, tmp_path / "stick-t", [make_case(people[0])],
                     context=_training_context(keys)).path  # fmt: skip
    real = write(keys, tmp_path / "stick-r", [make_case(people[1])]).path

    assert _receive(keys, training, practice, ledger) == EXIT_OK
    assert len(_case_folders(practice)) == 2  # the case, and receipts/
    with pytest.raises(TrainingMismatch, match="laptop in real use"):
        _receive(keys, real, practice, ledger)
    assert len(_case_folders(practice)) == 2


def test_an_archive_with_real_cases_cannot_become_a_practice_one(
    keys: Keys, people: list[dict[str, object]], tmp_path: Path
) -> None:
    archive, ledger = tmp_path / "archive", MemoryImportLedger()
    real = write(keys, tmp_path / "stick", [make_case(people[0])]).path
    assert _receive(keys, real, archive, ledger) == EXIT_OK

    with pytest.raises(TrainingMismatch, match="already holds real cases"):
        mark_training_archive(archive)
    assert not (archive / TRAINING_MARKER).exists()


def test_marking_a_new_or_practice_archive_is_harmless_to_repeat(tmp_path: Path) -> None:
    archive = tmp_path / "new" / "practice"
    mark_training_archive(archive)
    mark_training_archive(archive)
    assert is_training_archive(archive)
    assert "TRAINING" in (archive / TRAINING_MARKER).read_text()
