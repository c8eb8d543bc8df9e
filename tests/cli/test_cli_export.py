"""export -> council enrol-device -> receive -> import-receipt through the command line."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from cli.commands import run_subcommand
from services.case_status import EXPORTED, RECEIPT_CONFIRMED
from services.device_identity import device_identity
from services.session import unlock
from tests.services import conftest as service_fixtures
from tests.services.conftest import ADMIN_PASSPHRASE, COUNCIL_PASSPHRASE, Provisioned
from tests.services.export_setup import finalised_case, open_device

REISSUED = 4  # already imported: the receipt is written again
UNKNOWN_DEVICE = 14

# The provisioned-vault fixtures of the service tests, shared by name.
council = service_fixtures.council
provisioned = service_fixtures.provisioned


def _run(monkeypatch: pytest.MonkeyPatch, argv: list[str], stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return run_subcommand(argv)


def _status(provisioned: Provisioned, case_id: str) -> str:
    session = unlock(
        provisioned.paths, provisioned.report.worker_id, ADMIN_PASSPHRASE, clock=provisioned.clock
    )
    try:
        return session.vault.cases.summary(case_id).status
    finally:
        session.lock()


def _last_disclosure(provisioned: Provisioned, case_id: str) -> dict[str, str]:
    session = unlock(
        provisioned.paths, provisioned.report.worker_id, ADMIN_PASSPHRASE, clock=provisioned.clock
    )
    try:
        entries = session.vault.cases.current(case_id).document["answers"]["disclosures"]
        return dict(entries[-1])
    finally:
        session.lock()


def test_cli_round_trip_and_replay(
    provisioned: Provisioned,
    people: list[dict[str, Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    device = open_device(provisioned, tmp_path, enrol=False)
    case_id = finalised_case(device, people[0])
    me = device_identity(device.session.vault)
    reference = device.session.vault.cases.summary(case_id).reference
    device.session.lock()
    data = ["--data-dir", str(provisioned.paths.data_dir), "--worker", "Sam Okafor"]
    stick, archive, keys = tmp_path / "stick", tmp_path / "archive", device.keys_dir
    stick.mkdir()

    assert (
        _run(monkeypatch, ["device-info", *data, "--passphrase-stdin"], ADMIN_PASSPHRASE + "\n")
        == 0
    )
    assert me.fingerprint in capsys.readouterr().out
    assert (
        _run(
            monkeypatch,
            [
                "export",
                *data,
                "--out",
                str(stick),
                "--disclosure-why",
                "Monthly hand-over",
                "--passphrase-stdin",
            ],
            ADMIN_PASSPHRASE + "\n",
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "1 case(s) to export" in out
    (bundle,) = list(stick.iterdir())
    assert _status(provisioned, case_id) == EXPORTED
    assert _last_disclosure(provisioned, case_id)["disclosure_why"] == "Monthly hand-over"

    receive = [
        "receive",
        str(bundle),
        "--keys",
        str(keys),
        "--archive",
        str(archive),
        "--passphrase-stdin",
    ]
    assert _run(monkeypatch, receive, COUNCIL_PASSPHRASE + "\n") == UNKNOWN_DEVICE
    assert "unknown_device" in capsys.readouterr().err
    assert not (archive / case_id).exists()

    # Typed with spaces and lower case, as read over the phone: still the same fingerprint.
    typed = me.fingerprint.replace("-", " ").lower()
    enrol = [
        "council",
        "enrol-device",
        "--keys",
        str(keys),
        "--device-id",
        me.device_id,
        "--device-fingerprint",
        typed,
    ]
    assert _run(monkeypatch, enrol) == 0
    assert _run(monkeypatch, receive, COUNCIL_PASSPHRASE + "\n") == 0
    assert (archive / case_id).is_dir()
    (receipt,) = list((archive / "receipts").iterdir())

    # The council store has the case under the FC reference printed on its PDFs.
    capsys.readouterr()
    show = ["council", "cases", "show", reference, "--archive", str(archive)]
    assert _run(monkeypatch, show) == 0
    shown = capsys.readouterr().out
    assert case_id in shown and reference in shown
    pdfs = [line.split("pdf:", 1)[1].strip() for line in shown.splitlines() if "pdf:" in line]
    assert pdfs and all(Path(p).is_file() and Path(p).read_bytes()[:5] == b"%PDF-" for p in pdfs)
    assert reference in (archive / "index.csv").read_text(encoding="utf-8")

    # Receiving it again imports nothing and hands back the same receipt (exit 4).
    before = receipt.read_bytes()
    assert _run(monkeypatch, receive, COUNCIL_PASSPHRASE + "\n") == REISSUED
    assert "receipt was written again" in capsys.readouterr().out
    assert receipt.read_bytes() == before

    # A lost receipt, without the bundle file: council reissue-receipt writes it again.
    receipt.unlink()
    reissue = ["council", "reissue-receipt", receipt.name.split(".")[0], "--keys", str(keys)]
    reissue += ["--archive", str(archive), "--passphrase-stdin"]
    assert _run(monkeypatch, reissue, COUNCIL_PASSPHRASE + "\n") == REISSUED
    assert "receipt written again" in capsys.readouterr().out
    assert receipt.is_file()

    assert (
        _run(
            monkeypatch,
            ["import-receipt", *data, str(receipt), "--passphrase-stdin"],
            ADMIN_PASSPHRASE + "\n",
        )
        == 0
    )
    assert "1 case(s) confirmed" in capsys.readouterr().out
    assert _status(provisioned, case_id) == RECEIPT_CONFIRMED


def test_enrol_device_refuses_a_short_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = tmp_path / "keys"
    keys.mkdir()
    argv = [
        "council",
        "enrol-device",
        "--keys",
        str(keys),
        "--device-id",
        "d-1",
        "--device-fingerprint",
        "ABCD-EFGH",
    ]
    assert _run(monkeypatch, argv) == 1
    assert "24 letters" in capsys.readouterr().err
    assert list(keys.iterdir()) == []
