"""Keys, sample cases and a bundle forger shared by the bundle tests (real crypto throughout)."""

from __future__ import annotations

import hashlib
import io
import json
import secrets
import tarfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from bundles.entries import ManifestEntry
from bundles.import_ledger import MemoryImportLedger
from bundles.manifest import GENESIS_SHA256, Manifest
from bundles.reader import VerifiedBundle, read_bundle
from bundles.sources import EntrySource, ExportContext
from bundles.writer import WrittenBundle, write_bundle
from crypto.age_envelope import encrypt_bytes, generate_age_identity
from crypto.age_stream import AgeStreamEncryptor
from crypto.fingerprints import fingerprint
from crypto.signing import DOMAIN_MANIFEST, certify_worker, generate_signing_key, sign

CREATED = "2025-03-01T09:30:00Z"


@dataclass(frozen=True)
class Keys:
    """Everything both ends need: council import/receipt keys, one device, one worker."""

    import_identity: str
    import_recipient: str
    receipt_sk: bytes
    receipt_pk: bytes
    device_id: str
    device_sk: bytes
    device_pk: bytes
    worker_id: str
    worker_sk: bytes
    worker_pk: bytes
    worker_cert: bytes

    @property
    def enrolled(self) -> dict[str, str]:
        return {self.device_id: fingerprint(self.device_pk)}

    def context(self, seq: int = 1, prev: str = GENESIS_SHA256) -> ExportContext:
        return ExportContext(
            device_id=self.device_id,
            device_pk=self.device_pk,
            device_seq=seq,
            prev_manifest_sha256=prev,
            worker_id=self.worker_id,
            worker_cert=self.worker_cert,
            app_version="0.1.0",
            schema_version=1,
            training=False,
        )


def make_keys(device_id: str = "d-0123456789abcdef", worker_id: str = "w-00aa11bb22cc") -> Keys:
    import_identity, import_recipient = generate_age_identity()
    receipt_sk, receipt_pk = generate_signing_key()
    device_sk, device_pk = generate_signing_key()
    worker_sk, worker_pk = generate_signing_key()
    cert = certify_worker(
        device_sk,
        device_id=device_id,
        worker_id=worker_id,
        worker_pk=worker_pk,
        not_before="2025-01-01T00:00:00Z",
    )
    return Keys(
        import_identity,
        import_recipient,
        receipt_sk,
        receipt_pk,
        device_id,
        device_sk,
        device_pk,
        worker_id,
        worker_sk,
        worker_pk,
        cert,
    )


@dataclass
class Case:
    """One fictional case: record JSON, a PDF-like pack, attachments and its audit slice."""

    record_id: str
    revision: int
    record: bytes
    pack_id: str
    pdf: bytes
    attachments: list[bytes] = field(default_factory=list)
    audit: bytes = b"[]"

    def sources(self) -> list[EntrySource]:
        out = [
            EntrySource.record(self.record_id, self.revision, self.record),
            EntrySource.pdf(self.record_id, self.revision, self.pack_id, self.pdf),
        ]
        for blob in self.attachments:
            out.append(
                EntrySource.attachment(
                    self.record_id,
                    self.revision,
                    lambda blob=blob: io.BytesIO(blob),  # type: ignore[misc]
                    media_type="image/jpeg",
                )
            )
        out.append(EntrySource.audit(self.record_id, self.revision, self.audit))
        return out


def make_case(person: dict[str, object], *, revision: int = 1, attachments: int = 1) -> Case:
    record_id = str(uuid.uuid4())
    record = json.dumps(
        {"case_id": record_id, "revision": revision, "person": person}, ensure_ascii=False
    ).encode("utf-8")
    pdf = b"%PDF-1.7\n" + secrets.token_bytes(700) + b"\n%%EOF\n"
    blobs = [b"\xff\xd8\xff\xe0" + secrets.token_bytes(900 + i) for i in range(attachments)]
    audit = json.dumps([{"event": "case_created", "case_id": record_id}]).encode()
    return Case(record_id, revision, record, str(uuid.uuid4()), pdf, blobs, audit)


def all_sources(cases: Sequence[Case]) -> list[EntrySource]:
    return [source for case in cases for source in case.sources()]


def write(keys: Keys, out: Path, cases: Sequence[Case], **kwargs: object) -> WrittenBundle:
    out.mkdir(parents=True, exist_ok=True)
    params: dict[str, object] = {
        "context": keys.context(),
        "entries": all_sources(cases),
        "recipients": [keys.import_recipient],
        "worker_sk": keys.worker_sk,
    }
    params.update(kwargs)
    return write_bundle(out, **params)  # type: ignore[arg-type]


def read(
    keys: Keys, path: Path, staging: Path, ledger: MemoryImportLedger | None = None
) -> VerifiedBundle:
    return read_bundle(
        path,
        identities=[keys.import_identity],
        enrolled_devices=keys.enrolled,
        ledger=ledger if ledger is not None else MemoryImportLedger(),
        staging_dir=staging,
    )


def entry_for(name: str, data: bytes, kind: str, record_id: str, media: str) -> ManifestEntry:
    return ManifestEntry(
        name, kind, record_id, 1, len(data), hashlib.sha256(data).hexdigest(), media
    )


def forged_manifest(keys: Keys, entries: Sequence[ManifestEntry], **changes: object) -> Manifest:
    manifest = Manifest(
        bundle_id=secrets.token_hex(16),
        device_id=keys.device_id,
        device_pk=keys.device_pk,
        device_seq=1,
        prev_manifest_sha256=GENESIS_SHA256,
        worker_id=keys.worker_id,
        worker_cert=keys.worker_cert,
        created_utc=CREATED,
        app_version="0.1.0",
        schema_version=1,
        recipients=(fingerprint(keys.import_recipient),),
        self_check=None,
        training=False,
        entries=tuple(entries),
        age_header_sha256="0" * 64,  # forge() puts in the real one (format 2)
    )
    return replace(manifest, **changes)  # type: ignore[arg-type]


def tar_of(members: Sequence[tuple[str, bytes] | tarfile.TarInfo]) -> bytes:
    """A ustar archive built by Python's tarfile; TarInfo items are written without data."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for member in members:
            if isinstance(member, tarfile.TarInfo):
                tar.addfile(member)
                continue
            name, data = member
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def forge(
    keys: Keys,
    manifest: Manifest,
    members: Sequence[tuple[str, bytes] | tarfile.TarInfo],
    *,
    signer: bytes | None = None,
    recipients: Sequence[str] | None = None,
) -> bytes:
    """Someone holding the plaintext (or a worker key) builds and encrypts a bundle by hand.

    A format 2 manifest gets the real age header's SHA-256 before it is signed, as the writer
    does; a format 1 one (age_header_sha256=None) is encrypted with pyrage as before.
    """
    if manifest.age_header_sha256 is None:
        tar = signed_tar(keys, manifest, members, signer)
        return encrypt_bytes(tar, list(recipients or [keys.import_recipient]))
    sealer = AgeStreamEncryptor(list(recipients or [keys.import_recipient]))
    bound = replace(manifest, age_header_sha256=hashlib.sha256(sealer.header).hexdigest())
    tar = signed_tar(keys, bound, members, signer)
    return bytes(sealer.preamble + sealer.update(tar) + sealer.finish())


def signed_tar(
    keys: Keys,
    manifest: Manifest,
    members: Sequence[tuple[str, bytes] | tarfile.TarInfo],
    signer: bytes | None,
) -> bytes:
    manifest_bytes = manifest.to_bytes()
    signature = sign(signer or keys.worker_sk, DOMAIN_MANIFEST, manifest_bytes)
    return tar_of([("manifest.json", manifest_bytes), ("manifest.sig", signature), *members])
