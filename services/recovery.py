"""Council-assisted recovery of a worker who cannot unlock.

Two ways, both for an existing worker named exactly (never a new one):
- by request file (the guide's procedure): the laptop writes a request, council IT answers it
  on its own machine with the recovery key, the laptop applies the answer. The council
  recovery key never comes near the laptop;
- directly with the recovery key file (`recover`), for a laptop brought to council IT.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crypto.atomic_file import write_atomic
from crypto.council import load_council_key_file
from crypto.errors import CryptoError
from crypto.kdf import KdfParams
from crypto.keyslots import create_slot
from crypto.keystore import Keystore, save_keystore
from crypto.recovery import unwrap_recovery
from crypto.recovery_request import (
    MAX_FILE_BYTES,
    RecoveryRequest,
    answer_request,
    check_code,
    make_request,
    open_answer,
    parse_answer,
    parse_pending,
    parse_request,
    pending_bytes,
)
from crypto.signing import generate_signing_key
from services.clock import Clock, iso
from services.device_identity import replace_signing_key
from services.errors import InvalidInput, UnlockFailed, VaultDamaged
from services.keystore_file import read_keystore
from services.passphrase_policy import require_strong
from services.paths import AppPaths
from storage.errors import StorageError
from storage.vault import Vault

PENDING_FILE = "recovery-pending.json"


def _exact_worker(keystore: Keystore, worker: str) -> tuple[str, str]:
    """(worker id, display name) of the worker named exactly as shown, or by id. A near miss
    is refused with the list, so a typo can never create or pick someone else."""
    wanted = worker.strip()
    for slot in keystore.slots:
        if wanted in (slot.display_name, slot.worker_id):
            return slot.worker_id, slot.display_name
    names = ", ".join(repr(s.display_name) for s in keystore.slots)
    raise InvalidInput(
        f"No worker is called exactly {wanted!r} on this laptop; recovery only re-opens an "
        f"existing worker. The workers are: {names}. Nothing was changed."
    )


def _reset_slot(
    paths: AppPaths,
    keystore: Keystore,
    dek: bytearray,
    worker_id: str,
    *,
    new_passphrase: str,
    clock: Clock,
    kdf: KdfParams,
    detail: str,
) -> None:
    """Give `worker_id` a new passphrase slot and signing key using the vault key (zeroed)."""
    try:
        vault = Vault.open(paths.vault_db, dek)
    except StorageError as exc:
        dek[:] = bytes(len(dek))
        raise VaultDamaged(f"The vault could not be opened safely: {exc}") from exc
    try:
        sign_sk, sign_pk = generate_signing_key()
        slot = create_slot(
            vault_id=keystore.vault_id,
            worker_id=worker_id,
            display_name=keystore.slot_for(worker_id).display_name,
            passphrase=new_passphrase,
            dek=dek,
            sign_sk=sign_sk,
            params=kdf,
        )
        now = iso(clock.now())
        # The old signing key was wrapped under the forgotten passphrase: a new one, certified.
        replace_signing_key(vault, worker_id, sign_pk, now)
        save_keystore(paths.keystore, keystore.replace_slot(slot))
        vault.audit.append("recovery", worker_id=worker_id, detail=detail, now=now)
    finally:
        dek[:] = bytes(len(dek))
        vault.close()


def recover_worker(
    paths: AppPaths,
    *,
    recovery_key: Path,
    key_passphrase: str,
    worker_name: str,
    new_passphrase: str,
    clock: Clock,
    kdf: KdfParams,
) -> str:
    """Give an existing worker (named exactly) a new passphrase using the council recovery key
    file `recovery_key` itself. They keep their id and role and get a new signing key."""
    require_strong(new_passphrase)
    keystore = read_keystore(paths)
    if keystore.recovery is None:
        raise VaultDamaged("This vault has no recovery slot; council recovery is not possible.")
    worker_id, _name = _exact_worker(keystore, worker_name)
    try:
        recovery_sk = load_council_key_file(recovery_key, "recovery", key_passphrase)
        dek = unwrap_recovery(keystore.recovery, _as_bytes(recovery_sk), keystore.vault_id)
    except CryptoError as exc:
        raise UnlockFailed(f"The council recovery key did not open this vault: {exc}") from exc
    _reset_slot(
        paths,
        keystore,
        dek,
        worker_id,
        new_passphrase=new_passphrase,
        clock=clock,
        kdf=kdf,
        detail="council_key",
    )
    return worker_id


def _as_bytes(key: bytes | str) -> bytes:
    if isinstance(key, str):
        raise UnlockFailed("That file is not a recovery key.")
    return key


# -- by request file --------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestWritten:
    """The request file and the code read out to council IT on the phone."""

    path: Path
    worker_id: str
    display_name: str
    check_code: str


def _read_small(path: Path, what: str) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InvalidInput(
            f"Cannot read the {what} {path}: {exc.strerror or type(exc).__name__}."
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(f"{path} is far too large to be a {what}; check the file.")
    return data


def request_recovery(
    paths: AppPaths,
    *,
    worker_name: str,
    new_passphrase: str,
    out: Path,
    clock: Clock,
    kdf: KdfParams,
) -> RequestWritten:
    """Write a recovery request for an existing worker to `out`; the new passphrase, chosen
    now, seals the one-time reply key kept in the data folder until the answer is applied.
    A newer request replaces an older one (its answer then no longer applies)."""
    require_strong(new_passphrase)
    keystore = read_keystore(paths)
    if keystore.recovery is None:
        raise VaultDamaged("This vault has no recovery slot; council recovery is not possible.")
    worker_id, name = _exact_worker(keystore, worker_name)
    raw, pending = make_request(
        vault_id=keystore.vault_id,
        worker_id=worker_id,
        created=iso(clock.now()),
        slot=keystore.recovery,
        new_passphrase=new_passphrase,
        kdf=kdf,
    )
    write_atomic(paths.data_dir / PENDING_FILE, pending_bytes(pending))
    try:
        write_atomic(out, raw, mode=0o644)
    except OSError as exc:
        raise InvalidInput(
            f"The request could not be written to {out}: {exc.strerror or type(exc).__name__}."
        ) from None
    return RequestWritten(out, worker_id, name, check_code(raw))


@dataclass(frozen=True)
class RequestSeen:
    """What council IT confirms on the phone before answering."""

    request: RecoveryRequest
    check_code: str


def read_recovery_request(path: Path) -> RequestSeen:
    """A request file, strictly parsed, with its check code."""
    raw = _read_small(path, "recovery request")
    try:
        return RequestSeen(parse_request(raw), check_code(raw))
    except CryptoError as exc:
        raise InvalidInput(f"{path} is not a usable recovery request: {exc}") from None


def answer_recovery(
    request: Path, *, recovery_key: Path, key_passphrase: str, out: Path
) -> RequestSeen:
    """Council IT's machine: answer a request with the recovery key file; writes `out`."""
    seen = read_recovery_request(request)
    try:
        recovery_sk = load_council_key_file(recovery_key, "recovery", key_passphrase)
        answer = answer_request(seen.request, _as_bytes(recovery_sk))
    except CryptoError as exc:
        raise UnlockFailed(f"The request could not be answered: {exc}") from exc
    try:
        write_atomic(out, answer, mode=0o600)
    except OSError as exc:
        raise InvalidInput(
            f"The answer could not be written to {out}: {exc.strerror or type(exc).__name__}."
        ) from None
    return seen


def apply_recovery_answer(
    paths: AppPaths, answer: Path, *, new_passphrase: str, clock: Clock, kdf: KdfParams
) -> str:
    """Apply council IT's answer with the new passphrase chosen for the request; returns the
    worker id, who can then unlock with that passphrase."""
    pending_path = paths.data_dir / PENDING_FILE
    if not pending_path.exists():
        raise InvalidInput(
            "This laptop has no recovery request waiting; write one with `recovery-request` first."
        )
    keystore = read_keystore(paths)
    try:
        pending = parse_pending(_read_small(pending_path, "pending recovery request"))
        parsed = parse_answer(_read_small(answer, "recovery answer"))
        if pending.request.vault_id != keystore.vault_id:
            raise InvalidInput("The waiting recovery request belongs to another vault.")
        dek = open_answer(pending, parsed, new_passphrase)
    except CryptoError as exc:
        raise UnlockFailed(f"The recovery answer was not applied: {exc}") from exc
    worker_id = pending.request.worker_id
    _exact_worker(keystore, worker_id)
    _reset_slot(
        paths,
        keystore,
        dek,
        worker_id,
        new_passphrase=new_passphrase,
        clock=clock,
        kdf=kdf,
        detail="council_request",
    )
    pending_path.unlink()
    return worker_id
