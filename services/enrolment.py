"""Council IT's register of enrolled devices, signed so that an edit is noticed.

`enrolled-devices.json` in the key folder maps each device id to its key fingerprint, when it
was enrolled and, once revoked, when. The file is signed with the council receipt key: the
receiver checks the signature with the receipt key it opens anyway, so a device added or
changed by anyone without that key's passphrase is refused (not silently trusted). A device
prints its fingerprint with a seventh check group (`provision`, `device-info`); council IT
types it in with `council enrol-device`, and a typo is caught there and then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bundles.trust_checks import DeviceRoster
from crypto.atomic_file import write_atomic
from crypto.council import load_council_key_file
from crypto.encoding import FieldReader, b64, canonical_json, parse_json_object
from crypto.errors import BadSignature, CryptoError
from crypto.fingerprints import (
    FINGERPRINT_CHARS,
    normalise_fingerprint,
    parse_checked_fingerprint,
    with_check_group,
)
from crypto.signing import DOMAIN_DEVICES, SIGNATURE_BYTES, public_key_of, sign, verify
from services.errors import InvalidInput
from services.receipt_key_file import current_receipt_path

ENROLLED_FILE = "enrolled-devices.json"
ENROLLED_FORMAT = "first-contact/enrolled-devices/2"
UNSIGNED_FORMAT = "first-contact/enrolled-devices/1"
_DEVICE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_BASE32 = re.compile(r"^[A-Z2-7]+$")
_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
UNKNOWN_DATE = "unknown"
MAX_ENROLLED_BYTES = 4 * 1024 * 1024  # tens of thousands of devices


@dataclass(frozen=True)
class EnrolledDevice:
    """One device as the register keeps it."""

    device_id: str
    fingerprint: str  # six groups, as stored; shown with its check group
    enrolled: str
    revoked: str | None = None

    @property
    def shown_fingerprint(self) -> str:
        return with_check_group(self.fingerprint)


class _Shape(CryptoError):
    """Internal: the strict reader's error type, reported as InvalidInput."""


def _fingerprint_ok(stored: str) -> bool:
    typed = normalise_fingerprint(stored)
    return len(typed) == FINGERPRINT_CHARS and bool(_BASE32.fullmatch(typed))


def _read_entry(devices: FieldReader, device_id: str) -> EnrolledDevice:
    entry = devices.child(device_id)
    device = EnrolledDevice(
        device_id=device_id,
        fingerprint=entry.text("fingerprint", max_len=64),
        enrolled=entry.text("enrolled", max_len=20),
        revoked=entry.optional_text("revoked", max_len=20),
    )
    entry.finish()
    # "unknown": enrolled before the register kept dates (signed from the old format).
    times_ok = (device.enrolled == UNKNOWN_DATE or _TIME.fullmatch(device.enrolled)) and (
        device.revoked is None or _TIME.fullmatch(device.revoked)
    )
    if not _DEVICE_ID.fullmatch(device_id) or not _fingerprint_ok(device.fingerprint):
        raise devices.fail(f"the entry for device {device_id[:64]!r} is malformed")
    if not times_ok:
        raise devices.fail(f"the dates of device {device_id[:64]!r} are malformed")
    return device


def _body(devices: dict[str, EnrolledDevice]) -> dict[str, object]:
    return {
        "format": ENROLLED_FORMAT,
        "devices": {
            d.device_id: {
                "fingerprint": d.fingerprint,
                "enrolled": d.enrolled,
                "revoked": d.revoked,
            }
            for d in sorted(devices.values(), key=lambda d: d.device_id)
        },
    }


def _parse(path: Path, data: bytes) -> tuple[dict[str, EnrolledDevice], bytes | None]:
    """The devices and the signature (None for the old unsigned format, read for listing)."""
    top = parse_json_object(data, max_bytes=MAX_ENROLLED_BYTES, error=_Shape, what=path.name)
    if "signature" not in top.names():
        top.exact("format", UNSIGNED_FORMAT)
        devices = top.child("devices")
        found = {}
        for device_id in devices.names():
            stored = devices.text(device_id, max_len=64)
            if not _DEVICE_ID.fullmatch(device_id) or not _fingerprint_ok(stored):
                raise devices.fail(f"the entry for device {device_id[:64]!r} is malformed")
            found[device_id] = EnrolledDevice(device_id, stored, UNKNOWN_DATE)
        devices.finish()
        top.finish()
        return found, None
    top.exact("format", ENROLLED_FORMAT)
    devices = top.child("devices")
    found = {device_id: _read_entry(devices, device_id) for device_id in devices.names()}
    devices.finish()
    signature = top.raw_bytes("signature", length=SIGNATURE_BYTES)
    top.finish()
    return found, signature


def _load(keys_dir: Path) -> tuple[dict[str, EnrolledDevice], bytes | None] | None:
    path = keys_dir / ENROLLED_FILE
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_ENROLLED_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InvalidInput(
            f"{path} cannot be read ({exc.strerror or type(exc).__name__}); check the key "
            "folder and its permissions."
        ) from None
    try:
        return _parse(path, data)
    except _Shape as exc:
        raise InvalidInput(f"{path} is damaged ({exc}); restore it from a backup.") from None


def device_register(keys_dir: Path, *, receipt_pk: bytes) -> dict[str, EnrolledDevice]:
    """Every device in the register (revoked ones too), its signature checked."""
    loaded = _load(keys_dir)
    if loaded is None:
        return {}
    devices, signature = loaded
    path = keys_dir / ENROLLED_FILE
    if signature is None:
        raise InvalidInput(
            f"{path} is in the old unsigned format. Check its devices with `council devices "
            "list`, then sign it with `council devices sign`; nothing is received until then."
        )
    try:
        verify(receipt_pk, DOMAIN_DEVICES, canonical_json(_body(devices)), signature)
    except BadSignature:
        raise InvalidInput(
            f"{path} was changed without the council receipt key (its signature does not "
            "match). Nothing is received: restore it from a backup, or check every device "
            "with `council devices list` and sign it again with `council devices sign`."
        ) from None
    return devices


def unverified_register(keys_dir: Path) -> tuple[dict[str, EnrolledDevice], bool]:
    """The register as written, and whether it carries a signature (for `devices list`)."""
    loaded = _load(keys_dir)
    if loaded is None:
        return {}, True
    devices, signature = loaded
    return devices, signature is not None


def enrolled_devices(keys_dir: Path, *, receipt_pk: bytes) -> DeviceRoster:
    """The devices the receiver accepts, and the revoked ones (refused with their own code)."""
    devices = device_register(keys_dir, receipt_pk=receipt_pk)
    return DeviceRoster(
        {d.device_id: d.fingerprint for d in devices.values() if d.revoked is None},
        {d.device_id: (d.fingerprint, d.revoked) for d in devices.values() if d.revoked},
    )


def _save(keys_dir: Path, devices: dict[str, EnrolledDevice], receipt_sk: bytes) -> None:
    body = _body(devices)
    signature = sign(receipt_sk, DOMAIN_DEVICES, canonical_json(body))
    write_atomic(keys_dir / ENROLLED_FILE, canonical_json({**body, "signature": b64(signature)}))


def check_typed_device(device_id: str, typed_fingerprint: str) -> str:
    """The stored (six-group) fingerprint for what was typed, or InvalidInput saying what is
    wrong; checked before any passphrase is asked."""
    if not _DEVICE_ID.fullmatch(device_id):
        raise InvalidInput("That device id is not one a device prints; copy it again.")
    try:
        return parse_checked_fingerprint(typed_fingerprint)
    except CryptoError as exc:
        raise InvalidInput(f"{exc} Nothing was enrolled.") from None


def enrol_device(
    keys_dir: Path, device_id: str, typed_fingerprint: str, *, receipt_sk: bytes, now: str
) -> EnrolledDevice:
    """Enrol (or re-enrol, which also lifts a revocation) a device by its id and the full
    seven-group fingerprint it printed; a typo is refused by the check group."""
    if not keys_dir.is_dir():
        raise InvalidInput(f"{keys_dir} is not the council key folder made by `council init`.")
    stored = check_typed_device(device_id, typed_fingerprint)
    devices = device_register(keys_dir, receipt_pk=public_key_of(receipt_sk))
    devices[device_id] = EnrolledDevice(device_id, stored, now)
    _save(keys_dir, devices, receipt_sk)
    return devices[device_id]


def revoke_device(keys_dir: Path, device_id: str, *, receipt_sk: bytes, now: str) -> EnrolledDevice:
    """Refuse the device's bundles from now on (lost or retired laptop); the entry stays, so
    receipts for what it sent before can still be checked and written again."""
    devices = device_register(keys_dir, receipt_pk=public_key_of(receipt_sk))
    device = devices.get(device_id)
    if device is None:
        raise InvalidInput(f"Device {device_id} is not enrolled; see `council devices list`.")
    if device.revoked is not None:
        return device
    devices[device_id] = EnrolledDevice(device_id, device.fingerprint, device.enrolled, now)
    _save(keys_dir, devices, receipt_sk)
    return devices[device_id]


def sign_register(keys_dir: Path, *, receipt_sk: bytes) -> int:
    """Sign the register as it is now (after a person checked `council devices list`):
    upgrades the old unsigned file, or accepts an edit made by hand. Returns the count."""
    loaded = _load(keys_dir)
    if loaded is None:
        raise InvalidInput(f"{keys_dir / ENROLLED_FILE} does not exist; nothing to sign.")
    devices, _signature = loaded
    _save(keys_dir, devices, receipt_sk)
    return len(devices)


def resign_register(keys_dir: Path, *, old_pk: bytes, new_sk: bytes) -> int:
    """After a receipt-key rotation: the register, checked against the old key, signed with
    the new one (nothing to do when there is no register yet). Returns the count."""
    if _load(keys_dir) is None:
        return 0
    devices = device_register(keys_dir, receipt_pk=old_pk)
    _save(keys_dir, devices, new_sk)
    return len(devices)


def open_receipt_key(keys_dir: Path, passphrase: str) -> bytes:
    """The council's current receipt key, which signs the register (and receipts)."""
    try:
        key = load_council_key_file(current_receipt_path(keys_dir), "receipt", passphrase)
    except CryptoError as exc:
        raise InvalidInput(f"The council receipt key could not be opened: {exc}") from None
    if not isinstance(key, bytes):  # pragma: no cover - the receipt role is raw bytes
        raise InvalidInput("The council receipt key file is damaged.")
    return key
