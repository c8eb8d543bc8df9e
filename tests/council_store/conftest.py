"""The store suite runs against both engines: DuckDB in a temp folder, PostgreSQL in a
throwaway cluster (one per test session and worker, a fresh database per test)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from council_store import CaseStore, open_store
from services.throwaway_postgres import Cluster, start_cluster, stop_cluster

_numbers = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        stop_cluster(cluster)


@pytest.fixture
def pg_conninfo(pg_cluster: Cluster) -> Iterator[str]:
    """A new, empty database on the throwaway cluster, dropped after the test."""
    name = f"fc_store_{next(_numbers)}"
    with psycopg.connect(pg_cluster.conninfo(), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield pg_cluster.conninfo(name)
    with psycopg.connect(pg_cluster.conninfo(), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["duckdb", "postgresql"])
def store_spec(request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    """None (the embedded DuckDB file in the archive) or a PostgreSQL connection string."""
    if request.param == "duckdb":
        return None
    conninfo: str = request.getfixturevalue("pg_conninfo")
    return conninfo


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    return folder


@pytest.fixture
def store(store_spec: str | None, archive: Path) -> Iterator[CaseStore]:
    opened = open_store(store_spec, archive)
    try:
        yield opened
    finally:
        opened.close()
