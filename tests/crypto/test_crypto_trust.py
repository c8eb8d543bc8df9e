"""Trust bundles: valid, tampered, wrong root, expired, outdated, conflicting, oversized."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from crypto.age_envelope import generate_age_identity
from crypto.council import CouncilKeys, generate_council_keys
from crypto.errors import (
    BadSignature,
    TrustBundleError,
    TrustBundleExpired,
    TrustBundleOutdated,
    TrustBundleSignatureError,
)
from crypto.fingerprints import fingerprint
from crypto.signing import DOMAIN_MANIFEST, sign
from crypto.trust import (
    MAX_TRUST_BYTES,
    TrustBundle,
    make_trust_bundle,
    sign_trust_bundle,
    trust_bundle_fingerprints,
    verify_trust_bundle,
)

ISSUED = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
EXPIRES = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def _bundle(
    keys: CouncilKeys,
    version: int = 3,
    *,
    import_recipients: Sequence[str] | None = None,
    second_agency_recipient: str | None = None,
) -> bytes:
    return make_trust_bundle(
        keys,
        council_name="Northshire County Council",
        version=version,
        expires=EXPIRES,
        issued=ISSUED,
        import_recipients=import_recipients,
        second_agency_recipient=second_agency_recipient,
    )


def test_valid_bundle(council: CouncilKeys) -> None:
    bundle = verify_trust_bundle(_bundle(council), now=NOW)
    assert bundle.version == 3
    assert bundle.council_name == "Northshire County Council"
    assert bundle.root_pk == council.public.root_pk
    assert bundle.import_recipients == (council.public.import_recipient,)
    assert bundle.second_agency_recipient is None
    assert (bundle.recovery_pk, bundle.receipt_pk) == (
        council.public.recovery_pk,
        council.public.receipt_pk,
    )
    assert (bundle.issued, bundle.expires) == ("2025-01-10T09:00:00Z", "2026-01-10T09:00:00Z")
    pinned = verify_trust_bundle(
        _bundle(council), now=NOW, pinned_root_pk=council.public.root_pk, pinned_version=3
    )
    assert pinned == bundle


def test_fingerprints_for_read_back(council: CouncilKeys) -> None:
    _, agency = generate_age_identity()
    bundle = verify_trust_bundle(_bundle(council, second_agency_recipient=agency), now=NOW)
    assert trust_bundle_fingerprints(bundle) == {
        "root": fingerprint(council.public.root_pk),
        "import-1": fingerprint(council.public.import_recipient),
        "second-agency": fingerprint(agency),
        "recovery": fingerprint(council.public.recovery_pk),
        "receipt": fingerprint(council.public.receipt_pk),
    }


def test_every_byte_flip_is_refused(council: CouncilKeys) -> None:
    data = _bundle(council)
    for position in range(len(data)):
        flipped = bytearray(data)
        flipped[position] ^= 0x01
        with pytest.raises(TrustBundleError):
            verify_trust_bundle(bytes(flipped), now=NOW)


def test_edited_content_is_a_bad_signature(council: CouncilKeys) -> None:
    _, attacker_recipient = generate_age_identity()
    document = json.loads(_bundle(council))
    document["bundle"]["import_recipients"] = [attacker_recipient]
    with pytest.raises(BadSignature, match="altered"):
        verify_trust_bundle(json.dumps(document).encode(), now=NOW)


def test_other_root_is_refused_when_pinned(council: CouncilKeys) -> None:
    impostor = generate_council_keys()
    with pytest.raises(TrustBundleSignatureError, match="pinned") as caught:
        verify_trust_bundle(_bundle(impostor), now=NOW, pinned_root_pk=council.public.root_pk)
    assert isinstance(caught.value, BadSignature)
    assert fingerprint(council.public.root_pk) in str(caught.value)


def test_signature_by_another_key_over_same_body_is_refused(council: CouncilKeys) -> None:
    impostor = generate_council_keys()
    document = json.loads(_bundle(council))
    forged = sign(impostor.root_sk, b"first-contact/v1/trust-bundle", b"anything")
    document["signature"] = base64.b64encode(forged).decode()
    with pytest.raises(BadSignature):
        verify_trust_bundle(json.dumps(document).encode(), now=NOW)


def test_signature_from_another_domain_is_refused(council: CouncilKeys) -> None:
    document = json.loads(_bundle(council))
    body = json.dumps(document["bundle"], sort_keys=True, separators=(",", ":")).encode()
    wrong_domain = sign(council.root_sk, DOMAIN_MANIFEST, body)
    document["signature"] = base64.b64encode(wrong_domain).decode()
    with pytest.raises(BadSignature):
        verify_trust_bundle(json.dumps(document).encode(), now=NOW)


def test_expired(council: CouncilKeys) -> None:
    with pytest.raises(TrustBundleExpired, match="expired"):
        verify_trust_bundle(_bundle(council), now=EXPIRES)
    verify_trust_bundle(_bundle(council), now=EXPIRES - timedelta(seconds=1))


def test_outdated_and_conflicting_versions(council: CouncilKeys) -> None:
    current = verify_trust_bundle(_bundle(council, version=5), now=NOW)
    with pytest.raises(TrustBundleOutdated, match="older"):
        verify_trust_bundle(_bundle(council, version=4), now=NOW, pinned_version=5)
    with pytest.raises(TrustBundleOutdated, match="older"):
        verify_trust_bundle(_bundle(council, version=4), now=NOW, pinned=current)
    # Re-verifying the identical pinned bundle is fine; a newer one is accepted.
    assert verify_trust_bundle(_bundle(council, version=5), now=NOW, pinned=current) == current
    assert verify_trust_bundle(_bundle(council, version=6), now=NOW, pinned=current).version == 6
    _, other = generate_age_identity()
    conflicting = _bundle(council, version=5, import_recipients=[other])
    with pytest.raises(TrustBundleOutdated, match="reuses version"):
        verify_trust_bundle(conflicting, now=NOW, pinned=current)


def test_oversized_is_refused_before_parsing(council: CouncilKeys) -> None:
    data = _bundle(council)
    padded = data[:-1] + b" " * (MAX_TRUST_BYTES - len(data) + 1) + b"}"
    with pytest.raises(TrustBundleError, match="more than"):
        verify_trust_bundle(padded, now=NOW)
    with pytest.raises(TrustBundleError):
        verify_trust_bundle(b"[" * (MAX_TRUST_BYTES - 1), now=NOW)


@pytest.mark.parametrize(
    "edit",
    [
        lambda b: b.update(format="first-contact/trust-bundle/2"),
        lambda b: b.update(version=0),
        lambda b: b.update(version="3"),
        lambda b: b.update(import_recipients=[]),
        lambda b: b.update(import_recipients=["age1bad"]),
        lambda b: b.update(import_recipients=b["import_recipients"] * 2),
        lambda b: b.update(second_agency_recipient="nope"),
        lambda b: b.update(expires=b["issued"]),
        lambda b: b.update(expires="2026-01-10"),
        lambda b: b.update(root_pk="AAAA"),
        lambda b: b.update(council_name=""),
        lambda b: b.update(extra=1),
        lambda b: b.pop("receipt_pk"),
    ],
)
def test_malformed_bodies_are_refused_even_if_signed(council: CouncilKeys, edit: object) -> None:
    document = json.loads(_bundle(council))
    edit(document["bundle"])  # type: ignore[operator]
    body = json.dumps(
        document["bundle"], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()
    signature = sign(council.root_sk, b"first-contact/v1/trust-bundle", body)
    document["signature"] = base64.b64encode(signature).decode()
    with pytest.raises(TrustBundleError):
        verify_trust_bundle(json.dumps(document).encode(), now=NOW)


def test_signing_refuses_wrong_root_and_unencodable_bundles(council: CouncilKeys) -> None:
    bundle = verify_trust_bundle(_bundle(council), now=NOW)
    impostor = generate_council_keys()
    with pytest.raises(TrustBundleError, match="does not match"):
        sign_trust_bundle(impostor.root_sk, bundle)
    with pytest.raises(TrustBundleError):
        sign_trust_bundle(council.root_sk, replace(bundle, import_recipients=("bad",)))
    resigned = sign_trust_bundle(council.root_sk, bundle)
    assert verify_trust_bundle(resigned, now=NOW) == bundle


def test_naive_now_is_a_programming_error(council: CouncilKeys) -> None:
    with pytest.raises(ValueError, match="timezone"):
        verify_trust_bundle(_bundle(council), now=datetime(2025, 6, 1))


def test_bundle_type_is_frozen(council: CouncilKeys) -> None:
    bundle = verify_trust_bundle(_bundle(council), now=NOW)
    assert isinstance(bundle, TrustBundle)
    with pytest.raises(AttributeError):
        bundle.version = 9  # type: ignore[misc]


def test_previous_receipt_keys_are_optional_signed_and_dated(council: CouncilKeys) -> None:
    plain = _bundle(council)
    assert b"previous_receipt_keys" not in plain  # bytes unchanged when there are none
    bundle = verify_trust_bundle(plain, now=NOW)
    assert bundle.previous_receipts is None and bundle.receipt_keys_at(NOW) == (
        council.public.receipt_pk,
    )
    old_pk = generate_council_keys().public.receipt_pk
    rotated = replace(bundle, previous_receipts=((old_pk, "2025-07-01T00:00:00Z"),), version=4)
    raw = sign_trust_bundle(council.root_sk, rotated)
    back = verify_trust_bundle(raw, now=NOW)
    assert back == rotated
    assert back.receipt_keys_at(NOW) == (council.public.receipt_pk, old_pk)
    assert back.receipt_keys_at(datetime(2025, 7, 1, tzinfo=UTC)) == (council.public.receipt_pk,)


@pytest.mark.parametrize(
    "previous",
    [
        [],
        "x",
        [{"receipt_pk": "AAAA", "accepted_until": "2025-07-01T00:00:00Z"}],
        [{"receipt_pk": None, "accepted_until": "2025-07-01T00:00:00Z"}],
        [{"accepted_until": "2025-07-01T00:00:00Z"}],
        ["current", "current"],
        ["current"],
        [{"pk": "same", "accepted_until": "2025-07-01", "extra": 1}],
    ],
)
def test_malformed_previous_receipt_keys_are_refused(
    council: CouncilKeys, previous: object
) -> None:
    document = json.loads(_bundle(council))
    good = {
        "receipt_pk": base64.b64encode(generate_council_keys().public.receipt_pk).decode(),
        "accepted_until": "2025-07-01T00:00:00Z",
    }
    current = {**good, "receipt_pk": document["bundle"]["receipt_pk"]}
    if isinstance(previous, list) and previous and previous[0] == "current":
        previous = [current] if len(previous) == 1 else [good, good]
    document["bundle"]["previous_receipt_keys"] = previous
    body = json.dumps(
        document["bundle"], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()
    signature = sign(council.root_sk, b"first-contact/v1/trust-bundle", body)
    document["signature"] = base64.b64encode(signature).decode()
    with pytest.raises(TrustBundleError):
        verify_trust_bundle(json.dumps(document).encode(), now=NOW)
