"""Referral documents of a case as PDF bytes: built in memory; a file only on "Save as PDF".

Previewing and printing never write a file. Saving is the one explicit action that does, and
it is recorded twice: in the audit trail (ids and codes only) and in the case's disclosure log.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forms.definition import load_form
from reports.documents import render
from reports.documents.context import CaseContext
from services.case_lifecycle import record_disclosure
from services.cases import form_for, nation_for
from services.clock import Clock, iso
from services.device_identity import device_identity
from services.disclosures import DisclosureEntry, new_disclosure
from services.errors import InvalidInput
from services.record_hash import record_hash as hash_of_record
from services.record_hash import short_record_hash
from services.session import Session

PACK_OUTPUT_ID = "pack"
PACK_TITLE = render.PACK_TITLE
_IMAGE_TYPES = ("image/jpeg", "image/png")


@dataclass(frozen=True)
class RenderedDocument:
    """One document's PDF; the filename and title carry no personal data."""

    output_id: str
    filename: str
    title: str
    pdf: bytes


def _context(record: dict[str, Any], reference: str, photo: bytes | None) -> CaseContext:
    form = form_for(record) if record.get("form") else load_form()
    return render.context(record, form, nation_for(record), reference=reference, photo=photo)


def _filename(reference: str, output_id: str) -> str:
    return f"{reference}-{output_id.replace('_', '-')}.pdf"


def documents_for_record(
    record: dict[str, Any],
    *,
    reference: str,
    record_hash: str,
    photo: bytes | None,
    training: bool,
) -> list[RenderedDocument]:
    """The documents that apply to the record, each a separate PDF, in pack order."""
    ctx = _context(record, reference, photo)
    return [
        RenderedDocument(doc.output_id, _filename(reference, doc.output_id), doc.title, doc.pdf)
        for doc in render.documents(ctx, record_hash=record_hash, training=training)
    ]


def pack_for_record(
    record: dict[str, Any],
    *,
    reference: str,
    record_hash: str,
    photo: bytes | None,
    training: bool,
) -> bytes:
    """The whole referral pack (cover sheet, then every applicable document) as one PDF."""
    ctx = _context(record, reference, photo)
    return render.pack(ctx, record_hash=record_hash, training=training)


def glyph_warnings_for_record(record: dict[str, Any], *, reference: str) -> list[str]:
    """One message per field and character the pack cannot print (it shows [U+XXXX] there).

    Shown to the worker before previewing, printing, saving or exporting, so nothing is lost
    from a document without them knowing which field and which character (with its name).
    """
    ctx = _context(record, reference, None)
    return [problem.message() for problem in render.missing_glyphs(ctx)]


def unprintable_by_field(record: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Field id -> what the documents could not print of its answer, for the editor to show
    beside the field while the worker can still ask how else to write it."""
    found: dict[str, list[str]] = {}
    for problem in render.missing_glyphs(_context(record, "", None)):
        if problem.field_id != "reference":
            found.setdefault(problem.field_id, []).append(
                f"{problem.code_point} {problem.name} cannot be printed: the referral documents "
                f"show [{problem.code_point}] in its place. Keep it here, and add a spelling in "
                "another script if you can."
            )
    return {field_id: tuple(messages) for field_id, messages in found.items()}


@dataclass(frozen=True)
class _CaseInputs:
    record: dict[str, Any]
    reference: str
    record_hash: str
    photo: bytes | None
    training: bool


def _photo(session: Session, case_id: str, record: dict[str, Any]) -> bytes | None:
    """The photo the record names, else the case's first image attachment, else none."""
    answers = record.get("answers", {})
    chosen = answers.get("photo") if isinstance(answers, dict) else None
    store = session.vault.attachments
    infos = store.list(case_id)
    if isinstance(chosen, dict) and chosen.get("attachment_id"):
        wanted = str(chosen["attachment_id"])
        if any(info.attachment_id == wanted for info in infos):
            return store.get(wanted)
    first = next((i for i in infos if i.media_type in _IMAGE_TYPES), None)
    return store.get(first.attachment_id) if first is not None else None


def _inputs(session: Session, case_id: str) -> _CaseInputs:
    vault = session.vault
    version = vault.cases.current(case_id)
    return _CaseInputs(
        record=version.document,
        reference=vault.cases.summary(case_id).reference,
        record_hash=hash_of_record(version.document),
        photo=_photo(session, case_id, version.document),
        training=device_identity(vault).training,
    )


def case_documents(session: Session, case_id: str) -> list[RenderedDocument]:
    """The applicable documents of a case's current version."""
    i = _inputs(session, case_id)
    return documents_for_record(
        i.record,
        reference=i.reference,
        record_hash=i.record_hash,
        photo=i.photo,
        training=i.training,
    )


def case_glyph_warnings(session: Session, case_id: str) -> list[str]:
    """glyph_warnings_for_record for a case's current version."""
    version = session.vault.cases.current(case_id)
    reference = session.vault.cases.summary(case_id).reference
    return glyph_warnings_for_record(version.document, reference=reference)


def unprintable_lines(session: Session, case_ids: list[str]) -> list[str]:
    """'FC-…: <what cannot be printed>' for each case and character, before printing a batch."""
    lines: list[str] = []
    for case_id in case_ids:
        reference = session.vault.cases.summary(case_id).reference
        lines += [f"{reference}: {message}" for message in case_glyph_warnings(session, case_id)]
    return lines


def case_pack(session: Session, case_id: str) -> bytes:
    """The referral pack of a case's current version."""
    i = _inputs(session, case_id)
    return pack_for_record(
        i.record,
        reference=i.reference,
        record_hash=i.record_hash,
        photo=i.photo,
        training=i.training,
    )


def case_pack_with_reference(session: Session, case_id: str) -> tuple[str, bytes]:
    """The case reference (for window titles) and the referral pack, in one worker-thread call."""
    i = _inputs(session, case_id)
    pdf = pack_for_record(
        i.record,
        reference=i.reference,
        record_hash=i.record_hash,
        photo=i.photo,
        training=i.training,
    )
    return i.reference, pdf


def build_packs(
    session: Session,
    case_ids: list[str],
    *,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> dict[str, bytes]:
    """Packs for many cases, in memory; stops between cases when cancelled, keeping those done."""
    packs: dict[str, bytes] = {}
    total = len(case_ids)
    for done, case_id in enumerate(case_ids, start=1):
        if cancelled():
            break
        packs[case_id] = case_pack(session, case_id)
        progress(done, total)
    return packs


# O_BINARY (Windows only; 0 elsewhere): a text-mode descriptor there would turn every 0x0A in
# the PDF into 0x0D 0x0A, corrupting it.
PDF_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so a crash never leaves half a PDF under its name."""
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    try:
        fd = os.open(partial, PDF_OPEN_FLAGS, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        partial.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise


def _disclosure_entry(
    session: Session, reference: str, short_hash: str, titles: str, path: Path, clock: Clock
) -> DisclosureEntry:
    return new_disclosure(
        session,
        what=(
            f"Referral pack for case {reference} (record version {short_hash}) as a PDF: {titles}."
        ),
        to=f"Saved as a PDF file on this laptop: {path.name}",
        why="Saved with the explicit 'Save as PDF' action, to send the referrals that apply.",
        clock=clock,
    )


def save_pack_as_pdf(session: Session, case_id: str, path: Path, *, clock: Clock) -> None:
    """Write the referral pack to `path` (the one action that writes a PDF file) and record it.

    The audit entry carries ids and codes only; the disclosure entry (who it went to, why)
    goes into the case's disclosure log as a new version, for a finalised case too (the log
    may grow after sign-off without breaking the signature; see case_lifecycle).
    """
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        raise InvalidInput("Save the pack with a name ending in .pdf.")
    if not path.parent.is_dir():
        raise InvalidInput(f"The folder {path.parent} does not exist; choose another.")
    i = _inputs(session, case_id)
    pdf = pack_for_record(
        i.record,
        reference=i.reference,
        record_hash=i.record_hash,
        photo=i.photo,
        training=i.training,
    )
    _write_atomically(path, pdf)
    now = iso(clock.now())
    short = short_record_hash(i.record)
    titles = "; ".join([PACK_TITLE, *render.contents(_context(i.record, i.reference, i.photo))])
    vault = session.vault
    try:
        with vault.transaction():
            record_disclosure(
                session,
                case_id,
                _disclosure_entry(session, i.reference, short, titles, path, clock),
                clock=clock,
            )
            vault.audit.append(
                "pack_saved_as_pdf",
                worker_id=session.worker_id,
                case_id=case_id,
                detail=f"version={short}",
                now=now,
            )
    except BaseException:
        # Unrecorded, the file must not stay: a PDF on disk with no trace of who saved it.
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        raise
