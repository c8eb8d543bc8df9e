"""Run `receive` in a child process that is killed (os._exit: no finally blocks, no clean-up)
at its Nth step. Every fsync, syncfs, rename, replace and write counts as one step, labelled
with the phase it falls in (read: decrypt and stage; commit; receipt; ledger). With KILL_AT
unset it runs to the end and prints the step labels and the exit codes as JSON.

Usage: python receive_child.py SPEC.json   (keys, archive, bundles, identity, receipt key)
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

STEPS = ("fsync", "rename", "replace", "write")


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text())
    kill_at = int(os.environ.get("KILL_AT", "0"))
    labels: list[str] = []
    phase = ["read"]

    def counted(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def step(*args: Any, **kw: Any) -> Any:
            labels.append(f"{phase[0]}:{name}")
            if len(labels) == kill_at:
                os._exit(137)
            return original(*args, **kw)

        return step

    for name in STEPS:
        setattr(os, name, counted(name, getattr(os, name)))

    import bundles.durability as durability
    import bundles.receiver as receiver
    from services.receiver import CouncilSecrets, receive_many

    if durability._SYNCFS is not None:
        durability._SYNCFS = counted("syncfs", durability._SYNCFS)

    def in_phase(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kw: Any) -> Any:
            phase[0] = name
            try:
                return original(*args, **kw)
            finally:
                phase[0] = "read"

        return run

    receiver.commit_to_archive = in_phase("commit", receiver.commit_to_archive)
    receiver.write_receipt = in_phase("receipt", receiver.write_receipt)
    real_receive = receiver.receive_bundle

    def receive_bundle(*args: Any, ledger: Any, **kw: Any) -> Any:
        ledger.record = in_phase("ledger", ledger.record)
        return real_receive(*args, ledger=ledger, **kw)

    import services.receiver as service

    service.receive_bundle = receive_bundle  # type: ignore[assignment]
    secrets = CouncilSecrets((spec["identity"],), bytes.fromhex(spec["receipt_sk"]))
    outcomes = receive_many(
        [Path(b) for b in spec["bundles"]],
        keys_dir=Path(spec["keys"]),
        archive_dir=Path(spec["archive"]),
        secrets=secrets,
    )
    print(json.dumps({"steps": labels, "codes": [o.exit_code for o in outcomes]}))


if __name__ == "__main__":
    main()
