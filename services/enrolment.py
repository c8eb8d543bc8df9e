"""Council IT's list of enrolled devices: device id -> device key fingerprint, in the key folder.

A device prints both at set-up (`provision`, or `device-info` later); council IT types them
in with `council enrol-device`. Only bundles from enrolled devices are imported.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from crypto.atomic_file import write_atomic
from crypto.encoding import canonical_json
from crypto.fingerprints import FINGERPRINT_CHARS, GROUP, normalise_fingerprint
from services.errors import InvalidInput

ENROLLED_FILE = "enrolled-devices.json"
ENROLLED_FORMAT = "first-contact/enrolled-devices/1"
_DEVICE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_BASE32 = re.compile(r"^[A-Z2-7]+$")


def _grouped(text: str) -> str:
    return "-".join(text[i : i + GROUP] for i in range(0, len(text), GROUP))


def enrolled_devices(keys_dir: Path) -> dict[str, str]:
    """The enrolled devices (empty when none have been enrolled yet)."""
    path = keys_dir / ENROLLED_FILE
    if not path.exists():
        return {}
    try:
        value = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{path} cannot be read ({exc}); restore it from a backup.") from None
    if not isinstance(value, dict) or value.get("format") != ENROLLED_FORMAT:
        raise InvalidInput(f"{path} is not a list of enrolled devices; restore it from a backup.")
    devices = value.get("devices", {})
    return {str(k): str(v) for k, v in devices.items()}


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
