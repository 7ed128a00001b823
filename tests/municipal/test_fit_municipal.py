"""The 市町村の運用 tab's record dialogs open inside a 1366×728 screen (see
tests/gui/test_fit.py for the prefecture's windows)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSettings

from jukidesk.gui import widgets
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
    qtbot.addWidget(widget)
    widget.resize(1280, 700)
    widget.show()
    qtbot.waitExposed(widget)
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
    check(qtbot, dialogs)
