"""Helpers for GUI tests (fixtures are in conftest.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget


def sql_dump(path: Path) -> str:
    """Every row of the file, for 'nothing changed' assertions."""
    con = sqlite3.connect(path)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


def stored_institutions(path: Path, fy: int | None = None) -> list[tuple]:
    """(code, name, valid_from_fy, valid_until_fy) in registry order, read through a new
    connection of the core (not the window's), so what the GUI committed is what is checked."""
    from jukidesk.core.registry import list_institutions
    from jukidesk.storage.database import open_database

    db = open_database(path)
    try:
        with db.session() as session:
            return [
                (i.code, i.name, i.valid_from_fy, i.valid_until_fy) for i in list_institutions(session, fy)
            ]
    finally:
        db.close()


def click_ok(qtbot, buttons: QDialogButtonBox) -> None:
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type ``text`` into a widget as a Japanese user does: ASCII as key presses, anything
    else as the input method's commit (QTest cannot press keys for kana and kanji)."""
    widget.setFocus()
    for ascii_run, chunk in _runs(text):
        if ascii_run:
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def _runs(text: str):
    run, is_ascii = "", None
    for ch in text:
        kind = ch.isascii()
        if is_ascii is not None and kind != is_ascii:
            yield is_ascii, run
            run = ""
        run += ch
        is_ascii = kind
    if run:
        yield is_ascii, run


def retype(qtbot, widget: QWidget, text: str) -> None:
    """Replace a line edit's text the way a user does: select all, delete, type."""
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    assert widget.text() == ""
    type_text(qtbot, widget, text)


def choose(combo, data) -> None:
    """Pick the combo entry whose item data is ``data`` (as a user would from the list)."""
    index = combo.findData(data)
    assert index >= 0, f"{data!r} not offered"
    combo.setCurrentIndex(index)


def shown(qtbot, widget, width: int = 1280, height: int = 800):
    """``widget`` as the user sees it: owned by qtbot (closed after the test), at
    ``width``×``height``, shown and exposed."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
