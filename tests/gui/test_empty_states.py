"""A new, empty file: the home tab starts with registering the institutions and checking
the template, the year's buttons stay disabled until there is an institution, and an empty
table says what to do."""

from __future__ import annotations

import pytest


@pytest.fixture
def empty_window(qtbot, gui_app, tmp_path):
    from jukidesk.actions.new_file import new_file
    from jukidesk.gui.context import AppContext
    from jukidesk.gui.main_window import MainWindow
    from jukidesk.storage.database import open_database

    path = tmp_path / "新しい県.sqlite"
    new_file(path, "試験県")
    win = MainWindow(AppContext(open_database(path)))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def test_a_new_files_home_tab_starts_with_registering_institutions(qtbot, empty_window, monkeypatch):
    from jukidesk.core.registry import InstitutionData, add_institution

    home = empty_window.show_tab("今年度の進捗")
    assert home.start_box.isVisible()
    assert "機関を登録してください" in home.start_label.text()
    assert "標準" in home.template_label.text() or "テンプレート" in home.template_label.text()
    assert not home.ui.rollover_button.isEnabled()
    assert home.action_buttons and not any(b.isEnabled() for b in home.action_buttons.values())
    # 機関を1件ずつ入力する opens the registry's dialog
    opened = []
    registry = empty_window.show_tab("機関台帳")
    monkeypatch.setattr(registry, "add_institution", lambda: opened.append("add"))
    empty_window.show_tab("今年度の進捗")
    home.start_add_button.click()
    assert opened == ["add"] and empty_window.current_tab_title() == "機関台帳"
    # the registry's empty table says what to do
    assert not registry.ui.table.empty_text.label.isHidden()
    assert "取り込み" in registry.ui.table.empty_text.label.text()
    # one institution: the steps are open
    context = empty_window.context
    with context.database.transaction() as session:
        add_institution(session, InstitutionData(code="101", name="試験課", kind="user", has_terminal=True, valid_from_fy=context.fiscal_year))
    context.notify_changed("registry")
    empty_window.show_tab("今年度の進捗")
    qtbot.waitUntil(lambda: not home.start_box.isVisible())
    assert home.ui.rollover_button.isEnabled()
    empty_window.show_tab("機関台帳")
    registry.reload()  # (a hidden tab reloads when it is shown; offscreen, do it here)
    assert registry.ui.table.empty_text.label.isHidden()


def test_the_empty_table_sentence_lies_over_the_viewport(qtbot, empty_window):
    """The sentence is a child of the view placed where the viewport is (from the header,
    without asking Python for the viewport), and follows it when the table is resized."""
    from PySide6.QtWidgets import QApplication

    registry = empty_window.show_tab("機関台帳")
    registry.reload()
    table = registry.ui.table
    label = table.empty_text.label
    qtbot.waitUntil(label.isVisible)
    assert label.parentWidget() is table and label.geometry() == table.viewport().geometry()
    table.resize(table.width() - 50, table.height() + 30)
    QApplication.sendPostedEvents()
    assert label.geometry() == table.viewport().geometry()
