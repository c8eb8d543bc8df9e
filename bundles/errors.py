"""Typed bundle errors, one class per failure class, and the one exit-code table for the CLI."""

from __future__ import annotations

from collections.abc import Collection
from typing import ClassVar

# Exit codes that are not errors. 3 lets scripts tell "imported, but a person must look"
# (a sequence gap, chain fork or format 1 header) from a clean import without parsing text.
EXIT_OK = 0
EXIT_FLAGGED = 3
# The bundle was imported by an earlier run; its receipt was checked and written again.
EXIT_RECEIPT_REISSUED = 4


class BundleError(Exception):
    """Base class: a bundle was refused or could not be written. The message is one line,
    says what happened and what to do next, and never contains case data."""

    exit_code: ClassVar[int] = 1
    reason: ClassVar[str] = "bundle_error"


# --- receiving (council side), in the order the checks run -------------------------------


class ReadFailed(BundleError):
    """The bundle file could not be read from disk (I/O error, missing file)."""

    exit_code = 9
    reason = "read_failed"


class NotABundle(BundleError):
    """The file is not a binary age v1 file with a well-formed header."""

    exit_code = 10
    reason = "not_a_bundle"


class BoundsExceeded(BundleError):
    """A size bound was exceeded (file, age header, stanza count, manifest, entries)."""

    exit_code = 11
    reason = "bounds_exceeded"


class DecryptFailed(BundleError):
    """age decryption failed: not encrypted to our key, altered, truncated or reordered."""

    exit_code = 12
    reason = "decrypt_failed"


class ManifestInvalid(BundleError):
    """manifest.json or manifest.sig is missing, malformed or inconsistent."""

    exit_code = 13
    reason = "manifest_invalid"


class UnknownDevice(BundleError):
    """The sending device is not enrolled (or its key differs from the enrolled one)."""

    exit_code = 14
    reason = "unknown_device"


class BadWorkerCert(BundleError):
    """The worker certificate is not signed by the device key or does not match the manifest."""

    exit_code = 15
    reason = "bad_worker_cert"


class BadManifestSignature(BundleError):
    """manifest.sig is not the certified worker's signature over these exact manifest bytes."""

    exit_code = 16
    reason = "bad_manifest_signature"


class NotForThisReceiver(BundleError):
    """Our import key is not among the signed recipients (the bundle was re-encrypted)."""

    exit_code = 17
    reason = "not_for_this_receiver"


class UnsupportedVersion(BundleError):
    """The bundle format or record schema version is not one this receiver understands."""

    exit_code = 18
    reason = "unsupported_version"


class ReplayRejected(BundleError):
    """This bundle (or an older one from the same device) was already imported."""

    exit_code = 19
    reason = "replay_rejected"


class ContentMismatch(BundleError):
    """The tar content does not match the manifest (name, order, size, hash, extra, missing)."""

    exit_code = 20
    reason = "content_mismatch"


class UnsafeMember(BundleError):
    """A tar member is a link, device or directory, or has an absolute or '..' name."""

    exit_code = 21
    reason = "unsafe_member"


class ArchiveCommitFailed(BundleError):
    """Verified content could not be moved into the archive (disk full, permissions)."""

    exit_code = 22
    reason = "archive_commit_failed"


class ReceiptInvalid(BundleError):
    """A receipt is malformed, oversized or not signed by the pinned council receipt key."""

    exit_code = 23
    reason = "receipt_invalid"


class ReceiptUnknownKey(ReceiptInvalid):
    """A well-formed receipt signed by none of the receipt keys the device believes (possibly a
    new key from a rotation whose trust update the device has not applied yet). Same exit code
    and reason as any invalid receipt; the message says to apply the trust update first."""


class ArchiveFull(BundleError):
    """The archive disk is full; the bundle was not counted as imported."""

    exit_code = 24
    reason = "archive_full"


class ArchiveNotWritable(BundleError):
    """No permission to write the archive (or it is read-only); nothing counted as imported."""

    exit_code = 25
    reason = "archive_not_writable"


class ArchiveIOFailed(BundleError):
    """The archive disk reported an I/O error; the bundle was not counted as imported."""

    exit_code = 26
    reason = "archive_io_error"


class ArchiveBusy(BundleError):
    """Another receive is writing to the same archive; nothing was done."""

    exit_code = 27
    reason = "archive_busy"


class DeviceRevoked(BundleError):
    """The sending device was revoked (lost or retired laptop); its new bundles are refused."""

    exit_code = 28
    reason = "device_revoked"


class TrainingMismatch(BundleError):
    """A training bundle met a real archive, or a real bundle a practice (training) archive:
    practice cases never sit beside real children's cases, in the archive or the store."""

    exit_code = 35
    reason = "training_mismatch"


class UnexpectedFault(BundleError):
    """The receiver failed in a way it does not classify; the bundle was not imported."""

    exit_code = 29
    reason = "unexpected_fault"


UNEXPECTED_FAULT_HINT = (
    "The bundle was not counted as imported; run receive again, and report this line if it repeats."
)


# --- writing (device side) -------------------------------------------------------------


class ExportInputError(BundleError):
    """The data handed to the writer is unusable (bad id, duplicate entry, changed source)."""

    exit_code = 30
    reason = "export_input_error"


class DiskFull(BundleError):
    """The destination ran out of space while the bundle was written."""

    exit_code = 31
    reason = "disk_full"


class WriteFailed(BundleError):
    """Writing to the destination failed (for example the stick was pulled out)."""

    exit_code = 32
    reason = "write_failed"


class ExportCancelled(BundleError):
    """The person cancelled the export."""

    exit_code = 33
    reason = "export_cancelled"


class VerifyFailed(BundleError):
    """The bundle was written but did not read back identically."""

    exit_code = 34
    reason = "verify_failed"


ERROR_CLASSES: tuple[type[BundleError], ...] = (
    ReadFailed,
    NotABundle,
    BoundsExceeded,
    DecryptFailed,
    ManifestInvalid,
    UnknownDevice,
    BadWorkerCert,
    BadManifestSignature,
    NotForThisReceiver,
    UnsupportedVersion,
    ReplayRejected,
    ContentMismatch,
    UnsafeMember,
    ArchiveCommitFailed,
    ReceiptInvalid,
    ArchiveFull,
    ArchiveNotWritable,
    ArchiveIOFailed,
    ArchiveBusy,
    DeviceRevoked,
    TrainingMismatch,
    UnexpectedFault,
    ExportInputError,
    DiskFull,
    WriteFailed,
    ExportCancelled,
    VerifyFailed,
)

EXIT_CODES: dict[str, int] = {cls.reason: cls.exit_code for cls in ERROR_CLASSES}


def exit_code_help(codes: Collection[int] | None = None) -> str:
    """The exit-code table as plain text, for `--help` epilogues and the docs; `codes`
    limits it to the codes a command can actually return."""
    lines = [
        (EXIT_OK, "ok"),
        (
            EXIT_FLAGGED,
            "imported, but flagged for review (sequence gap, chain fork, unsigned header, late)",
        ),
        (EXIT_RECEIPT_REISSUED, "already imported earlier; its receipt was written again"),
    ]
    for cls in ERROR_CLASSES:
        summary = (cls.__doc__ or cls.reason).strip().splitlines()[0]
        lines.append((cls.exit_code, f"{cls.reason}: {summary}"))
    return "\n".join(f"{code:>3}  {text}" for code, text in lines if codes is None or code in codes)
