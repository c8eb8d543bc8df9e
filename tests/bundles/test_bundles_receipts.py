"""Receipts: signed by the council receipt key, strictly parsed, size capped."""

from __future__ import annotations

import json
import uuid

import pytest
from bundle_fixtures import Keys, make_keys

from bundles.errors import ReceiptInvalid
from bundles.receipts import MAX_RECEIPT_BYTES, make_receipt, verify_receipt

RECORDS = [(str(uuid.uuid4()), 1), (str(uuid.uuid4()), 3)]


def _receipt(keys: Keys) -> bytes:
    return make_receipt(
        keys.receipt_sk,
        bundle_id="0" * 31 + "1",
        device_id=keys.device_id,
        device_seq=7,
        manifest_sha256="ab" * 32,
        records=RECORDS,
    )


def test_receipt_round_trip(keys: Keys) -> None:
    receipt = verify_receipt(_receipt(keys), keys.receipt_pk)
    assert receipt.records == tuple(RECORDS)
    assert (receipt.bundle_id, receipt.device_id, receipt.device_seq) == (
        "0" * 31 + "1",
        keys.device_id,
        7,
    )
    assert receipt.created_utc.endswith("Z")


def test_receipt_from_another_key_is_refused(keys: Keys) -> None:
    with pytest.raises(ReceiptInvalid, match="not signed"):
        verify_receipt(_receipt(keys), make_keys().receipt_pk)


def _edited(data: bytes, edit: str) -> bytes:
    outer = json.loads(data)
    if edit == "records":
        outer["receipt"]["records"].append({"record_id": str(uuid.uuid4()), "revision": 1})
    elif edit == "extra":
        outer["receipt"]["note"] = "x"
    elif edit == "duplicate":
        outer["receipt"]["records"].append(outer["receipt"]["records"][0])
    elif edit == "format":
        outer["receipt"]["format"] = "first-contact/receipt/2"
    elif edit == "spaces":
        return json.dumps(outer, sort_keys=True).encode()
    return json.dumps(outer, sort_keys=True, separators=(",", ":")).encode()


@pytest.mark.parametrize("edit", ["records", "extra", "duplicate", "format", "spaces"])
def test_edited_receipts_are_refused(keys: Keys, edit: str) -> None:
    with pytest.raises(ReceiptInvalid):
        verify_receipt(_edited(_receipt(keys), edit), keys.receipt_pk)


def test_oversized_and_garbage_receipts_are_refused(keys: Keys) -> None:
    with pytest.raises(ReceiptInvalid, match="more than"):
        verify_receipt(b" " * (MAX_RECEIPT_BYTES + 1), keys.receipt_pk)
    for junk in (b"", b"[]", b"{", b'{"receipt": 1, "signature": ""}', "é".encode("latin-1")):
        with pytest.raises(ReceiptInvalid):
            verify_receipt(junk, keys.receipt_pk)


def test_make_receipt_refuses_bad_values(keys: Keys) -> None:
    with pytest.raises(ReceiptInvalid):
        make_receipt(
            keys.receipt_sk,
            bundle_id="nope",
            device_id=keys.device_id,
            device_seq=1,
            manifest_sha256="ab" * 32,
            records=RECORDS,
        )
