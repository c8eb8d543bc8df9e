"""Council IT's side of trust: create the council key set and the signed trust bundle."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from crypto.atomic_file import write_atomic
from crypto.council import (
    generate_council_keys,
    load_council_private,
    load_council_public,
    write_council_keys,
)
from crypto.errors import CryptoError
from crypto.kdf import KdfParams
from crypto.trust import (
    MAX_TRUST_BYTES,
    TrustBundle,
    make_trust_bundle,
    renewed_trust_bundle,
    trust_bundle_fingerprints,
    verify_trust_bundle,
)
from services.clock import Clock
from services.custody import (
    OFFLINE_DIR,
    OFFLINE_ROLES,
    RECEIVING_DIR,
    RECEIVING_ROLES,
    receiving_sibling,
)
from services.errors import AlreadyProvisioned, InvalidInput
from services.kdf_policy import enrolment_kdf
from services.passphrase_policy import require_strong

TRUST_BUNDLE_FILE = "trust-bundle.json"
# Every bundle ever issued is kept here by version, so council IT can see what laptops hold.
ISSUED_DIR = "issued-trust"
MAX_VALID_DAYS = 3 * 366


@dataclass(frozen=True)
class CouncilInitReport:
    """Where the trust bundle is, and the fingerprints council IT reads out to devices."""

    trust_bundle: Path
    fingerprints: dict[str, str]


def init_council(
    out_dir: Path,
    *,
    council_name: str,
    passphrase: str | Mapping[str, str],
    clock: Clock,
    valid_days: int = 365,
    kdf: KdfParams | None = None,
    split: bool = False,
) -> CouncilInitReport:
    """Create the council key set (private keys passphrase-protected) and a signed trust bundle.

    `passphrase`: one for all four keys, or one per key (root, import, recovery, receipt),
    which must then all differ: the offline keys share no secret with the online ones.
    `split`: root and recovery go to out_dir/offline, import and receipt to
    out_dir/receiving (services.custody), the trust bundle for laptops to out_dir."""
    if out_dir.exists() and any(out_dir.iterdir()):
        raise AlreadyProvisioned(
            f"{out_dir} is not empty. Council keys are created once, in an empty folder."
        )
    if isinstance(passphrase, str):
        require_strong(passphrase)
    else:
        for secret in passphrase.values():
            require_strong(secret)
        if len(set(passphrase.values())) != len(passphrase):
            raise InvalidInput("Give each council key its own passphrase; two were the same.")
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    keys = generate_council_keys()
    params = kdf or enrolment_kdf()
    offline = out_dir / OFFLINE_DIR if split else out_dir
    if split:
        write_council_keys(offline, keys, passphrase, params=params, roles=OFFLINE_ROLES)
        receiving = out_dir / RECEIVING_DIR
        write_council_keys(receiving, keys, passphrase, params=params, roles=RECEIVING_ROLES)
    else:
        write_council_keys(out_dir, keys, passphrase, params=params)
    raw = make_trust_bundle(
        keys,
        council_name=council_name,
        version=1,
        issued=clock.now(),
        expires=clock.now() + timedelta(days=valid_days),
    )
    target = out_dir / TRUST_BUNDLE_FILE
    bundle = verify_trust_bundle(raw, now=clock.now())
    record_issued(offline, bundle, raw)
    return CouncilInitReport(target, trust_bundle_fingerprints(bundle))


@dataclass(frozen=True)
class RenewalReport:
    """The renewed bundle: where it was written, its version and expiry, the fingerprints."""

    trust_bundle: Path
    version: int
    expires: str
    fingerprints: dict[str, str]


def record_issued(keys_dir: Path, bundle: TrustBundle, raw: bytes) -> None:
    issued = keys_dir / ISSUED_DIR
    issued.mkdir(mode=0o700, exist_ok=True)
    write_atomic(issued / f"trust-bundle-v{bundle.version}.json", raw, mode=0o644)
    write_atomic(keys_dir / TRUST_BUNDLE_FILE, raw, mode=0o644)
    # Still in the folder `council init` made: the receiving machine's copy and the one for
    # laptops beside the two folders follow. Apart, `--out` carries the bundle across.
    receiving = receiving_sibling(keys_dir)
    if receiving is not None:
        write_atomic(receiving / TRUST_BUNDLE_FILE, raw, mode=0o644)
        write_atomic(keys_dir.parent / TRUST_BUNDLE_FILE, raw, mode=0o644)


def publish_issued(
    keys_dir: Path,
    bundle: TrustBundle,
    raw: bytes,
    *,
    out: Path | None,
    receiving: Path | None = None,
) -> Path:
    """Keep a newly issued bundle (record_issued), give the receiving machine's folder its copy
    when that folder was named apart (`--receiving`), and copy it to `out`; returns where the
    bundle for laptops is. The one tail of renewal, every rotation and the root rotation."""
    record_issued(keys_dir, bundle, raw)
    if receiving is not None and receiving != keys_dir:
        write_atomic(receiving / TRUST_BUNDLE_FILE, raw, mode=0o644)
    target = keys_dir / TRUST_BUNDLE_FILE
    if out is None:
        return target
    try:
        write_atomic(out, raw, mode=0o644)
    except OSError as exc:
        raise InvalidInput(
            f"The new trust bundle is in {target} but could not be copied to {out}: "
            f"{exc.strerror or type(exc).__name__}."
        ) from None
    return out


def current_trust_bundle(keys_dir: Path, *, clock: Clock) -> tuple[TrustBundle, bytes]:
    """The council's latest issued bundle, verified against its own root (expired or not)."""
    try:
        public = load_council_public(keys_dir)
        with (keys_dir / TRUST_BUNDLE_FILE).open("rb") as handle:
            raw = handle.read(MAX_TRUST_BYTES + 1)
        bundle = verify_trust_bundle(
            raw, now=clock.now(), pinned_root_pk=public.root_pk, check_expiry=False
        )
    except OSError as exc:
        raise InvalidInput(
            f"{keys_dir / TRUST_BUNDLE_FILE} cannot be read "
            f"({exc.strerror or type(exc).__name__}); give the folder `council init` made."
        ) from None
    except CryptoError as exc:
        raise InvalidInput(f"The council's current trust bundle is not usable: {exc}") from None
    return bundle, raw


def open_root_key(keys_dir: Path, passphrase: str) -> bytes:
    """The council root signing key, or InvalidInput that says why it did not open."""
    try:
        root_sk = load_council_private(keys_dir, "root", passphrase)
    except CryptoError as exc:
        raise InvalidInput(f"The council root key could not be opened: {exc}") from None
    if not isinstance(root_sk, bytes):  # pragma: no cover - the root role is raw bytes
        raise InvalidInput("The council root key file is damaged.")
    return root_sk


def renew_trust(
    keys_dir: Path,
    *,
    root_passphrase: str,
    clock: Clock,
    valid_days: int = 365,
    out: Path | None = None,
) -> RenewalReport:
    """Issue the current trust bundle again for the same keys: signed by the root, one version
    higher, valid `valid_days` from now. Written to keys_dir/trust-bundle.json (and `out`)."""
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise InvalidInput(f"--valid-days must be between 1 and {MAX_VALID_DAYS}.")
    current, _raw = current_trust_bundle(keys_dir, clock=clock)
    root_sk = open_root_key(keys_dir, root_passphrase)
    now = clock.now()
    raw = renewed_trust_bundle(
        root_sk, current, issued=now, expires=now + timedelta(days=valid_days)
    )
    bundle = verify_trust_bundle(raw, now=now, pinned=current)
    target = publish_issued(keys_dir, bundle, raw, out=out)
    return RenewalReport(target, bundle.version, bundle.expires, trust_bundle_fingerprints(bundle))


def council_fingerprints(keys_dir: Path, *, clock: Clock) -> tuple[TrustBundle, dict[str, str]]:
    """The current trust bundle and its fingerprints, to read out at a laptop's set-up."""
    bundle, _raw = current_trust_bundle(keys_dir, clock=clock)
    return bundle, trust_bundle_fingerprints(bundle)
