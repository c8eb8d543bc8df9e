"""Manifest entries: the four kinds, their fixed name shapes, and how they tie to records."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

RECORD = "record"
PDF = "pdf"
ATTACHMENT = "attachment"
AUDIT = "audit"
KINDS = (RECORD, PDF, ATTACHMENT, AUDIT)

JSON_MEDIA_TYPE = "application/json"
PDF_MEDIA_TYPE = "application/pdf"

MAX_REVISION = 2**31 - 1
# ustar's 11 octal digits hold sizes below 8 GiB; bigger files would need pax headers,
# which the strict reader refuses, so the writer refuses them too.
MAX_ENTRY_BYTES = 8**11 - 1

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
SHA256_HEX = re.compile(r"^[0-9a-f]{64}\Z")
MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\Z")


@dataclass(frozen=True)
class ManifestEntry:
    """One tar member after the manifest: what it is, which record revision, size and hash."""

    name: str
    kind: str
    record_id: str
    revision: int
    size: int
    sha256: str
    media_type: str


def entry_name(kind: str, item_id: str) -> str:
    """The only name an entry of this kind may have: r/<uuid>.json, p/<uuid>.pdf,
    a/<sha256>.bin, l/<uuid>.json (the case's audit slice)."""
    prefix, suffix = {
        RECORD: ("r/", ".json"),
        PDF: ("p/", ".pdf"),
        ATTACHMENT: ("a/", ".bin"),
        AUDIT: ("l/", ".json"),
    }[kind]
    return f"{prefix}{item_id}{suffix}"


def entry_problem(entry: ManifestEntry) -> str | None:
    """Why this entry breaks the naming and field rules, or None if it is well formed."""
    if entry.kind not in KINDS:
        return "unknown kind"
    if not UUID.match(entry.record_id):
        return "record id is not a lower-case UUID"
    if not 1 <= entry.revision <= MAX_REVISION:
        return "revision out of range"
    if not 0 <= entry.size <= MAX_ENTRY_BYTES:
        return "size out of range"
    if not SHA256_HEX.match(entry.sha256):
        return "sha256 is not 64 lower-case hex digits"
    if not MEDIA_TYPE.match(entry.media_type):
        return "media type is malformed"
    if entry.kind in (RECORD, AUDIT):
        expected_name = entry_name(entry.kind, entry.record_id)
        expected_type: str | None = JSON_MEDIA_TYPE
    elif entry.kind == ATTACHMENT:
        # Content addressed: the name is the hash, so it cannot say anything else.
        expected_name, expected_type = entry_name(ATTACHMENT, entry.sha256), None
    else:
        pack_id = entry.name[2:-4] if entry.name.startswith("p/") else ""
        if not UUID.match(pack_id):
            return "pdf name is not p/<uuid>.pdf"
        expected_name, expected_type = entry_name(PDF, pack_id), PDF_MEDIA_TYPE
    if entry.name != expected_name:
        return "name does not match its kind and ids"
    if expected_type is not None and entry.media_type != expected_type:
        return "media type does not match its kind"
    return None


def entries_problem(entries: Sequence[ManifestEntry]) -> str | None:
    """Why this list of entries cannot form a bundle, or None: unique names, and every
    record revision carried exactly once with its PDFs, attachments and audit slice."""
    names: set[str] = set()
    revisions: dict[str, int] = {}
    for index, entry in enumerate(entries):
        problem = entry_problem(entry)
        if problem is not None:
            return f"entry {index}: {problem}"
        if entry.name in names:
            return f"entry {index}: duplicate name"
        names.add(entry.name)
        if entry.kind == RECORD:
            revisions[entry.record_id] = entry.revision
    for index, entry in enumerate(entries):
        if revisions.get(entry.record_id) != entry.revision:
            return f"entry {index}: no record entry with the same record id and revision"
    return None
