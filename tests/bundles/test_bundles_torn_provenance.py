"""A power cut can tear even a case folder's provenance manifest (bundle/manifest.json), the
file that says which bundle the folder came from. Receiving the same bundle again rebuilds such
a folder only when that is provable: the torn file is the one this bundle's unfinished commit
marked (.committing/<bundle id>.*, a durable hard link made before its first rename) and it
holds a leading part of this bundle's manifest. Anything else stays a conflict copy."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from bundle_fixtures import Keys, make_case, read, write

import bundles.archive as archive_module
from bundles.archive import COMMITTING, CONFLICTS, commit_to_archive, revision_folder
from bundles.errors import BundleError
from bundles.import_ledger import MemoryImportLedger
from bundles.reader import VerifiedBundle, read_bundle


def _power_cut_before_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    """The renames happened, the batch sync never ran (what the disk keeps is then up to it)."""

    def cut(*args: object) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(archive_module, "_make_durable", cut)


def _read_ahead(keys: Keys, bundle: Path, archive: Path, token: str) -> VerifiedBundle:
    """As the receiver reads: case folders made ahead in .incoming while decrypting."""
    return read_bundle(
        bundle,
        identities=[keys.import_identity],
        enrolled_devices=keys.enrolled,
        ledger=MemoryImportLedger(),
        staging_dir=archive / ".staging",
        incoming_dir=archive / ".incoming" / token,
    )


def _interrupted_commit(
    keys: Keys,
    cases: list,  # type: ignore[type-arg]
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    ahead: bool = False,
) -> Path:
    written = write(keys, tmp_path / "stick", cases)
    archive = tmp_path / "archive"
    with monkeypatch.context() as patch:
        _power_cut_before_sync(patch)
        result = (
            _read_ahead(keys, written.path, archive, "t")
            if ahead
            else read(keys, written.path, tmp_path / "st")
        )
        with pytest.raises(BundleError):
            commit_to_archive(result, archive)
    return written.path


@pytest.mark.parametrize("ahead", [False, True])
@pytest.mark.parametrize("kept", ["nothing", "one byte", "half"])
def test_a_torn_provenance_manifest_of_our_own_commit_is_rebuilt(
    keys: Keys,
    people: list[dict[str, object]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kept: str,
    ahead: bool,
) -> None:
    cases = [make_case(people[0]), make_case(people[1])]
    bundle = _interrupted_commit(keys, cases, tmp_path, monkeypatch, ahead=ahead)
    archive = tmp_path / "archive"
    folder = revision_folder(archive, cases[0].record_id, 1)
    manifest = folder / "bundle" / "manifest.json"
    whole = manifest.read_bytes()
    # The power went: the manifest (one file, linked from every case folder) and the record
    # kept only their first bytes, or none.
    os.truncate(manifest, {"nothing": 0, "one byte": 1, "half": len(whole) // 2}[kept])
    os.truncate(folder / "record.json", 0)
    again = (
        _read_ahead(keys, bundle, archive, "u") if ahead else read(keys, bundle, tmp_path / "st")
    )
    outcome = commit_to_archive(again, archive)
    assert outcome.conflicts == ()
    assert set(outcome.committed) == {(c.record_id, 1) for c in cases}
    for case in cases:
        rebuilt = revision_folder(archive, case.record_id, 1)
        assert (rebuilt / "record.json").read_bytes() == case.record
        assert (rebuilt / "bundle" / "manifest.json").read_bytes() == whole
    assert not (archive / CONFLICTS).exists()
    assert list((archive / COMMITTING).iterdir()) == []  # the markers went with the commit


def test_a_torn_manifest_without_our_marker_stays_a_conflict(
    keys: Keys, people: list[dict[str, object]], tmp_path: Path
) -> None:
    case = make_case(people[0])
    written = write(keys, tmp_path / "stick", [case])
    archive = tmp_path / "archive"
    commit_to_archive(read(keys, written.path, tmp_path / "st"), archive)  # durable, unmarked
    folder = revision_folder(archive, case.record_id, 1)
    os.truncate(folder / "bundle" / "manifest.json", 0)
    os.truncate(folder / "record.json", 0)
    outcome = commit_to_archive(read(keys, written.path, tmp_path / "st"), archive)
    assert outcome.conflicts == ((case.record_id, 1),)
    assert (folder / "record.json").read_bytes() == b""  # left for a person to look at


@pytest.mark.parametrize("damage", ["other file", "not our bytes"])
def test_a_torn_manifest_that_is_not_provably_ours_stays_a_conflict(
    keys: Keys,
    people: list[dict[str, object]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    damage: str,
) -> None:
    case = make_case(people[0])
    bundle = _interrupted_commit(keys, [case], tmp_path, monkeypatch)
    archive = tmp_path / "archive"
    folder = revision_folder(archive, case.record_id, 1)
    manifest = folder / "bundle" / "manifest.json"
    start = manifest.read_bytes()[:100]
    if damage == "other file":  # the right bytes, but not the file our commit marked
        manifest.unlink()
        manifest.write_bytes(start)
    else:  # the marked file, holding something our manifest does not start with
        manifest.write_bytes(b"x" + start[1:])
    os.truncate(folder / "record.json", 0)
    outcome = commit_to_archive(read(keys, bundle, tmp_path / "st"), archive)
    assert outcome.conflicts == ((case.record_id, 1),)
    assert (folder / "record.json").read_bytes() == b""
