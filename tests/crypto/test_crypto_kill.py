"""SIGKILL during repeated keystore saves: the file is always exactly one complete version."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from crypto_fixtures import Enrolled

from crypto.keyslots import with_failure
from crypto.keystore import keystore_bytes, load_keystore, save_keystore

CHILD = """
import sys
from pathlib import Path
from crypto.keystore import parse_keystore, save_keystore
target = Path(sys.argv[1])
versions = [parse_keystore(Path(p).read_bytes()) for p in sys.argv[2:]]
save_keystore(target, versions[0])
print("ready", flush=True)
n = 0
while True:
    n += 1
    save_keystore(target, versions[n % 2])
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX-only")
def test_sigkill_mid_save_leaves_old_or_new(enrolled: Enrolled, tmp_path: Path) -> None:
    first = enrolled.keystore
    second = first.replace_slot(with_failure(enrolled.slot, at=1.0))
    sources = []
    for name, keystore in (("a.json", first), ("b.json", second)):
        sources.append(tmp_path / name)
        sources[-1].write_bytes(keystore_bytes(keystore))
    vault = tmp_path / "vault"
    vault.mkdir()
    target = vault / "keystore.json"
    kills = 3 * max(1, int(os.environ.get("FC_TEST_BUDGET", "1")))
    for _ in range(kills):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(target), *map(str, sources)],
            stdout=subprocess.PIPE,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n"
        time.sleep(random.uniform(0.0, 0.05))  # a random kill point, not a wait for a result
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        assert load_keystore(target) in (first, second)
    # The next successful save clears temp files that killed writers left behind.
    save_keystore(target, first)
    assert [p.name for p in vault.iterdir()] == ["keystore.json"]
