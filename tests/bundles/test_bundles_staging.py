"""Staging and the commit (issue 15): staged entries are ciphertext on disk, changed staging is
refused at commit, case folders made ahead hold no plaintext, and a case folder this bundle
renamed into place that never reached the disk whole (power cut before the batch sync) is
rebuilt by receiving the bundle again instead of being mistaken for a conflict."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bundle_fixtures import Keys, make_case, read, write

from bundles.archive import CONFLICTS, commit_to_archive, revision_folder
from bundles.errors import ArchiveCommitFailed, DecryptFailed
from bundles.import_ledger import MemoryImportLedger
from bundles.reader import read_bundle


def test_staged_entries_are_ciphertext_and_open_only_in_this_receive(
    keys: Keys, people: list[dict[str, object]], tmp_path: Path
) -> None:
    case = make_case(people[0])
    written = write(keys, tmp_path / "stick", [case])
    result = read(keys, written.path, tmp_path / "staging")
    [staging_file] = [p for p in (tmp_path / "staging").rglob("*") if p.is_file()]
    on_disk = staging_file.read_bytes()
    for secret in (case.record[:40], case.pdf[:40], case.audit[:20], case.attachments[0][:40]):
        assert secret not in on_disk
    assert result.read_staged(result.staged[0]) == case.record
    result.discard()


def test_staging_changed_on_disk_is_refused_at_commit(
    keys: Keys, people: list[dict[str, object]], tmp_path: Path
) -> None:
    written = write(keys, tmp_path / "stick", [make_case(people[0])])
    result = read(keys, written.path, tmp_path / "staging")
    path = result.staged[0].path
    data = bytearray(path.read_bytes())
    data[5] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(ArchiveCommitFailed):
        commit_to_archive(result, tmp_path / "archive")
    assert list((tmp_path / "staging").iterdir()) == []


def test_case_folders_made_ahead_hold_no_plaintext_and_go_if_refused(
    keys: Keys, people: list[dict[str, object]], tmp_path: Path
) -> None:
    case = make_case(people[0])
    written = write(keys, tmp_path / "stick", [case])
    incoming = tmp_path / "archive" / ".incoming" / "t"
    result = read_bundle(
        written.path,
        identities=[keys.import_identity],
        enrolled_devices=keys.enrolled,
        ledger=MemoryImportLedger(),
        staging_dir=tmp_path / "archive" / ".staging",
        incoming_dir=incoming,
    )
    made = [p for p in incoming.rglob("*") if p.is_file() and "bundle" not in p.parts]
    made = [p for p in made if p.parent.name != "_provenance"]
    assert len(made) == len(result.staged) and all(p.stat().st_size == 0 for p in made)
    outcome = commit_to_archive(result, tmp_path / "archive")
    assert outcome.committed == ((case.record_id, 1),)
    assert not incoming.exists()
    # A refused bundle (here: truncated) leaves no folder made ahead behind.
    cut = tmp_path / "cut.age"
    cut.write_bytes(written.path.read_bytes()[:-20])
    with pytest.raises(DecryptFailed):
        read_bundle(
            cut,
            identities=[keys.import_identity],
            enrolled_devices=keys.enrolled,
            ledger=MemoryImportLedger(),
            staging_dir=tmp_path / "archive" / ".staging",
            incoming_dir=tmp_path / "archive" / ".incoming" / "u",
        )
    assert not (tmp_path / "archive" / ".incoming" / "u").exists()


def test_a_case_folder_that_did_not_reach_the_disk_whole_is_rebuilt(
    keys: Keys, people: list[dict[str, object]], tmp_path: Path
) -> None:
    case = make_case(people[0])
    written = write(keys, tmp_path / "stick", [case])
    archive = tmp_path / "archive"
    commit_to_archive(read(keys, written.path, tmp_path / "st"), archive)
    folder = revision_folder(archive, case.record_id, 1)
    # What a power cut between the rename and the sync can leave: names, empty files.
    attachment = next((folder / "attachments").iterdir())
    os.truncate(attachment, 0)
    os.truncate(folder / "record.json", 0)
    outcome = commit_to_archive(read(keys, written.path, tmp_path / "st"), archive)
    assert outcome.committed == ((case.record_id, 1),) and outcome.conflicts == ()
    assert (folder / "record.json").read_bytes() == case.record
    assert attachment.read_bytes() == case.attachments[0]
    assert not (archive / CONFLICTS).exists()


def test_a_folder_from_another_bundle_is_never_replaced(
    keys: Keys, people: list[dict[str, object]], tmp_path: Path
) -> None:
    case = make_case(people[0])
    archive = tmp_path / "archive"
    first = write(keys, tmp_path / "a", [case])
    commit_to_archive(read(keys, first.path, tmp_path / "st"), archive)
    folder = revision_folder(archive, case.record_id, 1)
    os.truncate(folder / "record.json", 0)  # damaged, but not by the bundle below
    second = write(keys, tmp_path / "b", [case], context=keys.context(seq=2))
    outcome = commit_to_archive(read(keys, second.path, tmp_path / "st"), archive)
    assert outcome.conflicts == ((case.record_id, 1),)
    assert (folder / "record.json").read_bytes() == b""  # left for a person to look at
