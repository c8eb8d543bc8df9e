"""The age header is bound to the signed manifest (issue 15, defect 2): nobody holding the
plaintext can re-encrypt a bundle to add, drop or swap a reader, or add a non-X25519 stanza."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from bundle_fixtures import Keys, entry_for, forged_manifest, make_case, read, signed_tar, write

import crypto.age_stream as age_stream
from bundles.errors import NotForThisReceiver
from crypto.age_envelope import decrypt_bytes, generate_age_identity
from crypto.age_stream import AgeStreamEncryptor

PERSON = {"name": "Ama Mensah"}
SSH_STANZA = b"-> ssh-ed25519 Zm9vYmFy cXV1eA\nYmF6YmF6YmF6YmF6\n"


def _encrypt(tar: bytes, recipients: Sequence[str], *, extra: bytes = b"") -> bytes:
    """Encrypt like the writer does, optionally adding a raw stanza after the first one
    (the header MAC is computed over it, so the file is valid age)."""
    original = age_stream._stanza
    first = [True]

    def stanza(file_key: bytes, recipient_pk: bytes) -> bytes:
        made = original(file_key, recipient_pk)
        if first[0]:
            first[0] = False
            return made + extra
        return made

    age_stream._stanza = stanza  # type: ignore[assignment]
    try:
        sealer = AgeStreamEncryptor(recipients)
    finally:
        age_stream._stanza = original  # type: ignore[assignment]
    return bytes(sealer.preamble + sealer.update(tar) + sealer.finish())


@pytest.fixture
def tar(keys: Keys, tmp_path: Path) -> Iterator[bytes]:
    written = write(keys, tmp_path / "stick", [make_case(PERSON)])
    yield decrypt_bytes(written.path.read_bytes(), [keys.import_identity])


def _refused(keys: Keys, data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "re-encrypted.age"
    path.write_bytes(data)
    with pytest.raises(NotForThisReceiver):
        read(keys, path, tmp_path / "staging")
    assert not (tmp_path / "staging").exists() or not any((tmp_path / "staging").iterdir())


def test_the_untouched_bundle_reads(keys: Keys, tmp_path: Path) -> None:
    written = write(keys, tmp_path / "stick", [make_case(PERSON)])
    assert read(keys, written.path, tmp_path / "staging").flags == ()


def test_an_extra_reader_in_place_of_the_self_check_key_is_refused(
    keys: Keys, tar: bytes, tmp_path: Path
) -> None:
    # age -r council -r attacker over the same tar: two X25519 stanzas, as many as signed.
    _, attacker = generate_age_identity()
    _refused(keys, _encrypt(tar, [keys.import_recipient, attacker]), tmp_path)


def test_an_added_ssh_stanza_is_refused(keys: Keys, tar: bytes, tmp_path: Path) -> None:
    _, other = generate_age_identity()
    data = _encrypt(tar, [keys.import_recipient, other], extra=SSH_STANZA)
    _refused(keys, data, tmp_path)


def test_the_same_recipients_under_a_new_header_are_refused(
    keys: Keys, tar: bytes, tmp_path: Path
) -> None:
    # Even a header for the right keys is refused if it is not the one that was signed: a
    # fresh header means someone other than the writer encrypted this plaintext.
    _, self_check_stand_in = generate_age_identity()
    _refused(keys, _encrypt(tar, [self_check_stand_in, keys.import_recipient]), tmp_path)


def test_a_format_1_bundle_imports_flagged_but_never_with_a_foreign_stanza(
    keys: Keys, tmp_path: Path
) -> None:
    record_id = "0b7d8c4e-5d1a-4f7e-9a55-2c1e3f4a5b6c"
    data = b'{"case_id": "x"}'
    entry = entry_for(f"r/{record_id}.json", data, "record", record_id, "application/json")
    manifest = forged_manifest(keys, [entry], age_header_sha256=None)
    tar = signed_tar(keys, manifest, [(entry.name, data)], None)
    path = tmp_path / "v1.age"
    path.write_bytes(_encrypt(tar, [keys.import_recipient]))
    result = read(keys, path, tmp_path / "staging")
    assert result.flags == ("header_unbound",)
    result.discard()
    _refused(keys, _encrypt(tar, [keys.import_recipient], extra=SSH_STANZA), tmp_path)
