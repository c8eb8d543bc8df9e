"""manifest.json: the signed inventory of a bundle; canonical bytes out, strict parsing in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bundles.entries import SHA256_HEX, ManifestEntry, entries_problem
from bundles.errors import ManifestInvalid, UnsupportedVersion
from crypto.encoding import FieldReader, b64, canonical_json, parse_json_object
from crypto.errors import CryptoError

FORMAT_ID = "first-contact/bundle/2"  # what the writer makes: the age header is signed
FORMAT_V1 = "first-contact/bundle/1"  # still read, but its age header is not bound (flagged)
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_ENTRIES = 20_000
MAX_RECIPIENTS = 8
MAX_SEQ = 2**53  # JSON numbers beyond this lose precision in other readers
MAX_CERT_BYTES = 4096
MAX_SCHEMA_VERSION = 10_000
GENESIS_SHA256 = "0" * 64  # prev_manifest_sha256 of a device's first bundle

BUNDLE_ID = re.compile(r"^[0-9a-f]{32}\Z")
OPAQUE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")
FINGERPRINT = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){5}\Z")
APP_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}\Z")


@dataclass(frozen=True)
class Manifest:
    """Everything manifest.json holds. Ids are opaque; no case content lives here."""

    bundle_id: str
    device_id: str
    device_pk: bytes
    device_seq: int
    prev_manifest_sha256: str
    worker_id: str
    worker_cert: bytes
    created_utc: str
    app_version: str
    schema_version: int
    recipients: tuple[str, ...]
    self_check: str | None
    training: bool
    entries: tuple[ManifestEntry, ...]
    # SHA-256 of the age header (intro through the MAC line) the bundle is encrypted under;
    # None only in format 1 manifests, written before the header was bound to the signature.
    age_header_sha256: str | None = None

    @property
    def format_id(self) -> str:
        return FORMAT_V1 if self.age_header_sha256 is None else FORMAT_ID

    def to_bytes(self) -> bytes:
        """The canonical JSON bytes that are signed and stored as manifest.json."""
        return canonical_json(_body(self))


def _body(m: Manifest) -> dict[str, object]:
    body: dict[str, object] = {
        "format": m.format_id,
        "bundle_id": m.bundle_id,
        "device_id": m.device_id,
        "device_pk": b64(m.device_pk),
        "device_seq": m.device_seq,
        "prev_manifest_sha256": m.prev_manifest_sha256,
        "worker_id": m.worker_id,
        "worker_cert": b64(m.worker_cert),
        "created_utc": m.created_utc,
        "app_version": m.app_version,
        "schema_version": m.schema_version,
        "recipients": list(m.recipients),
        "self_check": m.self_check,
        "training": m.training,
        "entries": [
            {
                "name": e.name,
                "kind": e.kind,
                "record_id": e.record_id,
                "revision": e.revision,
                "size": e.size,
                "sha256": e.sha256,
                "media_type": e.media_type,
            }
            for e in m.entries
        ],
    }
    if m.age_header_sha256 is not None:
        body["age_header_sha256"] = m.age_header_sha256
    return body


def manifest_problem(m: Manifest, *, entries_checked: bool = False) -> str | None:
    """Why these values cannot form a manifest, or None. Shared by writer and reader.

    `entries_checked`: the caller has just run entries_problem on this very tuple of entries
    (the writer's prepare_entries does; for 1,000 cases that check is ~15 ms of export's
    start, before anything can run beside it), so only the other fields are checked here."""
    checks = (
        (BUNDLE_ID.match(m.bundle_id), "bundle_id must be 32 lower-case hex digits"),
        (OPAQUE_ID.match(m.device_id), "device_id is malformed"),
        (len(m.device_pk) == 32, "device_pk must be 32 bytes"),
        (1 <= m.device_seq <= MAX_SEQ, "device_seq out of range"),
        (SHA256_HEX.match(m.prev_manifest_sha256), "prev_manifest_sha256 is malformed"),
        (OPAQUE_ID.match(m.worker_id), "worker_id is malformed"),
        (0 < len(m.worker_cert) <= MAX_CERT_BYTES, "worker_cert is empty or too long"),
        (APP_VERSION.match(m.app_version), "app_version is malformed"),
        (1 <= m.schema_version <= MAX_SCHEMA_VERSION, "schema_version out of range"),
        (1 <= len(m.recipients) <= MAX_RECIPIENTS, "recipients must list 1 to 8 keys"),
        (all(FINGERPRINT.match(r) for r in m.recipients), "a recipient fingerprint is malformed"),
        (len(set(m.recipients)) == len(m.recipients), "recipients repeat"),
        (m.self_check is None or FINGERPRINT.match(m.self_check), "self_check is malformed"),
        (m.self_check not in m.recipients, "self_check repeats a recipient"),
        (len(m.entries) <= MAX_ENTRIES, f"more than {MAX_ENTRIES} entries"),
        (
            m.age_header_sha256 is None or SHA256_HEX.fullmatch(m.age_header_sha256),
            "age_header_sha256 is malformed",
        ),
    )
    for ok, problem in checks:
        if not ok:
            return problem
    return None if entries_checked else entries_problem(m.entries)


class _Shape(CryptoError):
    """Internal: the crypto field reader's error type, turned into ManifestInvalid below."""


def _entry(reader: FieldReader, value: object, index: int) -> ManifestEntry:
    item = reader.element(value, index, "entries")
    entry = ManifestEntry(
        name=item.text("name", max_len=80),
        kind=item.text("kind", max_len=16),
        record_id=item.text("record_id", max_len=64),
        revision=item.integer("revision", minimum=1, maximum=2**31 - 1),
        size=item.integer("size", minimum=0, maximum=2**63),
        sha256=item.text("sha256", max_len=64),
        media_type=item.text("media_type", max_len=255),
    )
    item.finish()
    return entry


def _read(data: bytes) -> Manifest:
    top = parse_json_object(data, max_bytes=MAX_MANIFEST_BYTES, error=_Shape, what="manifest")
    # The format is read first so a future format is reported as such, not as "malformed".
    format_id = top.text("format", max_len=64)
    if format_id not in (FORMAT_ID, FORMAT_V1):
        raise UnsupportedVersion(
            "The bundle uses a format this receiver does not know; update the receiver."
        )
    recipients = top.items("recipients", max_items=MAX_RECIPIENTS)
    entries = top.items("entries", max_items=MAX_ENTRIES)
    manifest = Manifest(
        bundle_id=top.text("bundle_id", max_len=32),
        device_id=top.text("device_id", max_len=64),
        device_pk=top.raw_bytes("device_pk", length=32),
        device_seq=top.integer("device_seq", minimum=1, maximum=MAX_SEQ),
        prev_manifest_sha256=top.text("prev_manifest_sha256", max_len=64),
        worker_id=top.text("worker_id", max_len=64),
        worker_cert=top.raw_bytes("worker_cert", max_len=MAX_CERT_BYTES),
        created_utc=top.text("created_utc", max_len=32),
        app_version=top.text("app_version", max_len=32),
        schema_version=top.integer("schema_version", minimum=1, maximum=MAX_SCHEMA_VERSION),
        recipients=tuple(r if isinstance(r, str) else "" for r in recipients),
        self_check=top.optional_text("self_check", max_len=32),
        training=top.boolean("training"),
        entries=tuple(_entry(top, value, i) for i, value in enumerate(entries)),
        age_header_sha256=(
            top.text("age_header_sha256", max_len=64) if format_id == FORMAT_ID else None
        ),
    )
    top.timestamp("created_utc")
    top.finish()
    return manifest


def parse_manifest(data: bytes) -> Manifest:
    """Parse untrusted manifest bytes; ManifestInvalid (or UnsupportedVersion) on any problem.

    Only the canonical encoding is accepted, so the signed bytes have exactly one meaning.
    """
    try:
        manifest = _read(data)
    except _Shape as exc:
        raise ManifestInvalid(f"The bundle manifest is malformed ({exc}); refused.") from None
    problem = manifest_problem(manifest)
    if problem is not None:
        raise ManifestInvalid(f"The bundle manifest is malformed ({problem}); refused.")
    if manifest.to_bytes() != data:
        raise ManifestInvalid("The bundle manifest is not in canonical form; refused.")
    return manifest
