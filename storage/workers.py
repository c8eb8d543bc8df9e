"""vault.workers: the worker directory, authenticated by the DEK (unlike keystore.json)."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Any

from storage.database import Database
from storage.encoding import utc_timestamp
from storage.errors import WorkerExists, WorkerNotFound
from storage.schema import ROLES

_COLUMNS = "worker_id, display_name, role, sign_pk, cert, added_at"


@dataclass(frozen=True)
class WorkerRecord:
    """An enrolled worker: their signing public key and the device's certificate for it."""

    worker_id: str
    display_name: str
    role: str
    sign_pk: bytes
    cert: bytes
    added_at: str


def _record(row: tuple[Any, ...]) -> WorkerRecord:
    return WorkerRecord(row[0], row[1], row[2], bytes(row[3]), bytes(row[4]), row[5])


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")


class WorkerDirectory:
    """Who may work on this device and with which role."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        worker_id: str,
        display_name: str,
        role: str,
        sign_pk: bytes,
        cert: bytes,
        *,
        now: str | None = None,
    ) -> WorkerRecord:
        """Enrol a worker; WorkerExists if the id is taken."""
        _check_role(role)
        if not worker_id:
            raise ValueError("worker_id must not be empty")
        record = WorkerRecord(
            worker_id, display_name, role, bytes(sign_pk), bytes(cert), utc_timestamp(now)
        )
        with self._db.transaction():
            if self._db.scalar("SELECT 1 FROM workers WHERE worker_id = ?", (worker_id,)):
                raise WorkerExists(f"worker {worker_id} is already enrolled; pick another id")
            self._db.execute(
                f"INSERT INTO workers ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",  # noqa: S608 (constant column list)
                (
                    record.worker_id,
                    record.display_name,
                    record.role,
                    record.sign_pk,
                    record.cert,
                    record.added_at,
                ),
            )
        return record

    def get(self, worker_id: str) -> WorkerRecord:
        row = self._db.query_one(
            f"SELECT {_COLUMNS} FROM workers WHERE worker_id = ?",  # noqa: S608
            (worker_id,),
        )
        if row is None:
            raise WorkerNotFound(f"worker {worker_id} is not enrolled on this device")
        return _record(row)

    def list(self) -> builtins.list[WorkerRecord]:
        """Every enrolled worker, by id."""
        rows = self._db.query(f"SELECT {_COLUMNS} FROM workers ORDER BY worker_id")  # noqa: S608
        return [_record(row) for row in rows]

    def remove(self, worker_id: str) -> None:
        if not self._db.execute("DELETE FROM workers WHERE worker_id = ?", (worker_id,)):
            raise WorkerNotFound(f"worker {worker_id} is not enrolled on this device")

    def set_role(self, worker_id: str, role: str) -> WorkerRecord:
        """Change a worker's role and return the updated record."""
        _check_role(role)
        with self._db.transaction():
            if not self._db.execute(
                "UPDATE workers SET role = ? WHERE worker_id = ?", (role, worker_id)
            ):
                raise WorkerNotFound(f"worker {worker_id} is not enrolled on this device")
            return self.get(worker_id)
