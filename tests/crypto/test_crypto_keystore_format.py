"""The quick worker list of keystore.json agrees with the strict parser, or steps aside."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from crypto_fixtures import Enrolled

from crypto.errors import KeystoreCorrupt
from crypto.keystore import Keystore, keystore_bytes, parse_keystore
from crypto.keystore_format import EnrolledWorker, enrolled_workers

Change = Callable[[dict[str, object]], None]


def _two_workers(enrolled: Enrolled) -> Keystore:
    colleague = replace(
        enrolled.slot,
        slot_id="slot-2",
        worker_id="worker-2",
        display_name="\u0641\u0627\u0637\u0645\u0629 <b>Ali</b>",
        disabled=True,
    )
    return enrolled.keystore.add_slot(colleague)


def _strict_list(data: bytes) -> list[EnrolledWorker]:
    keystore = parse_keystore(data)
    return [EnrolledWorker(s.worker_id, s.display_name, s.disabled) for s in keystore.slots]


def _quick(tmp_path: Path, data: bytes) -> list[EnrolledWorker] | None:
    path = tmp_path / "keystore.json"
    path.write_bytes(data)
    return enrolled_workers(path)


def test_lists_the_workers_the_strict_parser_reads(enrolled: Enrolled, tmp_path: Path) -> None:
    data = keystore_bytes(_two_workers(enrolled))
    assert _quick(tmp_path, data) == _strict_list(data)
    assert [w.disabled for w in _strict_list(data)] == [False, True]


def test_missing_file_is_left_to_the_strict_reader(tmp_path: Path) -> None:
    assert enrolled_workers(tmp_path / "keystore.json") is None


def _slots(document: dict[str, object]) -> list[object]:
    slots = document["slots"]
    assert isinstance(slots, list)
    return slots


def _slot_change(key: str, value: object) -> Change:
    def change(document: dict[str, object]) -> None:
        slots = document["slots"]
        assert isinstance(slots, list)
        slots[0] = {**slots[0], key: value}

    return change


def _slot_without(key: str) -> Change:
    def change(document: dict[str, object]) -> None:
        slots = document["slots"]
        assert isinstance(slots, list)
        slots[0] = {k: v for k, v in slots[0].items() if k != key}

    return change


# Every problem with a field the quick read shows: it must refuse, like the strict parser.
SHOWN_FIELD_CASES: dict[str, Change] = {
    "newer format version": lambda d: d.update(format_version=2),
    "version as string": lambda d: d.update(format_version="1"),
    "version as true": lambda d: d.update(format_version=True),
    "other format": lambda d: d.update(format="first-contact/other"),
    "slots not a list": lambda d: d.update(slots={}),
    "slot not an object": lambda d: d.update(slots=[1]),
    "too many slots": lambda d: d.update(slots=[{}] * 65),
    "worker id empty": _slot_change("worker_id", ""),
    "worker id too long": _slot_change("worker_id", "w" * 129),
    "worker id a number": _slot_change("worker_id", 7),
    "name too long": _slot_change("display_name", "n" * 201),
    "name missing": _slot_without("display_name"),
    "disabled as int": _slot_change("disabled", 0),
    "disabled missing": _slot_without("disabled"),
    "same worker twice": lambda d: d.update(slots=[*_slots(d), *_slots(d)]),
}


@pytest.mark.parametrize("case", sorted(SHOWN_FIELD_CASES))
def test_problems_in_shown_fields_are_left_to_the_strict_parser(
    enrolled: Enrolled, tmp_path: Path, case: str
) -> None:
    document = json.loads(keystore_bytes(_two_workers(enrolled)))
    SHOWN_FIELD_CASES[case](document)
    data = json.dumps(document).encode()
    with pytest.raises(KeystoreCorrupt):
        parse_keystore(data)
    assert _quick(tmp_path, data) is None


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"{not json",
        b"\xff\xfe{}",
        b"[]",
        b'{"format": "first-contact/keystore", "format": "first-contact/keystore"}',
        b'{"format_version": NaN}',
        b"[" * 100_000 + b"]" * 100_000,
        b"{" + b" " * (1024 * 1024) + b"}",
    ],
    ids=["empty", "not-json", "bad-utf8", "list", "dup-key", "nan", "deep", "oversized"],
)
def test_hostile_documents_are_left_to_the_strict_parser(tmp_path: Path, data: bytes) -> None:
    assert _quick(tmp_path, data) is None


def test_never_lists_other_workers_than_the_strict_parser(
    enrolled: Enrolled, tmp_path: Path
) -> None:
    # Every single-bit flip of a real file: wherever the strict parser still reads the file,
    # the quick read gives the very same list (it may step aside, never disagree).
    data = keystore_bytes(_two_workers(enrolled))
    for index in range(len(data)):
        flipped = bytearray(data)
        flipped[index] ^= 0x01
        try:
            strict = _strict_list(bytes(flipped))
        except KeystoreCorrupt:
            continue
        assert _quick(tmp_path, bytes(flipped)) == strict, index


def test_a_lone_surrogate_name_is_left_to_the_strict_parser(
    enrolled: Enrolled, tmp_path: Path
) -> None:
    # The quick read feeds the unlock screen; a lone surrogate is not text and must not
    # reach a widget. The strict parser refuses the file with its own error.
    data = keystore_bytes(enrolled.keystore).replace(
        json.dumps(enrolled.slot.display_name).encode(), b'"\\ud800"'
    )
    path = tmp_path / "keystore.json"
    path.write_bytes(data)
    assert enrolled_workers(path) is None
    with pytest.raises(KeystoreCorrupt):
        parse_keystore(data)
