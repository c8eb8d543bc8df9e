"""Start-up stays lean: the first screen is built without the signed-in or set-up machinery.

Each check runs in a fresh interpreter (this test process has imported everything already) and
reports which modules were loaded once the window shows its first screen. Import lists, not
times: a regression shows as a named module, whatever the machine's speed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from services.clock import FakeClock
from services.kdf_policy import enrolment_kdf
from services.paths import AppPaths
from services.training import provision_training
from tests.ui.conftest import PASSPHRASE

REPO_ROOT = Path(__file__).resolve().parents[2]

# The real entry point up to its first screen, then the window's screen and the loaded modules.
PROBE = """
import json, sys
from pathlib import Path
import PySide6.QtCore
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import ui.application as application
from services.paths import AppPaths
from ui.task_runner import TaskRunner

app = QApplication(sys.argv[:1])
application.register_fonts()
runner = TaskRunner()
window = application.build_window(AppPaths(Path(sys.argv[1])), training=False, runner=runner)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
screen = window.current_screen()
modules = sorted(sys.modules)
# PySide builds its Qt namespace (every Qt.* enum, ~40 ms) on the first touch of QtCore.Qt.
qt_namespace = "Qt" in vars(PySide6.QtCore)
window.close()
runner.shutdown()
print(json.dumps({"screen": screen, "modules": modules, "qt_namespace": qt_namespace}))
"""

# Loaded only after an unlock: the signed-in screens and what they use.
SIGNED_IN = (
    "ui.home_screen",
    "ui.case_list",
    "ui.admin.admin_screen",
    "ui.editor.case_editor",
    "ui.print_preview",
    "ui.batch_print",
    "ui.operation",
    "ui.export_dialog",
    "services.cases",
    "services.documents",
    "services.export",
    "services.retention",
    "reports.documents",
    "reportlab",
)
# The vault and the assessment definitions: opened by an unlock (or by set-up).
VAULT = ("forms.definition", "storage.vault", "sqlcipher3")
SET_UP_ONLY = ("ui.first_run", "services.provisioning", "services.training", "crypto.trust")
# Reading keystore.json for the worker list needs neither: they load when the passphrase is
# checked, on the worker thread.
KEY_LIBRARIES = ("cryptography", "argon2")
# Nor the unlock code, the key slots or the keystore's strict parser and atomic writer: the
# worker list comes from services.worker_choices' quick read (crypto.keystore_format).
UNLOCK_CODE = (
    "services.session",
    "services.keystore_file",
    "crypto.keyslots",
    "crypto.keystore",
    "crypto.kdf",
    "crypto.recovery",
    "crypto.atomic_file",
    "hmac",
    "secrets",
    "uuid",
)


def _probe(data_dir: Path) -> tuple[str, set[str], bool]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(data_dir)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return str(result["screen"]), set(result["modules"]), bool(result["qt_namespace"])


def test_unlock_screen_starts_without_the_signed_in_screens(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "fc")
    provision_training(
        paths,
        worker_name="Sam",
        passphrase=PASSPHRASE,
        nation="england",
        clock=FakeClock(),
        kdf=enrolment_kdf(),
    )
    screen, modules, qt_namespace = _probe(paths.data_dir)
    assert screen == "unlock_screen"
    assert "ui.unlock_screen" in modules and "services.worker_choices" in modules
    loaded = [
        m for m in (*SIGNED_IN, *VAULT, *SET_UP_ONLY, *KEY_LIBRARIES, *UNLOCK_CODE) if m in modules
    ]
    assert loaded == []
    # Nothing on the way to the unlock screen names a Qt.* enum (see ui/plain_text.py).
    assert not qt_namespace


def test_first_run_screen_starts_without_the_signed_in_screens(tmp_path: Path) -> None:
    screen, modules, _qt_namespace = _probe(tmp_path / "empty")
    assert screen == "first_run_screen"
    assert "ui.first_run" in modules
    assert [m for m in SIGNED_IN if m in modules] == []
