"""The Qt-free half of `--self-test`: every resource the app ships loads from where it runs.

A frozen build that left out a data file (a form definition, a nation, a list, the demo
people, a font or the font coverage table) fails here, by name, instead of in a worker's day.
The screens are opened by ui/self_test.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from forms.controlled_lists import list_ids, load_list
from forms.definition import available_versions, load_form
from forms.nations import nations
from reports.fonts import font_names, register
from services.demo_people import demo_people, fixture_people
from services.font_files import bundled_font_files

FORM_ID = "uk-first-contact"
# At least this many fonts ship (the document chain in reports/font_faces.py); fewer means
# the folder lost some.
MIN_FONT_FILES = 20


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


def _forms() -> str:
    versions = available_versions(FORM_ID)
    if not versions:
        raise RuntimeError(f"no definition of {FORM_ID} found")
    for version in versions:
        load_form(FORM_ID, version)
    return f"{FORM_ID} versions {versions}"


def _nations() -> str:
    found = [n.id for n in nations()]
    if not found:
        raise RuntimeError("no nation configuration found")
    return ", ".join(found)


def _lists() -> str:
    ids = sorted(list_ids())
    if not ids:
        raise RuntimeError("no controlled list found")
    entries = sum(len(load_list(list_id).entries) for list_id in ids)
    return f"{len(ids)} lists, {entries} entries"


def _demo_people() -> str:
    fixtures = fixture_people()
    generated = list(demo_people(len(fixtures) + 3))
    return f"{len(fixtures)} fixture people, name pools for generated ones ({len(generated)})"


def _document_fonts() -> str:
    names = font_names()
    for name in names:
        register(name)  # also reads coverage.json for the face
    return f"{len(names)} document fonts registered"


def _font_files() -> str:
    files = bundled_font_files()
    if len(files) < MIN_FONT_FILES:
        raise RuntimeError(f"only {len(files)} font files found (expected {MIN_FONT_FILES}+)")
    for path in files:
        with Path(path).open("rb") as f:
            if f.read(4) not in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
                raise RuntimeError(f"{path.name} is not a font file")
    return f"{len(files)} font files"


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("form definitions", _forms),
    ("nation configuration", _nations),
    ("controlled lists", _lists),
    ("demo people", _demo_people),
    ("font files", _font_files),
    ("document fonts and coverage", _document_fonts),
)


def check_resources() -> list[CheckResult]:
    """Load every shipped resource; one result per kind, failures carry the reason."""
    results = []
    for name, check in CHECKS:
        try:
            results.append(CheckResult(name, True, check()))
        except Exception as exc:  # noqa: BLE001 - a self-test reports every failure, by kind
            results.append(CheckResult(name, False, f"{type(exc).__name__}: {exc}"))
    return results
