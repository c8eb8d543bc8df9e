"""Input-method hints for fields that hold case data: keep it out of keyboards' memories."""

from __future__ import annotations

from PySide6.QtCore import Qt

# For visible fields with names, notes and reasons. Passphrase fields get these (and hidden
# text) from their Password echo mode, see ui/passphrase_fields.py.
SENSITIVE_HINTS = Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
