"""Typed errors raised by the vault; messages name what happened and what to do, never case data."""

from __future__ import annotations


class StorageError(Exception):
    """Base class for every error the vault raises."""


class VaultNotFound(StorageError):
    """There is no vault file at the given path."""


class VaultExists(StorageError):
    """A file already exists where a new vault was to be created."""


class VaultClosed(StorageError):
    """The vault was used after close() (for example after the session locked)."""


class WrongKeyOrCorrupt(StorageError):
    """The key does not open the file, the keystore does not match it, or the file is damaged."""


class VaultSettingsDrift(StorageError):
    """A pinned connection setting is not what the security design requires."""

    def __init__(self, pragma: str, expected: object, actual: object) -> None:
        self.pragma = pragma
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"vault setting {pragma} is {actual!r}, expected {expected!r}; the vault was not "
            "opened. Something changed the database settings: reinstall the app or contact IT."
        )


class StaleRevision(StorageError):
    """A save was based on a revision that is no longer the current one."""

    def __init__(self, case_id: str, expected: int, current: int) -> None:
        self.case_id = case_id
        self.expected = expected
        self.current = current
        super().__init__(
            f"case {case_id} is at revision {current}, not {expected}: it was saved elsewhere "
            "meanwhile. Reload the case and apply the change again."
        )


class CaseNotFound(StorageError):
    """No case (or no such revision of a case) exists in this vault."""


class CaseExists(StorageError):
    """A case with that id already exists in this vault."""


class CasePurged(CaseNotFound):
    """The case was purged: only an audit stub without personal data remains."""


class AttachmentNotFound(StorageError):
    """No attachment with that id exists in this vault."""


class LedgerEntryNotFound(StorageError):
    """No bundle with that id is recorded in the export ledger."""


class WorkerNotFound(StorageError):
    """No worker with that id is enrolled in this vault."""


class WorkerExists(StorageError):
    """A worker with that id is already enrolled in this vault."""


class SchemaTooNew(StorageError):
    """The vault was written by a newer version of the app than this one."""


class DiskFull(StorageError):
    """The disk (or the vault's size limit) is full; the last change was not saved."""


class AuditChainBroken(StorageError):
    """The audit trail's hash chain does not verify: entries were edited, removed or reordered."""

    def __init__(self, seq: int, reason: str) -> None:
        self.seq = seq
        super().__init__(
            f"audit trail broken at entry {seq} ({reason}); keep this device as it is and "
            "contact council IT."
        )
