"""`receive` records every case revision in the council store in the same step as the archive
(on both engines), and a failure between the two is completed by the next run."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from council_store import CaseStore, StoreError, open_store
from services.council_cases import INDEX_FILE, PENDING, index_archive, store_recorder
from services.receiver import ReceiveOutcome, receive_many
from tests.council_store.store_fixtures import Council, case_of, people, record_for


def _case(person: str, reference: str, **kw: object) -> tuple[str, object]:
    case_id = str(uuid.uuid4())
    return case_id, case_of(record_for(people()[person], case_id, **kw), reference)  # type: ignore[arg-type]


def _receive(c: Council, spec: str | None, bundles: list[Path]) -> list[ReceiveOutcome]:
    with store_recorder(c.archive, spec) as recorder:
        return receive_many(
            bundles, keys_dir=c.keys_dir, archive_dir=c.archive, secrets=c.secrets, index=recorder
        )


def _stored(spec: str | None, archive: Path) -> set[str]:
    with open_store(spec, archive) as store:
        return {r.case_id for r in store.case_records()}


def test_two_devices_received_into_archive_and_store(
    tmp_path: Path, store_spec: str | None
) -> None:
    c = Council(tmp_path)
    mo, mo_case = _case("p07", "FC-20261101-D0V1", latin=False)  # Dover: Arabic script only
    mu, mu_case = _case("p07", "FC-20261120-B1RM", native=False, aliases=["Muhammad Usman"])
    b1 = c.dover.bundle(c.out, [mo_case])  # type: ignore[list-item]
    b2 = c.brum.bundle(c.out, [mu_case])  # type: ignore[list-item]
    outcomes = _receive(c, store_spec, [b1, b2])
    assert [o.exit_code for o in outcomes] == [0, 0], [o.message for o in outcomes]
    with open_store(store_spec, c.archive) as store:
        records = {r.case_id: r for r in store.case_records()}
        assert set(records) == {mo, mu}
        assert records[mo].device_id == c.dover.keys.device_id
        assert records[mu].device_id == c.brum.keys.device_id
        assert records[mo].reference == "FC-20261101-D0V1"
        assert records[mo].folder == c.archive / mo / "rev-1"
        assert (records[mo].folder / "record.json").is_file()
        # the Dover record has only the Arabic script; a Latin search finds both
        assert {s.case_id for s in store.search("Mohamed")} == {mo, mu}
        shown = store.find("FC-20261120-B1RM")
        assert shown is not None and shown.case_id == mu
        assert len(shown.pdfs) == 1 and shown.pdfs[0].is_file()
    with (c.archive / INDEX_FILE).open(encoding="utf-8") as f:
        rows = {r["reference"]: r for r in csv.DictReader(f)}
    assert rows["FC-20261101-D0V1"]["folder"] == f"{mo}/rev-1"
    assert rows["FC-20261120-B1RM"]["case_id"] == mu
    assert not any((c.archive / PENDING).glob("*.json"))


def test_a_failed_store_write_is_completed_by_the_next_receive(
    tmp_path: Path, store_spec: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = Council(tmp_path)
    first, first_case = _case("p02", "FC-20261120-AAAA")
    second, second_case = _case("p03", "FC-20261120-BBBB")
    b1 = c.dover.bundle(c.out, [first_case])  # type: ignore[list-item]
    b2 = c.dover.bundle(c.out, [second_case])  # type: ignore[list-item]

    real = CaseStore.put_revisions

    def broken(self: CaseStore, revisions: object) -> None:
        raise StoreError("injected: the database went away")

    monkeypatch.setattr(CaseStore, "put_revisions", broken)
    (failed,) = _receive(c, store_spec, [b1])
    assert failed.exit_code == 22, failed.message
    assert "case store could not record" in failed.message
    assert failed.receipt is None  # no receipt for what the store has not recorded
    assert (c.archive / first / "rev-1" / "record.json").is_file()  # in the archive...
    assert _stored(store_spec, c.archive) == set()  # ...not yet in the store
    assert len(list((c.archive / PENDING).glob("*.json"))) == 1

    monkeypatch.setattr(CaseStore, "put_revisions", real)
    # The next run, with another bundle, completes the first before its own import.
    # (The first bundle is not in the ledger, so the device's next bundle waits for it:
    # receive it again first, as an operator would after the error.)
    outcomes = _receive(c, store_spec, [b1, b2])
    assert [o.exit_code for o in outcomes] == [0, 0], [o.message for o in outcomes]
    assert _stored(store_spec, c.archive) == {first, second}
    assert not any((c.archive / PENDING).glob("*.json"))


def test_opening_the_store_repairs_without_a_new_bundle(
    tmp_path: Path, store_spec: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = Council(tmp_path)
    case_id, case = _case("p08", "FC-20261120-CCCC")
    b1 = c.dover.bundle(c.out, [case])  # type: ignore[list-item]
    real = CaseStore.put_revisions
    monkeypatch.setattr(
        CaseStore, "put_revisions", lambda *_a: (_ for _ in ()).throw(StoreError("x"))
    )
    assert _receive(c, store_spec, [b1])[0].exit_code == 22
    monkeypatch.setattr(CaseStore, "put_revisions", real)
    with store_recorder(c.archive, store_spec) as recorder:  # any council command opens it so
        assert {r.case_id for r in recorder.store.case_records()} == {case_id}


def test_index_rebuilds_a_lost_store_idempotently(tmp_path: Path, store_spec: str | None) -> None:
    c = Council(tmp_path)
    ids = []
    cases = []
    for person in ("p01", "p04", "p11"):
        case_id, case = _case(person, f"FC-20261120-{person.upper()}")
        ids.append(case_id)
        cases.append(case)
    bundle = c.dover.bundle(c.out, cases)  # type: ignore[arg-type]
    assert _receive(c, "duckdb:" + str(tmp_path / "first-store.duckdb"), [bundle])[0].exit_code == 0
    # A store that never saw the archive (a new PostgreSQL server, or a lost file):
    report = index_archive(c.archive, store_spec)
    assert (report.revisions, report.cases, report.removed) == (3, 3, 0)
    again = index_archive(c.archive, store_spec)
    assert (again.revisions, again.cases, again.removed) == (3, 3, 0)
    assert _stored(store_spec, c.archive) == set(ids)
    with open_store(store_spec, c.archive) as store:
        assert len(store.revisions()) == 3
        found = store.search("aram karim")
        assert [s.case_id for s in found] == [ids[2]]


def test_a_receive_killed_between_archive_and_store_is_completed(
    tmp_path: Path, store_spec: str | None
) -> None:
    c = Council(tmp_path)
    case_id, case = _case("p10", "FC-20261120-KILL")
    bundle = c.dover.bundle(c.out, [case])  # type: ignore[list-item]
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            {"keys": str(c.keys_dir), "archive": str(c.archive), "store": store_spec,
             "bundles": [str(bundle)], "identity": c.secrets.identities[0],
             "receipt_sk": c.secrets.receipt_sk.hex()}
        )
    )  # fmt: skip
    child = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("kill_child.py")), str(spec)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert child.returncode == 137, child.stderr[-2000:]
    assert (c.archive / case_id / "rev-1" / "record.json").is_file()  # in the archive
    assert not any((c.archive / "receipts").glob("*.json"))  # no receipt: not acknowledged
    assert len(list((c.archive / PENDING).glob("*.json"))) == 1
    # The next council command finds the marker and completes the store first.
    with store_recorder(c.archive, store_spec) as recorder:
        (record,) = list(recorder.store.case_records())
        assert record.case_id == case_id and record.reference == "FC-20261120-KILL"
    assert not any((c.archive / PENDING).glob("*.json"))
    # Receiving the bundle again acknowledges it (its cases are already in both).
    (again,) = _receive(c, store_spec, [bundle])
    assert again.exit_code == 0, again.message
    assert again.receipt is not None and again.receipt.is_file()
    assert _stored(store_spec, c.archive) == {case_id}
