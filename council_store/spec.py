"""Which database a --store value names, with no password ever taken from the command line."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from council_store.errors import StoreSpecError

STORE_FILE = "council-store.duckdb"  # the embedded store, inside the archive folder

_LOGIN_ADVICE = (
    "Never put a password on the command line (it shows in the process list and shell "
    "history). Put it in ~/.pgpass (or the file PGPASSFILE names), or use a service from "
    "~/.pg_service.conf (or PGSERVICEFILE): --store service=NAME."
)
_KEYWORD = re.compile(r"(?:^|\s)([a-z_]+)\s*=", re.IGNORECASE)


@dataclass(frozen=True)
class StoreSpec:
    """kind "duckdb" with a file path, or kind "postgresql" with a libpq connection string."""

    kind: str
    path: Path | None = None
    conninfo: str = ""

    def describe(self) -> str:
        """For messages: the file, or the connection string (which never holds a password)."""
        return str(self.path) if self.path is not None else self.conninfo


def _refuse_password(conninfo: str) -> None:
    if conninfo.startswith(("postgresql://", "postgres://")):
        parts = urlsplit(conninfo)
        if parts.password is not None or "password" in parse_qs(parts.query):
            raise StoreSpecError("The --store connection string holds a password. " + _LOGIN_ADVICE)
        return
    if any(k.lower() == "password" for k in _KEYWORD.findall(conninfo)):
        raise StoreSpecError("The --store connection string holds a password. " + _LOGIN_ADVICE)


def parse_store_spec(spec: str | None, archive: Path) -> StoreSpec:
    """None or "" means PGSERVICE when it is set, else the DuckDB file in the archive.

    A PostgreSQL store is a libpq URI (postgresql://user@host/db), key=value words
    (host=/run/postgresql dbname=council) or service=NAME; a DuckDB one is duckdb:PATH.
    """
    spec = (spec or "").strip()
    if not spec:
        service = os.environ.get("PGSERVICE", "").strip()
        if service:
            return StoreSpec("postgresql", conninfo=f"service={service}")
        return StoreSpec("duckdb", path=archive / STORE_FILE)
    if spec.startswith("duckdb:"):
        path = Path(spec.removeprefix("duckdb:")).expanduser()
        if not path.name:
            raise StoreSpecError("--store duckdb:PATH needs a file name.")
        return StoreSpec("duckdb", path=path)
    if spec.startswith(("postgresql://", "postgres://")) or _KEYWORD.search(spec):
        _refuse_password(spec)
        return StoreSpec("postgresql", conninfo=spec)
    raise StoreSpecError(
        f"--store {spec!r} is not a store: give a PostgreSQL connection string "
        "(postgresql://user@host/dbname, host=... dbname=..., or service=NAME) or duckdb:PATH; "
        "leave it out for the embedded store in the archive folder."
    )
