"""The main window: tabs, lazy tab loading, the year picker, menus, remembered state."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from PySide6.QtWidgets import QLabel

from jukidesk.base.fiscal import fiscal_year_of
from jukidesk.gui.context import AppContext
from jukidesk.gui.main_window import MainWindow, window_settings
from jukidesk.gui.placeholder import PLACEHOLDER_TEXT
from jukidesk.gui.tabs import TabSpec


def test_window_has_the_four_tabs(window):
    assert window.tab_titles()[:5] == ["今年度の進捗", "機関台帳", "チェックリスト", "監査カレンダー", "グラフ"]
    assert window.current_tab_title() == "今年度の進捗"
    assert window.windowTitle() == "demo.sqlite — jukidesk"


def test_placeholder_tabs_say_they_are_not_ready(window):
    from jukidesk.gui.tabs import TABS

    for spec in TABS:
        if spec.module == "jukidesk.gui.placeholder":
            widget = window.show_tab(spec.title)
            assert widget.findChild(QLabel, "placeholder_label").text() == PLACEHOLDER_TEXT


def test_tabs_are_built_on_first_activation_only(qtbot, context, tmp_path, monkeypatch):
    module = tmp_path / "fake_heavy_tab.py"
    module.write_text(
        "from PySide6.QtWidgets import QWidget\n"
        "class HeavyTab(QWidget):\n"
        "    def __init__(self, context, parent=None):\n"
        "        super().__init__(parent)\n"
        "        self.context = context\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    tabs = [TabSpec("機関台帳", "jukidesk.gui.registry_tab", "RegistryTab"), TabSpec("重い画面", "fake_heavy_tab", "HeavyTab"),
            TabSpec("壊れた画面", "no_such_module_xyz", "Nothing")]
    win = MainWindow(context, tabs=tabs)
    qtbot.addWidget(win)
    win.show()
    assert "fake_heavy_tab" not in sys.modules
    assert win.tab_widget("重い画面") is None
    heavy = win.show_tab("重い画面")
    assert "fake_heavy_tab" in sys.modules and heavy.context is context
    # a tab that fails shows its error in its page; the window keeps working
    broken = win.show_tab("壊れた画面")
    assert "開けませんでした" in broken.text()
    win.show_tab("機関台帳")
    sys.modules.pop("fake_heavy_tab", None)
    win.close()


def test_year_picker_labels_and_default(window):
    combo = window.year_combo
    assert combo.currentText() == "平成25年度（2013年度）"
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert texts[0] == "平成20年度（2008年度）"  # cycle_first_fy of the demo
    assert "令和元年度（2019年度）" in texts
    # today's fiscal year + 3: the PC's, as the demo's 基準日 (FY2014) is older
    assert combo.itemData(combo.count() - 1) == max(window.context.today_fy, fiscal_year_of(dt.date.today())) + 3


def test_picking_a_year_tells_the_tabs(qtbot, window):
    with qtbot.waitSignal(window.context.year_changed) as signal:
        window.year_combo.setCurrentIndex(window.year_combo.findData(2019))
    assert signal.args == [2019]
    assert window.context.fiscal_year == 2019


def test_heisei31_setting_relabels_the_picker(qtbot, window):
    from jukidesk.core.settings import save_settings
    from jukidesk.gui.context import SETTINGS

    with window.context.database.transaction() as session:
        save_settings(session, {"reiwa_for_fy2019": False})
    window.context.notify_changed(SETTINGS)
    combo = window.year_combo
    assert combo.itemText(combo.findData(2019)) == "平成31年度（2019年度）"
    assert combo.currentData() == 2013  # the selection survives the relabelling


def test_default_year_is_today_when_the_data_reaches_it(gui_app, empty_db):
    context = AppContext(empty_db, today_fy=2026)
    assert context.fiscal_year == 2026  # no checklists at all: today's fiscal year
    assert context.fiscal_years() == list(range(2008, 2030))


def test_window_remembers_geometry_and_last_tab(qtbot, context, demo_path):
    from jukidesk.storage.database import open_database

    win = MainWindow(context)
    qtbot.addWidget(win)
    win.resize(700, 500)  # fits the offscreen screen (800×600): restoreGeometry clamps to it
    win.show()
    win.show_tab("監査カレンダー")
    win.close()
    settings = window_settings()
    assert settings.value("window/last_tab") == "監査カレンダー"
    again = MainWindow(AppContext(open_database(demo_path)))
    qtbot.addWidget(again)
    assert again.current_tab_title() == "監査カレンダー"
    assert (again.size().width(), again.size().height()) == (700, 500)
    again.close()


def test_settings_never_touch_the_real_user_folder(_temporary_qsettings):
    assert Path(window_settings().fileName()).is_relative_to(_temporary_qsettings)


def test_open_another_file(qtbot, window, demo_template, tmp_path, prompts_log):
    import shutil

    other = tmp_path / "other.sqlite"
    shutil.copy(demo_template, other)
    old_context = window.context
    prompts_log.answers.append(str(other))
    window.ui.action_open.trigger()
    qtbot.waitUntil(lambda: window.context is not old_context, timeout=10000)
    assert window.context.path == other
    assert window.windowTitle() == "other.sqlite — jukidesk"
    assert window.current_tab_title() == "今年度の進捗"
    assert len(window.show_tab("機関台帳").visible_names()) == 19


def test_open_a_bad_file_keeps_the_current_one(qtbot, window, tmp_path, prompts_log):
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a database" * 100)
    old_context = window.context
    operation = window.open_path(bad)
    qtbot.waitUntil(lambda: operation.done, timeout=10000)
    assert window.context is old_context
    assert prompts_log.kinds() == ["error"] and str(bad) in prompts_log.texts()[0]


def test_new_file_creates_an_empty_registry(qtbot, window, tmp_path, prompts_log):
    target = tmp_path / "新しい台帳"
    prompts_log.answers.append(str(target))
    window.ui.action_new.trigger()
    qtbot.waitUntil(lambda: window.context.path.name == "新しい台帳.sqlite", timeout=10000)
    assert window.show_tab("機関台帳").visible_names() == []
    # refusing to replace an existing file
    prompts_log.answers.append(str(window.context.path))
    window.ui.action_new.trigger()
    assert prompts_log.kinds()[-1] == "error" and "既にあります" in prompts_log.texts()[-1]


def test_about_dialog_names_version_file_schema_and_fonts(window):
    from jukidesk import __version__
    from jukidesk.storage.database import head_revision

    dialog = window.show_about_dialog()
    text = dialog.ui.details.toPlainText()
    assert __version__ in text and str(window.context.path) in text and head_revision() in text
    assert "IPA Font License" in text and "SIL Open Font License" in text
    dialog.close()


def test_demo_window_title(qtbot, gui_app):
    from jukidesk.gui.context import context_from
    from jukidesk.gui.opening import open_demo

    win = MainWindow(context_from(open_demo()))
    qtbot.addWidget(win)
    assert win.windowTitle().startswith("デモデータ")
    win.close()
