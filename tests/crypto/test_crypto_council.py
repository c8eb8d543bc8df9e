"""Council key files (passphrase-protected, 0600, no overwrite) and age interoperability."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pyrage
import pytest

from crypto.age_envelope import (
    check_recipient,
    decrypt_bytes,
    decrypt_stream,
    encrypt_bytes,
    encrypt_stream,
    generate_age_identity,
    recipient_of,
)
from crypto.council import (
    ROLES,
    CouncilKeys,
    CouncilPublicKeys,
    export_age_identity,
    load_council_private,
    load_council_public,
    write_council_keys,
)
from crypto.errors import AgeError, KeyFileError, WeakKdfParameters, WrongPassphrase
from crypto.kdf import FLOOR_KDF, KdfParams

PASSPHRASE = "granite willow comet paddle juniper"


@pytest.fixture(scope="module")
def key_dir(council: CouncilKeys, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("council") / "keys"
    write_council_keys(directory, council, PASSPHRASE, params=FLOOR_KDF)
    return directory


def test_files_written_private(key_dir: Path) -> None:
    names = sorted(p.name for p in key_dir.iterdir())
    assert names == sorted([f"{role}.key.json" for role in ROLES] + ["public.json"])
    for path in key_dir.iterdir():
        assert path.stat().st_mode & 0o777 == 0o600
    assert key_dir.stat().st_mode & 0o777 == 0o700


def test_private_keys_round_trip(key_dir: Path, council: CouncilKeys) -> None:
    assert load_council_private(key_dir, "root", PASSPHRASE) == council.root_sk
    assert load_council_private(key_dir, "recovery", PASSPHRASE) == council.recovery_sk
    assert load_council_private(key_dir, "receipt", PASSPHRASE) == council.receipt_sk
    assert load_council_public(key_dir) == council.public


def test_no_private_key_is_stored_in_plain(key_dir: Path, council: CouncilKeys) -> None:
    everything = b"".join(p.read_bytes() for p in key_dir.iterdir())
    assert council.import_identity.encode() not in everything
    assert council.root_sk not in everything
    assert council.root_sk.hex().encode() not in everything
    assert "AGE-SECRET-KEY" not in repr(council)


def test_wrong_passphrase(key_dir: Path) -> None:
    with pytest.raises(WrongPassphrase, match="root"):
        load_council_private(key_dir, "root", PASSPHRASE + "x")


def test_key_file_cannot_stand_in_for_another_role(key_dir: Path, tmp_path: Path) -> None:
    swapped = tmp_path / "swapped"
    shutil.copytree(key_dir, swapped)
    (swapped / "receipt.key.json").write_bytes((key_dir / "root.key.json").read_bytes())
    with pytest.raises(KeyFileError, match="role"):
        load_council_private(swapped, "receipt", PASSPHRASE)
    # Even with the role label edited to match, the AAD binds the role.
    document = json.loads((key_dir / "root.key.json").read_bytes())
    document["role"] = "receipt"
    (swapped / "receipt.key.json").write_text(json.dumps(document))
    with pytest.raises(WrongPassphrase):
        load_council_private(swapped, "receipt", PASSPHRASE)


def test_weakened_key_file_is_refused(key_dir: Path, tmp_path: Path) -> None:
    shutil.copytree(key_dir, tmp_path / "weak")
    path = tmp_path / "weak" / "root.key.json"
    document = json.loads(path.read_bytes())
    document["kdf"]["m"] = 1024
    path.write_text(json.dumps(document))
    with pytest.raises(WeakKdfParameters):
        load_council_private(tmp_path / "weak", "root", PASSPHRASE)


def test_refuses_to_overwrite_and_unknown_roles(key_dir: Path, council: CouncilKeys) -> None:
    with pytest.raises(KeyFileError, match="already holds"):
        write_council_keys(key_dir, council, PASSPHRASE, params=FLOOR_KDF)
    with pytest.raises(KeyFileError, match="Unknown council key role"):
        load_council_private(key_dir, "admin", PASSPHRASE)
    with pytest.raises(KeyFileError, match="could not be read"):
        load_council_private(key_dir.parent / "nowhere", "root", PASSPHRASE)


def test_empty_passphrase_and_weak_params_are_refused(council: CouncilKeys, tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="empty passphrase"):
        write_council_keys(tmp_path / "a", council, "", params=FLOOR_KDF)
    with pytest.raises(WeakKdfParameters):
        write_council_keys(tmp_path / "b", council, PASSPHRASE, params=KdfParams(1024, 1, 1))


def test_mismatched_key_set_is_refused(council: CouncilKeys) -> None:
    public = CouncilPublicKeys(
        council.public.receipt_pk,  # wrong on purpose
        council.public.import_recipient,
        council.public.recovery_pk,
        council.public.receipt_pk,
    )
    with pytest.raises(KeyFileError, match="do not match"):
        CouncilKeys(
            root_sk=council.root_sk,
            import_identity=council.import_identity,
            recovery_sk=council.recovery_sk,
            receipt_sk=council.receipt_sk,
            public=public,
        )


def test_tampered_public_file_is_refused(key_dir: Path, tmp_path: Path) -> None:
    shutil.copytree(key_dir, tmp_path / "pub")
    path = tmp_path / "pub" / "public.json"
    document = json.loads(path.read_bytes())
    document["import_recipient"] = "age1notarecipient"
    path.write_text(json.dumps(document))
    with pytest.raises(KeyFileError, match="import recipient"):
        load_council_public(tmp_path / "pub")


def test_exported_age_identity_works_with_pyrage(key_dir: Path, council: CouncilKeys) -> None:
    exported = export_age_identity(key_dir, PASSPHRASE)
    assert exported.startswith("AGE-SECRET-KEY-1")
    identity = pyrage.x25519.Identity.from_str(exported)
    assert str(identity.to_public()) == council.public.import_recipient
    recipient = pyrage.x25519.Recipient.from_str(council.public.import_recipient)
    sealed = pyrage.encrypt(b"case bundle", [recipient])
    assert pyrage.decrypt(sealed, [identity]) == b"case bundle"


@pytest.mark.skipif(shutil.which("age") is None, reason="the age CLI is not installed")
def test_exported_identity_decrypts_with_the_age_cli(
    key_dir: Path, council: CouncilKeys, tmp_path: Path
) -> None:
    identity_file = tmp_path / "council.key"
    identity_file.write_text(export_age_identity(key_dir, PASSPHRASE) + "\n")
    identity_file.chmod(0o600)
    sealed = encrypt_bytes(b"interop", [council.public.import_recipient])
    result = subprocess.run(
        ["age", "-d", "-i", str(identity_file)], input=sealed, capture_output=True, check=True
    )
    assert result.stdout == b"interop"


def test_age_streams_round_trip_and_refuse_strangers() -> None:
    identity, recipient = generate_age_identity()
    agency_identity, agency = generate_age_identity()
    stranger, _ = generate_age_identity()
    assert recipient_of(identity) == recipient
    payload = bytes(range(256)) * 1024
    sealed = io.BytesIO()
    encrypt_stream(io.BytesIO(payload), sealed, [recipient, agency])
    for reader in (identity, agency_identity):
        out = io.BytesIO()
        decrypt_stream(io.BytesIO(sealed.getvalue()), out, [reader])
        assert out.getvalue() == payload
    with pytest.raises(AgeError):
        decrypt_stream(io.BytesIO(sealed.getvalue()), io.BytesIO(), [stranger])
    damaged = bytearray(sealed.getvalue())
    damaged[-1] ^= 1
    with pytest.raises(AgeError):
        decrypt_bytes(bytes(damaged), [identity])


def test_bad_recipients_and_identities_are_typed_errors() -> None:
    _, recipient = generate_age_identity()
    for bad in ("", "age1xyz", recipient.upper(), "x" * 500):
        with pytest.raises(AgeError):
            check_recipient(bad)
    with pytest.raises(AgeError):
        encrypt_bytes(b"x", [])
    with pytest.raises(AgeError):
        recipient_of("AGE-SECRET-KEY-1NOTAKEY")
