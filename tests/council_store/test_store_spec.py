"""Which store a --store value names; never a password on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from council_store import STORE_FILE, StoreSpecError, parse_store_spec


def test_default_is_the_duckdb_file_in_the_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGSERVICE", raising=False)
    spec = parse_store_spec(None, tmp_path)
    assert (spec.kind, spec.path) == ("duckdb", tmp_path / STORE_FILE)


def test_pgservice_names_the_default_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGSERVICE", "council")
    spec = parse_store_spec(None, tmp_path)
    assert (spec.kind, spec.conninfo) == ("postgresql", "service=council")


@pytest.mark.parametrize(
    "text",
    [
        "postgresql://council@db.example/cases",
        "postgres://council@/cases?host=/run/postgresql",
        "host=/run/postgresql dbname=cases user=council",
        "service=council",
    ],
)
def test_postgresql_connection_strings(tmp_path: Path, text: str) -> None:
    spec = parse_store_spec(text, tmp_path)
    assert (spec.kind, spec.conninfo) == ("postgresql", text)


@pytest.mark.parametrize(
    "text",
    [
        "postgresql://council:hunter2@db.example/cases",
        "postgresql://council@db.example/cases?password=hunter2",
        "host=db dbname=cases password=hunter2",
        "host=db PASSWORD = hunter2",
    ],
)
def test_a_password_on_the_command_line_is_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(StoreSpecError, match=r"pgpass") as caught:
        parse_store_spec(text, tmp_path)
    assert "hunter2" not in str(caught.value)


def test_duckdb_path_and_nonsense(tmp_path: Path) -> None:
    spec = parse_store_spec(f"duckdb:{tmp_path}/other.duckdb", tmp_path)
    assert spec.path == tmp_path / "other.duckdb"
    with pytest.raises(StoreSpecError, match="is not a store"):
        parse_store_spec("mysql-somewhere", tmp_path)
