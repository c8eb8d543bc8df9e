"""The receiver's authentication of a manifest, in the order SECURITY.md gives."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bundles.errors import (
    BadManifestSignature,
    BadWorkerCert,
    DeviceRevoked,
    ManifestInvalid,
    NotForThisReceiver,
    UnknownDevice,
    UnsupportedVersion,
)
from bundles.manifest import Manifest, parse_manifest
from crypto.age_header import AgeHeader
from crypto.errors import BadSignature, CryptoError
from crypto.fingerprints import (
    checked_fingerprint,
    fingerprint,
    normalise_fingerprint,
    with_check_group,
)
from crypto.signing import DOMAIN_MANIFEST, read_worker_cert, verify

SUPPORTED_SCHEMA_VERSIONS = frozenset({1})
# Laptop clocks drift and time zones get mis-set; a bundle from "tomorrow" is plausible,
# one from next month is not.
MAX_CLOCK_SKEW = timedelta(days=2)
EARLIEST = datetime(2024, 1, 1, tzinfo=UTC)


class DeviceRoster(Mapping[str, str]):
    """Enrolled devices (device id -> fingerprint, as a Mapping) plus the revoked ones, whose
    new bundles are refused with their own exit code rather than as unknown devices."""

    def __init__(self, active: Mapping[str, str], revoked: Mapping[str, tuple[str, str]]) -> None:
        self._active = dict(active)
        self.revoked = dict(revoked)  # device id -> (fingerprint, revoked at)

    def __getitem__(self, device_id: str) -> str:
        return self._active[device_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._active)

    def __len__(self) -> int:
        return len(self._active)

    def with_revoked(self) -> dict[str, str]:
        """Every device ever enrolled: for re-checking what was imported before a revocation."""
        return {**self._active, **{d: fp for d, (fp, _at) in self.revoked.items()}}


@dataclass(frozen=True)
class ReceiverTrust:
    """What the receiver trusts: enrolled devices (device id -> device key fingerprint, as
    read back at provisioning), its own import recipients, and the schemas it understands."""

    enrolled_devices: Mapping[str, str]
    own_recipients: Collection[str]
    supported_schema_versions: Collection[int] = SUPPORTED_SCHEMA_VERSIONS


def _check_device(manifest: Manifest, trust: ReceiverTrust) -> None:
    roster = trust.enrolled_devices
    if isinstance(roster, DeviceRoster) and manifest.device_id in roster.revoked:
        _fingerprint, revoked_at = roster.revoked[manifest.device_id]
        raise DeviceRevoked(
            f"Device {manifest.device_id} was revoked on {revoked_at[:10]}; its bundles are "
            "refused. Bundles imported before then stay in the archive (reissue-receipt still "
            "works for them)."
        )
    enrolled = roster.get(manifest.device_id)
    received = checked_fingerprint(manifest.device_pk)
    if enrolled is None:
        raise UnknownDevice(
            f"Device {manifest.device_id} (fingerprint {received}) is not enrolled; "
            "enrol it by its fingerprint before importing its bundles."
        )
    if normalise_fingerprint(with_check_group(enrolled)) != normalise_fingerprint(received):
        raise UnknownDevice(
            f"Device {manifest.device_id} sent key {received}, but it is enrolled with "
            f"{with_check_group(enrolled)}; refused. A re-provisioned laptop gets a new key: "
            "check the device with its owner before enrolling it again."
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


def _check_header(manifest: Manifest, header: AgeHeader) -> None:
    # Bundles use X25519 stanzas only; any other type is a reader nobody signed for. Format 1
    # bundles were encrypted with pyrage, which adds one random "…-grease" stanza (age's
    # extensibility test, no key inside); only those are let through, and only there.
    v1 = manifest.age_header_sha256 is None
    if not all(k == "X25519" or (v1 and k.endswith("-grease")) for k in header.stanza_types):
        raise NotForThisReceiver(
            "The bundle is also encrypted to a key type bundles never use; refused. "
            "Report it to the sending team."
        )
    # Each X25519 stanza must be a signed recipient or the writer's self-check key.
    signed = len(manifest.recipients) + (manifest.self_check is not None)
    if header.x25519_count != signed:
        raise NotForThisReceiver(
            "The bundle is encrypted to keys other than its signed recipients; refused."
        )
    # Format 2: the writer fixed the age header before signing, so any added, dropped or
    # swapped stanza (a reader nobody signed for) changes its hash. Format 1 has only the
    # count above; the reader flags such bundles as header_unbound for a person to review.
    if not v1 and manifest.age_header_sha256 != header.sha256:
        raise NotForThisReceiver(
            "The bundle's age header is not the one its sender signed: it was re-encrypted "
            "on the way, possibly to another reader. Refused; report it to the sending team."
        )


def verify_manifest(
    manifest_bytes: bytes,
    signature: bytes,
    *,
    trust: ReceiverTrust,
    header: AgeHeader,
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
    _check_header(manifest, header)
    if manifest.schema_version not in trust.supported_schema_versions:
        raise UnsupportedVersion(
            f"Record schema version {manifest.schema_version} is not supported by this "
            "receiver; update the receiver."
        )
    _check_time(manifest, now)
    return manifest


def verify_provenance(
    manifest_bytes: bytes, signature: bytes, enrolled_devices: Mapping[str, str]
) -> Manifest:
    """Re-check a manifest kept in the archive: enrolled device, worker certificate and
    signature (the age header and the clock were checked when it was received)."""
    manifest = parse_manifest(manifest_bytes)
    trust = ReceiverTrust(enrolled_devices, ())
    _check_device(manifest, trust)
    try:
        verify(_check_worker(manifest), DOMAIN_MANIFEST, manifest_bytes, signature)
    except BadSignature:
        raise BadManifestSignature(
            "A manifest kept in the archive does not verify; the archive was altered."
        ) from None
    return manifest
