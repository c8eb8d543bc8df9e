"""Device export: gather finalised cases into a signed, encrypted bundle on a stick.

The vault changes only after the bundle has been written, renamed and read back: a full
disk, a pulled stick or a cancel leaves no bundle file and the vault exactly as it was.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from jsonschema import Draft202012Validator

from bundles.errors import BundleError
from bundles.manifest import GENESIS_SHA256
from bundles.sources import EntrySource, ExportContext
from bundles.writer import OutputOpener, WrittenBundle, write_bundle
from crypto.encoding import canonical_json
from crypto.errors import CryptoError
from crypto.fingerprints import fingerprint
from services.case_lifecycle import record_disclosure
from services.case_status import EXPORTED, FINALISED
from services.cases import form_for
from services.clock import Clock, iso
from services.device_identity import device_identity, pinned_trust_bundle
from services.disclosures import new_disclosure
from services.errors import InvalidInput, ServiceError
from services.session import Session
from services.trust_expiry import trust_expiry

EXPORT_SEQ = "export_device_seq"
EXPORT_PREV = "export_prev_manifest_sha256"
SCHEMA_VERSION = 1
APP_VERSION = "0.1.0"
# PDF entries need a UUID; derive it from the case and output so it is stable per revision.
_PACK_NAMESPACE = uuid.UUID("6f1c3f57-51a4-4a52-9a0e-1b2f3c4d5e6f")

DEFAULT_DISCLOSURE_TO = "Council IT, in an encrypted export file only the council can open"
DEFAULT_DISCLOSURE_WHY = "Hand-over of the finalised case for the referrals that apply"

Progress = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]
DocumentSource = Callable[[Session, str], list[tuple[str, bytes]]]


class ExportFailed(ServiceError):
    """The export did not happen; the message says why and what to do. Nothing was changed."""

    def __init__(self, message: str, *, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Recipient:
    """A council key the bundle is encrypted to, as the summary shows it."""

    name: str
    fingerprint: str


@dataclass(frozen=True)
class ExportPlan:
    """What an export would do: shown to the worker before they start.

    `case_ids` is every finalised case not yet exported; `selected` those of the worker's
    selection in the case list that can go (`not_ready` more were selected but are not
    finalised, or were exported already). `references` names each case for the summary.
    """

    case_ids: tuple[str, ...]
    recipients: tuple[Recipient, ...]
    training: bool
    selected: tuple[str, ...] = ()
    not_ready: int = 0
    references: Mapping[str, str] = field(default_factory=dict)
    # case id -> characters its documents cannot print (they show [U+XXXX]; the record keeps
    # them exactly). Told before the export starts, never discovered by the council.
    unprintable: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The trust bundle's expiry warning (60, 30, 7 days before), or None.
    trust_warning: str | None = None

    def unprintable_lines(self) -> list[str]:
        """One line per case and character, by reference, for the summary."""
        return [
            f"  {self.reference(case_id)}: {message}"
            for case_id in self.case_ids
            for message in self.unprintable.get(case_id, ())
        ]

    def reference(self, case_id: str) -> str:
        """The case's reference (no personal data), or its id if unknown."""
        return self.references.get(case_id, case_id)


@dataclass(frozen=True)
class ExportResult:
    """A bundle written, verified and recorded."""

    path: Path
    bundle_id: str
    case_ids: tuple[str, ...]
    size: int
    device_seq: int


def _recipients(session: Session, clock: Clock) -> tuple[list[str], tuple[Recipient, ...]]:
    try:
        trust = pinned_trust_bundle(session.vault, clock)
    except (CryptoError, ValueError) as exc:
        # The reason already says what to do ("Ask council IT for a current one ..."); wrapping
        # it in brackets doubled its full stop.
        raise ExportFailed(
            f"No usable council trust bundle is pinned on this laptop. {exc} Then export again; "
            "nothing was changed.",
            exit_code=30,
        ) from None
    keys = list(trust.import_recipients)
    if not keys:
        raise ExportFailed(
            "The pinned trust bundle names no council import key, so there is nobody to "
            "encrypt to. Ask council IT for a new trust bundle. Nothing was changed.",
            exit_code=30,
        )
    shown = tuple(
        Recipient(f"{trust.council_name} {label}", fingerprint(k))
        for label, k in zip(trust.import_labels(), keys, strict=True)
    )
    return keys, shown


def exportable_cases(session: Session) -> list[str]:
    """Every finalised case that has not been exported yet, oldest first."""
    return [c.case_id for c in session.vault.cases.list_summaries(status=FINALISED)]


def plan_export(
    session: Session,
    *,
    clock: Clock,
    case_ids: Sequence[str] | None = None,
    selection: Sequence[str] = (),
) -> ExportPlan:
    """The summary to confirm: which cases (every exportable one, or exactly `case_ids`; and
    which of the worker's `selection` can go), and to whom (by fingerprint)."""
    chosen = tuple(case_ids) if case_ids is not None else tuple(exportable_cases(session))
    exportable = set(chosen)
    selected = tuple(dict.fromkeys(c for c in selection if c in exportable))
    references = {case_id: session.vault.cases.summary(case_id).reference for case_id in chosen}
    _keys, shown = _recipients(session, clock)
    return ExportPlan(
        chosen,
        shown,
        device_identity(session.vault).training,
        selected=selected,
        not_ready=len(set(selection)) - len(selected),
        references=references,
        unprintable=_unprintable(session, chosen),
        trust_warning=trust_expiry(session.vault, clock).warning,
    )


def _unprintable(session: Session, case_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    from services.documents import case_glyph_warnings  # reportlab: only when exporting

    found = {case_id: tuple(case_glyph_warnings(session, case_id)) for case_id in case_ids}
    return {case_id: messages for case_id, messages in found.items() if messages}


def _default_documents(session: Session, case_id: str) -> list[tuple[str, bytes]]:
    from services.documents import case_documents  # heavy (reportlab); only when exporting

    return [(doc.output_id, doc.pdf) for doc in case_documents(session, case_id)]


def _audit_slice(session: Session, case_id: str) -> bytes:
    rows: list[dict[str, Any]] = [
        {
            "seq": e.seq,
            "at": e.at,
            "worker_id": e.worker_id,
            "event": e.event,
            "case_id": e.case_id,
            "detail": e.detail,
            "prev_hash": e.prev_hash,
            "hash": e.hash,
        }
        for e in session.vault.audit.entries({case_id})
    ]
    return canonical_json(rows)


def record_bytes(document: dict[str, Any]) -> bytes:
    """The record JSON as it travels: canonical, so the receiver can compare byte for byte."""
    return canonical_json(document)


def schema_problem(document: dict[str, Any]) -> str | None:
    """Where the record breaks docs/record.schema.json (generated from the form definition,
    which ships inside the package), or None. Only paths are reported, never values."""
    from forms.record_schema import record_schema

    validator = Draft202012Validator(record_schema(form_for(document)))
    error = next(iter(validator.iter_errors(document)), None)
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path) or "record"
    return f"at {where}: {error.validator}"


def summary_reference(session: Session, case_id: str) -> str:
    """The case's reference (no personal data) for messages."""
    return session.vault.cases.summary(case_id).reference


def _attachment_opener(session: Session, attachment_id: str) -> Callable[[], BinaryIO]:
    def open_() -> BinaryIO:
        return io.BytesIO(session.vault.attachments.get(attachment_id))

    return open_


def case_entries(
    session: Session, case_id: str, documents: DocumentSource = _default_documents
) -> tuple[int, list[EntrySource]]:
    """The bundle entries of one case's current revision, in manifest order."""
    current = session.vault.cases.current(case_id)
    revision = current.revision
    document = dict(current.document)
    problem = schema_problem(document)
    if problem is not None:
        raise ExportFailed(
            f"Case {summary_reference(session, case_id)} does not match the record schema "
            f"({problem}); nothing was exported. Ask the administrator to report this.",
            exit_code=30,
        )
    out = [EntrySource.record(case_id, revision, record_bytes(document))]
    for output_id, pdf in documents(session, case_id):
        pack_id = str(uuid.uuid5(_PACK_NAMESPACE, f"{case_id}/{revision}/{output_id}"))
        out.append(EntrySource.pdf(case_id, revision, pack_id, pdf))
    for info in session.vault.attachments.list(case_id):
        out.append(
            EntrySource.attachment(
                case_id,
                revision,
                _attachment_opener(session, info.attachment_id),
                media_type=info.media_type,
                size=info.size,
                sha256=info.sha256,
            )
        )
    out.append(EntrySource.audit(case_id, revision, _audit_slice(session, case_id)))
    return revision, out


def _context(session: Session, seq: int, prev: str) -> ExportContext:
    me = device_identity(session.vault)
    return ExportContext(
        device_id=me.device_id,
        device_pk=me.public_key,
        device_seq=seq,
        prev_manifest_sha256=prev,
        worker_id=session.worker_id,
        worker_cert=session.worker.cert,
        app_version=APP_VERSION,
        schema_version=SCHEMA_VERSION,
        training=me.training,
    )


def export_cases(
    session: Session,
    out_dir: Path,
    *,
    clock: Clock,
    case_ids: Sequence[str] | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    opener: OutputOpener | None = None,
    documents: DocumentSource = _default_documents,
    disclosure_to: str = DEFAULT_DISCLOSURE_TO,
    disclosure_why: str = DEFAULT_DISCLOSURE_WHY,
) -> ExportResult:
    """Write one bundle of the given (default: every finalised, not yet exported) cases.

    Raises ExportFailed with a message saying what happened and what to do; then no bundle
    file is left under its final name and the vault is unchanged. After a good export each
    case's disclosure log gets an entry (for whom and why: the caller's words or the default).
    """
    if not disclosure_to.strip() or not disclosure_why.strip():
        raise InvalidInput("Say who the bundle is for and why; both go into the disclosure log.")
    vault = session.vault
    chosen = list(case_ids) if case_ids is not None else exportable_cases(session)
    if not chosen:
        raise InvalidInput("There are no finalised cases waiting to be exported.")
    for case_id in chosen:
        if vault.cases.summary(case_id).status != FINALISED:
            raise InvalidInput(
                "Only finalised cases can be exported; ask a supervisor to sign off first."
            )
    if not out_dir.is_dir():
        raise InvalidInput(f"{out_dir} is not a folder. Insert the stick and choose it again.")
    keys, _shown = _recipients(session, clock)
    seq = int(vault.settings.get(EXPORT_SEQ, 0)) + 1
    prev = str(vault.settings.get(EXPORT_PREV, GENESIS_SHA256))
    revisions: dict[str, int] = {}
    entries: list[EntrySource] = []
    for case_id in chosen:
        revisions[case_id], more = case_entries(session, case_id, documents)
        entries += more
    kwargs: dict[str, Any] = {} if opener is None else {"opener": opener}
    try:
        written: WrittenBundle = write_bundle(
            out_dir,
            context=_context(session, seq, prev),
            entries=entries,
            recipients=keys,
            worker_sk=session.signing_key(),
            progress=progress,
            cancel=cancel,
            now=clock.now(),
            **kwargs,
        )
    except BundleError as exc:
        raise ExportFailed(f"{exc} The cases were not changed.", exit_code=exc.exit_code) from None
    now = iso(clock.now())
    bundle_id = written.manifest.bundle_id
    with vault.transaction():
        vault.ledger.record(bundle_id, revisions, status="verified", now=now)
        vault.settings.set(EXPORT_SEQ, seq)
        vault.settings.set(EXPORT_PREV, written.manifest_sha256)
        for case_id in chosen:
            vault.cases.set_status(case_id, EXPORTED, now=now)
            entry = new_disclosure(
                session,
                what=(
                    f"Case record, referral pack and attachments (revision {revisions[case_id]}) "
                    f"in encrypted bundle {bundle_id}"
                ),
                to=disclosure_to,
                why=disclosure_why,
                clock=clock,
            )
            record_disclosure(session, case_id, entry, clock=clock)
        vault.audit.append(
            "bundle_exported",
            worker_id=session.worker_id,
            detail=f"bundle={bundle_id},seq={seq},cases={len(chosen)}",
            now=now,
        )
    return ExportResult(written.path, bundle_id, tuple(chosen), written.size, seq)


UNPRINTABLE_HEADING = (
    "Some characters cannot be printed in the documents (they show [U+XXXX] there; the record "
    "in the bundle keeps them exactly):"
)


def describe(plan: ExportPlan) -> str:
    """Plain text summary for the command line and the dialog."""
    lines = [f"{len(plan.case_ids)} case(s) to export" + (" (TRAINING)" if plan.training else "")]
    lines += [f"  to {r.name}: {r.fingerprint}" for r in plan.recipients]
    if plan.trust_warning:
        lines.append(f"warning: {plan.trust_warning}")
    if plan.unprintable:
        lines.append(UNPRINTABLE_HEADING)
        lines += plan.unprintable_lines()
    return "\n".join(lines)


__all__ = ["ExportFailed", "ExportPlan", "ExportResult", "export_cases", "plan_export"]
