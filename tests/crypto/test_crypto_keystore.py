"""keystore.json: strict parsing, every-byte flips, helpers, and crash-safe saving."""

from __future__ import annotations

import errno
import json
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from crypto_fixtures import Enrolled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crypto.errors import CryptoError, DuplicateWorker, KeystoreCorrupt, UnknownWorker
from crypto.kdf import FLOOR_KDF, KdfParams
from crypto.keyslots import WorkerSlot, derive_slot_kek, unwrap_slot, with_failure
from crypto.keystore import (
    Keystore,
    keystore_bytes,
    load_keystore,
    parse_keystore,
    save_keystore,
)
from crypto.recovery import unwrap_recovery

FLIP_MASKS = (0x01, 0x20, 0x80) if int(os.environ.get("FC_TEST_BUDGET", "1")) > 1 else (0x01,)


def _document(enrolled: Enrolled) -> dict[str, object]:
    return dict(json.loads(keystore_bytes(enrolled.keystore)))


def _slot_doc(document: dict[str, object]) -> dict[str, object]:
    slots = document["slots"]
    assert isinstance(slots, list)
    return dict(slots[0])


def test_round_trip_through_file(enrolled: Enrolled, tmp_path: Path) -> None:
    path = tmp_path / "keystore.json"
    save_keystore(path, enrolled.keystore)
    assert load_keystore(path) == enrolled.keystore
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["keystore.json"]


def test_file_names_what_it_is_and_holds_no_plain_key(enrolled: Enrolled) -> None:
    data = keystore_bytes(enrolled.keystore)
    assert b'"format": "first-contact/keystore"' in data
    assert enrolled.dek not in data
    assert enrolled.dek.hex().encode() not in data


def _mutated(enrolled: Enrolled, change: Callable[[dict[str, object]], None]) -> bytes:
    document = _document(enrolled)
    change(document)
    return json.dumps(document).encode()


def _set_slot_field(key: str, value: object) -> Callable[[dict[str, object]], None]:
    def change(document: dict[str, object]) -> None:
        slot = _slot_doc(document)
        slot[key] = value
        document["slots"] = [slot]

    return change


def _drop_slot_field(key: str) -> Callable[[dict[str, object]], None]:
    def change(document: dict[str, object]) -> None:
        slot = _slot_doc(document)
        del slot[key]
        document["slots"] = [slot]

    return change


STRICT_CASES: dict[str, Callable[[dict[str, object]], None]] = {
    "newer format version": lambda d: d.update(format_version=2),
    "version as string": lambda d: d.update(format_version="1"),
    "other format": lambda d: d.update(format="first-contact/other"),
    "unknown top field": lambda d: d.update(extra=True),
    "slots not a list": lambda d: d.update(slots={}),
    "slot not an object": lambda d: d.update(slots=[1]),
    "vault id empty": lambda d: d.update(vault_id=""),
    "recovery wrong type": lambda d: d.update(recovery=[]),
    "salt not base64": _set_slot_field("kdf", {**FLOOR_KDF.to_dict(), "salt": "!!!"}),
    "salt too short": _set_slot_field("kdf", {**FLOOR_KDF.to_dict(), "salt": "AAAA"}),
    "salt missing": _set_slot_field("kdf", FLOOR_KDF.to_dict()),
    "non-canonical base64": _set_slot_field("worker_sign_pk", "A" * 42 + "B="),
    "wrapped dek short": _set_slot_field("wrapped_dek", "AAAA"),
    "public key wrong type": _set_slot_field("worker_sign_pk", 7),
    "failures bool": _set_slot_field("failures", True),
    "failures negative": _set_slot_field("failures", -1),
    "failures float": _set_slot_field("failures", 1.5),
    "disabled as int": _set_slot_field("disabled", 0),
    "created not a time": _set_slot_field("created", "yesterday"),
    "unknown aead": _set_slot_field("aead", "ChaCha20-Poly1305"),
    "missing wrapped key": _drop_slot_field("wrapped_sign_sk"),
    "duplicate slot": lambda d: d.update(slots=[_slot_doc(d), _slot_doc(d)]),
}


@pytest.mark.parametrize("case", sorted(STRICT_CASES))
def test_malformed_fields_are_keystore_corrupt(enrolled: Enrolled, case: str) -> None:
    with pytest.raises(KeystoreCorrupt):
        parse_keystore(_mutated(enrolled, STRICT_CASES[case]))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xff\xfe{}",
        b"[]",
        b'{"a": 1, "a": 2}',
        b'{"format_version": NaN}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"format_version": ' + b"9" * 5000 + b"}",
        b"{" + b" " * (1024 * 1024) + b"}",
    ],
    ids=["empty", "bad-utf8", "list", "dup-key", "nan", "deep", "huge-int", "oversized"],
)
def test_hostile_documents_are_keystore_corrupt(data: bytes) -> None:
    with pytest.raises(KeystoreCorrupt):
        parse_keystore(data)


def test_null_recovery_is_allowed(enrolled: Enrolled) -> None:
    keystore = enrolled.keystore.with_recovery(None)
    assert parse_keystore(keystore_bytes(keystore)).recovery is None


def test_unreadable_file_is_keystore_corrupt(tmp_path: Path) -> None:
    with pytest.raises(KeystoreCorrupt, match="could not be read"):
        load_keystore(tmp_path / "missing.json")
    with pytest.raises(KeystoreCorrupt):
        load_keystore(tmp_path)


def test_every_byte_flip_is_refused_or_harmless(enrolled: Enrolled, tmp_path: Path) -> None:
    original = keystore_bytes(enrolled.keystore)
    path = tmp_path / "keystore.json"
    keks: dict[tuple[KdfParams, bytes, bool], bytearray] = {}
    outcomes: Counter[str] = Counter()

    def open_like_open_slot(slot: WorkerSlot, vault_id: str) -> tuple[bytearray, bytes]:
        # open_slot == derive_slot_kek + unwrap_slot; the KEK only depends on these fields,
        # so caching it keeps ~1000 openings from costing ~1000 Argon2 runs.
        key = (slot.kdf, slot.salt, slot.disabled)
        if key not in keks:
            keks[key] = derive_slot_kek(slot, enrolled.passphrase)
        return unwrap_slot(slot, keks[key], vault_id)

    for position in range(len(original)):
        for mask in FLIP_MASKS:
            mutated = bytearray(original)
            mutated[position] ^= mask
            path.write_bytes(bytes(mutated))
            try:
                keystore = load_keystore(path)
            except KeystoreCorrupt:
                outcomes["refused at load"] += 1
                continue
            try:
                slot = keystore.slot_for("worker-1")
                dek, sign_sk = open_like_open_slot(slot, keystore.vault_id)
            except CryptoError:
                outcomes["refused at open"] += 1
                continue
            assert bytes(dek) == enrolled.dek
            assert sign_sk == enrolled.sign_sk
            assert keystore.recovery is not None
            try:
                recovered = unwrap_recovery(
                    keystore.recovery, enrolled.recovery_sk, keystore.vault_id
                )
            except CryptoError:
                outcomes["recovery refused"] += 1
                continue
            assert bytes(recovered) == enrolled.dek
            outcomes["harmless"] += 1
    # Each kind of outcome must really occur, or the flips are not exercising what we think.
    assert outcomes["refused at load"] > 0
    assert outcomes["refused at open"] > 0
    assert outcomes["recovery refused"] > 0
    assert outcomes["harmless"] > 0


def _json_values() -> st.SearchStrategy[object]:
    leaves = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
        max_leaves=20,
    )


def _plant(document: object, path: list[object], value: object) -> object:
    """Walk as far as `path` leads into the real document, then put `value` there."""
    if not path:
        return value
    target = document
    for step in path[:-1]:
        in_dict = isinstance(target, dict) and isinstance(step, str) and step in target
        in_list = isinstance(target, list) and isinstance(step, int) and step < len(target)
        if in_dict or in_list:
            target = target[step]  # type: ignore[index]
    if isinstance(target, dict):
        target[str(path[-1])] = value
    elif isinstance(target, list) and target:
        target[0] = value
    return document


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.lists(st.sampled_from(["slots", 0, "kdf", "m", "salt", "recovery"])),
    value=_json_values(),
)
def test_arbitrary_values_anywhere_raise_only_keystore_corrupt(
    enrolled: Enrolled, path: list[object], value: object
) -> None:
    document = _plant(_document(enrolled), path, value)
    try:
        parsed = parse_keystore(json.dumps(document).encode())
    except KeystoreCorrupt:
        return
    assert isinstance(parsed, Keystore)


def test_helpers(enrolled: Enrolled) -> None:
    keystore = enrolled.keystore
    assert keystore.slot_for("worker-1") == enrolled.slot
    with pytest.raises(UnknownWorker):
        keystore.slot_for("nobody")
    with pytest.raises(DuplicateWorker):
        keystore.add_slot(replace(enrolled.slot, slot_id="another"))
    second = replace(enrolled.slot, slot_id="slot-2", worker_id="worker-2")
    both = keystore.add_slot(second)
    assert [s.worker_id for s in both.slots] == ["worker-1", "worker-2"]
    failed = both.replace_slot(with_failure(second, at=5.0))
    assert failed.slot_for("worker-2").failures == 1
    assert failed.slot_for("worker-1") == enrolled.slot
    assert failed.remove_slot("worker-2").slots == (enrolled.slot,)
    with pytest.raises(UnknownWorker):
        keystore.remove_slot("worker-2")
    with pytest.raises(KeystoreCorrupt):
        Keystore(vault_id="v", slots=(enrolled.slot, enrolled.slot), recovery=None)


def _injected(exc_errno: int) -> Callable[..., None]:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(exc_errno, "injected failure")

    return fail


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_crash_before_replace_leaves_old_file_and_no_temp(
    enrolled: Enrolled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    path = tmp_path / "keystore.json"
    save_keystore(path, enrolled.keystore)
    before = path.read_bytes()
    changed = enrolled.keystore.replace_slot(with_failure(enrolled.slot, at=1.0))
    if where == "replace":
        monkeypatch.setattr(Path, "replace", _injected(errno.EXDEV))
    else:
        monkeypatch.setattr(os, where, _injected(errno.ENOSPC))
    with pytest.raises(OSError, match="injected"):
        save_keystore(path, changed)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["keystore.json"]
    save_keystore(path, changed)
    assert load_keystore(path) == changed


def test_short_writes_are_completed(
    enrolled: Enrolled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write

    def one_byte_at_a_time(fd: int, data: bytes) -> int:
        return real_write(fd, bytes(data[:1]))

    monkeypatch.setattr(os, "write", one_byte_at_a_time)
    path = tmp_path / "keystore.json"
    save_keystore(path, enrolled.keystore)
    monkeypatch.undo()
    assert load_keystore(path) == enrolled.keystore
