"""`council enrol-device` and `council devices list|revoke|sign`: the signed device register."""

from __future__ import annotations

import argparse
from typing import Any

from cli.options import add_keys, add_passphrase_stdin
from cli.passphrases import PassphraseSource
from services.clock import SystemClock, iso
from services.enrolment import (
    check_typed_device,
    enrol_device,
    open_receipt_key,
    revoke_device,
    sign_register,
    unverified_register,
)


def register_council_actions(actions: Any) -> None:
    enrol = actions.add_parser(
        "enrol-device",
        help="accept bundles from a device (id and fingerprint as the device printed them)",
        description=(
            "Adds the device to DIR/enrolled-devices.json, signed with the receipt key. Take "
            "the id and the seven-group fingerprint from the device's `provision` or "
            "`device-info` output, read back in person or by phone: the last group is a check "
            "that refuses a typo. Enrolling the same id again replaces its fingerprint (a "
            "re-provisioned laptop) and lifts a revocation. Asks for the receipt key's "
            "passphrase."
        ),
    )
    add_keys(enrol, "receiving", "council enrol-device")
    enrol.add_argument("--device-id", required=True, metavar="ID")
    enrol.add_argument("--device-fingerprint", required=True, metavar="FINGERPRINT")
    add_passphrase_stdin(enrol)
    enrol.set_defaults(handler=_enrol)

    devices = actions.add_parser("devices", help="list, revoke or sign the enrolled devices")
    device_actions = devices.add_subparsers(dest="devices_command", metavar="ACTION", required=True)
    listing = device_actions.add_parser(
        "list", help="every enrolled device with its fingerprint, enrolment and revocation date"
    )
    add_keys(listing, "receiving", "council devices list")
    listing.set_defaults(handler=_list)
    revoke = device_actions.add_parser(
        "revoke",
        help="refuse a lost or retired laptop's bundles from now on (exit 28 in receive)",
        description=(
            "Marks the device revoked (signed with the receipt key). `receive` then refuses "
            "its bundles with exit 28; what it sent before stays in the archive and "
            "`reissue-receipt` still works for it. Asks for the receipt key's passphrase."
        ),
    )
    add_keys(revoke, "receiving", "council devices revoke")
    revoke.add_argument("--device-id", required=True, metavar="ID")
    add_passphrase_stdin(revoke)
    revoke.set_defaults(handler=_revoke)
    signing = device_actions.add_parser(
        "sign",
        help="sign the register as it is (old unsigned file, or after checking `list`)",
        description=(
            "Only after checking every line of `council devices list` against your records: "
            "signs DIR/enrolled-devices.json as it is now. Asks for the receipt key's passphrase."
        ),
    )
    add_keys(signing, "receiving", "council devices sign")
    add_passphrase_stdin(signing)
    signing.set_defaults(handler=_sign)


def _receipt_key(args: argparse.Namespace) -> bytes:
    passphrase = PassphraseSource(from_stdin=args.passphrase_stdin).ask(
        "Passphrase of the council receipt key"
    )
    return open_receipt_key(args.keys, passphrase)


def _enrol(args: argparse.Namespace) -> int:
    check_typed_device(args.device_id, args.device_fingerprint)  # a typo: before the passphrase
    device = enrol_device(
        args.keys,
        args.device_id,
        args.device_fingerprint,
        receipt_sk=_receipt_key(args),
        now=iso(SystemClock().now()),
    )
    print(f"Enrolled device {device.device_id} with fingerprint {device.shown_fingerprint}.")
    return 0


def _list(args: argparse.Namespace) -> int:
    devices, signed = unverified_register(args.keys)
    if not signed:
        print("UNSIGNED register (old format): check each line, then `council devices sign`.")
    if not devices:
        print("No devices enrolled.")
    for device in sorted(devices.values(), key=lambda d: d.device_id):
        state = f"revoked {device.revoked}" if device.revoked else "active"
        print(
            f"{device.device_id}  {device.shown_fingerprint}  enrolled {device.enrolled}  {state}"
        )
    return 0


def _revoke(args: argparse.Namespace) -> int:
    device = revoke_device(
        args.keys, args.device_id, receipt_sk=_receipt_key(args), now=iso(SystemClock().now())
    )
    print(f"Device {device.device_id} revoked on {device.revoked}; its bundles are refused.")
    return 0


def _sign(args: argparse.Namespace) -> int:
    count = sign_register(args.keys, receipt_sk=_receipt_key(args))
    print(f"Signed the register of {count} device(s).")
    return 0
