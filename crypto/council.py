"""The council key set: generation, passphrase-protected key files and the public key file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from crypto.age_envelope import check_recipient, generate_age_identity, recipient_of
from crypto.atomic_file import write_atomic
from crypto.encoding import b64, canonical_json, parse_json_object
from crypto.errors import AgeError, CryptoError, KeyFileError, WrongPassphrase
from crypto.kdf import DEFAULT_KDF, SALT_BYTES, KdfParams, derive_kek, zeroize
from crypto.recovery import generate_recovery_key, recovery_public_key_of
from crypto.signing import KEY_BYTES, generate_signing_key, public_key_of

ROLES = ("root", "import", "recovery", "receipt")
PUBLIC_FILE = "public.json"
KEY_FORMAT = "first-contact/council-key"
PUBLIC_FORMAT = "first-contact/council-public"
FORMAT_VERSION = 1
NONCE_BYTES = 12
MAX_FILE_BYTES = 16 * 1024
_AAD_DOMAIN = b"first-contact/v1/council-key\x00"


@dataclass(frozen=True)
class CouncilPublicKeys:
    """What devices may know: root and receipt Ed25519, import age recipient, recovery X25519."""

    root_pk: bytes
    import_recipient: str
    recovery_pk: bytes
    receipt_pk: bytes


@dataclass(frozen=True)
class CouncilKeys:
    """The full council key set; private parts are kept out of repr() and tracebacks."""

    root_sk: bytes = field(repr=False)
    import_identity: str = field(repr=False)
    recovery_sk: bytes = field(repr=False)
    receipt_sk: bytes = field(repr=False)
    public: CouncilPublicKeys

    def __post_init__(self) -> None:
        # Refuse a key set whose halves do not match before anything is written or signed.
        expected = CouncilPublicKeys(
            root_pk=public_key_of(self.root_sk),
            import_recipient=recipient_of(self.import_identity),
            recovery_pk=recovery_public_key_of(self.recovery_sk),
            receipt_pk=public_key_of(self.receipt_sk),
        )
        if expected != self.public:
            raise KeyFileError("The council public keys do not match the private keys.")


def generate_council_keys() -> CouncilKeys:
    """A fresh council key set (root, import, recovery, receipt)."""
    root_sk, root_pk = generate_signing_key()
    import_identity, import_recipient = generate_age_identity()
    recovery_sk, recovery_pk = generate_recovery_key()
    receipt_sk, receipt_pk = generate_signing_key()
    return CouncilKeys(
        root_sk=root_sk,
        import_identity=import_identity,
        recovery_sk=recovery_sk,
        receipt_sk=receipt_sk,
        public=CouncilPublicKeys(root_pk, import_recipient, recovery_pk, receipt_pk),
    )


def _key_path(directory: Path, role: str) -> Path:
    if role not in ROLES:
        choices = ", ".join(ROLES)
        raise KeyFileError(f"Unknown council key role {role!r}; expected one of {choices}.")
    return directory / f"{role}.key.json"


def _aad(role: str, kdf: KdfParams, salt: bytes) -> bytes:
    header = {
        "format": KEY_FORMAT,
        "format_version": FORMAT_VERSION,
        "role": role,
        "kdf": {**kdf.to_dict(), "salt": b64(salt)},
    }
    return _AAD_DOMAIN + canonical_json(header)


def _seal_key(role: str, secret: bytes, passphrase: str, params: KdfParams) -> bytes:
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    kek = derive_kek(passphrase, salt, params)
    try:
        ciphertext = AESGCM(kek).encrypt(nonce, secret, _aad(role, params, salt))
    finally:
        zeroize(kek)
    document = {
        "format": KEY_FORMAT,
        "format_version": FORMAT_VERSION,
        "role": role,
        "kdf": {**params.to_dict(), "salt": b64(salt)},
        "aead": "AES-256-GCM",
        "nonce": b64(nonce),
        "ciphertext": b64(ciphertext),
    }
    return canonical_json(document)


def _public_document(public: CouncilPublicKeys) -> bytes:
    return canonical_json(
        {
            "format": PUBLIC_FORMAT,
            "format_version": FORMAT_VERSION,
            "root_pk": b64(public.root_pk),
            "import_recipient": public.import_recipient,
            "recovery_pk": b64(public.recovery_pk),
            "receipt_pk": b64(public.receipt_pk),
        }
    )


def write_council_keys(
    directory: Path,
    keys: CouncilKeys,
    passphrase: str | Mapping[str, str],
    *,
    params: KdfParams = DEFAULT_KDF,
    roles: tuple[str, ...] = ROLES,
) -> None:
    """Write one passphrase-protected file per private key plus public.json (all 0600).

    `passphrase` is one for every key, or one per role (root, import, recovery, receipt) so
    the offline keys share no secret with the ones on the receiving machine. `roles`: only
    these keys go into `directory` (custody: the offline folder holds root and recovery, the
    receiving machine's folder import and receipt); public.json goes into each.

    Refuses (KeyFileError) to overwrite an existing key set: losing a council key loses data.
    """
    chosen = (
        {role: passphrase for role in ROLES} if isinstance(passphrase, str) else dict(passphrase)
    )
    if set(chosen) != set(ROLES) or not all(chosen.values()):
        raise KeyFileError("An empty passphrase cannot protect council keys; choose a long one.")
    if not roles or not set(roles) <= set(ROLES):
        raise KeyFileError(f"Unknown council key roles {roles!r}.")
    targets = [_key_path(directory, role) for role in roles] + [directory / PUBLIC_FILE]
    existing = [p.name for p in targets if p.exists()]
    if existing:
        raise KeyFileError(
            f"{directory} already holds council key files ({', '.join(existing)}); "
            "choose an empty folder so no key is overwritten."
        )
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    private = {
        "root": keys.root_sk,
        "import": keys.import_identity.encode("ascii"),
        "recovery": keys.recovery_sk,
        "receipt": keys.receipt_sk,
    }
    for role in roles:
        sealed = _seal_key(role, private[role], chosen[role], params)
        write_atomic(_key_path(directory, role), sealed)
    write_atomic(directory / PUBLIC_FILE, _public_document(keys.public))


def _read_file(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise KeyFileError(
            f"{path} could not be read ({exc.strerror or type(exc).__name__}); "
            "check the key folder or file named on the command line."
        ) from None


def load_council_private(directory: Path, role: str, passphrase: str) -> bytes | str:
    """One private key: raw 32 bytes, or the "AGE-SECRET-KEY-1…" string for role "import"."""
    return load_council_key_file(_key_path(directory, role), role, passphrase)


def load_council_key_file(path: Path, role: str, passphrase: str) -> bytes | str:
    """One private key from exactly this file (any name); its role must be `role`."""
    _key_path(path.parent, role)  # refuses an unknown role
    top = parse_json_object(
        _read_file(path), max_bytes=MAX_FILE_BYTES, error=KeyFileError, what=path.name
    )
    top.exact("format", KEY_FORMAT)
    top.exact("format_version", FORMAT_VERSION)
    top.exact("role", role)
    kdf_reader = top.child("kdf")
    kdf = KdfParams.read(kdf_reader)
    salt = kdf_reader.raw_bytes("salt", length=SALT_BYTES)
    kdf_reader.finish()
    top.exact("aead", "AES-256-GCM")
    nonce = top.raw_bytes("nonce", length=NONCE_BYTES)
    ciphertext = top.raw_bytes("ciphertext", max_len=256)
    top.finish()
    kek = derive_kek(passphrase, salt, kdf)
    try:
        secret = AESGCM(kek).decrypt(nonce, ciphertext, _aad(role, kdf, salt))
    except InvalidTag:
        raise WrongPassphrase(
            f"The passphrase does not open the council {role} key (or {path.name} was altered)."
        ) from None
    finally:
        zeroize(kek)
    if role != "import":
        if len(secret) != KEY_BYTES:
            raise KeyFileError(f"{path.name} holds a key of the wrong size.")
        return secret
    try:
        identity = secret.decode("ascii")
        recipient_of(identity)
    except (UnicodeDecodeError, AgeError):
        raise KeyFileError(f"{path.name} does not hold a valid age identity.") from None
    return identity


def export_age_identity(directory: Path, passphrase: str) -> str:
    """The council import key as "AGE-SECRET-KEY-1…", usable with `age -d -i`."""
    identity = load_council_private(directory, "import", passphrase)
    if not isinstance(identity, str):  # pragma: no cover - load_council_private guarantees it
        raise KeyFileError("The import key file does not hold an age identity.")
    return identity


def load_council_public(directory: Path) -> CouncilPublicKeys:
    """The council public keys from public.json (strictly parsed; KeyFileError otherwise)."""
    path = directory / PUBLIC_FILE
    top = parse_json_object(
        _read_file(path), max_bytes=MAX_FILE_BYTES, error=KeyFileError, what=path.name
    )
    top.exact("format", PUBLIC_FORMAT)
    top.exact("format_version", FORMAT_VERSION)
    public = CouncilPublicKeys(
        root_pk=top.raw_bytes("root_pk", length=KEY_BYTES),
        import_recipient=top.text("import_recipient", max_len=100),
        recovery_pk=top.raw_bytes("recovery_pk", length=KEY_BYTES),
        receipt_pk=top.raw_bytes("receipt_pk", length=KEY_BYTES),
    )
    top.finish()
    try:
        check_recipient(public.import_recipient)
    except CryptoError:
        raise KeyFileError(f"{path.name} holds an invalid import recipient.") from None
    return public


def write_import_key(path: Path, identity: str, passphrase: str, *, params: KdfParams) -> None:
    """One more import key (a rotation), in its own passphrase-protected file; never overwrites."""
    if not passphrase:
        raise KeyFileError("An empty passphrase cannot protect council keys; choose a long one.")
    if path.exists():
        raise KeyFileError(f"{path} already exists; no key file is ever overwritten.")
    recipient_of(identity)  # refuses anything that is not an age identity
    write_atomic(path, _seal_key("import", identity.encode("ascii"), passphrase, params))


def write_root_key(path: Path, secret: bytes, passphrase: str, *, params: KdfParams) -> None:
    """A new root key (a root rotation) in its own passphrase-protected file; never overwrites."""
    if not passphrase:
        raise KeyFileError("An empty passphrase cannot protect council keys; choose a long one.")
    if path.exists():
        raise KeyFileError(f"{path} already exists; no key file is ever overwritten.")
    public_key_of(secret)  # refuses anything that is not an Ed25519 private key
    write_atomic(path, _seal_key("root", secret, passphrase, params))


def write_receipt_key(path: Path, secret: bytes, passphrase: str, *, params: KdfParams) -> None:
    """A new receipt key (a rotation) in its own passphrase-protected file; never overwrites."""
    if not passphrase:
        raise KeyFileError("An empty passphrase cannot protect council keys; choose a long one.")
    if path.exists():
        raise KeyFileError(f"{path} already exists; no key file is ever overwritten.")
    public_key_of(secret)  # refuses anything that is not an Ed25519 private key
    write_atomic(path, _seal_key("receipt", secret, passphrase, params))


def replace_public_keys(directory: Path, public: CouncilPublicKeys) -> None:
    """Rewrite public.json after a rotation changed one of the public keys."""
    write_atomic(directory / PUBLIC_FILE, _public_document(public))
