"""vault.attachments: photos and scans kept as BLOBs inside the encrypted vault, never as files."""

from __future__ import annotations

import builtins
import re
import uuid
from dataclasses import dataclass
from typing import Any

from storage.database import Database
from storage.encoding import sha256_hex, utc_timestamp
from storage.errors import AttachmentNotFound, CaseNotFound, CasePurged, WrongKeyOrCorrupt

_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$")
_COLUMNS = "attachment_id, case_id, sha256, size, media_type, description, added_at"


@dataclass(frozen=True)
class AttachmentInfo:
    """What is known about an attachment without reading its bytes."""

    attachment_id: str
    case_id: str
    sha256: str
    size: int
    media_type: str
    description: str
    added_at: str


def _info(row: tuple[Any, ...]) -> AttachmentInfo:
    return AttachmentInfo(
        attachment_id=row[0],
        case_id=row[1],
        sha256=row[2],
        size=int(row[3]),
        media_type=row[4],
        description=row[5],
        added_at=row[6],
    )


class AttachmentStore:
    """Attachments belong to a case and go when the case is purged."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        case_id: str,
        data: bytes,
        *,
        media_type: str,
        description: str = "",
        now: str | None = None,
    ) -> AttachmentInfo:
        """Store `data` for a case and return its record (the id is generated here)."""
        if not _MEDIA_TYPE.match(media_type):
            raise ValueError("media_type must look like 'image/jpeg'; pass the attachment's type")
        info = AttachmentInfo(
            attachment_id=uuid.uuid4().hex,
            case_id=case_id,
            sha256=sha256_hex(data),
            size=len(data),
            media_type=media_type,
            description=description,
            added_at=utc_timestamp(now),
        )
        with self._db.transaction():
            status = self._db.scalar("SELECT status FROM cases WHERE case_id = ?", (case_id,))
            if status is None:
                raise CaseNotFound(f"no case {case_id} in this vault; save the case first")
            if status == "purged":
                raise CasePurged(f"case {case_id} was purged; it cannot take attachments")
            self._db.execute(
                f"INSERT INTO attachments ({_COLUMNS}, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608 (column list is a constant)
                (*_row(info), bytes(data)),
            )
        return info

    def get(self, attachment_id: str) -> bytes:
        """The attachment's bytes, checked against the digest recorded when it was added."""
        row = self._db.query_one(
            "SELECT data, sha256 FROM attachments WHERE attachment_id = ?", (attachment_id,)
        )
        if row is None:
            raise AttachmentNotFound(f"no attachment {attachment_id}; refresh the case")
        data = bytes(row[0])
        if sha256_hex(data) != row[1]:
            raise WrongKeyOrCorrupt(
                f"attachment {attachment_id} does not match its digest; the vault is damaged, "
                "restore it with council IT"
            )
        return data

    def info(self, attachment_id: str) -> AttachmentInfo:
        row = self._db.query_one(
            f"SELECT {_COLUMNS} FROM attachments WHERE attachment_id = ?",  # noqa: S608
            (attachment_id,),
        )
        if row is None:
            raise AttachmentNotFound(f"no attachment {attachment_id}; refresh the case")
        return _info(row)

    def list(self, case_id: str) -> builtins.list[AttachmentInfo]:
        """A case's attachments, oldest first."""
        rows = self._db.query(
            f"SELECT {_COLUMNS} FROM attachments WHERE case_id = ?"  # noqa: S608
            " ORDER BY added_at, rowid",
            (case_id,),
        )
        return [_info(row) for row in rows]

    def delete(self, attachment_id: str) -> None:
        """Remove one attachment; secure_delete zeroes its pages."""
        if not self._db.execute(
            "DELETE FROM attachments WHERE attachment_id = ?", (attachment_id,)
        ):
            raise AttachmentNotFound(f"no attachment {attachment_id}; refresh the case")

    def delete_for_case(self, case_id: str) -> int:
        """Remove every attachment of a case (used by purge); return how many went."""
        return self._db.execute("DELETE FROM attachments WHERE case_id = ?", (case_id,))


def _row(info: AttachmentInfo) -> tuple[Any, ...]:
    return (
        info.attachment_id,
        info.case_id,
        info.sha256,
        info.size,
        info.media_type,
        info.description,
        info.added_at,
    )
