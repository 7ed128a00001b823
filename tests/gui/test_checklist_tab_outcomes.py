"""The チェックリスト tab tells the other tabs what its actions changed: each answer is saved
at once but announced once, when the tab is left (not on every key); complete/reopen are
announced at once. The tab itself does not reload for its own answers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from jukidesk.gui import operations


@pytest.fixture
def tab(window, context):
    context.set_fiscal_year(2014)
    widget = window.show_tab("チェックリスト")
    operations.set_synchronous(True)
    yield widget
    operations.set_synchronous(False)


@pytest.fixture
def heard(context) -> list[str]:
    areas: list[str] = []
    context.data_changed.connect(areas.append)
    return areas


def test_answers_are_announced_once_when_the_tab_is_left(qtbot, window, tab, heard, monkeypatch):
    reloads = []
    monkeypatch.setattr(tab, "reload", lambda: reloads.append(1))
    tab.ui.table.setFocus()
    for score in ("3", "2", "1"):
        qtbot.keyClicks(tab.ui.table, score)
        qtbot.keyClick(tab.ui.table, Qt.Key.Key_Return)
    assert tab.sheet.checklist_id is not None and tab.sheet.answered == 1  # 2 and 1 still need remarks
    assert heard == [] and tab.unannounced == {"checklist"}
    window.show_tab("機関台帳")
    assert heard == ["checklist"] and reloads == []  # the tab already shows its answers
    assert tab.unannounced == set()
    window.show_tab("チェックリスト")
    window.show_tab("機関台帳")
    assert heard == ["checklist"]  # nothing new: nothing told


def test_completing_is_announced_at_once_with_the_answers_before_it(qtbot, tab, heard, monkeypatch):
    from jukidesk.gui import prompts

    tab.ui.table.setFocus()
    for _ in range(tab.sheet.total):
        qtbot.keyClicks(tab.ui.table, "3")
        qtbot.keyClick(tab.ui.table, Qt.Key.Key_Return)
    assert heard == [] and tab.ui.complete_button.isEnabled()
    qtbot.mouseClick(tab.ui.complete_button, Qt.MouseButton.LeftButton)
    assert heard == ["checklist"] and tab.unannounced == set()
    assert "完了済み" in tab.ui.status_label.text()  # the tab reloaded for completion
    monkeypatch.setattr(prompts, "ask_text", lambda *args, **kwargs: "訂正")
    qtbot.mouseClick(tab.ui.reopen_button, Qt.MouseButton.LeftButton)
    assert heard == ["checklist", "checklist"] and "完了済み" not in tab.ui.status_label.text()
