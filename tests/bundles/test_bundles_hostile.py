"""Bundles built by someone else (bad trust, bad tar content, oversized parts) are refused."""

from __future__ import annotations

import tarfile
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from bundle_fixtures import (
    Keys,
    entry_for,
    forge,
    forged_manifest,
    make_keys,
    read,
    tar_of,
)

from bundles.entries import AUDIT, RECORD
from bundles.errors import (
    BadManifestSignature,
    BadWorkerCert,
    BoundsExceeded,
    BundleError,
    ContentMismatch,
    ManifestInvalid,
    NotABundle,
    NotForThisReceiver,
    UnknownDevice,
    UnsafeMember,
    UnsupportedVersion,
)
from bundles.manifest import FORMAT_ID
from crypto.age_envelope import encrypt_bytes, generate_age_identity
from crypto.fingerprints import fingerprint
from crypto.signing import DOMAIN_MANIFEST, certify_worker, sign

RID = str(uuid.uuid4())
RECORD_DATA = b'{"case_id": "x", "name": "Ama Mensah"}'
AUDIT_DATA = b'[{"event": "case_created"}]'
R_NAME, L_NAME = f"r/{RID}.json", f"l/{RID}.json"
R_ENTRY = entry_for(R_NAME, RECORD_DATA, RECORD, RID, "application/json")
L_ENTRY = entry_for(L_NAME, AUDIT_DATA, AUDIT, RID, "application/json")


def _refused(keys: Keys, data: bytes, tmp_path: Path, expected: type[BundleError]) -> str:
    path, staging = tmp_path / "in.age", tmp_path / "staging"
    path.write_bytes(data)
    with pytest.raises(expected) as caught:
        read(keys, path, staging)
    assert not staging.exists() or list(staging.iterdir()) == []
    message = str(caught.value)
    assert "\n" not in message and "Ama" not in message
    return message


def test_a_well_formed_forgery_by_the_real_worker_is_accepted(keys: Keys, tmp_path: Path) -> None:
    # The control for every test below: the forge helper itself makes valid bundles.
    manifest = forged_manifest(keys, [R_ENTRY, L_ENTRY])
    path = tmp_path / "ok.age"
    path.write_bytes(forge(keys, manifest, [(R_NAME, RECORD_DATA), (L_NAME, AUDIT_DATA)]))
    result = read(keys, path, tmp_path / "staging")
    assert [result.read_staged(s) for s in result.staged] == [RECORD_DATA, AUDIT_DATA]


def test_manifest_altered_after_signing(keys: Keys, tmp_path: Path) -> None:
    signed = forged_manifest(keys, [R_ENTRY])
    altered = replace(signed, training=True).to_bytes()
    signature = sign(keys.worker_sk, DOMAIN_MANIFEST, signed.to_bytes())
    tar = tar_of([("manifest.json", altered), ("manifest.sig", signature), (R_NAME, RECORD_DATA)])
    _refused(keys, encrypt_bytes(tar, [keys.import_recipient]), tmp_path, BadManifestSignature)


def test_signature_missing(keys: Keys, tmp_path: Path) -> None:
    tar = tar_of([("manifest.json", forged_manifest(keys, [R_ENTRY]).to_bytes())])
    _refused(keys, encrypt_bytes(tar, [keys.import_recipient]), tmp_path, ManifestInvalid)


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ([(R_NAME, RECORD_DATA), (L_NAME, AUDIT_DATA), ("r/extra.json", b"{}")], ContentMismatch),
        ([(R_NAME, RECORD_DATA)], ContentMismatch),  # missing member
        ([(L_NAME, AUDIT_DATA), (R_NAME, RECORD_DATA)], ContentMismatch),  # wrong order
        ([(R_NAME, RECORD_DATA), (R_NAME, RECORD_DATA)], ContentMismatch),  # duplicate
        ([(R_NAME, RECORD_DATA + b" "), (L_NAME, AUDIT_DATA)], ContentMismatch),  # size
        ([(R_NAME, RECORD_DATA.upper()), (L_NAME, AUDIT_DATA)], ContentMismatch),  # hash
        ([(f"../{R_NAME}", RECORD_DATA), (L_NAME, AUDIT_DATA)], UnsafeMember),
        ([(f"/var/{R_NAME}", RECORD_DATA), (L_NAME, AUDIT_DATA)], UnsafeMember),
        ([(f"r\\..\\..\\{RID}.json", RECORD_DATA), (L_NAME, AUDIT_DATA)], UnsafeMember),
        ([(f"C:{R_NAME}", RECORD_DATA), (L_NAME, AUDIT_DATA)], UnsafeMember),
    ],
    ids=[
        "extra",
        "missing",
        "order",
        "duplicate",
        "size",
        "hash",
        "dotdot",
        "absolute",
        "backslash",
        "drive",
    ],
)
def test_tar_content_must_match_the_signed_manifest(
    keys: Keys, tmp_path: Path, members: list[tuple[str, bytes]], expected: type[BundleError]
) -> None:
    manifest = forged_manifest(keys, [R_ENTRY, L_ENTRY])
    _refused(keys, forge(keys, manifest, members), tmp_path, expected)


@pytest.mark.parametrize(
    "kind", [tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.CHRTYPE, tarfile.DIRTYPE, tarfile.FIFOTYPE]
)
def test_links_devices_and_folders_are_refused(keys: Keys, tmp_path: Path, kind: bytes) -> None:
    link = tarfile.TarInfo(R_NAME)
    link.type = kind
    link.linkname = "/etc/passwd" if kind in (tarfile.SYMTYPE, tarfile.LNKTYPE) else ""
    manifest = forged_manifest(keys, [R_ENTRY, L_ENTRY])
    _refused(keys, forge(keys, manifest, [link, (L_NAME, AUDIT_DATA)]), tmp_path, UnsafeMember)


def test_duplicate_names_in_the_manifest(keys: Keys, tmp_path: Path) -> None:
    manifest = forged_manifest(keys, [R_ENTRY, R_ENTRY])
    members = [(R_NAME, RECORD_DATA), (R_NAME, RECORD_DATA)]
    _refused(keys, forge(keys, manifest, members), tmp_path, ManifestInvalid)


def test_unknown_device_and_swapped_device_key(keys: Keys, tmp_path: Path) -> None:
    stranger = make_keys(device_id="d-ffffffffffffffff")
    bundle = forge(
        stranger,
        forged_manifest(stranger, [R_ENTRY]),
        [(R_NAME, RECORD_DATA)],
        recipients=[keys.import_recipient],
    )
    _refused(keys, bundle, tmp_path, UnknownDevice)
    # Same device id as the enrolled one, but another key: still unknown.
    imposter = make_keys(device_id=keys.device_id)
    bundle = forge(
        imposter,
        forged_manifest(imposter, [R_ENTRY]),
        [(R_NAME, RECORD_DATA)],
        recipients=[keys.import_recipient],
    )
    _refused(keys, bundle, tmp_path, UnknownDevice)


def test_worker_cert_from_another_device(keys: Keys, tmp_path: Path) -> None:
    other = make_keys(device_id=keys.device_id, worker_id=keys.worker_id)
    manifest = forged_manifest(keys, [R_ENTRY], worker_cert=other.worker_cert)
    bundle = forge(keys, manifest, [(R_NAME, RECORD_DATA)], signer=other.worker_sk)
    _refused(keys, bundle, tmp_path, BadWorkerCert)
    # A genuine cert for another worker id than the manifest claims.
    cert = certify_worker(
        keys.device_sk,
        device_id=keys.device_id,
        worker_id="w-someoneelse",
        worker_pk=keys.worker_pk,
        not_before="2025-01-01T00:00:00Z",
    )
    manifest = forged_manifest(keys, [R_ENTRY], worker_cert=cert)
    _refused(keys, forge(keys, manifest, [(R_NAME, RECORD_DATA)]), tmp_path, BadWorkerCert)


def test_signature_by_another_worker(keys: Keys, tmp_path: Path) -> None:
    other = make_keys()
    bundle = forge(
        keys, forged_manifest(keys, [R_ENTRY]), [(R_NAME, RECORD_DATA)], signer=other.worker_sk
    )
    _refused(keys, bundle, tmp_path, BadManifestSignature)


def test_receiver_not_among_signed_recipients(keys: Keys, tmp_path: Path) -> None:
    _, agency = generate_age_identity()
    # Signed for the agency only, then re-encrypted to the council by the agency.
    manifest = forged_manifest(keys, [R_ENTRY], recipients=(fingerprint(agency),))
    _refused(keys, forge(keys, manifest, [(R_NAME, RECORD_DATA)]), tmp_path, NotForThisReceiver)
    # Signed for the council, but someone added an unsigned extra reader to the header.
    manifest = forged_manifest(keys, [R_ENTRY])
    bundle = forge(
        keys, manifest, [(R_NAME, RECORD_DATA)], recipients=[keys.import_recipient, agency]
    )
    _refused(keys, bundle, tmp_path, NotForThisReceiver)


def test_unsupported_schema_and_format(keys: Keys, tmp_path: Path) -> None:
    manifest = forged_manifest(keys, [R_ENTRY], schema_version=99)
    _refused(keys, forge(keys, manifest, [(R_NAME, RECORD_DATA)]), tmp_path, UnsupportedVersion)
    body = forged_manifest(keys, [R_ENTRY]).to_bytes().replace(FORMAT_ID.encode(), b"other/9")
    tar = tar_of(
        [
            ("manifest.json", body),
            ("manifest.sig", sign(keys.worker_sk, DOMAIN_MANIFEST, body)),
            (R_NAME, RECORD_DATA),
        ]
    )
    _refused(keys, encrypt_bytes(tar, [keys.import_recipient]), tmp_path, UnsupportedVersion)


def test_implausible_creation_time(keys: Keys, tmp_path: Path) -> None:
    manifest = forged_manifest(keys, [R_ENTRY], created_utc="2999-01-01T00:00:00Z")
    _refused(keys, forge(keys, manifest, [(R_NAME, RECORD_DATA)]), tmp_path, ManifestInvalid)


def test_oversized_age_headers_are_refused_unread(keys: Keys, tmp_path: Path) -> None:
    stanza = b"-> X25519 " + b"A" * 43 + b"\n" + b"B" * 43 + b"\n"
    many = b"age-encryption.org/v1\n" + stanza * 1000 + b"--- " + b"C" * 43 + b"\n"
    assert "32" in _refused(keys, many + bytes(1000), tmp_path, BoundsExceeded)
    long_body = (
        b"age-encryption.org/v1\n-> X25519 " + b"A" * 43 + b"\n" + (b"B" * 64 + b"\n") * 1100
    )
    _refused(keys, long_body, tmp_path, BoundsExceeded)
    _refused(keys, b"not an age file at all", tmp_path, NotABundle)
    _refused(keys, b"-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n", tmp_path, NotABundle)


def test_oversized_manifest_refused_before_the_payload_is_decrypted(
    keys: Keys, tmp_path: Path
) -> None:
    big = b"{" + b" " * (2 * 1024 * 1024) + b"}"
    bundle = encrypt_bytes(tar_of([("manifest.json", big)]), [keys.import_recipient])
    # Cut the ciphertext after the first chunks: a full decrypt would fail as truncated, so
    # BoundsExceeded proves the refusal came from the first tar header.
    _refused(keys, bundle[: 300 * 1024], tmp_path, BoundsExceeded)


def test_deeply_nested_manifest_json(keys: Keys, tmp_path: Path) -> None:
    nested = b"[" * 200_000 + b"]" * 200_000
    tar = tar_of([("manifest.json", nested), ("manifest.sig", bytes(64))])
    _refused(keys, encrypt_bytes(tar, [keys.import_recipient]), tmp_path, ManifestInvalid)
