"""vault.settings: device and policy settings kept inside the vault (JSON values or raw bytes)."""

from __future__ import annotations

from typing import Any

from storage.database import Database
from storage.encoding import canonical_json, decode_json
from storage.errors import StorageError

_MISSING = object()


def _check_key(key: str) -> None:
    if not key or len(key) > 200:
        raise ValueError("setting keys are short non-empty names such as 'idle_timeout_s'")


class VaultSettings:
    """Secrets such as the device signing key live here, authenticated and encrypted by the DEK.

    bytes/bytearray values are kept as bytes and come back as bytes; anything else is JSON.
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str, default: Any = None) -> Any:
        """The stored value, or `default` when the key was never set."""
        _check_key(key)
        row = self._db.query_one("SELECT kind, value FROM settings WHERE key = ?", (key,))
        if row is None:
            return default
        kind, value = row
        return bytes(value) if kind == "bytes" else decode_json(bytes(value))

    def get_bytes(self, key: str) -> bytes | None:
        """A bytes setting (e.g. the device signing key), or None when it was never set."""
        value = self.get(key, _MISSING)
        if value is _MISSING:
            return None
        if not isinstance(value, bytes):
            raise StorageError(f"setting {key} holds JSON, not bytes; read it with get()")
        return value

    def set(self, key: str, value: Any) -> None:
        """Store a JSON-able value or bytes under `key`, replacing any earlier value."""
        _check_key(key)
        if isinstance(value, bytes | bytearray | memoryview):
            kind, stored = "bytes", bytes(value)
        else:
            kind, stored = "json", canonical_json(value)
        with self._db.transaction():
            self._db.execute(
                "INSERT INTO settings (key, kind, value) VALUES (?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, value = excluded.value",
                (key, kind, stored),
            )

    def delete(self, key: str) -> None:
        """Forget a setting (doing nothing if it was never set)."""
        _check_key(key)
        self._db.execute("DELETE FROM settings WHERE key = ?", (key,))

    def increment(self, key: str, start: int = 1) -> int:
        """Atomically add one to an integer setting and return the new value.

        For the device sequence number: two exports can never be given the same number.
        """
        with self._db.transaction():
            current = self.get(key)
            if current is None:
                value = start
            elif isinstance(current, int) and not isinstance(current, bool):
                value = current + 1
            else:
                raise StorageError(f"setting {key} is not an integer counter; reset it first")
            self.set(key, value)
        return value

    def keys(self) -> list[str]:
        """Every setting name, sorted."""
        return [str(r[0]) for r in self._db.query("SELECT key FROM settings ORDER BY key")]
