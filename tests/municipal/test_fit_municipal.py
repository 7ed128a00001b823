"""The 市町村の運用 tab's record dialogs open inside a 1366×728 screen (see
tests/gui/test_fit.py for the prefecture's windows)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSettings, Qt

from jukidesk.gui import widgets
from tests.gui.helpers import shown
from tests.gui.test_fit import SCREEN, check

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def tab(qtbot, city_path, monkeypatch, tmp_path_factory):
    from jukidesk.gui import prompts
    from jukidesk.gui.context import AppContext
    from jukidesk.gui.municipal_tab import MunicipalTab
    from jukidesk.storage.database import open_database

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path_factory.mktemp("qs")))
    monkeypatch.setattr(widgets, "available_rect", lambda _widget: QRect(SCREEN))

    def refuse(_parent, text, **_kwargs):
        raise AssertionError(text)

    for name in ("info", "warn", "error"):
        monkeypatch.setattr(prompts, name, refuse)
    context = AppContext(open_database(city_path))
    widget = MunicipalTab(context)
    shown(qtbot, widget, 1280, 700)
    yield widget
    widget.close()
    context.close()


def test_every_record_dialog_fits_a_1366x728_screen(qtbot, tab):
    dialogs = {}
    for view in tab.pages:
        tab.show_view(view)  # a view's lists load when it is shown
    for key, panel in tab.panels.items():
        if panel.kind is None or not panel.editable:
            continue
        tab.show_view(next(v for v, page in tab.pages.items() if page.isAncestorOf(panel)))
        if panel.kind.parent_attr:
            assert panel.parent_panel.rows(), key
            panel.parent_panel.view.selectRow(0)
        dialog = panel.add()
        assert dialog is not None, key
        dialogs[f"RecordDialog {key}"] = dialog
        if panel.rows():
            panel.view.selectRow(0)
            dialogs[f"RecordDialog {key} (edit)"] = panel.edit()
    dialogs["InspectionDialog"] = tab.open_inspection()
    dialogs["InspectionItemsDialog"] = tab.edit_items()
    # every field of a record dialog has its own Alt key
    from PySide6.QtWidgets import QLabel

    from tests.gui.test_alt_keys import clashes, mnemonic, shown_mnemonics

    for name, dialog in dialogs.items():
        if name.startswith("RecordDialog"):
            dialog.show()
            labels = [w for w in dialog.findChildren(QLabel) if w.buddy() is not None]
            assert labels and all(mnemonic(w.text()) for w in labels), name
            assert clashes(shown_mnemonics(dialog)) == {}, name
    check(qtbot, dialogs)


def test_the_meetings_agenda_shows_eight_rows_in_a_1366x728_window(qtbot, city_path, tmp_path_factory):
    """The whole window at the size of a municipal PC's free screen: the agenda list keeps
    room for eight rows, long columns get the width, and the window still fits."""
    from jukidesk.gui.context import AppContext
    from jukidesk.gui.main_window import MainWindow
    from jukidesk.storage.database import open_database

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path_factory.mktemp("qs2")))
    win = MainWindow(AppContext(open_database(city_path)))
    shown(qtbot, win, 1366 - 16, 728 - 40)
    tab = win.show_tab("市町村の運用")
    tab.show_view("meetings")
    agenda = tab.panels["agenda"]
    qtbot.waitUntil(lambda: agenda.view.viewport().height() > 0)
    assert win.height() <= 728 - 40
    row_height = agenda.view.verticalHeader().defaultSectionSize()
    assert agenda.view.viewport().height() >= 8 * row_height
    # the meeting name (long) is wider than the place column, both wider than a date
    header = tab.panels["meeting"].view.horizontalHeader()
    names = [tab.panels["meeting"].view.model().headerData(c, Qt.Orientation.Horizontal) for c in range(header.count())]
    name, date = header.sectionSize(names.index("会議名")), header.sectionSize(names.index("開催日"))
    assert name > 2 * date
    win.close()


def test_alt_keys_are_unique_on_every_view_of_the_tab(qtbot, tab):
    """The walk of tests/gui/test_alt_keys.py over the 市町村の運用 views, the new ones
    included (調査票, 審議会の開催要否, 内部監査報告書): each view as shown, with the tab's
    own list and buttons, has no Alt key twice."""
    from tests.gui.test_alt_keys import clashes, shown_mnemonics

    assert {"survey", "council", "internal_audit"} <= set(tab.pages)
    problems = {}
    for view in tab.pages:
        tab.show_view(view)
        qtbot.waitUntil(tab.pages[view].isVisible)
        found = shown_mnemonics(tab)
        bad = clashes(found)
        if bad:
            problems[view] = bad
    assert problems == {}
    # the survey's answer form has its keys (回答・備考 reach their fields by Alt)
    tab.show_view("survey")
    assert {"T", "M"} <= set(shown_mnemonics(tab))


def test_alt_keys_are_unique_in_the_city_window_on_every_view(qtbot, city_path, tmp_path_factory):
    """The same over the whole window of a city file (its menu bar and tab bar included)."""
    from jukidesk.gui.context import AppContext
    from jukidesk.gui.main_window import MainWindow
    from jukidesk.storage.database import open_database
    from tests.gui.test_alt_keys import clashes, shown_mnemonics

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path_factory.mktemp("qs3")))
    win = MainWindow(AppContext(open_database(city_path)))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    tab = win.show_tab("市町村の運用")
    problems = {}
    for view in tab.pages:
        tab.show_view(view)
        qtbot.waitUntil(tab.pages[view].isVisible)
        bad = clashes(shown_mnemonics(win))
        if bad:
            problems[view] = bad
    assert problems == {}
    win.close()


def test_a_view_shown_later_fills_its_lists_width(qtbot, tab):
    """A page built hidden and shown later (審議会の開催要否): the list's columns fill its
    width once showing it is processed (the long 送付した資料 column takes what is left)."""
    tab.resize(1340, 640)
    tab.show_view("council")
    decisions = tab.panels["council_decision"].view
    header = decisions.horizontalHeader()
    qtbot.waitUntil(lambda: sum(header.sectionSize(c) for c in range(header.count())) >= decisions.viewport().width())
