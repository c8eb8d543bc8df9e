"""Shared set-up for the export/receive tests: a council key folder of its own, a device with
a supervisor, and finalised cases for the fixture people (real vault, real signatures)."""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crypto.kdf import FLOOR_KDF
from forms.samples import record_for_person
from services.case_lifecycle import finalise_case, save_draft
from services.cases import add_attachment, blank_record, create_case
from services.device_identity import device_identity
from services.enrolment import enrol_device, open_receipt_key
from services.session import Session, unlock
from services.workers import add_worker
from tests.services.conftest import ADMIN_PASSPHRASE, COUNCIL_PASSPHRASE, Provisioned

SUPERVISOR = "Robin Quillfeather"
SUPERVISOR_PASSPHRASE = "copper lagoon mitten saddle tundra"
NOW = "2026-11-28T09:00:00Z"


@dataclass
class Device:
    session: Session
    provisioned: Provisioned
    keys_dir: Path


def open_device(provisioned: Provisioned, tmp_path: Path, *, enrol: bool = True) -> Device:
    """Unlock the admin, add a supervisor, copy the council keys and enrol this device."""
    keys_dir = tmp_path / "council-keys"
    shutil.copytree(provisioned.council.directory, keys_dir)
    session = unlock(
        provisioned.paths, provisioned.report.worker_id, ADMIN_PASSPHRASE, clock=provisioned.clock
    )
    add_worker(
        session,
        display_name=SUPERVISOR,
        role="supervisor",
        passphrase=SUPERVISOR_PASSPHRASE,
        clock=provisioned.clock,
        kdf=FLOOR_KDF,
    )
    if enrol:
        me = device_identity(session.vault)
        receipt_sk = open_receipt_key(keys_dir, COUNCIL_PASSPHRASE)
        enrol_device(keys_dir, me.device_id, me.fingerprint, receipt_sk=receipt_sk, now=NOW)
    return Device(session, provisioned, keys_dir)


def finalised_case(device: Device, person: dict[str, Any], *, photos: int = 1) -> str:
    """A complete case for `person`, with `photos` attachments, signed off by the supervisor."""
    clock = device.provisioned.clock
    session = device.session
    case_id = str(uuid.uuid4())
    record = record_for_person(
        person, case_id=case_id, now="2026-11-28T10:00:00Z", nation="england"
    )
    create_case(
        session, clock=clock, record=blank_record(clock, nation="england") | {"case_id": case_id}
    )
    save_draft(session, record, clock=clock)
    for i in range(photos):
        blob = b"\xff\xd8\xff\xe0" + f"{person['id']}-{i}".encode() * 50
        add_attachment(session, case_id, blob, media_type="image/jpeg", description="", clock=clock)
    finalise_case(
        session,
        case_id,
        supervisor_name=SUPERVISOR,
        supervisor_passphrase=SUPERVISOR_PASSPHRASE,
        clock=clock,
    )
    return case_id
