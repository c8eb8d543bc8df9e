"""The README's walk-through as council IT runs it: the same fictional child (Mohamed Osman,
tests/data/people.json p07) recorded on two devices under other spellings, received from real
bundles, proposed by `council matches` with a PDF report (photo, both records, weights), then
decided, and not proposed again (real subprocesses of main.py). Shared identifiers are listed
apart, one group per identifier: an exploiter's phone linking him to another person's case,
and his own phone on both of his records, marked as one person's."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from services.council_cases import store_recorder
from services.receiver import receive_many
from tests.council_store.store_fixtures import Council, case_of, people, record_for
from tests.council_store.test_store_cli import run_cli
from tests.reports.pdf_probe import pdftotext


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 80), (120, 90, 60)).save(out, format="JPEG")
    return out.getvalue()


def test_same_child_on_two_devices_matched_reported_and_decided(tmp_path: Path) -> None:
    c = Council(tmp_path)
    p = people()
    photo = _jpeg()
    dover_rec = record_for(p["p07"], str(uuid.uuid4()))  # محمد عثمان / Mohamed Osman, 17
    dover_rec["answers"]["photo"] = {
        "attachment_id": str(uuid.uuid4()),
        "file_name": "photo.jpg",
        "media_type": "image/jpeg",
        "size": len(photo),
        "sha256": hashlib.sha256(photo).hexdigest(),
    }
    brum_rec = record_for(p["p07"], str(uuid.uuid4()), native=False, age=16)
    brum_rec["answers"]["name_latin"] = "Usman Muhammad"
    # Where he was born, as each device wrote it: the town with its region, and the town alone.
    dover_rec["answers"]["pv_birthplace"] = "Nyala, South Darfur"
    brum_rec["answers"]["pv_birthplace"] = "Niyala"
    other = record_for(p["p02"], str(uuid.uuid4()))
    dover_rec["answers"]["pv_phone"] = "+44 7700 900123"  # his own phone, on both records
    brum_rec["answers"]["pv_phone"] = "07700 900123"
    for rec in (brum_rec, other):  # the same "boss" number, given by two different people
        rec["answers"]["associates"] = [
            {"associate_name": "Boss", "associate_phone": "07911 123456"}
        ]
    dover_case = case_of(dover_rec, "FC-20261101-D0VE")
    dover_case.attachments.append(photo)
    bundles = [
        c.dover.bundle(c.out, [dover_case, case_of(other, "FC-20261101-NGUY")]),
        c.brum.bundle(c.out, [case_of(brum_rec, "FC-20261120-B1RM")]),
    ]
    with store_recorder(c.archive, None) as recorder:
        outcomes = receive_many(
            bundles, keys_dir=c.keys_dir, archive_dir=c.archive, secrets=c.secrets, index=recorder
        )
    assert [o.exit_code for o in outcomes] == [0, 0]
    archive = ["--archive", str(c.archive)]
    report = tmp_path / "matches.pdf"

    listed = run_cli("council", "matches", *archive, "--report", str(report))
    assert listed.returncode == 0, listed.stderr
    assert "splink" not in listed.stderr  # the library's INFO timings stay out of the output
    assert "3 cases compared" in listed.stdout and "1 possible match(es)" in listed.stdout
    line = next(x for x in listed.stdout.splitlines() if "~" in x)
    assert "FC-20261101-D0VE" in line and "FC-20261120-B1RM" in line
    assert "name: same name" in listed.stdout and "birth year: within 1 year" in listed.stdout
    network = listed.stdout[listed.stdout.index("Same network") :].splitlines()
    assert network[0] == (
        "Same network (shared identifiers, not same person): 2 shared identifier(s) "
        "(groups of 2 cases)"
    )
    assert network[1] == "  an exploiter's or associate's phone ending 911123456: 2 cases"
    case_line = r"    {} rev 1 {}, device d-[0-9a-f]{{16}}, received \d{{4}}-\d\d-\d\d"
    assert re.fullmatch(case_line.format("FC-20261101-NGUY", "Nguyen Van Duc"), network[2])
    assert re.fullmatch(case_line.format("FC-20261120-B1RM", "Usman Muhammad"), network[3])
    assert network[4] == (
        "  the person's phone ending 700900123: 2 cases (also proposed above as the same person)"
    )
    assert [x.split(" rev ")[0] for x in network[5:]] == [
        "    FC-20261101-D0VE",
        "    FC-20261120-B1RM",
    ]
    text = pdftotext(report.read_bytes())
    for expected in ("Possible match 1", "Mohamed Osman", "Usman Muhammad", "محمد عثمان",
                     "No photograph in this case.", "Year of birth: within 1 year",
                     "Place of birth", "Nyala, South Darfur", "Niyala",
                     "Place of birth: a place spelt alike",
                     "2 shared identifier(s) (groups of 2 cases)",
                     "An exploiter's or associate's phone ending 911123456: 2 cases",
                     "(also proposed above as the same person)"):  # fmt: skip
        assert expected in text, expected
    network_text = text[text.index("Same network: cases that share an identifier") :]
    assert "The person's phone ending 700900123: 2 cases" in " ".join(network_text.split())
    for ref in ("FC-20261101-NGUY", "FC-20261101-D0VE"):
        assert network_text.count(ref) == 1, ref
    assert network_text.count("FC-20261120-B1RM") == 2  # in both groups
    images = [img for page in PdfReader(report).pages for img in page.images]
    assert len(images) == 1  # Dover's photo; Birmingham's case has none

    decided = run_cli(
        "council", "matches", "decide", "FC-20261101-D0VE", "FC-20261120-B1RM", "same",
        "--by", "Ana Lopes", "--reason", "same photo and story", *archive,
    )  # fmt: skip
    assert decided.returncode == 0, decided.stderr
    assert "same person" in decided.stdout and "Nothing was merged" in decided.stdout
    again = run_cli("council", "matches", *archive)
    assert "0 possible match(es)" in again.stdout and "1 already decided" in again.stdout
    assert "700900123: 2 cases (decided as the same person)" in again.stdout
    refused = run_cli("council", "matches", "decide", "FC-20261101-D0VE", "FC-X", "same",
                      "--by", "Ana Lopes", *archive)  # fmt: skip
    assert refused.returncode == 1 and "No case 'FC-X'" in refused.stderr
    bad = run_cli("council", "matches", *archive, "--threshold", "1.5")
    assert bad.returncode == 1 and "between 0 and 1" in bad.stderr
