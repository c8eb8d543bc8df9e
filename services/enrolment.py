"""Council IT's list of enrolled devices: device id -> device key fingerprint, in the key folder.

A device prints both at set-up (`provision`, or `device-info` later); council IT types them
in with `council enrol-device`. Only bundles from enrolled devices are imported.
"""

from __future__ import annotations

import re
from pathlib import Path

from crypto.atomic_file import write_atomic
from crypto.encoding import canonical_json, parse_json_object
from crypto.errors import CryptoError
from crypto.fingerprints import FINGERPRINT_CHARS, GROUP, normalise_fingerprint
from services.errors import InvalidInput

ENROLLED_FILE = "enrolled-devices.json"
ENROLLED_FORMAT = "first-contact/enrolled-devices/1"
_DEVICE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_BASE32 = re.compile(r"^[A-Z2-7]+$")
MAX_ENROLLED_BYTES = 4 * 1024 * 1024  # tens of thousands of devices


def _grouped(text: str) -> str:
    return "-".join(text[i : i + GROUP] for i in range(0, len(text), GROUP))


class _Shape(CryptoError):
    """Internal: the strict reader's error type, reported as InvalidInput."""


def _read_devices(path: Path, data: bytes) -> dict[str, str]:
    top = parse_json_object(data, max_bytes=MAX_ENROLLED_BYTES, error=_Shape, what=path.name)
    top.exact("format", ENROLLED_FORMAT)
    devices = top.child("devices")
    result: dict[str, str] = {}
    for device_id in devices.names():
        stored = devices.text(device_id, max_len=64)
        typed = normalise_fingerprint(stored)
        if (
            not _DEVICE_ID.fullmatch(device_id)
            or len(typed) != FINGERPRINT_CHARS
            or not _BASE32.fullmatch(typed)
        ):
            raise devices.fail(f"the entry for device {device_id[:64]!r} is malformed")
        result[device_id] = stored
    devices.finish()
    top.finish()
    return result


def enrolled_devices(keys_dir: Path) -> dict[str, str]:
    """The enrolled devices (empty when none have been enrolled yet), strictly read."""
    path = keys_dir / ENROLLED_FILE
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_ENROLLED_BYTES + 1)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise InvalidInput(
            f"{path} cannot be read ({exc.strerror or type(exc).__name__}); check the key "
            "folder and its permissions."
        ) from None
    try:
        return _read_devices(path, data)
    except _Shape as exc:
        raise InvalidInput(f"{path} is damaged ({exc}); restore it from a backup.") from None


def _save(keys_dir: Path, devices: dict[str, str]) -> None:
    body = {"format": ENROLLED_FORMAT, "devices": dict(sorted(devices.items()))}
    write_atomic(keys_dir / ENROLLED_FILE, canonical_json(body))


def enrol_device(keys_dir: Path, device_id: str, device_fingerprint: str) -> str:
    """Enrol (or re-enrol) a device; returns the fingerprint as stored. The full fingerprint
    is required: the short form read over the phone proves too little to trust bundles."""
    if not keys_dir.is_dir():
        raise InvalidInput(f"{keys_dir} is not the council key folder made by `council init`.")
    if not _DEVICE_ID.match(device_id):
        raise InvalidInput("That device id is not one a device prints; copy it again.")
    typed = normalise_fingerprint(device_fingerprint)
    if len(typed) != FINGERPRINT_CHARS or not _BASE32.match(typed):
        raise InvalidInput(
            f"A device fingerprint has {FINGERPRINT_CHARS} letters and digits 2-7 in groups of "
            "four; copy the whole line the device printed."
        )
    devices = enrolled_devices(keys_dir)
    devices[device_id] = _grouped(typed)
    _save(keys_dir, devices)
    return devices[device_id]


def revoke_device(keys_dir: Path, device_id: str) -> None:
    """Stop accepting bundles from a device (lost or retired laptop)."""
    devices = enrolled_devices(keys_dir)
    if devices.pop(device_id, None) is None:
        raise InvalidInput(f"Device {device_id} is not enrolled.")
    _save(keys_dir, devices)
