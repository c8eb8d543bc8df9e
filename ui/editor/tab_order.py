"""Tab order that follows the page top to bottom, even after a group added or moved items;
the focus kept in the editor when a change hides or disables the focused widget."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget


def focus_chain(root: QWidget) -> list[QWidget]:
    """Widgets Tab should visit, in layout order (depth first through the children)."""
    chain: list[QWidget] = []

    def walk(widget: QWidget) -> None:
        for child in widget.children():
            if not isinstance(child, QWidget) or child.isWindow():
                continue
            parent = child.parentWidget()
            inner = isinstance(parent, QComboBox | QAbstractSpinBox)  # their own line edit
            takes_tab = bool(child.focusPolicy() & Qt.FocusPolicy.TabFocus)
            if takes_tab and not inner and child.focusProxy() is None:
                chain.append(child)
            if not isinstance(child, QComboBox | QAbstractSpinBox):
                walk(child)

    walk(root)
    return chain


def chain_tab_order(root: QWidget) -> None:
    """Set Tab to visit the page's inputs in the order they appear in the layout."""
    chain_widgets(focus_chain(root))


def chain_widgets(chain: list[QWidget]) -> None:
    """Tab goes from each widget to the next one in the list."""
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)


@contextmanager
def focus_kept_in(root: QWidget, fallback: QWidget) -> Iterator[None]:
    """If the window's focus was inside root before the change and left it during the change,
    put it on fallback.

    Sign-off made the case read-only while its dialog was open: the field or Finalise button
    that had the focus went read-only or hidden, Qt passed the focus on along the window's
    chain and it landed on the home bar, where the editor's keys (Ctrl+P, F6) do nothing."""
    window = root.window()
    before = window.focusWidget()
    inside = before is not None and (before is root or root.isAncestorOf(before))
    yield
    after = window.focusWidget()
    if inside and (after is None or not root.isAncestorOf(after)) and fallback.isVisible():
        fallback.setFocus(Qt.FocusReason.OtherFocusReason)
