"""The strict JSON reader and every crypto reader built on it: hostile input raises only the
reader's own error (issue 15, defect 1: a lone surrogate escaped as UnicodeEncodeError)."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from crypto_fixtures import Enrolled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crypto.council import (
    ROLES,
    CouncilKeys,
    _key_path,
    _public_document,
    load_council_private,
    load_council_public,
    write_council_keys,
)
from crypto.errors import (
    BadSignature,
    KeyFileError,
    KeystoreCorrupt,
    TrustBundleError,
    WeakKdfParameters,
    WrongPassphrase,
)
from crypto.kdf import FLOOR_KDF
from crypto.keystore import keystore_bytes, parse_keystore
from crypto.signing import certify_worker, generate_signing_key, read_worker_cert
from crypto.strict_json import strict_json_value
from crypto.trust import make_trust_bundle, verify_trust_bundle
from tests.conftest import budget
from tests.hostile_json import hostile

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
ISSUED = datetime(2025, 1, 1, tzinfo=UTC)
EXPIRES = datetime(2030, 1, 1, tzinfo=UTC)
DEVICE_SK, DEVICE_PK = generate_signing_key()
_, WORKER_PK = generate_signing_key()
CERT = certify_worker(
    DEVICE_SK, device_id="d-1", worker_id="w-1", worker_pk=WORKER_PK, not_before="2025-01-01"
)
SETTINGS = settings(
    max_examples=60 * budget(),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class _Own(BadSignature):
    """The error type the tests hand the strict reader."""


@pytest.mark.parametrize(
    "text",
    [
        b'{"a":"\\ud800"}',
        b'{"\\udfff":1}',
        b'{"a":1,"a":1}',
        b'{"a":NaN}',
        b'{"a":Infinity}',
        b'{"a":1e999}',
        b'{"a":' + b"1" * 5000 + b"}",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":"\xed\xa0\x80"}',
        b"\xff",
        b'{"a":',
        b"",
    ],
)
def test_the_strict_reader_refuses_with_its_own_error(text: bytes) -> None:
    with pytest.raises(_Own):
        strict_json_value(text, max_bytes=1 << 20, error=_Own, what="test")


def test_the_strict_reader_keeps_ordinary_json() -> None:
    value = strict_json_value(
        '{"a":[1,-2,0.5,"é ✓ 😀",null,true],"b":{"c":"[{"}}'.encode(),
        max_bytes=100,
        error=_Own,
        what="t",
    )
    assert value == {"a": [1, -2, 0.5, "é ✓ 😀", None, True], "b": {"c": "[{"}}


def test_a_worker_certificate_with_a_lone_surrogate_is_a_bad_signature() -> None:
    # Defect 1 as reported: the cert was re-encoded for its signature check and crashed.
    forged = CERT.replace(b'"device_id":"d-1"', b'"device_id":"\\ud800"')
    with pytest.raises(BadSignature):
        read_worker_cert(DEVICE_PK, forged)


def test_a_trust_bundle_whose_council_name_is_a_lone_surrogate_is_refused(
    council: CouncilKeys,
) -> None:
    valid = make_trust_bundle(
        council, council_name="Northshire", version=1, issued=ISSUED, expires=EXPIRES
    )
    forged = valid.replace(b'"council_name":"Northshire"', b'"council_name":"\\ud800"')
    with pytest.raises(TrustBundleError):
        verify_trust_bundle(forged, now=NOW)


@SETTINGS
@given(data=st.data())
def test_worker_certificate_reader_raises_only_its_own_error(data: st.DataObject) -> None:
    forged = data.draw(hostile(CERT))
    with contextlib.suppress(BadSignature):
        read_worker_cert(DEVICE_PK, forged)


@SETTINGS
@given(data=st.data())
def test_trust_bundle_reader_raises_only_its_own_error(
    council: CouncilKeys, data: st.DataObject
) -> None:
    valid = make_trust_bundle(
        council, council_name="Northshire", version=1, issued=ISSUED, expires=EXPIRES
    )
    with contextlib.suppress(TrustBundleError):
        verify_trust_bundle(data.draw(hostile(valid)), now=NOW)


@SETTINGS
@given(data=st.data())
def test_keystore_reader_raises_only_its_own_error(enrolled: Enrolled, data: st.DataObject) -> None:
    with contextlib.suppress(KeystoreCorrupt):
        parse_keystore(data.draw(hostile(keystore_bytes(enrolled.keystore))))


@SETTINGS
@given(data=st.data())
def test_council_public_key_reader_raises_only_its_own_error(
    council: CouncilKeys, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    folder: Path = tmp_path_factory.mktemp("keys")
    (folder / "public.json").write_bytes(data.draw(hostile(_public_document(council.public))))
    with contextlib.suppress(KeyFileError):
        load_council_public(folder)


@pytest.fixture(scope="module")
def council_key_files(tmp_path_factory: pytest.TempPathFactory, council: CouncilKeys) -> Path:
    folder: Path = tmp_path_factory.mktemp("council-keys")
    write_council_keys(folder / "keys", council, "a passphrase", params=FLOOR_KDF)
    return folder / "keys"


@settings(
    max_examples=25 * budget(),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), role=st.sampled_from(ROLES))
def test_council_private_key_reader_raises_only_its_own_errors(
    council_key_files: Path,
    tmp_path_factory: pytest.TempPathFactory,
    data: st.DataObject,
    role: str,
) -> None:
    # The private key files that receive, reissue-receipt, accept-late and age-identity read
    # from the --keys folder: a damaged or crafted one ends in KeyFileError (or, if it still
    # parses, a wrong passphrase or refused KDF parameters), never in anything else.
    folder: Path = tmp_path_factory.mktemp("keys")
    valid = _key_path(council_key_files, role).read_bytes()
    _key_path(folder, role).write_bytes(data.draw(hostile(valid)))
    with contextlib.suppress(KeyFileError, WrongPassphrase, WeakKdfParameters):
        load_council_private(folder, role, "a passphrase")


def test_the_council_private_key_files_used_above_open(
    council_key_files: Path, council: CouncilKeys
) -> None:
    assert load_council_private(council_key_files, "import", "a passphrase") == (
        council.import_identity
    )
    assert load_council_private(council_key_files, "receipt", "a passphrase") == (
        council.receipt_sk
    )
