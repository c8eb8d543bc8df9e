"""Taking a photo with a camera through QtMultimedia; frames stay in memory as QImages."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui.accessibility import name_control
from ui.screen_fit import fitted


class CameraDialog(QDialog):
    """A live view with Take photo and Cancel; emits `captured` with the frame."""

    captured = Signal(QImage)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("camera_dialog")
        self.setWindowTitle("Take a photo")
        self.camera = QCamera(self)
        self.capture = QImageCapture(self)
        self.session = QMediaCaptureSession(self)
        self.view = QVideoWidget(self)
        self.view.setAccessibleName("Camera view")
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.capture)
        self.session.setVideoOutput(self.view)
        take = QPushButton("Take photo")
        take.setObjectName("camera_take")
        name_control(take, "Take photo", "Take the photo")
        cancel = QPushButton("Cancel")
        cancel.setObjectName("camera_cancel")
        cancel.setAccessibleName("Cancel without a photo")
        take.clicked.connect(self.capture.capture)
        cancel.clicked.connect(self.reject)
        # imageCaptured hands over a QImage; nothing is saved to a file (no captureToFile).
        self.capture.imageCaptured.connect(self._taken)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(take)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(fitted(self, 640, 520))
        self.camera.start()
        self.finished.connect(lambda _r: self.camera.stop())

    def _taken(self, _request: int, image: QImage) -> None:
        self.captured.emit(image.copy())
        self.accept()
