"""Run `receive` in a child process that is killed (os._exit: no finally blocks, no clean-up)
at its Nth durable step, every fsync, rename and replace counting as one. With KILL_AT unset
it runs to the end and prints the number of steps and the exit codes as JSON.

Usage: python receive_child.py SPEC.json   (keys, archive, bundles, identity, receipt key)
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

STEPS = ("fsync", "rename", "replace")


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text())
    kill_at = int(os.environ.get("KILL_AT", "0"))
    counter = [0]
    for name in STEPS:
        original = getattr(os, name)

        def step(*args: Any, _original: Any = original, **kw: Any) -> Any:
            counter[0] += 1
            if counter[0] == kill_at:
                os._exit(137)
            return _original(*args, **kw)

        setattr(os, name, step)

    from services.receiver import CouncilSecrets, receive_many

    secrets = CouncilSecrets((spec["identity"],), bytes.fromhex(spec["receipt_sk"]))
    outcomes = receive_many(
        [Path(b) for b in spec["bundles"]],
        keys_dir=Path(spec["keys"]),
        archive_dir=Path(spec["archive"]),
        secrets=secrets,
    )
    print(json.dumps({"steps": counter[0], "codes": [o.exit_code for o in outcomes]}))


if __name__ == "__main__":
    main()
