"""The council's import keys over time: rotation without re-provisioning any laptop.

`KEYS/import-keys.json` lists every import key with a distinct, increasing label (import-1 is
the `import.key.json` made by `council init`), its age recipient, and when it was retired. A
rotation adds `import-N.key.json`, retires the previous key and issues a trust update (signed
by the root, one version higher) naming only the new key, so laptops encrypt to it once they
apply the update. The receiver keeps trying retired keys it still holds, so bundles in transit
import; once a retired key file is destroyed, a bundle for it is refused with a message
naming it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from crypto.age_envelope import generate_age_identity
from crypto.atomic_file import write_atomic
from crypto.council import (
    load_council_key_file,
    load_council_public,
    write_import_key,
)
from crypto.encoding import canonical_json, parse_json_object
from crypto.errors import CryptoError, WrongPassphrase
from crypto.trust import sign_trust_bundle, verify_trust_bundle
from services.clock import Clock, iso
from services.council import (
    MAX_VALID_DAYS,
    RenewalReport,
    current_trust_bundle,
    open_root_key,
    publish_issued,
)
from services.errors import InvalidInput
from services.kdf_policy import enrolment_kdf

IMPORT_KEYS_FILE = "import-keys.json"
IMPORT_KEYS_FORMAT = "first-contact/import-keys/1"
MAX_BYTES = 256 * 1024
_LABEL = re.compile(r"^import-([1-9][0-9]{0,5})$")
_FILE = re.compile(r"^import(-[1-9][0-9]{0,5})?\.key\.json$")


@dataclass(frozen=True)
class ImportKey:
    label: str
    file: str
    recipient: str
    retired: str | None = None


class _Shape(CryptoError):
    """Internal: the strict reader's error, reported as InvalidInput."""


def import_keys(keys_dir: Path) -> list[ImportKey]:
    """Every import key, oldest first (the last one is current)."""
    path = keys_dir / IMPORT_KEYS_FILE
    if not path.exists():
        try:
            public = load_council_public(keys_dir)
        except CryptoError as exc:
            raise InvalidInput(f"The council key folder cannot be used: {exc}") from None
        return [ImportKey("import-1", "import.key.json", public.import_recipient)]
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        top = parse_json_object(data, max_bytes=MAX_BYTES, error=_Shape, what=path.name)
        top.exact("format", IMPORT_KEYS_FORMAT)
        keys = []
        for index, raw in enumerate(top.items("keys", max_items=1000)):
            entry = top.element(raw, index, "keys")
            key = ImportKey(
                label=entry.text("label", max_len=20),
                file=entry.text("file", max_len=40),
                recipient=entry.text("recipient", max_len=100),
                retired=entry.optional_text("retired", max_len=20),
            )
            entry.finish()
            if not _LABEL.fullmatch(key.label) or not _FILE.fullmatch(key.file):
                raise entry.fail("a label or file name is malformed")
            keys.append(key)
        top.finish()
    except OSError as exc:
        raise InvalidInput(f"{path} cannot be read ({exc.strerror}).") from None
    except _Shape as exc:
        raise InvalidInput(f"{path} is damaged ({exc}); restore it from a backup.") from None
    numbers = [int(k.label.split("-")[1]) for k in keys]
    if not keys or numbers != sorted(set(numbers)):
        raise InvalidInput(f"{path} is damaged (labels must be distinct and increasing).")
    return keys


def _save(keys_dir: Path, keys: list[ImportKey]) -> None:
    body = {
        "format": IMPORT_KEYS_FORMAT,
        "keys": [
            {"label": k.label, "file": k.file, "recipient": k.recipient, "retired": k.retired}
            for k in keys
        ],
    }
    write_atomic(keys_dir / IMPORT_KEYS_FILE, canonical_json(body))


@dataclass(frozen=True)
class ImportIdentities:
    """The identities to try (current first) and the retired keys no longer held."""

    identities: tuple[str, ...]
    current_label: str
    destroyed: tuple[ImportKey, ...]


def open_import_identities(keys_dir: Path, passphrase: str) -> ImportIdentities:
    """Open every import key file still held; retired keys whose file is gone are reported."""
    keys = import_keys(keys_dir)
    held: list[str] = []
    destroyed: list[ImportKey] = []
    for key in reversed(keys):
        path = keys_dir / key.file
        if not path.exists():
            if key is keys[-1]:
                raise InvalidInput(f"The current import key file {path} is missing.")
            destroyed.append(key)
            continue
        try:
            identity = load_council_key_file(path, "import", passphrase)
        except CryptoError as exc:
            raise InvalidInput(
                f"The council import key {key.label} could not be opened: {exc}"
            ) from None
        if not isinstance(identity, str):  # pragma: no cover - the import role is a string
            raise InvalidInput(f"{path} does not hold an age identity.")
        held.append(identity)
    return ImportIdentities(tuple(held), keys[-1].label, tuple(destroyed))


def rotate_import_key(
    keys_dir: Path,
    *,
    passphrase: str,
    clock: Clock,
    valid_days: int = 365,
    out: Path | None = None,
    ask: Callable[[str], str] | None = None,
    receiving_dir: Path | None = None,
) -> RenewalReport:
    """Make import-N+1, retire the current import key (kept, and still tried by the receiver)
    and issue the trust update naming the new key. `passphrase` opens the root key; the new
    key gets the import keys' passphrase: the same one, or (keys with a passphrase each)
    the one `ask` is asked for, checked against the current import key first.
    `receiving_dir`: where the import keys are (custody: apart from the root's offline
    folder `keys_dir`); the same folder by default."""
    receiving = keys_dir if receiving_dir is None else receiving_dir
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise InvalidInput(f"--valid-days must be between 1 and {MAX_VALID_DAYS}.")
    current, _raw = current_trust_bundle(keys_dir, clock=clock)
    root_sk = open_root_key(keys_dir, passphrase)
    keys = import_keys(receiving)
    import_passphrase = _import_passphrase(receiving / keys[-1].file, passphrase, ask)
    number = int(keys[-1].label.split("-")[1]) + 1
    identity, recipient = generate_age_identity()
    new = ImportKey(f"import-{number}", f"import-{number}.key.json", recipient)
    now = clock.now()
    try:
        write_import_key(receiving / new.file, identity, import_passphrase, params=enrolment_kdf())
    except CryptoError as exc:
        raise InvalidInput(f"The new import key could not be written: {exc}") from None
    updated = replace(
        current,
        version=current.version + 1,
        import_recipients=(recipient,),
        labels=(new.label,),
        issued=iso(now),
        expires=iso(now + timedelta(days=valid_days)),
    )
    raw = sign_trust_bundle(root_sk, updated)
    bundle = verify_trust_bundle(raw, now=now, pinned=current)
    retired = [k if k.retired else replace(k, retired=iso(now)) for k in keys]
    _save(receiving, [*retired, new])
    target = publish_issued(keys_dir, bundle, raw, out=out, receiving=receiving)
    return RenewalReport(target, bundle.version, bundle.expires, {new.label: recipient})


def _import_passphrase(current: Path, passphrase: str, ask: Callable[[str], str] | None) -> str:
    for attempt in range(2):
        try:
            load_council_key_file(current, "import", passphrase)
            return passphrase
        except WrongPassphrase:
            if ask is None or attempt:
                break
            passphrase = ask("Passphrase of the council import key")
        except CryptoError as exc:
            raise InvalidInput(f"The current import key cannot be used: {exc}") from None
    raise InvalidInput("That passphrase does not open the current import key; nothing changed.")


def retired_key_hint(destroyed: tuple[ImportKey, ...]) -> str:
    """What to add to a decrypt failure when retired keys are no longer held."""
    if not destroyed:
        return ""
    named = " or ".join(
        f"retired key {k.label} (retired on {str(k.retired)[:10]})" for k in destroyed
    )
    return (
        f" It may be encrypted to {named}, which this receiver no longer holds: restore that "
        "key file from the offline backup to read it."
    )
