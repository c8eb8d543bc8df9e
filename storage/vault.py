"""The Vault: one encrypted SQLCipher file with cases, attachments, search, audit, settings."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from storage.attachments import AttachmentStore
from storage.audit import AuditLog
from storage.cases import CaseStore
from storage.connection import open_database
from storage.database import Database
from storage.errors import StorageError, WrongKeyOrCorrupt
from storage.ledger import ExportLedger
from storage.migrations import current_version, migrate
from storage.rotation import export_rekeyed
from storage.search import SearchIndex
from storage.settings import VaultSettings
from storage.workers import WorkerDirectory

_VAULT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")


class Vault:
    """Build one with Vault.create() or Vault.open(); close() it on lock and exit."""

    def __init__(self, db: Database, vault_id: str) -> None:
        self._db = db
        self._vault_id = vault_id
        self.search = SearchIndex(db)
        self.attachments = AttachmentStore(db)
        self.cases = CaseStore(db, self.search, self.attachments)
        self.audit = AuditLog(db, vault_id)
        self.settings = VaultSettings(db)
        self.workers = WorkerDirectory(db)
        self.ledger = ExportLedger(db)

    @classmethod
    def create(cls, path: Path, key: bytes | bytearray, *, vault_id: str) -> Vault:
        """Create a new vault file (refusing if one exists) at the latest schema."""
        if not _VAULT_ID.match(vault_id):
            raise ValueError("vault_id must be 1-128 characters of letters, digits and _.:-")
        db = open_database(path, key, create=True)
        try:
            # One transaction: a crash mid-creation leaves an empty file, never a vault with
            # tables but no id.
            with db.transaction():
                migrate(db)
                db.execute("INSERT INTO meta (key, value) VALUES ('vault_id', ?)", (vault_id,))
        except BaseException:
            db.close(checkpoint=False)
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            raise
        return cls(db, vault_id)

    @classmethod
    def open(
        cls, path: Path, key: bytes | bytearray, *, _extra_pragmas: Sequence[str] = ()
    ) -> Vault:
        """Open an existing vault: pinned settings asserted, then migrated forward.

        `_extra_pragmas` is a test seam: statements run before the settings are asserted, so a
        test can prove that a drifted setting (e.g. temp_store=FILE) is refused.
        """
        db = open_database(path, key, extra_pragmas=_extra_pragmas)
        try:
            migrate(db)
            vault_id = db.scalar("SELECT value FROM meta WHERE key = 'vault_id'")
            if not vault_id:
                raise WrongKeyOrCorrupt(
                    "the file opens but holds no vault id, so it is not a First Contact vault; "
                    "check the data folder"
                )
        except BaseException:
            db.close(checkpoint=False)
            raise
        return cls(db, str(vault_id))

    @property
    def vault_id(self) -> str:
        return self._vault_id

    @property
    def path(self) -> Path:
        return self._db.path

    @property
    def closed(self) -> bool:
        return self._db.closed

    @property
    def schema_version(self) -> int:
        return current_version(self._db)

    def close(self) -> None:
        """Checkpoint the WAL into the file (TRUNCATE) and close; safe to call twice."""
        self._db.close()

    def checkpoint(self) -> None:
        """Fold the WAL into the main file without closing (e.g. before a backup)."""
        self._db.checkpoint()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several calls (e.g. a save and its audit entry) into one atomic commit."""
        with self._db.transaction():
            yield

    def integrity_check(self) -> list[str]:
        """Problems found by SQLite's and SQLCipher's checks; empty when the file is sound."""
        with self._db.lock:
            problems = [str(r[0]) for r in self._db.query("PRAGMA integrity_check") if r[0] != "ok"]
            problems += [str(r[0]) for r in self._db.query("PRAGMA cipher_integrity_check")]
        return problems

    def rekey_to(self, new_path: Path, new_key: bytes | bytearray) -> None:
        """Write a verified copy of this vault encrypted under `new_key` to `new_path`.

        The caller closes this vault and swaps files with storage.rotation.replace_vault_file
        (after making the keystore able to unwrap the new key).
        """
        if self._db.path.resolve() == new_path.resolve():
            raise StorageError("rotate into a new file, not over the open vault")
        export_rekeyed(self._db, new_path, new_key)

    def __enter__(self) -> Vault:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
