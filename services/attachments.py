"""Photos and documents kept inside the vault: store one for a case's answer, read it back.

The bytes live only in the vault; the answer in the record names the attachment by id with
what a document needs to describe it (file name, type, size, SHA-256 for the bundle manifest).
"""

from __future__ import annotations

from typing import Any

from forms.validation import ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES
from services.cases import add_attachment
from services.clock import Clock
from services.errors import InvalidInput
from services.session import Session


def store_attachment(
    session: Session,
    case_id: str,
    data: bytes,
    *,
    media_type: str,
    file_name: str,
    clock: Clock,
    description: str = "",
) -> dict[str, Any]:
    """Store the bytes and return the answer that refers to them."""
    if media_type not in ATTACHMENT_TYPES:
        raise InvalidInput("Only JPG, PNG, PDF, DOC or DOCX files can go with the referral.")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InvalidInput("Files must be under 25 MB; scan or photograph it at a lower size.")
    if not data:
        raise InvalidInput("The file is empty.")
    attachment_id = add_attachment(
        session, case_id, data, media_type=media_type, description=description, clock=clock
    )
    info = session.vault.attachments.info(attachment_id)
    return {
        "attachment_id": attachment_id,
        "file_name": file_name,
        "media_type": media_type,
        "size": info.size,
        "sha256": info.sha256,
    }


def attachment_bytes(session: Session, attachment_id: str) -> bytes:
    """An attachment's bytes (checked against its digest), for an in-memory thumbnail."""
    return session.vault.attachments.get(attachment_id)
