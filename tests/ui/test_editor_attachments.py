"""Photos and documents: chosen through the dialogs seam, re-encoded in memory, in the vault."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from services.attachments import attachment_bytes
from tests.ui.editor_support import Desk, desk_fixture, new_case_id, open_editor  # noqa: F401
from ui.editor.attachment_input import AttachmentInput
from ui.editor.group_input import GroupInput


def photo_with_metadata(path: Path) -> None:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    image.setText("Description", "GPS 51.1279 1.3134 secret-location")
    assert image.save(str(path), "PNG")
    assert b"secret-location" in path.read_bytes()


def test_photo_is_reencoded_and_thumbnailed_in_memory(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    source = tmp_path / "pick" / "child.png"
    source.parent.mkdir()
    photo_with_metadata(source)
    case_id = new_case_id(desk)
    editor = open_editor(qtbot, desk, case_id)
    editor.show_section("missing_profile")
    photo = editor.inputs["photo"]
    assert isinstance(photo, AttachmentInput)
    basis = editor.pages["missing_profile"].rows["photo_lawful_basis"]
    assert not basis.isVisibleTo(editor.pages["missing_profile"])
    assert not photo.camera_button.isVisible()  # no camera on this machine: no camera button
    before = sorted(p.name for p in tmp_path.rglob("*"))

    desk.dialogs.files.append(str(source))
    photo.add_button.click()
    qtbot.waitUntil(lambda: photo.value() is not None, timeout=10_000)
    value = photo.value()
    assert value["media_type"] == "image/png" and value["file_name"] == "child.png"
    assert photo.thumb.pixmap() is not None and not photo.thumb.pixmap().isNull()
    assert basis.isVisibleTo(editor.pages["missing_profile"])  # lawful basis now asked
    data = desk.runner.run_blocking(lambda: attachment_bytes(desk.session, value["attachment_id"]))
    assert data.startswith(b"\x89PNG") and b"secret-location" not in data
    assert QImage.fromData(data).size().width() == 64
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing written to disk
    editor.flush()
    from services.cases import open_case

    answers = desk.runner.run_blocking(lambda: open_case(desk.session, case_id)).version.document[
        "answers"
    ]
    assert answers["photo"]["attachment_id"] == value["attachment_id"]


def test_documents_and_refusals(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% a letter\n%%EOF\n")
    other = tmp_path / "notes.txt"
    other.write_text("not allowed")
    editor = open_editor(qtbot, desk, new_case_id(desk))
    editor.show_section("evidence")
    group = editor.inputs["evidence_items"]
    assert isinstance(group, GroupInput)
    group.add_button.click()
    item = group.rows["evidence_items[0].evidence_file"].input
    assert (
        isinstance(item, AttachmentInput)
        and item.widget.objectName() == "evidence_items[0].evidence_file"
    )
    desk.dialogs.files.append(str(other))
    item.add_button.click()
    qtbot.waitUntil(lambda: "JPG, PNG, PDF" in item.status.text(), timeout=10_000)
    assert item.value() is None
    desk.dialogs.files.append(str(pdf))
    item.add_button.click()
    qtbot.waitUntil(lambda: item.value() is not None, timeout=10_000)
    value = item.value()
    assert value["media_type"] == "application/pdf" and value["size"] == pdf.stat().st_size
    stored = desk.runner.run_blocking(
        lambda: attachment_bytes(desk.session, value["attachment_id"])
    )
    assert stored == pdf.read_bytes()  # documents are stored as they are
    assert editor.answers()["evidence_items"][0]["evidence_file"] == value
