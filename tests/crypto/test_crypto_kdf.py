"""Argon2id derivation: known answers, NFC, the floor, parameter parsing and calibration."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace

import pytest
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from crypto.errors import CryptoError, KeystoreCorrupt, WeakKdfParameters
from crypto.kdf import (
    DEFAULT_KDF,
    FLOOR_KDF,
    MAX_MEMORY_KIB,
    KdfParams,
    calibrate,
    check_floor,
    derive_kek,
    zeroize,
)

SALT = b"saltsaltsaltsalt"
# Argon2id v19, m=64 MiB, t=3, p=4, of "pässphrase" (NFC, UTF-8): a silent change fails here.
KNOWN_KEK = "f64aad3cbd29761fbd7fddc675a4ddd678f5b61714f86e8be36a4c442aba9ef3"


def test_known_answer_and_independent_implementation_agree() -> None:
    kek = derive_kek("p\u00e4ssphrase", SALT, FLOOR_KDF)
    oracle = Argon2id(salt=SALT, length=32, iterations=3, lanes=4, memory_cost=65536)
    assert kek.hex() == KNOWN_KEK
    assert bytes(kek) == oracle.derive("p\u00e4ssphrase".encode())


def test_passphrase_is_nfc_normalised() -> None:
    decomposed = "pa\u0308ssphrase"  # "ä" typed as a + combining diaeresis
    assert derive_kek(decomposed, SALT, FLOOR_KDF).hex() == KNOWN_KEK


def test_salt_changes_the_key() -> None:
    assert derive_kek("p\u00e4ssphrase", b"S" * 16, FLOOR_KDF).hex() != KNOWN_KEK


def test_defaults_are_the_documented_values() -> None:
    assert KdfParams(262144, 3, 4) == DEFAULT_KDF
    assert KdfParams(65536, 3, 4) == FLOOR_KDF
    check_floor(DEFAULT_KDF)
    check_floor(FLOOR_KDF)


@pytest.mark.parametrize(
    "weak",
    [
        replace(FLOOR_KDF, memory_kib=65535),
        replace(FLOOR_KDF, time_cost=2),
        replace(FLOOR_KDF, parallelism=3),
        KdfParams(19456, 2, 1),  # the OWASP server minimum is still too weak here
    ],
)
def test_each_component_below_floor_is_refused(weak: KdfParams) -> None:
    with pytest.raises(WeakKdfParameters, match="below the allowed minimum"):
        check_floor(weak)
    with pytest.raises(WeakKdfParameters):
        derive_kek("anything", SALT, weak)


def test_absurd_parameters_are_refused_before_running() -> None:
    with pytest.raises(WeakKdfParameters, match="implausibly large"):
        derive_kek("x", SALT, replace(FLOOR_KDF, memory_kib=MAX_MEMORY_KIB + 1))


def test_short_salt_is_refused() -> None:
    with pytest.raises(WeakKdfParameters, match="salt"):
        derive_kek("x", b"short", FLOOR_KDF)


def test_lone_surrogate_does_not_crash() -> None:
    assert len(derive_kek("bad\ud800", SALT, FLOOR_KDF)) == 32


def test_zeroize_overwrites_in_place() -> None:
    buffer = bytearray(b"\x01" * 32)
    zeroize(buffer)
    assert buffer == bytearray(32)


def test_params_round_trip_through_dict() -> None:
    assert KdfParams.from_dict(DEFAULT_KDF.to_dict()) == DEFAULT_KDF
    assert DEFAULT_KDF.to_dict() == {"alg": "argon2id", "v": 19, "m": 262144, "t": 3, "p": 4}


@pytest.mark.parametrize(
    "mutation",
    [
        {"alg": "argon2i"},
        {"v": 16},
        {"m": "65536"},
        {"t": True},
        {"p": 3.0},
        {"m": 2**40},
        {"extra": 1},
    ],
)
def test_from_dict_is_strict(mutation: dict[str, object]) -> None:
    data = {**FLOOR_KDF.to_dict(), **mutation}
    with pytest.raises(KeystoreCorrupt):
        KdfParams.from_dict(data, error=KeystoreCorrupt)


def test_from_dict_missing_field_uses_default_error_type() -> None:
    data = FLOOR_KDF.to_dict()
    del data["t"]
    with pytest.raises(CryptoError, match="'t' is missing"):
        KdfParams.from_dict(data)


def _fake_timer(durations: list[float]) -> tuple[list[int], Callable[[], float]]:
    """A clock where each derivation appears to take the next duration in the list."""
    calls: list[int] = []
    ticks = itertools.count()
    now = [0.0]
    pending = iter(durations)

    def timer() -> float:
        # Called twice per derivation: at start (advance nothing) and at end (add duration).
        if next(ticks) % 2 == 1:
            now[0] += next(pending)
            calls.append(1)
        return now[0]

    return calls, timer


def test_calibrate_doubles_while_fast_enough_and_stops_at_first_slow_run() -> None:
    calls, timer = _fake_timer([0.2, 0.5, 1.5])
    result = calibrate(1.0, start=FLOOR_KDF, max_memory_kib=4 * 65536, timer=timer)
    assert result == replace(FLOOR_KDF, memory_kib=2 * 65536)
    assert len(calls) == 3


def test_calibrate_never_goes_below_start() -> None:
    _, timer = _fake_timer([5.0])
    assert calibrate(1.0, start=FLOOR_KDF, timer=timer) == FLOOR_KDF


def test_calibrate_respects_the_memory_cap() -> None:
    calls, timer = _fake_timer([0.1, 0.1, 0.1])
    result = calibrate(1.0, start=FLOOR_KDF, max_memory_kib=2 * 65536, timer=timer)
    assert result.memory_kib == 2 * 65536
    assert len(calls) == 2


def test_calibrate_refuses_a_weak_start() -> None:
    with pytest.raises(WeakKdfParameters):
        calibrate(1.0, start=replace(FLOOR_KDF, time_cost=1))


def test_pinned_argon2_version_is_the_librarys() -> None:
    # crypto.kdf names the version itself (so reading keystore.json does not load argon2);
    # it must stay the version the library computes, or stored parameters would misdescribe it.
    from argon2.low_level import ARGON2_VERSION as LIBRARY_VERSION

    from crypto.kdf import ARGON2_VERSION

    assert ARGON2_VERSION == LIBRARY_VERSION
