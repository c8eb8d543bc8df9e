"""`council ...`: council IT's commands (create the key set and the trust bundle for devices)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cli import council_cases, devices, matches, receive, recover
from cli.options import add_keys, add_passphrase_stdin
from cli.passphrases import PassphraseSource
from services.clock import SystemClock
from services.council import council_fingerprints, init_council, renew_trust
from services.custody import OFFLINE_DIR, RECEIVING_DIR, rotation_folders
from services.import_keys import rotate_import_key
from services.receipt_keys import rotate_receipt_key
from services.root_rotation import rotate_root


def _rotation_folders(parser: argparse.ArgumentParser) -> None:
    """--keys and --receiving of the key rotations, run on the offline machine."""
    parser.add_argument(
        "--keys",
        type=Path,
        required=True,
        metavar="DIR",
        help="the folder `council init` made, or the offline folder (then give --receiving)",
    )
    parser.add_argument(
        "--receiving",
        type=Path,
        metavar="DIR",
        help="the receiving folder, brought to the offline machine, where the new key goes",
    )


def _update_output(
    parser: argparse.ArgumentParser,
    *,
    written: str = "the update",
    lifetime: str = "the update's lifetime",
) -> None:
    """--out and --valid-days of every command that issues a trust bundle or update."""
    parser.add_argument("--out", type=Path, metavar="FILE", help=f"also write {written} here")
    parser.add_argument("--valid-days", type=int, default=365, help=lifetime)


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "council", help="council IT: keys, trust bundles and the case store"
    )
    actions = parser.add_subparsers(dest="council_command", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init",
        help="create the council key set and a signed trust bundle for devices",
        description=(
            "Creates the root signing key, the import key (age X25519), the recovery key and the "
            "receipt key, each private key protected by a passphrase, in two folders: "
            "DIR/offline/ (root and recovery: keep it offline, in a safe) and DIR/receiving/ "
            "(import and receipt keys, public keys, enrolled devices: the machine that receives "
            "bundles), and DIR/trust-bundle.json signed by the root key, for laptops."
        ),
    )
    init.add_argument("--out", type=Path, required=True, metavar="DIR", help="an empty folder")
    init.add_argument("--name", default="Council", help="the council's name as devices show it")
    init.add_argument("--valid-days", type=int, default=365, help="trust bundle lifetime")
    init.add_argument(
        "--passphrase-per-key",
        action="store_true",
        help="ask a different passphrase for each key (root, import, recovery, receipt)",
    )
    add_passphrase_stdin(init)
    init.set_defaults(handler=_init)
    renew = actions.add_parser(
        "renew-trust",
        help="issue the trust bundle again for the same keys with a new expiry",
        description=(
            "Signs the council's current trust bundle again with the root key: the same keys, "
            "one version higher, valid --valid-days from now. Replaces DIR/trust-bundle.json, "
            "keeps every issued version in DIR/issued-trust/, and copies it to --out. Laptops "
            "apply it with `apply-trust` or Administration, Council trust. Asks for the root "
            "key's passphrase."
        ),
    )
    add_keys(renew, "offline", "council renew-trust")
    _update_output(renew, written="the bundle", lifetime="new lifetime in days")
    add_passphrase_stdin(renew)
    renew.set_defaults(handler=_renew)
    rotate = actions.add_parser(
        "rotate-import",
        help="replace the import key without re-provisioning: new key, trust update for laptops",
        description=(
            "Makes import-N+1 (DIR/import-N+1.key.json), retires the current import key and "
            "issues a trust update (signed by the root, one version higher) naming only the "
            "new key: laptops encrypt to it once they apply it (`apply-trust`). The receiver "
            "keeps trying retired keys it still holds, so bundles in transit still import. "
            "Asks for the council key passphrase."
        ),
    )
    _rotation_folders(rotate)
    _update_output(rotate)
    add_passphrase_stdin(rotate)
    rotate.set_defaults(handler=_rotate)
    receipt = actions.add_parser(
        "rotate-receipt",
        help="replace the receipt key without re-provisioning: new key, trust update for laptops",
        description=(
            "Makes receipt-N+1 (receipt-N+1.key.json in the receiving folder), signs the device "
            "register with it and issues a trust update (signed by the root, one version "
            "higher) naming it, with the previous receipt key still accepted for "
            "--transition-days: laptops that applied it (`apply-trust`) accept receipts "
            "written before the rotation too. The receiver signs new receipts with the new "
            "key. Asks for the root key's passphrase (and the receipt key's, if it differs)."
        ),
    )
    _rotation_folders(receipt)
    _update_output(receipt)
    receipt.add_argument(
        "--transition-days",
        type=int,
        default=90,
        help="how long laptops keep accepting receipts signed by the previous key (days)",
    )
    add_passphrase_stdin(receipt)
    receipt.set_defaults(handler=_rotate_receipt)
    root = actions.add_parser(
        "rotate-root",
        help="replace the root key: a trust update signed by the new root, cross-signed by the old",
        description=(
            "Makes a new root signing key (the old one is kept as "
            "root-retired-vN.key.json) and issues the next trust update, signed by the new root "
            "and cross-signed by the old one: laptops apply it (`apply-trust`) because the root "
            "they pin vouches for it, and later renewals are signed by the new root. Asks for "
            "the current root key's passphrase, then a new one for the new key."
        ),
    )
    add_keys(root, "offline", "council rotate-root")
    _update_output(root)
    add_passphrase_stdin(root)
    root.set_defaults(handler=_rotate_root)
    prints = actions.add_parser(
        "fingerprints",
        help="print the fingerprints of the council's current trust bundle again",
        description=(
            "Reads DIR/trust-bundle.json (checked against DIR/public.json) and prints its "
            "version, expiry and the fingerprint of every key, to read out when a laptop is "
            "set up. No passphrase needed."
        ),
    )
    add_keys(prints, "either", "council fingerprints")
    prints.set_defaults(handler=_fingerprints)
    devices.register_council_actions(actions)
    receive.register_council_actions(actions)
    council_cases.register_council_actions(actions)
    recover.register_council_actions(actions)
    matches.register_council_actions(actions)


def _init(args: argparse.Namespace) -> int:
    source = PassphraseSource(from_stdin=args.passphrase_stdin)
    passphrase: str | dict[str, str]
    if args.passphrase_per_key:
        passphrase = {
            role: source.ask(f"Passphrase for the council {role} key", confirm=True)
            for role in ("root", "import", "recovery", "receipt")
        }
    else:
        passphrase = source.ask("Passphrase protecting the council private keys", confirm=True)
    report = init_council(
        args.out,
        council_name=args.name,
        passphrase=passphrase,
        clock=SystemClock(),
        valid_days=args.valid_days,
        split=True,
    )
    print(f"Offline keys (root, recovery; keep offline): {args.out / OFFLINE_DIR}")
    print(f"Receiving machine's keys (import, receipt): {args.out / RECEIVING_DIR}")
    print(f"Trust bundle for devices: {report.trust_bundle}")
    print("Fingerprints to read out when a device is set up:")
    for name, value in report.fingerprints.items():
        print(f"  {name:<10} {value}")
    return 0


def _renew(args: argparse.Namespace) -> int:
    passphrase = PassphraseSource(from_stdin=args.passphrase_stdin).ask(
        "Passphrase of the council root key"
    )
    report = renew_trust(
        args.keys,
        root_passphrase=passphrase,
        clock=SystemClock(),
        valid_days=args.valid_days,
        out=args.out,
    )
    print(f"Trust bundle version {report.version}, valid until {report.expires}:")
    print(f"  {report.trust_bundle}")
    print("Copy it to every laptop; an administrator applies it with `apply-trust`.")
    return 0


def _fingerprints(args: argparse.Namespace) -> int:
    bundle, prints = council_fingerprints(args.keys, clock=SystemClock())
    print(f"{bundle.council_name}: trust bundle version {bundle.version}, expires {bundle.expires}")
    for name, value in prints.items():
        print(f"  {name:<10} {value}")
    return 0


def _rotate(args: argparse.Namespace) -> int:
    offline, receiving = rotation_folders(args.keys, args.receiving)  # before any passphrase
    source = PassphraseSource(from_stdin=args.passphrase_stdin)
    passphrase = source.ask("Passphrase of the council root key")
    report = rotate_import_key(
        offline,
        receiving_dir=receiving,
        ask=source.ask,
        passphrase=passphrase,
        clock=SystemClock(),
        valid_days=args.valid_days,
        out=args.out,
    )
    ((label, _recipient),) = report.fingerprints.items()
    print(f"New import key {label}; trust update version {report.version}: {report.trust_bundle}")
    print(
        "Apply it on every laptop (`apply-trust`); keep the retired key files until no "
        "bundle made before the update can still arrive."
    )
    return 0


def _rotate_receipt(args: argparse.Namespace) -> int:
    offline, receiving = rotation_folders(  # before any passphrase
        args.keys, args.receiving, "council rotate-receipt"
    )
    source = PassphraseSource(from_stdin=args.passphrase_stdin)
    passphrase = source.ask("Passphrase of the council root key")
    report = rotate_receipt_key(
        offline,
        receiving_dir=receiving,
        ask=source.ask,
        passphrase=passphrase,
        clock=SystemClock(),
        valid_days=args.valid_days,
        transition_days=args.transition_days,
        out=args.out,
    )
    ((label, until),) = report.fingerprints.items()
    print(f"New receipt key {label}; trust update version {report.version}: {report.trust_bundle}")
    print(
        f"Receipts signed by the previous key stay accepted until {until} on laptops that "
        "apply the update (`apply-trust`); apply it on every laptop before it imports a "
        "receipt written from now on."
    )
    return 0


def _rotate_root(args: argparse.Namespace) -> int:
    source = PassphraseSource(from_stdin=args.passphrase_stdin)
    passphrase = source.ask("Passphrase of the current council root key")
    new_passphrase = source.ask("Passphrase for the new council root key", confirm=True)
    report = rotate_root(
        args.keys,
        passphrase=passphrase,
        new_passphrase=new_passphrase,
        clock=SystemClock(),
        valid_days=args.valid_days,
        out=args.out,
    )
    print(f"New council root; trust update version {report.version}: {report.trust_bundle}")
    print(f"  root       {report.fingerprints['root']}  (the new root fingerprint)")
    print(
        "Apply it on every laptop (`apply-trust`) before any later renewal: a laptop that "
        "missed it refuses bundles from the new root."
    )
    return 0
