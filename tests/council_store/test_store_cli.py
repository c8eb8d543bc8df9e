"""The council store commands as council IT runs them (real subprocesses of main.py)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from council_store import open_store
from services.council_cases import DELETIONS_FILE, INDEX_FILE, store_recorder
from services.receiver import receive_many
from tests.council_store.store_fixtures import Council, case_of, people, record_for

REPO = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=300,
        check=False,
    )


@pytest.fixture
def received(tmp_path: Path) -> tuple[Council, dict[str, str]]:
    """Three cases from two devices, received into the default (DuckDB) store."""
    c = Council(tmp_path)
    p = people()
    ids = {key: str(uuid.uuid4()) for key in ("p02", "p04", "p07")}
    dover = [
        case_of(record_for(p["p02"], ids["p02"], latin=False), "FC-20261101-NGUY"),
        case_of(record_for(p["p04"], ids["p04"], latin=False), "FC-20261101-AHMD"),
    ]
    brum = [case_of(record_for(p["p07"], ids["p07"], native=False), "FC-20261120-MOHD")]
    bundles = [c.dover.bundle(c.out, dover), c.brum.bundle(c.out, brum)]
    with store_recorder(c.archive, None) as recorder:
        outcomes = receive_many(
            bundles, keys_dir=c.keys_dir, archive_dir=c.archive, secrets=c.secrets, index=recorder
        )
    assert [o.exit_code for o in outcomes] == [0, 0]
    return c, ids


def test_search_show_and_export(received: tuple[Council, dict[str, str]]) -> None:
    c, ids = received
    archive = ["--archive", str(c.archive)]
    found = run_cli("council", "cases", "search", "nguyen", *archive)
    assert found.returncode == 0, found.stderr
    assert "FC-20261101-NGUY" in found.stdout and "Nguyễn Văn Đức" in found.stdout
    assert "1 case(s) found" in found.stderr
    arabic = run_cli("council", "cases", "search", "احمد", "--nationality", "Afghanistan", *archive)
    assert "FC-20261101-AHMD" in arabic.stdout, arabic.stderr
    none = run_cli("council", "cases", "search", "ahmad", "--age-from", "30", *archive)
    assert none.returncode == 0 and none.stdout == ""
    bad = run_cli("council", "cases", "search", "x", "--nationality", "Atlantis", *archive)
    assert bad.returncode == 1 and "not a country" in bad.stderr
    first = run_cli("council", "cases", "search", "n", "--limit", "1", *archive)
    assert first.returncode == 0 and len(first.stdout.splitlines()) == 1, first.stderr
    assert "case(s) found; the first 1 shown" in first.stderr and "--limit 0" in first.stderr
    every = run_cli("council", "cases", "search", "n", "--limit", "0", *archive)
    assert len(every.stdout.splitlines()) > 1 and "shown" not in every.stderr
    negative = run_cli("council", "cases", "search", "n", "--limit", "-1", *archive)
    assert negative.returncode == 1 and "--limit is a number" in negative.stderr

    shown = run_cli("council", "cases", "show", "fc-20261120-mohd", *archive)
    assert shown.returncode == 0, shown.stderr
    assert ids["p07"] in shown.stdout and "Mohamed Osman" in shown.stdout
    pdf_lines = [line for line in shown.stdout.splitlines() if "pdf:" in line]
    assert len(pdf_lines) == 1
    assert Path(pdf_lines[0].split("pdf:", 1)[1].strip()).is_file()
    missing = run_cli("council", "cases", "show", "FC-20990101-XXXX", *archive)
    assert missing.returncode == 1 and "No case" in missing.stderr

    as_csv = run_cli("council", "export", "--format", "csv", *archive)
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert {r["case_id"] for r in rows} == set(ids.values())
    by_ref = {r["reference"]: r for r in rows}
    assert by_ref["FC-20261101-NGUY"]["nationality"] == "VN"
    assert by_ref["FC-20261101-NGUY"]["folder"] == f"{ids['p02']}/rev-1"
    out = c.archive.parent / "cases.json"
    as_json = run_cli("council", "export", "--format", "json", "--out", str(out), *archive)
    assert as_json.returncode == 0, as_json.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["version"] == 1 and len(document["cases"]) == 3
    assert {c["name_latin"] for c in document["cases"]} >= {"Mohamed Osman"}


def test_index_and_delete_case(received: tuple[Council, dict[str, str]]) -> None:
    c, ids = received
    archive = ["--archive", str(c.archive)]
    (c.archive / "council-store.duckdb").unlink()  # a lost store
    (c.archive / INDEX_FILE).unlink()
    rebuilt = run_cli("council", "index", *archive)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "Indexed 3 case revision(s) of 3 case(s)" in rebuilt.stdout
    assert "FC-20261101-NGUY" in (c.archive / INDEX_FILE).read_text(encoding="utf-8")

    short = run_cli(
        "council", "delete-case", "FC-20261101-NGUY", "--reason", "dup", "--by", "Sam", *archive
    )
    assert short.returncode == 1 and "10 to 500 characters" in short.stderr
    done = run_cli(
        "council", "delete-case", "FC-20261101-NGUY", "--reason", "right to erasure request 114",
        "--by", "Sam Lee", *archive,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not (c.archive / ids["p02"]).exists()
    assert "FC-20261101-NGUY" not in (c.archive / INDEX_FILE).read_text(encoding="utf-8")
    (logged,) = [json.loads(x) for x in (c.archive / DELETIONS_FILE).read_text().splitlines()]
    assert logged["case_id"] == ids["p02"] and logged["by"] == "Sam Lee"
    assert logged["reason"] == "right to erasure request 114"
    with open_store(None, c.archive) as store:
        assert {r.case_id for r in store.case_records()} == {ids["p04"], ids["p07"]}
        assert any(e[1] == "delete_case" and e[2] == ids["p02"] for e in store.audit_entries())
    again = run_cli("council", "index", *archive)
    assert "of 2 case(s)" in again.stdout  # a deleted case does not come back


def test_a_password_on_the_command_line_is_refused(tmp_path: Path) -> None:
    result = run_cli(
        "council", "index", "--archive", str(tmp_path),
        "--store", "postgresql://council:hunter2@localhost/cases",
    )  # fmt: skip
    assert result.returncode == 1
    assert "pgpass" in result.stderr and "hunter2" not in result.stderr


def test_reading_commands_need_an_existing_archive(tmp_path: Path) -> None:
    missing = tmp_path / "no-archive"
    result = run_cli("council", "cases", "search", "ahmad", "--archive", str(missing))
    assert result.returncode == 1 and "does not exist" in result.stderr
    assert not missing.exists()  # nothing made on the way
