"""Receive bundles into the archive and the store in a child process that dies (os._exit: no
finally blocks, no clean close of the database) the moment the store is about to record them,
as a kill or a power cut between the archive commit and the store write would.

Usage: python kill_child.py SPEC.json   (keys, archive, store, bundles, identity, receipt key)
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text())
    from council_store import CaseStore
    from services.council_cases import store_recorder
    from services.receiver import CouncilSecrets, receive_many

    def die(*_args: Any, **_kw: Any) -> None:
        os._exit(137)

    CaseStore.put_revisions = die  # type: ignore[method-assign]
    secrets = CouncilSecrets((spec["identity"],), bytes.fromhex(spec["receipt_sk"]))
    with store_recorder(Path(spec["archive"]), spec["store"]) as recorder:
        receive_many(
            [Path(b) for b in spec["bundles"]],
            keys_dir=Path(spec["keys"]),
            archive_dir=Path(spec["archive"]),
            secrets=secrets,
            index=recorder,
        )
    print("not killed")


if __name__ == "__main__":
    main()
