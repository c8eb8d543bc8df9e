"""Ed25519 with domain separation, and device-issued worker certificates."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto.errors import BadSignature, CryptoError
from crypto.signing import (
    DOMAIN_MANIFEST,
    DOMAIN_RECEIPT,
    DOMAIN_TRUST,
    DOMAIN_WORKER_CERT,
    certify_worker,
    generate_signing_key,
    public_key_of,
    read_worker_cert,
    sign,
    verify,
    verify_worker_cert,
)

SK, PK = generate_signing_key()
DOMAINS = [DOMAIN_TRUST, DOMAIN_WORKER_CERT, DOMAIN_MANIFEST, DOMAIN_RECEIPT]


def test_domain_constants_are_fixed() -> None:
    assert DOMAINS == [
        b"first-contact/v1/trust-bundle",
        b"first-contact/v1/worker-cert",
        b"first-contact/v1/manifest",
        b"first-contact/v1/receipt",
    ]


def test_fixed_answer_under_our_framing() -> None:
    # RFC 8032 §7.1 test 1 key pair. Ed25519 is deterministic, so this pins the framing
    # "domain NUL message"; an independent raw Ed25519 over the same bytes must agree.
    sk = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    pk = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    expected = bytes.fromhex(
        "647914157d2b63ef29ad5845bd2679cba7dfa23a5b2343baecd9e28a0ba73dea"
        "795af76c0e6d154b14445b606ee55f4654acbadb4894481de1d10e4fa5d7f405"
    )
    assert public_key_of(sk) == pk
    assert sign(sk, DOMAIN_MANIFEST, b"abc") == expected
    raw = Ed25519PrivateKey.from_private_bytes(sk).sign(DOMAIN_MANIFEST + b"\x00abc")
    assert raw == expected
    verify(pk, DOMAIN_MANIFEST, b"abc", expected)


def test_sign_and_verify() -> None:
    signature = sign(SK, DOMAIN_MANIFEST, b"manifest bytes")
    assert len(signature) == 64
    verify(PK, DOMAIN_MANIFEST, b"manifest bytes", signature)


@pytest.mark.parametrize("signed_in", DOMAINS)
def test_signature_does_not_transfer_between_domains(signed_in: bytes) -> None:
    signature = sign(SK, signed_in, b"same message")
    for other in DOMAINS:
        if other == signed_in:
            verify(PK, other, b"same message", signature)
        else:
            with pytest.raises(BadSignature):
                verify(PK, other, b"same message", signature)


def test_framing_prevents_boundary_shifts() -> None:
    signature = sign(SK, b"first-contact/v1/a", b"bc")
    with pytest.raises(BadSignature):
        verify(PK, b"first-contact/v1/ab", b"c", signature)


def test_domain_must_not_contain_nul() -> None:
    with pytest.raises(ValueError, match="NUL"):
        sign(SK, b"bad\x00domain", b"m")


def test_wrong_key_and_bad_lengths() -> None:
    _, other_pk = generate_signing_key()
    signature = sign(SK, DOMAIN_RECEIPT, b"m")
    with pytest.raises(BadSignature):
        verify(other_pk, DOMAIN_RECEIPT, b"m", signature)
    with pytest.raises(BadSignature):
        verify(PK[:31], DOMAIN_RECEIPT, b"m", signature)
    with pytest.raises(BadSignature):
        verify(PK, DOMAIN_RECEIPT, b"m", signature[:63])
    with pytest.raises(CryptoError):
        sign(b"short", DOMAIN_RECEIPT, b"m")


@settings(max_examples=50, deadline=None)
@given(message=st.binary(max_size=200), bit=st.integers(min_value=0))
def test_any_single_bit_flip_breaks_the_signature(message: bytes, bit: int) -> None:
    signature = sign(SK, DOMAIN_MANIFEST, message)
    framed = bytearray(message + signature)
    position = bit % (len(framed) * 8)
    framed[position // 8] ^= 1 << (position % 8)
    with pytest.raises(BadSignature):
        verify(PK, DOMAIN_MANIFEST, bytes(framed[: len(message)]), bytes(framed[len(message) :]))


DEVICE_SK, DEVICE_PK = generate_signing_key()
WORKER_SK, WORKER_PK = generate_signing_key()


def _cert() -> bytes:
    return certify_worker(
        DEVICE_SK,
        device_id="device-7",
        worker_id="worker-1",
        worker_pk=WORKER_PK,
        not_before="2025-03-01T09:00:00Z",
    )


def test_worker_cert_round_trip() -> None:
    cert = _cert()
    assert verify_worker_cert(DEVICE_PK, cert) == ("worker-1", WORKER_PK)
    parsed = read_worker_cert(DEVICE_PK, cert)
    assert (parsed.device_id, parsed.not_before) == ("device-7", "2025-03-01T09:00:00Z")
    assert json.loads(cert)["cert"]["worker_id"] == "worker-1"
    assert b" " not in cert  # canonical: no spaces


def test_worker_cert_from_another_device_is_refused() -> None:
    other_sk, _ = generate_signing_key()
    forged = certify_worker(
        other_sk,
        device_id="device-7",
        worker_id="worker-1",
        worker_pk=WORKER_PK,
        not_before="2025-03-01T09:00:00Z",
    )
    with pytest.raises(BadSignature):
        verify_worker_cert(DEVICE_PK, forged)


@pytest.mark.parametrize(
    "edit",
    [
        lambda c: c["cert"].update(worker_id="worker-2"),
        lambda c: c["cert"].update(device_id="device-8"),
        lambda c: c["cert"].update(not_before="2020-01-01T00:00:00Z"),
        lambda c: c["cert"].update(extra="x"),
        lambda c: c.update(signature="AAAA"),
        lambda c: c.pop("cert"),
    ],
    ids=["worker", "device", "time", "extra", "short-sig", "missing"],
)
def test_edited_worker_cert_is_refused(edit: object) -> None:
    document = json.loads(_cert())
    edit(document)  # type: ignore[operator]
    with pytest.raises(BadSignature):
        verify_worker_cert(DEVICE_PK, json.dumps(document).encode())


def test_every_byte_flip_of_a_worker_cert_is_refused() -> None:
    cert = _cert()
    for position in range(len(cert)):
        flipped = bytearray(cert)
        flipped[position] ^= 0x01
        with pytest.raises(BadSignature):
            verify_worker_cert(DEVICE_PK, bytes(flipped))
