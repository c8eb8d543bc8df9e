"""The document service over a real training vault: packs, batch, and the explicit Save as PDF."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.clock import FakeClock
from services.documents import build_packs, case_documents, case_pack, save_pack_as_pdf
from services.errors import InvalidInput
from services.record_hash import short_record_hash
from services.session import Session
from tests.reports import pdf_probe
from tests.reports.documents_vault import add_person_case, photo_png, training_session


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session(tmp_path: Path, clock: FakeClock) -> Iterator[Session]:
    opened = training_session(tmp_path, clock)
    yield opened
    opened.lock()


def dark_share(pdf: bytes, page: int) -> float:
    width, height, pixels = pdf_probe.render_page_gray(pdf, page=page, dpi=30)
    return sum(1 for value in pixels[: width * height] if value < 128) / (width * height)


def test_case_pack_reads_the_vault_photo_reference_and_training_mark(
    session: Session, clock: FakeClock
) -> None:
    case_id = add_person_case(session, "p04", clock, photo=photo_png())
    reference = session.vault.cases.summary(case_id).reference
    record = session.vault.cases.current(case_id).document
    pdf = case_pack(session, case_id)
    texts = pdf_probe.page_texts(pdf)
    assert all(f"Case {reference}" in t for t in texts)
    assert all(f"Printed from saved version {short_record_hash(record)}" in t for t in texts)
    assert all("TRAINING" in t for t in texts)
    photo_pages = [n for n, page in enumerate(pdf_probe.reader(pdf).pages, 1) if page.images]
    assert photo_pages
    # Rendered, the cover and the photo page have ink; a few pages only, at a low resolution.
    assert dark_share(pdf, 1) > 0.002
    assert dark_share(pdf, photo_pages[0]) > dark_share(pdf, 1)
    documents = case_documents(session, case_id)
    assert documents[0].output_id == "childrens_services"
    assert all(d.filename.startswith(reference) for d in documents)


def test_build_packs_reports_progress_and_stops_when_cancelled(
    session: Session, clock: FakeClock
) -> None:
    case_ids = [add_person_case(session, pid, clock) for pid in ("p06", "p08", "p12")]
    seen: list[tuple[int, int]] = []
    packs = build_packs(
        session, case_ids, progress=lambda d, t: seen.append((d, t)), cancelled=lambda: False
    )
    assert list(packs) == case_ids and seen == [(1, 3), (2, 3), (3, 3)]
    assert all(p.startswith(b"%PDF-") for p in packs.values())
    stop_after_one = build_packs(
        session,
        case_ids,
        progress=lambda d, t: None,
        cancelled=lambda: bool(seen.append((0, 0))) or len(seen) > 4,
    )
    assert list(stop_after_one) == case_ids[:1]


def test_save_as_pdf_writes_atomically_and_records_audit_and_disclosure(
    session: Session, clock: FakeClock, tmp_path: Path
) -> None:
    case_id = add_person_case(session, "p06", clock)
    before = session.vault.cases.current(case_id)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "pack.pdf"
    save_pack_as_pdf(session, case_id, target, clock=clock)
    assert sorted(p.name for p in out_dir.iterdir()) == ["pack.pdf"]  # no partial file left
    assert target.stat().st_mode & 0o077 == 0
    text = " ".join(pdf_probe.page_texts(target.read_bytes()))
    assert f"Printed from saved version {short_record_hash(before.document)}" in text
    after = session.vault.cases.current(case_id)
    assert after.revision == before.revision + 1
    entry = after.document["answers"]["disclosures"][-1]
    assert short_record_hash(before.document) in entry["disclosure_what"]
    assert "pack.pdf" in entry["disclosure_to"]
    assert entry["disclosure_by"] == "Sam Okafor"
    audit = [e for e in session.vault.audit.entries({case_id}) if e.event == "pack_saved_as_pdf"]
    assert len(audit) == 1
    assert audit[0].detail == f"version={short_record_hash(before.document)}"
    assert " " not in audit[0].detail


def test_save_as_pdf_refuses_bad_paths_and_writes_nothing(
    session: Session, clock: FakeClock, tmp_path: Path
) -> None:
    case_id = add_person_case(session, "p06", clock)
    with pytest.raises(InvalidInput):
        save_pack_as_pdf(session, case_id, tmp_path / "pack.txt", clock=clock)
    with pytest.raises(InvalidInput):
        save_pack_as_pdf(session, case_id, tmp_path / "missing" / "pack.pdf", clock=clock)
    assert not list(tmp_path.rglob("*.pdf")) and not list(tmp_path.rglob("*.txt"))
    assert session.vault.cases.current(case_id).revision == 1
