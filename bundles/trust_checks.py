"""The receiver's authentication of a manifest, in the order SECURITY.md gives."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bundles.errors import (
    BadManifestSignature,
    BadWorkerCert,
    ManifestInvalid,
    NotForThisReceiver,
    UnknownDevice,
    UnsupportedVersion,
)
from bundles.manifest import Manifest, parse_manifest
from crypto.errors import BadSignature, CryptoError
from crypto.fingerprints import fingerprint, normalise_fingerprint
from crypto.signing import DOMAIN_MANIFEST, read_worker_cert, verify

SUPPORTED_SCHEMA_VERSIONS = frozenset({1})
# Laptop clocks drift and time zones get mis-set; a bundle from "tomorrow" is plausible,
# one from next month is not.
MAX_CLOCK_SKEW = timedelta(days=2)
EARLIEST = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ReceiverTrust:
    """What the receiver trusts: enrolled devices (device id -> device key fingerprint, as
    read back at provisioning), its own import recipients, and the schemas it understands."""

    enrolled_devices: Mapping[str, str]
    own_recipients: Collection[str]
    supported_schema_versions: Collection[int] = SUPPORTED_SCHEMA_VERSIONS


def _check_device(manifest: Manifest, trust: ReceiverTrust) -> None:
    enrolled = trust.enrolled_devices.get(manifest.device_id)
    if enrolled is None:
        raise UnknownDevice(
            f"Device {manifest.device_id} is not enrolled (or was revoked); "
            "enrol it by its fingerprint before importing its bundles."
        )
    if normalise_fingerprint(enrolled) != normalise_fingerprint(fingerprint(manifest.device_pk)):
        raise UnknownDevice(
            f"Device {manifest.device_id} sent a key that differs from the enrolled one; "
            "refused. Check the device with its owner before re-enrolling it."
        )


def _check_worker(manifest: Manifest) -> bytes:
    try:
        cert = read_worker_cert(manifest.device_pk, manifest.worker_cert)
    except CryptoError:
        raise BadWorkerCert(
            "The worker certificate is not signed by the sending device; refused."
        ) from None
    if cert.device_id != manifest.device_id or cert.worker_id != manifest.worker_id:
        raise BadWorkerCert("The worker certificate names another device or worker; refused.")
    return cert.worker_pk


def _check_time(manifest: Manifest, now: datetime) -> None:
    created = datetime.strptime(manifest.created_utc, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    if created < EARLIEST or created > now + MAX_CLOCK_SKEW:
        raise ManifestInvalid(
            "The bundle's creation time is implausible; check the sending device's clock."
        )


def verify_manifest(
    manifest_bytes: bytes,
    signature: bytes,
    *,
    trust: ReceiverTrust,
    x25519_stanzas: int,
    now: datetime,
) -> Manifest:
    """Authenticate a manifest or raise the BundleError for the first check that fails."""
    manifest = parse_manifest(manifest_bytes)
    _check_device(manifest, trust)
    worker_pk = _check_worker(manifest)
    try:
        verify(worker_pk, DOMAIN_MANIFEST, manifest_bytes, signature)
    except BadSignature:
        raise BadManifestSignature(
            "The manifest signature does not verify under the certified worker key; "
            "the bundle was altered or forged."
        ) from None
    own = {fingerprint(recipient) for recipient in trust.own_recipients}
    if not own.intersection(manifest.recipients):
        raise NotForThisReceiver(
            "This receiver's import key is not among the bundle's signed recipients; it was "
            "re-encrypted by someone else. Refused; report it to the sending team."
        )
    # Every X25519 stanza must be a signed recipient (or the writer's self-check key), so
    # nobody can add a reader on the way without the signature noticing.
    signed = len(manifest.recipients) + (manifest.self_check is not None)
    if x25519_stanzas != signed:
        raise NotForThisReceiver(
            "The bundle is encrypted to keys other than its signed recipients; refused."
        )
    if manifest.schema_version not in trust.supported_schema_versions:
        raise UnsupportedVersion(
            f"Record schema version {manifest.schema_version} is not supported by this "
            "receiver; update the receiver."
        )
    _check_time(manifest, now)
    return manifest
