"""Photo and attachment answers: add from a file (or a camera), stored only in the vault.

Images are decoded and re-encoded in memory (which drops EXIF, GPS and other metadata) before
they are stored; the thumbnail exists only as a pixmap in this process, never as a file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QImageReader, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from forms.model import Field
from forms.validation import MAX_ATTACHMENT_BYTES
from services.attachments import attachment_bytes, store_attachment
from services.clock import Clock
from services.errors import InvalidInput
from services.session import Session
from ui.dialogs import Dialogs
from ui.editor.field_input import FieldInput
from ui.operation import Op
from ui.plain_text import neutralise_bidi, plain_label
from ui.task_runner import TaskRunner

THUMBNAIL_PX = 160
_DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
IMAGE_FILTER = "Images (*.jpg *.jpeg *.png *.bmp *.gif *.webp)"
FILE_FILTER = f"Photos and documents (*.jpg *.jpeg *.png *.pdf *.doc *.docx);;{IMAGE_FILTER}"


@dataclass(frozen=True)
class AttachmentContext:
    """What an attachment input needs to reach the vault (always through the runner)."""

    session: Session
    case_id: str
    runner: TaskRunner
    clock: Clock
    dialogs: Dialogs


def encode_image(image: QImage, *, keep_png: bool) -> tuple[bytes, str]:
    """The image's pixels only, as PNG (screenshots, documents) or JPEG (photographs)."""
    if image.isNull():
        raise InvalidInput("This file is not an image that can be read.")
    # Paint the pixels onto a fresh image: QImage keeps text chunks and other metadata it read,
    # and would write them out again; a new image carries nothing but what was drawn.
    alpha = keep_png and image.hasAlphaChannel()
    clean = QImage(
        image.size(), QImage.Format.Format_ARGB32 if alpha else QImage.Format.Format_RGB32
    )
    clean.fill(Qt.GlobalColor.transparent if alpha else Qt.GlobalColor.white)
    painter = QPainter(clean)
    painter.drawImage(0, 0, image)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    fmt, media_type = ("PNG", "image/png") if keep_png else ("JPEG", "image/jpeg")
    # The stubs say bytes for the format; PySide6 6.12 accepts only str at run time.
    if not clean.save(buffer, fmt, -1 if keep_png else 90):  # type: ignore[call-overload]
        raise InvalidInput("The image could not be converted.")
    buffer.close()
    return bytes(data.data()), media_type


def prepare_file(path: Path, *, photo_only: bool) -> tuple[bytes, str]:
    """Read a chosen file (on the worker thread) into the bytes to store and their type."""
    suffix = path.suffix.lower()
    if path.stat().st_size > MAX_ATTACHMENT_BYTES:
        raise InvalidInput("Files must be under 25 MB.")
    raw = path.read_bytes()
    if suffix in _DOCUMENT_TYPES and not photo_only:
        return raw, _DOCUMENT_TYPES[suffix]
    image = _read_image(raw)
    if image.isNull():
        raise InvalidInput(
            "Choose a photo (JPG or PNG)." if photo_only else "Choose a JPG, PNG, PDF, DOC or DOCX."
        )
    return encode_image(image, keep_png=suffix == ".png")


def _read_image(raw: bytes) -> QImage:
    """Decode from memory, turning the picture the way its EXIF orientation says (the
    orientation tag itself is dropped with the rest of the metadata)."""
    source = QByteArray(raw)
    buffer = QBuffer(source)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    image = reader.read()
    buffer.close()
    return image


def thumbnail(data: bytes) -> QImage:
    image = QImage.fromData(data)
    if image.isNull():
        return image
    return image.scaled(
        THUMBNAIL_PX,
        THUMBNAIL_PX,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def camera_available() -> bool:
    """Whether QtMultimedia sees a camera; False when the module or a camera is missing."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        return False
    return bool(QMediaDevices.videoInputs())


class AttachmentInput(FieldInput):
    """One stored file: Add from file, Take photo (when a camera is present), Remove."""

    def __init__(self, field: Field, object_name: str, context: AttachmentContext) -> None:
        box = QWidget()
        super().__init__(field, box, object_name)
        # Children are made with `box` as parent: one shown before it had a parent would
        # flash up as a window of its own and take the focus.
        self._context = context
        self._read_only = False
        self._value: dict[str, Any] | None = None
        self._photo_only = field.type == "photo"
        self.add_button = QPushButton("Add from file…", box)
        self.add_button.setObjectName(f"{object_name}.add")
        self.add_button.setAccessibleName(f"{field.label}: add from file")
        self.camera_button = QPushButton("Take photo…", box)
        self.camera_button.setObjectName(f"{object_name}.camera")
        self.camera_button.setAccessibleName(f"{field.label}: take a photo with the camera")
        self.camera_button.setVisible(self._photo_only and camera_available())
        self.remove_button = QPushButton("Remove", box)
        self.remove_button.setObjectName(f"{object_name}.remove")
        self.remove_button.setAccessibleName(f"{field.label}: remove")
        self.file_label = plain_label("No file yet.", box)
        self.file_label.setObjectName(f"{object_name}.file")
        self.thumb = QLabel(box)
        self.thumb.setObjectName(f"{object_name}.thumbnail")
        self.thumb.setAccessibleName(f"{field.label}: thumbnail")
        self.status = plain_label("", box)
        self.status.setObjectName(f"{object_name}.status")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.camera_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.file_label)
        layout.addWidget(self.thumb)
        layout.addWidget(self.status)
        self.add_button.clicked.connect(self.add_from_file)
        self.camera_button.clicked.connect(self.take_photo)
        self.remove_button.clicked.connect(self.remove)
        self._sync()

    def focus_widget(self) -> QWidget:
        return self.add_button

    # -- the answer
    def value(self) -> Any:
        return dict(self._value) if self._value else None

    def _show(self, value: Any) -> None:
        self._value = dict(value) if isinstance(value, dict) else None
        self.thumb.clear()
        self._sync()
        if self._value and str(self._value.get("media_type", "")).startswith("image/"):
            self._load_thumbnail(str(self._value.get("attachment_id", "")))

    # -- actions
    def add_from_file(self) -> None:
        title = f"{self.field.label}: choose a file"
        chosen = self._context.dialogs.choose_open_file(
            self.widget, title, IMAGE_FILTER if self._photo_only else FILE_FILTER
        )
        if not chosen:
            return
        path = Path(chosen)
        ctx, photo_only = self._context, self._photo_only

        def work() -> tuple[dict[str, Any], QImage]:
            data, media_type = prepare_file(path, photo_only=photo_only)
            value = store_attachment(
                ctx.session,
                ctx.case_id,
                data,
                media_type=media_type,
                file_name=path.name,
                clock=ctx.clock,
                description=self.field.label,
            )
            return value, thumbnail(data) if media_type.startswith("image/") else QImage()

        self._busy("Adding the file to the vault…")
        self._run(work)

    def store_image(self, image: QImage, file_name: str) -> None:
        """Store a captured frame (from the camera) as a JPEG, in memory all the way."""
        ctx = self._context

        def work() -> tuple[dict[str, Any], QImage]:
            data, media_type = encode_image(image, keep_png=False)
            value = store_attachment(
                ctx.session,
                ctx.case_id,
                data,
                media_type=media_type,
                file_name=file_name,
                clock=ctx.clock,
                description=self.field.label,
            )
            return value, thumbnail(data)

        self._busy("Adding the photo to the vault…")
        self._run(work)

    def take_photo(self) -> None:
        from ui.editor.camera import CameraDialog

        dialog = CameraDialog(self.widget)
        dialog.captured.connect(lambda image: self.store_image(image, "camera.jpg"))
        dialog.open()

    def remove(self) -> None:
        # The stored bytes stay with the case's earlier versions; the answer no longer names them.
        self._value = None
        self.thumb.clear()
        self._sync()
        self._emit()

    # -- results (UI thread)
    def _run(self, work: Callable[[], tuple[dict[str, Any], QImage]]) -> None:
        # Skipped if the item was removed or moved meanwhile (the file stays in the vault).
        runner = self._context.runner
        Op(runner, self.widget, work).on_success(self._stored).on_failure(self._failed).run()

    def _stored(self, result: tuple[dict[str, Any], QImage]) -> None:
        value, image = result
        self._value = value
        self._set_thumb(image)
        self.status.setText("")
        self._sync()
        self._emit()

    def _failed(self, error: BaseException) -> None:
        self._sync()
        message = str(error) if isinstance(error, InvalidInput | OSError) else ""
        self.status.setText(message or "The file could not be added; nothing was changed.")

    def _load_thumbnail(self, attachment_id: str) -> None:
        ctx = self._context
        (
            Op(
                ctx.runner,
                self.widget,
                lambda: thumbnail(attachment_bytes(ctx.session, attachment_id)),
            )
            .on_success(self._set_thumb)
            .on_failure(lambda _e: self.status.setText("The thumbnail could not be shown."))
            .run()
        )

    def _set_thumb(self, image: QImage) -> None:
        if not image.isNull():
            self.thumb.setPixmap(QPixmap.fromImage(image))
        else:
            self.thumb.clear()

    def _busy(self, text: str) -> None:
        self.status.setText(text)
        self.add_button.setEnabled(False)

    def _sync(self) -> None:
        name = str(self._value.get("file_name", "")) if self._value else ""
        self.file_label.setText(neutralise_bidi(name) if name else "No file yet.")
        self.add_button.setEnabled(not self._read_only)
        self.remove_button.setEnabled(self._value is not None and not self._read_only)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.camera_button.setEnabled(not read_only)
        self._sync()
