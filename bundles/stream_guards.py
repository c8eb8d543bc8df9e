"""The sink between the decrypted stream and the tar parser on the receiving side: it
remembers the first BundleError the consumer raised, so a failure inside the parser is
reported as itself and not as a decryption failure."""

from __future__ import annotations

from typing import Protocol

from bundles.errors import BundleError


class _Writable(Protocol):
    def write(self, data: bytes | bytearray | memoryview, /) -> int: ...


class GuardedSink:
    """Passes decrypted bytes on and remembers the first BundleError the consumer raised."""

    def __init__(self, target: _Writable) -> None:
        self._target = target
        self.fault: BundleError | None = None

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self.fault is not None:
            raise self.fault
        try:
            return self._target.write(data)
        except BundleError as exc:
            self.fault = exc
            raise

    def flush(self) -> None:
        """Nothing is buffered here."""
