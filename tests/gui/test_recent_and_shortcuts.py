"""ファイル → 最近使ったファイル, the keyboard reach of every menu action, 表示 (tabs and
years), F1, and the last fiscal year remembered per file."""

from __future__ import annotations

import re
import shutil

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from jukidesk.gui.context import AppContext
from jukidesk.gui.main_window import MainWindow, window_settings
from jukidesk.gui.recent import MAX_RECENT, RecentFiles
from jukidesk.gui.tabs import TABS
from jukidesk.storage.database import open_database

MNEMONIC = re.compile(r"&([^&\s])")


def _all_actions(menu: QMenu, path=()):
    for action in menu.actions():
        if action.isSeparator():
            continue
        yield (*path, action.text()), action, menu
        if action.menu() is not None:
            yield from _all_actions(action.menu(), (*path, action.text()))


def _menu_bar_actions(window):
    for top in window.menuBar().actions():
        yield (top.text(),), top, None
        yield from _all_actions(top.menu(), (top.text(),))


def test_every_menu_entry_has_a_shortcut_or_a_mnemonic(window):
    window.recent_menu.rebuild()
    seen = 0
    for path, action, _menu in _menu_bar_actions(window):
        if not action.isEnabled() and not MNEMONIC.search(action.text()):
            continue  # a greyed placeholder such as （まだありません）
        seen += 1
        assert action.shortcut() != QKeySequence() or MNEMONIC.search(action.text()), " → ".join(path)
    assert seen >= 15


def test_mnemonics_are_unique_within_each_menu(window):
    menus = [window.menuBar()] + [a.menu() for _p, a, _m in _menu_bar_actions(window) if a.menu() is not None]
    for menu in menus:
        letters = [m.group(1).upper() for a in menu.actions() if (m := MNEMONIC.search(a.text()))]
        assert len(letters) == len(set(letters)), (menu.title(), letters)


def test_main_shortcuts(window):
    ui = window.ui
    expected = {
        ui.action_new: "Ctrl+N",
        ui.action_open: "Ctrl+O",
        ui.action_quit: "Ctrl+Q",
        ui.action_manual: "F1",
        ui.action_previous_year: "Alt+Left",
        ui.action_next_year: "Alt+Right",
    }
    for action, keys in expected.items():
        assert action.shortcut() == QKeySequence(keys), action.text()
    shortcuts = [a.shortcut().toString() for _p, a, _m in _menu_bar_actions(window) if not a.shortcut().isEmpty()]
    assert len(shortcuts) == len(set(shortcuts))  # no key does two things


def test_tabs_by_keyboard(qtbot, window):
    assert [a.text() for a in window.tab_actions] == [f"{spec.title}(&{i % 10})" for i, spec in enumerate(TABS, 1)]
    assert window.tab_actions[1].shortcut() == QKeySequence("Ctrl+2")
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab_title() == TABS[2].title
    window.tab_actions[0].trigger()
    assert window.current_tab_title() == TABS[0].title


def test_previous_and_next_year(qtbot, window):
    context = window.context
    assert context.fiscal_year == 2013
    window.ui.action_next_year.trigger()
    assert context.fiscal_year == 2014 and window.year_combo.fiscal_year() == 2014
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert context.fiscal_year == 2012
    first = window.year_combo.itemData(0)
    window.year_combo.setCurrentIndex(0)
    window.ui.action_previous_year.trigger()  # nothing before the first year
    assert context.fiscal_year == first


def test_f1_opens_the_manual(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.manual_dialog
    qtbot.waitExposed(dialog)
    assert dialog.ui.browser.source().fileName() == "index.html"
    assert "機関台帳" in dialog.ui.browser.toPlainText()
    assert not dialog.isModal()  # the user can keep working beside it
    dialog.close()


# -- recent files -------------------------------------------------------------------------
def test_the_open_file_is_listed_and_reopened(qtbot, window, demo_path, demo_template, tmp_path, prompts_log):
    recent = RecentFiles(window_settings())
    assert recent.paths() == [demo_path]
    other = tmp_path / "other & more.sqlite"
    shutil.copy(demo_template, other)
    operation = window.open_path(other)
    qtbot.waitUntil(lambda: operation.done, timeout=10000)
    assert recent.paths() == [other, demo_path]  # newest first
    menu = window.recent_menu
    menu.aboutToShow.emit()
    texts = [a.text() for a in menu.file_actions()]
    assert texts[0].startswith("&1 other && more.sqlite") and texts[1].startswith("&2 demo.sqlite")
    old_context = window.context
    menu.file_actions()[1].trigger()
    qtbot.waitUntil(lambda: window.context is not old_context, timeout=10000)
    assert window.context.path == demo_path
    assert recent.paths() == [demo_path, other]


def test_missing_files_are_greyed_and_can_be_removed(qtbot, window, demo_path, tmp_path, prompts_log):
    recent = RecentFiles(window_settings())
    gone = tmp_path / "消えた.sqlite"
    gone.write_bytes(b"")
    recent.add(gone)
    gone.unlink()
    menu = window.recent_menu
    menu.aboutToShow.emit()
    actions = {a.data(): a for a in menu.file_actions()}
    assert not actions[str(gone)].isEnabled() and "見つかりません" in actions[str(gone)].text()
    assert actions[str(demo_path)].isEnabled()
    menu.findChild(type(actions[str(gone)]), "action_recent_prune").trigger()
    assert recent.paths() == [demo_path]
    # a file removed after the menu was built: a message, and it leaves the list
    vanished = tmp_path / "あとで消えた.sqlite"
    vanished.write_bytes(b"")
    recent.add(vanished)
    menu.rebuild()
    vanished.unlink()
    menu.open_recent(vanished)
    assert prompts_log.kinds() == ["warn"] and str(vanished) in prompts_log.texts()[0]
    assert vanished not in recent.paths()
    menu.clear_list()
    assert recent.paths() == [] and not menu.findChild(type(actions[str(gone)]), "action_recent_clear").isEnabled()


def test_at_most_eight_files_and_no_demo(gui_app, tmp_path):
    recent = RecentFiles(window_settings())
    for n in range(MAX_RECENT + 3):
        recent.add(tmp_path / f"f{n}.sqlite")
    assert len(recent.paths()) == MAX_RECENT == 8
    assert recent.paths()[0] == tmp_path / f"f{MAX_RECENT + 2}.sqlite"
    recent.add(tmp_path / "f5.sqlite")  # again: moves to the top, no duplicate
    assert recent.paths()[0] == tmp_path / "f5.sqlite" and len(set(recent.paths())) == MAX_RECENT


def test_demo_copies_are_not_listed(qtbot, gui_app):
    from jukidesk.gui.context import context_from
    from jukidesk.gui.opening import open_demo

    win = MainWindow(context_from(open_demo()))
    qtbot.addWidget(win)
    assert RecentFiles(window_settings()).paths() == []
    win.close()


def test_the_last_year_is_remembered_per_file(qtbot, context, demo_path, demo_template, tmp_path):
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.context.set_fiscal_year(2010)
    win.close()
    again = MainWindow(AppContext(open_database(demo_path)))
    qtbot.addWidget(again)
    assert again.context.fiscal_year == 2010 and again.year_combo.fiscal_year() == 2010
    again.close()
    other = tmp_path / "other.sqlite"  # another file keeps its own default year
    shutil.copy(demo_template, other)
    third = MainWindow(AppContext(open_database(other)))
    qtbot.addWidget(third)
    assert third.context.fiscal_year == 2014  # the demo's 基準日 year
    third.close()
