"""`demo --nation`: a training vault and its cases in each of the four nations, routed by it."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.clock import FakeClock
from services.paths import AppPaths
from services.session import find_worker_id, unlock
from tests.cli.test_cli_setup import WORKER_PASS, run_cli


@pytest.mark.parametrize("nation", ["england", "wales", "scotland", "northern_ireland"])
def test_demo_makes_cases_in_the_chosen_nation(tmp_path: Path, nation: str) -> None:
    data_dir = tmp_path / "demo"
    result = run_cli(
        "demo",
        "--data-dir",
        str(data_dir),
        "--nation",
        nation,
        "--cases",
        "5",
        "--finalised",
        "0",
        "--passphrase-stdin",
        stdin=f"{WORKER_PASS}\n{WORKER_PASS}\n",
    )
    assert result.returncode == 0, result.stderr
    assert f"({nation})" in result.stdout
    paths = AppPaths(data_dir)
    session = unlock(paths, find_worker_id(paths, "Demo Worker"), WORKER_PASS, clock=FakeClock())
    try:
        summaries = session.vault.cases.list_summaries()
    finally:
        session.lock()
    assert len(summaries) == 5 and {s.summary["nation"] for s in summaries} == {nation}
    routes = {r for s in summaries for r in s.summary["routes"]}
    # The fixture person p05 declines the NRM: the Duty to Notify exists in England and Wales.
    assert ("duty_to_notify" in routes) == (nation in ("england", "wales"))


def test_demo_without_a_nation_and_without_a_vault_asks_for_one(tmp_path: Path) -> None:
    result = run_cli(
        "demo", "--data-dir", str(tmp_path / "d"), "--passphrase-stdin", stdin=f"{WORKER_PASS}\n"
    )
    assert result.returncode != 0
    assert "--nation" in result.stderr
    assert not (tmp_path / "d" / "vault.db").exists()
