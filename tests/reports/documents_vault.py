"""A real training vault with fictional cases, for document service and print preview tests."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from crypto.kdf import FLOOR_KDF
from forms.samples import record_for_person
from services.cases import add_attachment, create_case
from services.clock import FakeClock, iso
from services.paths import AppPaths
from services.session import Session, find_worker_id, unlock
from services.training import provision_training

PASSPHRASE = "harbour cactus pebble thistle walnut"
PEOPLE = Path(__file__).resolve().parents[1] / "data" / "people.json"


def fixture_people() -> list[dict[str, Any]]:
    with PEOPLE.open(encoding="utf-8") as f:
        return list(json.load(f)["people"])


def person(person_id: str) -> dict[str, Any]:
    return next(p for p in fixture_people() if p["id"] == person_id)


def photo_png(width: int = 120, height: int = 160) -> bytes:
    """A small fictional 'photo' (a drawn face-shaped figure) made in memory."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (200, 215, 230))
    draw = ImageDraw.Draw(image)
    draw.ellipse((30, 20, 90, 90), fill=(150, 110, 90))
    draw.rectangle((25, 95, 95, 160), fill=(40, 60, 120))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def training_session(root: Path, clock: FakeClock) -> Session:
    paths = AppPaths(root / "fc")
    provision_training(
        paths,
        worker_name="Sam Okafor",
        passphrase=PASSPHRASE,
        nation="england",
        clock=clock,
        kdf=FLOOR_KDF,
    )
    return unlock(paths, find_worker_id(paths, "Sam Okafor"), PASSPHRASE, clock=clock)


def add_person_case(
    session: Session, person_id: str, clock: FakeClock, *, photo: bytes | None = None
) -> str:
    """Store a fictional person's complete record (and photo) as a case; returns the case id."""
    record = record_for_person(
        person(person_id), case_id=f"case-{person_id}", now=iso(clock.now()), nation="england"
    )
    version = create_case(session, clock=clock, record=record)
    if photo is not None:
        add_attachment(
            session,
            version.case_id,
            photo,
            media_type="image/png",
            description="Recent photograph",
            clock=clock,
        )
    return version.case_id
