"""Argon2id key derivation: parameters, the downgrade floor, calibration and key buffers."""

from __future__ import annotations

import os
import time
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from crypto.encoding import ErrorType, FieldReader
from crypto.errors import CryptoError, WeakKdfParameters

# Argon2 version 1.3 (0x13), the only one keystore.json accepts; equal to the argon2 library's
# ARGON2_VERSION (tests/crypto check it). A constant here so that reading keystore.json (the
# unlock screen's worker list) does not load the argon2 library: derive_kek imports it.
ARGON2_VERSION = 0x13
KEK_BYTES = 32
SALT_BYTES = 16
# Ceilings stop a hostile keystore from asking for terabytes of RAM or hours of work.
MAX_MEMORY_KIB = 4 * 1024 * 1024
MAX_TIME_COST = 64
MAX_PARALLELISM = 64


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters (memory in KiB, passes, lanes)."""

    memory_kib: int
    time_cost: int
    parallelism: int

    def to_dict(self) -> dict[str, object]:
        """The JSON form stored in key slots and key files (algorithm and version included)."""
        return {
            "alg": "argon2id",
            "v": ARGON2_VERSION,
            "m": self.memory_kib,
            "t": self.time_cost,
            "p": self.parallelism,
        }

    @classmethod
    def from_dict(
        cls, data: Mapping[str, object], *, error: ErrorType = CryptoError, where: str = "kdf"
    ) -> KdfParams:
        """Strictly parse to_dict() output; problems raise `error` (e.g. KeystoreCorrupt)."""
        reader = FieldReader(data, error=error, where=where)
        params = cls.read(reader)
        reader.finish()
        return params

    @classmethod
    def read(cls, reader: FieldReader) -> KdfParams:
        """Read the parameter fields from a larger object (which may also hold the salt)."""
        reader.exact("alg", "argon2id")
        reader.exact("v", ARGON2_VERSION)
        # Values below the floor parse fine here; check_floor refuses them with a clearer error.
        return cls(
            memory_kib=reader.integer("m", minimum=1, maximum=MAX_MEMORY_KIB),
            time_cost=reader.integer("t", minimum=1, maximum=MAX_TIME_COST),
            parallelism=reader.integer("p", minimum=1, maximum=MAX_PARALLELISM),
        )


DEFAULT_KDF = KdfParams(memory_kib=262144, time_cost=3, parallelism=4)
# RFC 9106 second recommended option: the weakest setting we ever run.
FLOOR_KDF = KdfParams(memory_kib=65536, time_cost=3, parallelism=4)


def check_floor(params: KdfParams) -> None:
    """Refuse parameters below FLOOR_KDF (or above the sanity ceilings) in any component."""
    weak = []
    if params.memory_kib < FLOOR_KDF.memory_kib:
        weak.append(f"memory {params.memory_kib} KiB < {FLOOR_KDF.memory_kib} KiB")
    if params.time_cost < FLOOR_KDF.time_cost:
        weak.append(f"time cost {params.time_cost} < {FLOOR_KDF.time_cost}")
    if params.parallelism < FLOOR_KDF.parallelism:
        weak.append(f"parallelism {params.parallelism} < {FLOOR_KDF.parallelism}")
    if weak:
        raise WeakKdfParameters(
            "Key derivation settings are below the allowed minimum ("
            + "; ".join(weak)
            + "). The key file may have been tampered with to make guessing easier; "
            "restore it from a trusted copy or re-enrol the worker."
        )
    if (
        params.memory_kib > MAX_MEMORY_KIB
        or params.time_cost > MAX_TIME_COST
        or params.parallelism > MAX_PARALLELISM
    ):
        raise WeakKdfParameters(
            "Key derivation settings are implausibly large and were refused to avoid exhausting "
            "this computer; the key file is probably damaged."
        )


def derive_kek(passphrase: str, salt: bytes, params: KdfParams) -> bytearray:
    """Argon2id raw 32-byte key from an NFC-normalised UTF-8 passphrase (floor checked first)."""
    check_floor(params)
    if len(salt) < SALT_BYTES:
        raise WeakKdfParameters(f"The salt must be at least {SALT_BYTES} bytes; refused.")
    # NFC so that the same passphrase typed on different keyboards/OSes gives the same key.
    # surrogatepass keeps a stray surrogate from crashing the encoder; it will simply not match.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8", "surrogatepass")
    from argon2.exceptions import HashingError
    from argon2.low_level import Type, hash_secret_raw

    try:
        raw = hash_secret_raw(
            secret=secret,
            salt=bytes(salt),
            time_cost=params.time_cost,
            memory_cost=params.memory_kib,
            parallelism=params.parallelism,
            hash_len=KEK_BYTES,
            type=Type.ID,
            version=ARGON2_VERSION,
        )
    except HashingError as exc:
        raise CryptoError(
            f"Key derivation failed ({exc}); close other programs to free memory and try again."
        ) from None
    # The immutable `raw` copy cannot be wiped; callers get a bytearray they can zeroize.
    return bytearray(raw)


def zeroize(buffer: bytearray) -> None:
    """Overwrite a key buffer in place (best effort: Python may hold other copies)."""
    buffer[:] = bytes(len(buffer))


def calibrate(
    target_seconds: float = 1.0,
    *,
    start: KdfParams = DEFAULT_KDF,
    max_memory_kib: int = 1048576,
    timer: Callable[[], float] = time.perf_counter,
) -> KdfParams:
    """Double Argon2id memory while one run takes at most target_seconds; never below start."""
    check_floor(start)
    best = start
    candidate = start
    salt = os.urandom(SALT_BYTES)
    while True:
        began = timer()
        try:
            zeroize(derive_kek("calibration", salt, candidate))
        except CryptoError:
            # Typically out of memory at a doubled size: the last size that worked is our answer.
            break
        elapsed = timer() - began
        if elapsed > target_seconds:
            break
        best = candidate
        if candidate.memory_kib * 2 > max_memory_kib:
            break
        candidate = replace(candidate, memory_kib=candidate.memory_kib * 2)
    return best
