"""Council trust bundles: signed by the offline root key, pinned on devices, updated upward."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from crypto.age_envelope import check_recipient
from crypto.council import CouncilKeys
from crypto.encoding import FieldReader, b64, canonical_json, format_utc, parse_json_object
from crypto.errors import (
    BadSignature,
    CryptoError,
    TrustBundleError,
    TrustBundleExpired,
    TrustBundleOutdated,
    TrustBundleSignatureError,
)
from crypto.fingerprints import fingerprint
from crypto.signing import (
    DOMAIN_ROOT_ROTATION,
    DOMAIN_TRUST,
    KEY_BYTES,
    SIGNATURE_BYTES,
    public_key_of,
    sign,
    verify,
)

TRUST_FORMAT = "first-contact/trust-bundle/1"
MAX_TRUST_BYTES = 64 * 1024
MAX_IMPORT_RECIPIENTS = 8
MAX_VERSION = 2**53


@dataclass(frozen=True)
class TrustBundle:
    """The council keys a device trusts; times are 'YYYY-MM-DDTHH:MM:SSZ' strings."""

    version: int
    council_name: str
    root_pk: bytes
    import_recipients: tuple[str, ...]
    second_agency_recipient: str | None
    recovery_pk: bytes
    receipt_pk: bytes
    issued: str
    expires: str
    # The import keys' labels as council IT names them ("import-2"), one per recipient. Absent
    # (None) in bundles from before rotation, and left out of the signed body then, so those
    # bundles are byte for byte what they were; `import_labels()` numbers them import-1….
    labels: tuple[str, ...] | None = None
    # Receipt keys from before a receipt-key rotation, still believed until their date:
    # (receipt_pk, "accepted_until"). Absent (None) unless a rotation listed some, and then left
    # out of the signed body, so older bundles keep their bytes.
    previous_receipts: tuple[tuple[bytes, str], ...] | None = None

    def receipt_keys_at(self, now: datetime) -> tuple[bytes, ...]:
        """The receipt keys a receipt may be signed with at `now`: current first."""
        held = [
            pk
            for pk, until in self.previous_receipts or ()
            if now.astimezone(UTC) < datetime.fromisoformat(until.replace("Z", "+00:00"))
        ]
        return (self.receipt_pk, *held)

    def import_labels(self) -> tuple[str, ...]:
        """One label per import recipient, as council IT's `import-keys.json` names them."""
        if self.labels is not None:
            return self.labels
        return tuple(f"import-{n}" for n in range(1, len(self.import_recipients) + 1))


_IMPORT_LABEL = re.compile(r"^import-[1-9][0-9]{0,5}$")


def _body(bundle: TrustBundle) -> dict[str, object]:
    labelled: dict[str, object] = (
        {} if bundle.labels is None else {"import_labels": list(bundle.labels)}
    )
    if bundle.previous_receipts is not None:
        labelled["previous_receipt_keys"] = [
            {"receipt_pk": b64(pk), "accepted_until": until}
            for pk, until in bundle.previous_receipts
        ]
    return {
        **labelled,
        "format": TRUST_FORMAT,
        "version": bundle.version,
        "council_name": bundle.council_name,
        "root_pk": b64(bundle.root_pk),
        "import_recipients": list(bundle.import_recipients),
        "second_agency_recipient": bundle.second_agency_recipient,
        "recovery_pk": b64(bundle.recovery_pk),
        "receipt_pk": b64(bundle.receipt_pk),
        "issued": bundle.issued,
        "expires": bundle.expires,
    }


def sign_trust_bundle(root_sk: bytes, bundle: TrustBundle) -> bytes:
    """The bundle file: canonical JSON {"bundle": {...}, "signature": base64} signed by root_sk."""
    if public_key_of(root_sk) != bundle.root_pk:
        raise TrustBundleError("The root private key does not match the bundle's root_pk.")
    # Round-trip through the parser so we never sign something verify would refuse.
    body = canonical_json(_body(bundle))
    reader = parse_json_object(
        body, max_bytes=MAX_TRUST_BYTES, error=TrustBundleError, what="bundle"
    )
    if _read_body(reader) != bundle:
        raise TrustBundleError("The trust bundle does not survive encoding; check its fields.")
    signature = sign(root_sk, DOMAIN_TRUST, body)
    return canonical_json({"bundle": _body(bundle), "signature": b64(signature)})


def cross_signed_trust_bundle(old_root_sk: bytes, new_root_sk: bytes, bundle: TrustBundle) -> bytes:
    """A bundle naming a new root: signed by the new root as usual, plus "cross_signature" by
    the old root over the same body, so laptops that pin the old root accept the new one."""
    if public_key_of(old_root_sk) == bundle.root_pk:
        raise TrustBundleError("A root rotation must name a new root key.")
    signed = sign_trust_bundle(new_root_sk, bundle)
    top = parse_json_object(signed, max_bytes=MAX_TRUST_BYTES, error=TrustBundleError, what="x")
    body = canonical_json(_body(bundle))
    return canonical_json(
        {
            "bundle": _body(bundle),
            "signature": b64(top.raw_bytes("signature", length=SIGNATURE_BYTES)),
            "cross_signature": b64(sign(old_root_sk, DOMAIN_ROOT_ROTATION, body)),
        }
    )


def make_trust_bundle(
    keys: CouncilKeys,
    *,
    council_name: str,
    version: int,
    expires: datetime,
    issued: datetime | None = None,
    import_recipients: Sequence[str] | None = None,
    second_agency_recipient: str | None = None,
) -> bytes:
    """A signed trust bundle for this council key set (import recipient defaults to its own)."""
    public = keys.public
    bundle = TrustBundle(
        version=version,
        council_name=council_name,
        root_pk=public.root_pk,
        import_recipients=tuple(import_recipients or (public.import_recipient,)),
        second_agency_recipient=second_agency_recipient,
        recovery_pk=public.recovery_pk,
        receipt_pk=public.receipt_pk,
        issued=format_utc(issued or datetime.now(UTC)),
        expires=format_utc(expires),
    )
    return sign_trust_bundle(keys.root_sk, bundle)


def _recipient(reader: FieldReader, value: object, what: str) -> str:
    if not isinstance(value, str):
        raise reader.fail(f"{what} must be an age1… string")
    try:
        return check_recipient(value)
    except CryptoError:
        raise reader.fail(f"{what} is not a valid age X25519 recipient") from None


def _read_body(reader: FieldReader) -> TrustBundle:
    reader.exact("format", TRUST_FORMAT)
    raw_recipients = reader.items("import_recipients", max_items=MAX_IMPORT_RECIPIENTS)
    recipients = tuple(_recipient(reader, r, "an import recipient") for r in raw_recipients)
    if not recipients or len(set(recipients)) != len(recipients):
        raise reader.fail("import_recipients must list at least one recipient, each once")
    labels = None
    if "import_labels" in reader.names():
        raw_labels = reader.items("import_labels", max_items=MAX_IMPORT_RECIPIENTS)
        labels = tuple(str(label) for label in raw_labels)
        if (
            len(labels) != len(recipients)
            or len(set(labels)) != len(labels)
            or not all(isinstance(x, str) and _IMPORT_LABEL.fullmatch(x) for x in raw_labels)
        ):
            raise reader.fail("import_labels must name each import recipient once (import-N)")
    previous = _read_previous_receipts(reader)
    agency_value = reader.optional_text("second_agency_recipient", max_len=100)
    agency = None if agency_value is None else _recipient(reader, agency_value, "agency recipient")
    issued, expires = reader.timestamp("issued"), reader.timestamp("expires")
    if expires <= issued:
        raise reader.fail("expires must be later than issued")
    bundle = TrustBundle(
        version=reader.integer("version", minimum=1, maximum=MAX_VERSION),
        council_name=reader.text("council_name", max_len=200),
        root_pk=reader.raw_bytes("root_pk", length=KEY_BYTES),
        import_recipients=recipients,
        second_agency_recipient=agency,
        recovery_pk=reader.raw_bytes("recovery_pk", length=KEY_BYTES),
        receipt_pk=reader.raw_bytes("receipt_pk", length=KEY_BYTES),
        issued=format_utc(issued),
        expires=format_utc(expires),
        labels=labels,
        previous_receipts=previous,
    )
    if previous is not None and any(pk == bundle.receipt_pk for pk, _ in previous):
        raise reader.fail("previous_receipt_keys must not list the current receipt key")
    reader.finish()
    return bundle


def _read_previous_receipts(reader: FieldReader) -> tuple[tuple[bytes, str], ...] | None:
    if "previous_receipt_keys" not in reader.names():
        return None
    raw = reader.items("previous_receipt_keys", max_items=MAX_IMPORT_RECIPIENTS)
    previous = []
    for index, item in enumerate(raw):
        entry = reader.element(item, index, "previous_receipt_keys")
        pk = entry.raw_bytes("receipt_pk", length=KEY_BYTES)
        until = format_utc(entry.timestamp("accepted_until"))
        entry.finish()
        previous.append((pk, until))
    if not previous or len({pk for pk, _ in previous}) != len(previous):
        raise reader.fail("previous_receipt_keys must list at least one key, each once")
    return tuple(previous)


def verify_trust_bundle(
    data: bytes,
    *,
    now: datetime,
    pinned_root_pk: bytes | None = None,
    pinned_version: int | None = None,
    pinned: TrustBundle | None = None,
    check_expiry: bool = True,
) -> TrustBundle:
    """Parse and verify a trust bundle file against the clock and what the device has pinned.

    `check_expiry=False` is only for reading an already pinned (or the council's own last)
    bundle so that a renewal can be checked against it after it has expired.

    `pinned` (the currently pinned bundle) implies pinned_root_pk and pinned_version and also
    lets an equal version through only if its content is identical. With pinned_version
    alone an equal version is accepted (content cannot be compared).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (datetime.now(UTC))")
    what = "trust bundle"
    top = parse_json_object(data, max_bytes=MAX_TRUST_BYTES, error=TrustBundleError, what=what)
    bundle = _read_body(top.child("bundle"))
    signature = top.raw_bytes("signature", length=SIGNATURE_BYTES)
    cross = None
    if "cross_signature" in top.names():
        cross = top.raw_bytes("cross_signature", length=SIGNATURE_BYTES)
    top.finish()
    root = pinned.root_pk if pinned is not None else pinned_root_pk
    if root is not None and root != bundle.root_pk and cross is not None:
        # A root rotation: the pinned (old) root must vouch for this bundle and its new root.
        try:
            verify(root, DOMAIN_ROOT_ROTATION, canonical_json(_body(bundle)), cross)
        except BadSignature:
            raise TrustBundleSignatureError(
                f"This trust update names a new council root {fingerprint(bundle.root_pk)}, but "
                f"it is not cross-signed by the root this device trusts ({fingerprint(root)}). "
                "Refused: ask council IT for the rotation update signed by the old root."
            ) from None
    elif root is not None and root != bundle.root_pk:
        raise TrustBundleSignatureError(
            f"This trust bundle is signed by council root {fingerprint(bundle.root_pk)}, but this "
            f"device trusts root {fingerprint(root)}. Refused: ask council IT for a bundle from "
            "the pinned root, or re-provision the device."
        )
    try:
        verify(bundle.root_pk, DOMAIN_TRUST, canonical_json(_body(bundle)), signature)
    except BadSignature:
        raise TrustBundleSignatureError(
            "The trust bundle's signature does not verify: it was altered after signing. "
            "Ask council IT for a fresh copy."
        ) from None
    if check_expiry and now.astimezone(UTC) >= expiry_of(bundle):
        raise TrustBundleExpired(
            f"The trust bundle expired at {bundle.expires}. Ask council IT for a current one "
            "(and check this computer's clock)."
        )
    floor = pinned.version if pinned is not None else pinned_version
    if floor is not None and bundle.version < floor:
        raise TrustBundleOutdated(
            f"This trust bundle is version {bundle.version}, older than the pinned version "
            f"{floor}. Refused to roll back; use the newest bundle from council IT."
        )
    if pinned is not None and bundle.version == pinned.version and bundle != pinned:
        raise TrustBundleOutdated(
            f"This trust bundle reuses version {bundle.version} with different keys than the "
            "pinned one. Refused; council IT must issue a higher version."
        )
    return bundle


def expiry_of(bundle: TrustBundle) -> datetime:
    """When the bundle stops being accepted, as an aware UTC datetime."""
    return datetime.fromisoformat(bundle.expires.replace("Z", "+00:00"))


def renewed_trust_bundle(
    root_sk: bytes, current: TrustBundle, *, issued: datetime, expires: datetime
) -> bytes:
    """The same keys as `current`, one version higher, with a new validity period."""
    if expires <= issued:
        raise TrustBundleError("A renewed trust bundle must expire after it is issued.")
    renewed = replace(
        current,
        version=current.version + 1,
        issued=format_utc(issued),
        expires=format_utc(expires),
    )
    return sign_trust_bundle(root_sk, renewed)


def trust_bundle_fingerprints(bundle: TrustBundle) -> dict[str, str]:
    """Name → fingerprint of every key in the bundle, in the order provisioning reads them out."""
    result = {"root": fingerprint(bundle.root_pk)}
    for label, recipient in zip(bundle.import_labels(), bundle.import_recipients, strict=True):
        result[label] = fingerprint(recipient)
    if bundle.second_agency_recipient is not None:
        result["second-agency"] = fingerprint(bundle.second_agency_recipient)
    result["recovery"] = fingerprint(bundle.recovery_pk)
    result["receipt"] = fingerprint(bundle.receipt_pk)
    return result
