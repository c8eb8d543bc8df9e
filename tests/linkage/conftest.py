"""The linkage tests use the store suite's engines: DuckDB in a temp folder and PostgreSQL in a
throwaway cluster on a Unix socket (tests/council_store/conftest.py)."""

from tests.council_store.conftest import archive, pg_cluster, pg_conninfo, store, store_spec

__all__ = ["archive", "pg_cluster", "pg_conninfo", "store", "store_spec"]
