"""Which Argon2id parameters new key slots get: calibrated to ~1 s unless told otherwise."""

from __future__ import annotations

import os

from crypto.kdf import DEFAULT_KDF, FLOOR_KDF, KdfParams, calibrate

PROFILE_VARIABLE = "FC_KDF_PROFILE"


def enrolment_kdf() -> KdfParams:
    """Parameters for a new or re-wrapped slot.

    `FC_KDF_PROFILE=floor` (the design's accepted minimum, m=64 MiB t=3 p=4) keeps test suites
    and benchmarks quick; `default` is m=256 MiB; anything else calibrates upwards from the
    default towards one second on this machine, as SECURITY.md asks for real enrolments.
    """
    profile = os.environ.get(PROFILE_VARIABLE, "calibrated")
    if profile == "floor":
        return FLOOR_KDF
    if profile == "default":
        return DEFAULT_KDF
    return calibrate(1.0)
