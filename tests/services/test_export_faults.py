"""A full disk, a pulled stick and a cancel: no bundle left, vault unchanged, a clear message."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from services.case_status import FINALISED
from services.export import EXPORT_SEQ, ExportFailed, export_cases
from services.session import Session
from tests.services.conftest import Provisioned
from tests.services.export_setup import Device, finalised_case, open_device


class FailingFile:
    """A real file that raises `error` once more than `limit` bytes have been written."""

    def __init__(self, path: Path, limit: int, error: int) -> None:
        self._file = path.open("xb")
        self._limit, self._error, self._written = limit, error, 0

    def write(self, data: bytes) -> int:
        if self._written + len(data) > self._limit:
            raise OSError(self._error, "injected")
        self._written += len(data)
        return self._file.write(data)

    def flush(self) -> None:
        self._file.flush()

    def fileno(self) -> int:
        return self._file.fileno()

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@pytest.fixture
def device(provisioned: Provisioned, tmp_path: Path) -> Iterator[Device]:
    d = open_device(provisioned, tmp_path)
    yield d
    d.session.lock()


def _state(session: Session, case_ids: list[str]) -> tuple[Any, ...]:
    vault = session.vault
    return (
        [vault.cases.summary(c).status for c in case_ids],
        vault.ledger.entries(),
        vault.settings.get(EXPORT_SEQ),
    )


def _no_pdfs(session: Session, case_id: str) -> list[tuple[str, bytes]]:
    return [("pack", b"%PDF-1.7\n" + case_id.encode() * 2000 + b"\n%%EOF\n")]


@pytest.mark.parametrize(
    ("error", "says"),
    [(errno.ENOSPC, "destination is full"), (errno.EIO, "stick removed")],
)
def test_write_fault_leaves_nothing_and_changes_nothing(
    device: Device, people: list[dict[str, Any]], tmp_path: Path, error: int, says: str
) -> None:
    session, clock = device.session, device.provisioned.clock
    case_ids = [finalised_case(device, p, photos=2) for p in people[:2]]
    before = _state(session, case_ids)
    stick = tmp_path / "stick"
    stick.mkdir()

    def opener(path: Path) -> BinaryIO:
        return FailingFile(path, 20_000, error)  # type: ignore[return-value]

    with pytest.raises(ExportFailed, match=says) as caught:
        export_cases(session, stick, clock=clock, opener=opener, documents=_no_pdfs)
    assert "export again" in str(caught.value)
    assert list(stick.iterdir()) == []
    assert _state(session, case_ids) == before
    assert all(s == FINALISED for s in before[0])
    # After the fault, a good stick works and takes the same cases.
    result = export_cases(session, stick, clock=clock, documents=_no_pdfs)
    assert sorted(result.case_ids) == sorted(case_ids) and result.device_seq == 1


def test_cancel_leaves_nothing_and_changes_nothing(
    device: Device, people: list[dict[str, Any]], tmp_path: Path
) -> None:
    session, clock = device.session, device.provisioned.clock
    case_ids = [finalised_case(device, p) for p in people[:2]]
    before = _state(session, case_ids)
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(ExportFailed, match=r"(?i)cancel"):
        export_cases(session, tmp_path, clock=clock, cancel=cancel, documents=_no_pdfs)
    assert list(tmp_path.glob("*.age*")) == []
    assert _state(session, case_ids) == before


def test_refuses_without_a_pinned_import_recipient(
    device: Device, people: list[dict[str, Any]], tmp_path: Path
) -> None:
    session, clock = device.session, device.provisioned.clock
    case_ids = [finalised_case(device, people[0])]
    session.vault.settings.set("trust_bundle", "")
    with pytest.raises(ExportFailed, match="trust bundle"):
        export_cases(session, tmp_path, clock=clock, documents=_no_pdfs)
    assert list(tmp_path.glob("*.age*")) == []
    assert session.vault.cases.summary(case_ids[0]).status == FINALISED


def test_a_record_breaking_the_schema_is_not_exported(
    device: Device, people: list[dict[str, Any]], tmp_path: Path
) -> None:
    from services.export import schema_problem

    session = device.session
    case_id = finalised_case(device, people[0])
    document = dict(session.vault.cases.current(case_id).document)
    assert schema_problem(document) is None
    broken = dict(document, record_format=99)
    assert schema_problem(broken) == "at record_format: const"
    del broken["record_format"]
    assert schema_problem(broken) is not None
