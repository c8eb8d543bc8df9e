from council_store import CaseStore
def test_smoke(store: CaseStore) -> None:
    assert store.schema_version() == 1
    print(store.kind, store.connection_spec())
