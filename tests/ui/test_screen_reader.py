"""The app as a screen reader reads it: AT-SPI under Xvfb, on a private D-Bus session.

tests/ui/atspi_probe.py drives the real app from first run to the export dialog; a separate
system-Python process (tests/ui/atspi_reader.py, pyatspi, as Orca uses) reads the accessibility
tree of each main screen and listens to every accessibility event meanwhile. Qt's own view of
each screen (the text a sighted worker sees, and where) is matched to the AT-SPI nodes by
position on screen. Debian's at-spi2-core and python3-pyatspi come from `./run test`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO_ROOT

SYSTEM_PYTHON = "/usr/bin/python3"
SCREENS = ("first_run", "unlock", "case_list", "editor", "export")


def _atspi_ready() -> bool:
    if not all(shutil.which(tool) for tool in ("dbus-run-session", "xvfb-run")):
        return False
    if not Path("/usr/libexec/at-spi-bus-launcher").exists():
        return False
    found = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True)
    return found.returncode == 0


pytestmark = pytest.mark.skipif(
    not _atspi_ready(), reason="needs at-spi2-core and python3-pyatspi (./run test installs them)"
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("atspi") / "report.json"
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1")
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    # Without XDG_RUNTIME_DIR, at-spi-bus-launcher puts the accessibility bus at one fixed path
    # (~/.cache/at-spi/bus) shared by every session of the user: a second launcher (another
    # test process, a desktop session) takes it over and this run's reader cannot register.
    runtime = tmp_path_factory.mktemp("xdg-runtime")
    runtime.chmod(0o700)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    done = subprocess.run(
        [
            "dbus-run-session",
            "--",
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1366x768x24",
            sys.executable,
            "-m",
            "tests.ui.atspi_probe",
            str(out),
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    loaded: dict[str, Any] = json.loads(out.read_text("utf-8"))
    return loaded


def normalise(text: str) -> str:
    """What is spoken: no mnemonic ampersands, bidi isolates, ellipses or extra spaces."""
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    text = re.sub("[\u2066-\u2069\u200e\u200f]", "", text).replace("…", "")
    return " ".join(text.split()).casefold().rstrip(":")


def nodes(tree: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield tree
    for child in tree["children"]:
        yield from nodes(child)


def at(screen: dict[str, Any], rect: list[int]) -> list[dict[str, Any]]:
    """The nodes whose top-left corner is the widget's (Qt's accessible rectangle of a check
    box or radio button is narrower than the widget: only its text and indicator)."""
    return [n for n in nodes(screen["tree"]) if n["extents"] and n["extents"][:2] == rect[:2]]


def spoken_names(node: dict[str, Any]) -> list[str]:
    """What Orca reads for a node: its name, and for a drop-down (named by its value on
    Linux, as Qt does there) the label it is labelled by."""
    names = [node["name"]]
    if node["role"] == "combo box":
        names += node["relations"].get("labelled-by", [])
    return [normalise(name) for name in names]


def facts(screen: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [fact for fact in screen["qt"] if fact["kind"] == kind]


@pytest.mark.parametrize("name", SCREENS)
def test_every_control_is_named_and_names_contain_the_visible_label(
    report: dict[str, Any], name: str
) -> None:
    screen = report["screens"][name]
    unnamed, mismatched = [], []
    for fact in facts(screen, "focusable"):
        found = [n for n in at(screen, fact["rect"]) if "focusable" in n["states"]]
        if not found or not any(n["name"].strip() for n in found):
            unnamed.append(f"{fact['class']} {fact['object']!r}")
    for kind in ("button", "labelled", "label"):
        for fact in facts(screen, kind):
            visible = normalise(fact["visible"])
            names = [name for n in at(screen, fact["rect"]) for name in spoken_names(n)]
            if visible and not any(visible in spoken for spoken in names):
                mismatched.append(f"{kind} {fact['object']!r}: shows {visible!r}, reads {names}")
    ampersands = [n["name"] for n in nodes(screen["tree"]) if re.search(r"&\w", n["name"])]
    assert not unnamed, f"{name}: controls without a name: {unnamed}"
    assert not ampersands, f"{name}: a mnemonic '&' is read out: {ampersands}"
    assert not mismatched, f"{name}: the name does not contain the visible text: {mismatched}"


@pytest.mark.parametrize("name", SCREENS)
def test_headings_are_exposed_as_headings(report: dict[str, Any], name: str) -> None:
    screen = report["screens"][name]
    headings = facts(screen, "heading")
    # A dialog's title is read when it opens; every screen of the main window has a heading.
    assert headings or name == "export", f"{name} has no heading"
    for fact in headings:
        roles = {n["role"]: n["name"] for n in at(screen, fact["rect"])}
        assert roles.get("heading") == fact["visible"], (fact, roles)


def test_status_messages_are_announced(report: dict[str, Any]) -> None:
    announced = [
        e["any_data"] for e in report["events"] if e["type"].startswith("object:announcement")
    ]
    assert report["unlock_error"] in announced
    assert report["saved_text"] in announced
    # The status labels read what they say, not a fixed name.
    for name in SCREENS:
        screen = report["screens"][name]
        for fact in facts(screen, "status"):
            if not fact["visible"]:
                continue
            names = [n["name"] for n in at(screen, fact["rect"])]
            assert fact["visible"] in names, (name, fact, names)


def test_checklist_items_expose_their_checked_state(report: dict[str, Any]) -> None:
    tree = report["screens"]["editor"]["tree"]
    lists = [n for n in nodes(tree) if n["role"] == "list" and n["name"] == "Action checklist"]
    assert lists, "the editor shows no action checklist"
    items = [n for n in nodes(lists[0]) if n["role"] == "list item"]
    assert items
    for item in items:
        assert "checkable" in item["states"], item
        done = normalise(item["name"]).startswith("done")
        assert ("checked" in item["states"]) == done, item


def test_passphrase_fields_expose_no_characters(report: dict[str, Any]) -> None:
    for name in ("first_run", "unlock"):
        screen = report["screens"][name]
        fields = facts(screen, "passphrase")
        assert fields, name
        for fact in fields:
            found = at(screen, fact["rect"])
            assert any(n["role"] == "password text" and n["text"] is None for n in found), found


def test_no_passphrase_character_reaches_a_screen_reader(report: dict[str, Any]) -> None:
    """Every typed key of two passphrases went through the fields while a client listened."""
    events = report["events"]
    assert any(e["role"] == "password text" for e in events), "the listener heard nothing"
    # Not one text event from a passphrase field: Qt's own carry the typed characters.
    texts = [e for e in events if e["role"] == "password text" and "text-changed" in e["type"]]
    assert not texts, texts[:3]
    everything = " ".join(
        [e["any_data"] + " " + e["name"] for e in events]
        + [
            f"{n['name']} {n['description']} {n['text'] or ''}"
            for screen in report["screens"].values()
            for n in nodes(screen["tree"])
        ]
    )
    for passphrase in report["passphrases"]:
        for word in passphrase.split():
            assert word not in everything


def test_the_immediate_danger_warning_is_read_with_its_question(report: dict[str, Any]) -> None:
    """The warning under the question is the description of its drop-down (WCAG 1.3.1)."""
    tree = report["screens"]["editor_session"]["tree"]
    boxes = [n for n in nodes(tree) if n["role"] == "combo box"]
    assert any("call 999 first" in n["description"] for n in boxes), boxes
