"""Read an application's accessibility tree over AT-SPI, as Orca does, and print it as JSON.

Run by the SYSTEM Python (Debian's python3-pyatspi lives there, not in the .venv):

    /usr/bin/python3 tests/ui/atspi_reader.py tree PID      one JSON line: the window tree
    /usr/bin/python3 tests/ui/atspi_reader.py listen PID    prints "ready", then one JSON line per
                                                           event until stdin closes

This file imports nothing from the project: it is the screen reader's side of the test.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

import pyatspi  # type: ignore[import-not-found]
from gi.repository import GLib  # type: ignore[import-not-found]

MAX_NODES = 4000
MAX_TEXT = 2000
MAX_CHILDREN = 60


def find_app(pid: int) -> Any:
    desktop = pyatspi.Registry.getDesktop(0)
    for index in range(desktop.childCount):
        app = desktop.getChildAtIndex(index)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except GLib.Error:
            continue
    return None


def text_of(node: Any) -> str | None:
    try:
        text = node.queryText()
    except NotImplementedError:
        return None
    count = min(text.characterCount, MAX_TEXT)
    return str(text.getText(0, count))


def relations_of(node: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for relation in node.getRelationSet():
        kind = str(relation.getRelationType().value_nick)
        targets = [str(relation.getTarget(i).name or "") for i in range(relation.getNTargets())]
        found.setdefault(kind, []).extend(targets)
    return found


def extents_of(node: Any) -> list[int] | None:
    try:
        box = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    except NotImplementedError:
        return None
    return [box.x, box.y, box.width, box.height]


def describe(node: Any, budget: list[int], depth: int = 0) -> dict[str, Any]:
    budget[0] -= 1

    started = time.monotonic()
    states = node.getState()
    entry: dict[str, Any] = {
        "role": node.getRoleName(),
        "name": node.name or "",
        "description": node.description or "",
        "states": sorted(pyatspi.stateToString(state) for state in states.getStates()),
        "text": text_of(node),
        "extents": extents_of(node),
        "relations": relations_of(node),
        "attributes": dict(
            item.split(":", 1) for item in (node.getAttributes() or []) if ":" in item
        ),
        "children": [],
    }
    if os.environ.get("FC_ATSPI_DEBUG"):
        print(
            f"{time.monotonic() - started:.3f} {entry['role']} {entry['name'][:40]}",
            file=sys.stderr,
            flush=True,
        )
    # What is on screen only: a hidden page, or the hundreds of languages in a closed drop-down,
    # are not read (each property is a round trip to the app).
    descend = "showing" in entry["states"] and entry["role"] != "combo box" and depth < 60
    if descend:
        for index in range(min(node.childCount, MAX_CHILDREN)):
            if budget[0] <= 0:
                break
            child = node.getChildAtIndex(index)
            if child is not None:
                entry["children"].append(describe(child, budget, depth + 1))
    return entry


def dump_tree(pid: int) -> int:
    app = None
    for _ in range(100):
        app = find_app(pid)
        if app is not None and app.childCount > 0:
            break
        GLib.usleep(100_000)
    if app is None:
        print(json.dumps({"error": f"no application with pid {pid} on the accessibility bus"}))
        return 1
    print(json.dumps(describe(app, [MAX_NODES])))
    return 0


def listen(pid: int) -> int:
    kinds = [
        "object:text-changed",
        "object:property-change:accessible-name",
        "object:property-change:accessible-description",
        "object:state-changed",
        "object:announcement",
        "object:text-caret-moved",
        "focus:",
    ]

    def on_event(event: Any) -> None:
        source = event.source
        try:
            if source.get_process_id() != pid:
                return
            name, role = source.name or "", source.getRoleName()
        except Exception:  # noqa: BLE001 - the widget may be gone by now
            name, role = "", ""
        line = {
            "type": str(event.type),
            "detail1": event.detail1,
            "detail2": event.detail2,
            "any_data": str(event.any_data) if event.any_data is not None else "",
            "name": name,
            "role": role,
        }
        try:
            print(json.dumps(line), flush=True)
        except BrokenPipeError:  # the app side has finished: nothing more to report
            pyatspi.Registry.stop()

    def on_stdin(_source: Any, _condition: Any) -> bool:
        pyatspi.Registry.stop()
        return False

    for kind in kinds:
        pyatspi.Registry.registerEventListener(on_event, kind)
    GLib.io_add_watch(sys.stdin.fileno(), GLib.IO_HUP | GLib.IO_IN, on_stdin)
    GLib.idle_add(lambda: print("ready", flush=True) and False)
    pyatspi.Registry.start()
    return 0


def main(argv: list[str]) -> int:
    mode, pid = argv[0], int(argv[1])
    return dump_tree(pid) if mode == "tree" else listen(pid)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
