"""Fixtures for the storage tests: fresh raw keys and real SQLCipher vaults in temp folders."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from storage.cases import CaseVersion
from storage.vault import Vault

NewCase = Callable[..., CaseVersion]


@pytest.fixture
def key() -> bytearray:
    return bytearray(secrets.token_bytes(32))


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vault.db"


@pytest.fixture
def vault(vault_path: Path, key: bytearray) -> Iterator[Vault]:
    v = Vault.create(vault_path, key, vault_id="test-vault-1")
    yield v
    v.close()


@pytest.fixture
def new_case(vault: Vault) -> NewCase:
    """Create a case whose document and search terms carry the given names."""

    def make(case_id: str, *names: str, **extra: Any) -> CaseVersion:
        document = {"person": {"names": list(names)}, **extra}
        return vault.cases.create(
            case_id,
            f"REF-{case_id}",
            document,
            worker_id="worker-a",
            summary={"names": list(names)},
            search_terms=list(names),
        )

    return make
