"""Every bundle-side reader of outside input (manifest, receipt, import ledger, the worker
certificate inside a bundle) refuses hostile JSON with its own error and nothing else."""

from __future__ import annotations

import contextlib
import uuid
from pathlib import Path

import pytest
from bundle_fixtures import Keys, entry_for, forge, forged_manifest, read
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bundles.entries import RECORD
from bundles.errors import BadWorkerCert, ManifestInvalid, ReceiptInvalid, UnsupportedVersion
from bundles.import_ledger import FileImportLedger, LedgerUnreadable
from bundles.manifest import parse_manifest
from bundles.receipts import make_receipt, verify_receipt
from tests.conftest import budget
from tests.hostile_json import hostile

SETTINGS = settings(
    max_examples=60 * budget(),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
RID = str(uuid.uuid4())
RECORD_DATA = b'{"case_id": "x"}'
R_NAME = f"r/{RID}.json"
R_ENTRY = entry_for(R_NAME, RECORD_DATA, RECORD, RID, "application/json")
LEDGER = (
    b'{"bundles":["' + b"a" * 32 + b'"],"files":["' + b"b" * 64 + b'"],'
    b'"format":"first-contact/import-ledger/1","heads":{"d-1":[1,"' + b"c" * 64 + b'"]}}'
)


def test_a_bundle_whose_worker_certificate_holds_a_lone_surrogate_is_refused_with_15(
    keys: Keys, tmp_path: Path
) -> None:
    # Defect 1 as reported: UnicodeEncodeError escaped the receiver (exit 1, batch stopped).
    cert = keys.worker_cert.replace(keys.device_id.encode(), b"\\ud800")
    manifest = forged_manifest(keys, [R_ENTRY], worker_cert=cert)
    path = tmp_path / "in.age"
    path.write_bytes(forge(keys, manifest, [(R_NAME, RECORD_DATA)]))
    with pytest.raises(BadWorkerCert):
        read(keys, path, tmp_path / "staging")


def test_a_receipt_with_a_lone_surrogate_is_invalid(keys: Keys) -> None:
    receipt = make_receipt(
        keys.receipt_sk,
        bundle_id="0" * 32,
        device_id=keys.device_id,
        device_seq=1,
        manifest_sha256="ab" * 32,
        records=[(RID, 1)],
    )
    with pytest.raises(ReceiptInvalid):
        verify_receipt(receipt.replace(keys.device_id.encode(), b"\\ud800"), keys.receipt_pk)


def test_the_ledger_reads_back_what_it_wrote_and_refuses_a_damaged_one(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    path.write_bytes(LEDGER)
    ledger = FileImportLedger(path)
    assert ledger.seen_bundle("a" * 32) and ledger.seen_file("b" * 64)
    head = ledger.head("d-1")
    assert head is not None and head.device_seq == 1
    path.write_bytes(LEDGER.replace(b"[1,", b"[true,"))
    with pytest.raises(LedgerUnreadable):
        FileImportLedger(path)


@SETTINGS
@given(data=st.data())
def test_manifest_reader_raises_only_its_own_error(keys: Keys, data: st.DataObject) -> None:
    valid = forged_manifest(keys, [R_ENTRY]).to_bytes()
    with contextlib.suppress(ManifestInvalid, UnsupportedVersion):
        parse_manifest(data.draw(hostile(valid)))


@SETTINGS
@given(data=st.data())
def test_receipt_reader_raises_only_its_own_error(keys: Keys, data: st.DataObject) -> None:
    valid = make_receipt(
        keys.receipt_sk,
        bundle_id="0" * 32,
        device_id=keys.device_id,
        device_seq=1,
        manifest_sha256="ab" * 32,
        records=[(RID, 1)],
    )
    with contextlib.suppress(ReceiptInvalid):
        verify_receipt(data.draw(hostile(valid)), keys.receipt_pk)


@SETTINGS
@given(data=st.data())
def test_ledger_reader_raises_only_its_own_error(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    path = tmp_path_factory.mktemp("ledger") / "import-ledger.json"
    path.write_bytes(data.draw(hostile(LEDGER)))
    with contextlib.suppress(LedgerUnreadable):
        FileImportLedger(path)


@SETTINGS
@given(data=st.data())
def test_a_hostile_worker_certificate_inside_a_bundle_is_only_ever_bad_worker_cert(
    keys: Keys, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    cert = data.draw(hostile(keys.worker_cert))
    if len(cert) > 4096:
        return  # the manifest bounds the certificate's size before it is parsed
    manifest = forged_manifest(keys, [R_ENTRY], worker_cert=cert)
    folder = tmp_path_factory.mktemp("bundle")
    path = folder / "in.age"
    path.write_bytes(forge(keys, manifest, [(R_NAME, RECORD_DATA)]))
    with contextlib.suppress(BadWorkerCert):
        read(keys, path, folder / "staging")
