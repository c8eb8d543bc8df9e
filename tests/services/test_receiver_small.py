"""Issue 15, defect 6 on the council side: --archive naming a file, late bundles."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.errors import InvalidInput
from services.receiver import accept_late, receive_many
from services.receiver_verify import verify_exit_codes_text, verify_only
from tests.services.receiver_setup import bundle, council


def test_an_archive_that_is_a_file_is_refused_with_a_message(tmp_path: Path) -> None:
    c = council(tmp_path)
    path = bundle(c, tmp_path / "stick", 1)
    c.archive.write_bytes(b"not a folder")
    with pytest.raises(InvalidInput, match="is a file"):
        receive_many([path], keys_dir=c.keys_dir, archive_dir=c.archive, secrets=c.secrets)


def test_a_late_bundle_is_refused_then_accepted_by_a_person_with_a_reason(
    tmp_path: Path,
) -> None:
    c = council(tmp_path)
    first = bundle(c, tmp_path / "s1", 1)
    second = bundle(c, tmp_path / "s2", 2)
    common = {"keys_dir": c.keys_dir, "archive_dir": c.archive, "secrets": c.secrets}
    assert [o.exit_code for o in receive_many([second, first], **common)] == [3, 19]
    with pytest.raises(InvalidInput, match="reason"):
        accept_late(first, reason="ok", **common)
    late = accept_late(first, reason="stick found in the van; checked with team lead", **common)
    assert late.exit_code == 3 and "late_accepted" in late.message
    assert late.receipt is not None and late.receipt.is_file()
    log = (c.archive / "late-imports.jsonl").read_text().splitlines()
    assert len(log) == 1 and "team lead" in log[0]
    # The device's head stays at bundle 2; accepting the same bundle again only re-issues.
    assert accept_late(first, reason="second look, same bundle", **common).exit_code == 4
    assert len((c.archive / "late-imports.jsonl").read_text().splitlines()) == 1


def test_verify_bundle_runs_the_replay_check_with_the_archive_and_says_when_it_cannot(
    tmp_path: Path,
) -> None:
    c = council(tmp_path)
    path = bundle(c, tmp_path / "stick", 1)
    common = {"keys_dir": c.keys_dir, "secrets": c.secrets}
    fresh = verify_only(path, archive_dir=c.archive, **common)
    assert fresh.exit_code == 0 and "replay check: passed" in fresh.message
    receive_many([path], keys_dir=c.keys_dir, archive_dir=c.archive, secrets=c.secrets)
    assert verify_only(path, archive_dir=c.archive, **common).exit_code == 19
    unchecked = verify_only(path, **common)
    assert unchecked.exit_code == 0 and "replay check: not run" in unchecked.message
    assert not list((tmp_path / "archive" / ".staging").glob("*/*"))


def test_verify_bundle_help_lists_only_codes_it_can_return() -> None:
    listed = {int(line.split()[0]) for line in verify_exit_codes_text().splitlines()}
    assert 19 in listed and 17 in listed
    assert not listed & {4, 22, 23, 27, 30, 31, 32, 33, 34}
