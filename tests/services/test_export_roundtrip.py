"""Export -> receive -> receipt -> purge, for every fixture person, through the real parts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.case_status import EXPORTED, FINALISED, RECEIPT_CONFIRMED
from services.errors import InvalidInput
from services.export import export_cases, plan_export, record_bytes
from services.receipts import import_receipt
from services.receiver import open_council_secrets, receive_one
from services.retention import due_for_purge, purge_due, retention_days
from services.session import Session
from tests.services.conftest import COUNCIL_PASSPHRASE, Provisioned
from tests.services.export_setup import Device, finalised_case, open_device

DAY = 24 * 3600


@pytest.fixture
def device(provisioned: Provisioned, tmp_path: Path) -> Iterator[Device]:
    d = open_device(provisioned, tmp_path)
    yield d
    d.session.lock()


def _capture() -> tuple[dict[str, list[bytes]], Any]:
    from services.export import _default_documents

    seen: dict[str, list[bytes]] = {}

    def documents(session: Session, case_id: str) -> list[tuple[str, bytes]]:
        docs = _default_documents(session, case_id)
        seen[case_id] = [pdf for _id, pdf in docs]
        return docs

    return seen, documents


def test_round_trip_every_fixture_person(
    device: Device, people: list[dict[str, Any]], tmp_path: Path
) -> None:
    session, clock = device.session, device.provisioned.clock
    case_ids = [finalised_case(device, person) for person in people]
    plan = plan_export(session, clock=clock)
    assert sorted(plan.case_ids) == sorted(case_ids)
    assert plan.recipients and all(len(r.fingerprint) == 29 for r in plan.recipients)

    stick = tmp_path / "stick"
    stick.mkdir()
    seen, documents = _capture()
    result = export_cases(session, stick, clock=clock, documents=documents)
    assert [p.name for p in stick.iterdir()] == [result.path.name]
    assert result.path.suffix == ".age"
    for case_id in case_ids:
        assert session.vault.cases.summary(case_id).status == EXPORTED
        assert seen[case_id], "every case carries at least one referral PDF"
    assert session.vault.ledger.get(result.bundle_id).cases.keys() == set(case_ids)

    archive = tmp_path / "archive"
    secrets = open_council_secrets(device.keys_dir, COUNCIL_PASSPHRASE)
    outcome = receive_one(
        result.path, keys_dir=device.keys_dir, archive_dir=archive, secrets=secrets
    )
    assert outcome.exit_code == 0, outcome.message
    exported = session.vault.ledger.get(result.bundle_id).cases
    for case_id in case_ids:
        # The device's log then gains the export's disclosure entry as a later version.
        current = session.vault.cases.version(case_id, exported[case_id])
        folder = archive / case_id / f"rev-{current.revision}"
        assert (folder / "record.json").read_bytes() == record_bytes(dict(current.document))
        packs = sorted(p.read_bytes() for p in (folder / "packs").iterdir())
        assert packs == sorted(seen[case_id])
        stored = sorted(
            session.vault.attachments.get(a.attachment_id)
            for a in session.vault.attachments.list(case_id)
        )
        archived = sorted(p.read_bytes() for p in (folder / "attachments").iterdir())
        assert archived == stored and stored
        assert b'"event":"case_finalised"' in (folder / "audit.json").read_bytes()

    assert outcome.receipt is not None
    applied = import_receipt(session, outcome.receipt.read_bytes(), clock=clock)
    assert sorted(applied.confirmed) == sorted(case_ids)
    assert all(session.vault.cases.summary(c).status == RECEIPT_CONFIRMED for c in case_ids)

    before = _vault_text(session)
    assert any(str(p["name_latin"]).split()[0].casefold() in before for p in people)
    clock.advance((retention_days(session) - 1) * DAY)
    assert due_for_purge(session, clock=clock) == []
    clock.advance(DAY)
    report = purge_due(session, clock=clock)
    assert sorted(report.purged) == sorted(case_ids)
    assert session.vault.cases.count() == 0
    assert_names_gone(session, [str(p["name_latin"]) for p in people])
    assert all(
        e.event != "case_purged" or e.detail == "retention"
        for e in session.vault.audit.entries(set(case_ids))
    )


def _vault_text(session: Session) -> str:
    """Every cell of every table, as text (casefolded)."""
    vault = session.vault
    db = vault._db  # the storage tests reach the same raw connection for the same proof
    cells: list[str] = []
    tables = [r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in [*tables, "sqlite_master"]:
        for row in db.query(f'SELECT * FROM "{table}"'):  # noqa: S608 - names from the schema
            for value in row:
                if isinstance(value, bytes):
                    cells.append(value.decode("utf-8", "replace"))
                elif value is not None:
                    cells.append(str(value))
    return "\n".join(cells).casefold()


def assert_names_gone(session: Session, names: list[str]) -> None:
    """No purged name in search, the case list, any cell of any table, or the file bytes."""
    vault = session.vault
    dump = _vault_text(session)
    vault.checkpoint()
    raw = b"".join(
        p.read_bytes() for p in vault.path.parent.iterdir() if p.name.startswith(vault.path.name)
    )
    for name in names:
        for word in name.split():
            if len(word) < 4:
                continue
            assert vault.search.query(word) == [], word
            assert word.casefold() not in dump, word
            assert word.encode("utf-8") not in raw, word
    assert vault.cases.list_summaries() == []


def test_export_refuses_when_nothing_is_finalised(device: Device, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no finalised cases"):
        export_cases(device.session, tmp_path, clock=device.provisioned.clock)


def test_second_export_only_takes_new_cases(
    device: Device, people: list[dict[str, Any]], tmp_path: Path
) -> None:
    session, clock = device.session, device.provisioned.clock
    first = finalised_case(device, people[0])
    one = export_cases(session, tmp_path, clock=clock, documents=lambda s, c: [])
    second = finalised_case(device, people[1])
    two = export_cases(session, tmp_path, clock=clock, documents=lambda s, c: [])
    assert one.case_ids == (first,) and two.case_ids == (second,)
    assert (one.device_seq, two.device_seq) == (1, 2)
    assert session.vault.cases.summary(second).status == EXPORTED
    assert FINALISED not in {s.status for s in session.vault.cases.list_summaries()}
    with pytest.raises(InvalidInput):
        export_cases(session, tmp_path, clock=clock)


def test_the_export_summary_names_characters_the_documents_cannot_print(
    device: Device, people: list[dict[str, Any]]
) -> None:
    """Issue 14: told before the export starts, by case reference, field and character name."""
    from services.export import describe

    session, clock = device.session, device.provisioned.clock
    plain = finalised_case(device, people[0])
    person = dict(people[1])
    person["name_native"] = f"{person.get('name_native') or 'Amina'} \U0001f900"
    odd = finalised_case(device, person)
    plan = plan_export(session, clock=clock)
    assert set(plan.unprintable) == {odd}
    assert plain not in plan.unprintable
    text = describe(plan)
    assert "CIRCLED CROSS FORMEE WITH FOUR DOTS" in text and "[U+1F900]" in text
    assert plan.reference(odd) in text
