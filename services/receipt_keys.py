"""The council's receipt keys over time: rotation without re-provisioning any laptop.

`receipt.key.json` (made by `council init`) is receipt-1; a rotation adds
`receipt-N.key.json` beside it, and the highest N present is the key the receiver signs
receipts (and the device register) with. The trust update a rotation issues (root-signed, one
version higher) names the new key as `receipt_pk` and lists the previous one in
`previous_receipt_keys` with an `accepted_until` date, so a laptop that applied it still
believes receipts written before the rotation. Older key files are kept, never overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from crypto.council import load_council_key_file, write_receipt_key
from crypto.errors import CryptoError, WrongPassphrase
from crypto.signing import generate_signing_key, public_key_of
from crypto.trust import MAX_IMPORT_RECIPIENTS, sign_trust_bundle, verify_trust_bundle
from services.clock import Clock, iso
from services.council import (
    MAX_VALID_DAYS,
    RenewalReport,
    current_trust_bundle,
    open_root_key,
    publish_issued,
)
from services.enrolment import device_register, resign_register
from services.errors import InvalidInput
from services.kdf_policy import enrolment_kdf
from services.receipt_key_file import current_receipt_key


def rotate_receipt_key(
    keys_dir: Path,
    *,
    passphrase: str,
    clock: Clock,
    valid_days: int = 365,
    transition_days: int = 90,
    out: Path | None = None,
    ask: Callable[[str], str] | None = None,
    receiving_dir: Path | None = None,
) -> RenewalReport:
    """Make receipt-N+1 in the receiving folder, re-sign the device register with it and issue
    the trust update naming it, the previous key accepted for `transition_days` more.
    `passphrase` opens the root key; the new key gets the receipt key's passphrase (the same,
    or the one `ask` is asked for, checked against the current receipt key first)."""
    receiving = keys_dir if receiving_dir is None else receiving_dir
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise InvalidInput(f"--valid-days must be between 1 and {MAX_VALID_DAYS}.")
    if not 1 <= transition_days <= MAX_VALID_DAYS:
        raise InvalidInput(f"--transition-days must be between 1 and {MAX_VALID_DAYS}.")
    current, _raw = current_trust_bundle(keys_dir, clock=clock)
    root_sk = open_root_key(keys_dir, passphrase)
    old = current_receipt_key(receiving)
    receipt_passphrase, old_sk = _open_old(old.path, passphrase, ask)
    if public_key_of(old_sk) != current.receipt_pk:
        raise InvalidInput(
            f"{old.path} is not the receipt key the current trust bundle names; nothing changed."
        )
    # The register must verify under the old key before anything is written: a rotation
    # that stopped half-way would leave a key the trust bundle does not name.
    device_register(receiving, receipt_pk=current.receipt_pk)
    number = int(old.label.split("-")[1]) + 1
    label, path = f"receipt-{number}", receiving / f"receipt-{number}.key.json"
    new_sk, new_pk = generate_signing_key()
    now = clock.now()
    until = iso(now + timedelta(days=transition_days))
    kept = [(pk, t) for pk, t in current.previous_receipts or () if t > iso(now)]
    previous = ((current.receipt_pk, until), *kept)[:MAX_IMPORT_RECIPIENTS]
    updated = replace(
        current,
        version=current.version + 1,
        receipt_pk=new_pk,
        previous_receipts=previous,
        issued=iso(now),
        expires=iso(now + timedelta(days=valid_days)),
    )
    raw = sign_trust_bundle(root_sk, updated)
    bundle = verify_trust_bundle(raw, now=now, pinned=current)
    try:
        write_receipt_key(path, new_sk, receipt_passphrase, params=enrolment_kdf())
    except CryptoError as exc:
        raise InvalidInput(f"The new receipt key could not be written: {exc}") from None
    resign_register(receiving, old_pk=current.receipt_pk, new_sk=new_sk)
    target = publish_issued(keys_dir, bundle, raw, out=out, receiving=receiving)
    return RenewalReport(target, bundle.version, bundle.expires, {label: until})


def _open_old(path: Path, passphrase: str, ask: Callable[[str], str] | None) -> tuple[str, bytes]:
    for attempt in range(2):
        try:
            key = load_council_key_file(path, "receipt", passphrase)
            if not isinstance(key, bytes):  # pragma: no cover - the receipt role is raw bytes
                break
            return passphrase, key
        except WrongPassphrase:
            if ask is None or attempt:
                break
            passphrase = ask("Passphrase of the council receipt key")
        except CryptoError as exc:
            raise InvalidInput(f"The current receipt key cannot be used: {exc}") from None
    raise InvalidInput("That passphrase does not open the current receipt key; nothing changed.")
