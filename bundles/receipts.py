"""Council receipts: a signed list of the case revisions received from one bundle."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bundles.entries import MAX_REVISION, SHA256_HEX, UUID
from bundles.errors import ReceiptInvalid, ReceiptUnknownKey
from bundles.manifest import BUNDLE_ID, MAX_ENTRIES, MAX_SEQ, OPAQUE_ID
from crypto.encoding import b64, canonical_json, format_utc, parse_json_object
from crypto.errors import CryptoError
from crypto.signing import DOMAIN_RECEIPT, SIGNATURE_BYTES, sign, verify

RECEIPT_FORMAT = "first-contact/receipt/1"
MAX_RECEIPT_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Receipt:
    """What the council acknowledges: this bundle from this device, these revisions."""

    bundle_id: str
    device_id: str
    device_seq: int
    manifest_sha256: str
    records: tuple[tuple[str, int], ...]
    created_utc: str


def _body(r: Receipt) -> dict[str, object]:
    return {
        "format": RECEIPT_FORMAT,
        "bundle_id": r.bundle_id,
        "device_id": r.device_id,
        "device_seq": r.device_seq,
        "manifest_sha256": r.manifest_sha256,
        "records": [{"record_id": rid, "revision": rev} for rid, rev in r.records],
        "created_utc": r.created_utc,
    }


def _problem(r: Receipt) -> str | None:
    checks = (
        (BUNDLE_ID.match(r.bundle_id), "bundle_id is malformed"),
        (OPAQUE_ID.match(r.device_id), "device_id is malformed"),
        (1 <= r.device_seq <= MAX_SEQ, "device_seq out of range"),
        (SHA256_HEX.match(r.manifest_sha256), "manifest_sha256 is malformed"),
        (len(r.records) <= MAX_ENTRIES, "too many records"),
        (all(UUID.match(rid) for rid, _ in r.records), "a record id is malformed"),
        (all(1 <= rev <= MAX_REVISION for _, rev in r.records), "a revision is out of range"),
        (len(set(r.records)) == len(r.records), "a record revision repeats"),
    )
    return next((problem for ok, problem in checks if not ok), None)


def make_receipt(
    receipt_sk: bytes,
    *,
    bundle_id: str,
    device_id: str,
    device_seq: int,
    manifest_sha256: str,
    records: Sequence[tuple[str, int]],
    now: datetime | None = None,
) -> bytes:
    """Canonical JSON {"receipt": {...}, "signature": base64} signed with the receipt key."""
    receipt = Receipt(
        bundle_id,
        device_id,
        device_seq,
        manifest_sha256,
        tuple((str(rid), int(rev)) for rid, rev in records),
        format_utc(now or datetime.now(UTC)),
    )
    problem = _problem(receipt)
    if problem is not None:
        raise ReceiptInvalid(f"Cannot make a receipt ({problem}).")
    body = _body(receipt)
    signature = sign(receipt_sk, DOMAIN_RECEIPT, canonical_json(body))
    return canonical_json({"receipt": body, "signature": b64(signature)})


class _Shape(CryptoError):
    """Internal: field-reader failures, reported as ReceiptInvalid."""


def _parse(data: bytes) -> tuple[Receipt, bytes]:
    outer = parse_json_object(data, max_bytes=MAX_RECEIPT_BYTES, error=_Shape, what="receipt")
    body = outer.child("receipt")
    body.exact("format", RECEIPT_FORMAT)
    items = body.items("records", max_items=MAX_ENTRIES)
    records = []
    for index, value in enumerate(items):
        item = body.element(value, index, "records")
        records.append(
            (
                item.text("record_id", max_len=64),
                item.integer("revision", minimum=1, maximum=MAX_REVISION),
            )
        )
        item.finish()
    receipt = Receipt(
        bundle_id=body.text("bundle_id", max_len=32),
        device_id=body.text("device_id", max_len=64),
        device_seq=body.integer("device_seq", minimum=1, maximum=MAX_SEQ),
        manifest_sha256=body.text("manifest_sha256", max_len=64),
        records=tuple(records),
        created_utc=body.text("created_utc", max_len=32),
    )
    body.timestamp("created_utc")
    body.finish()
    signature = outer.raw_bytes("signature", length=SIGNATURE_BYTES)
    outer.finish()
    return receipt, signature


def verify_receipt(data: bytes, receipt_pk: bytes, *previous: bytes) -> Receipt:
    """Parse and verify a receipt against the pinned council receipt key (or a previous one
    still accepted after a rotation); ReceiptInvalid for anything oversized, malformed or
    non-canonical, ReceiptUnknownKey when none of those keys signed it."""
    try:
        receipt, signature = _parse(data)
    except _Shape as exc:
        raise ReceiptInvalid(
            f"The receipt is malformed ({exc}); ask council IT for a new one."
        ) from None
    problem = _problem(receipt)
    body = canonical_json(_body(receipt))
    if (
        problem is not None
        or canonical_json({"receipt": _body(receipt), "signature": b64(signature)}) != data
    ):
        raise ReceiptInvalid(
            "The receipt is malformed or not canonical; ask council IT for a new one."
        )
    for key in (receipt_pk, *previous):
        try:
            verify(key, DOMAIN_RECEIPT, body, signature)
        except CryptoError:
            continue
        return receipt
    raise ReceiptUnknownKey(
        "The receipt is not signed by the council receipt key this device trusts; "
        "it was not applied."
    )
