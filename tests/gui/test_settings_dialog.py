"""組織の設定: the form generated from core.settings.SPECS."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QSpinBox

from jukidesk.core import settings as core_settings
from jukidesk.core.settings import SettingSpec, load_settings
from jukidesk.gui.settings_dialog import SettingsDialog
from jukidesk.storage.database import open_database

from .helpers import click_ok, retype, sql_dump


def stored_settings(path):
    db = open_database(path)
    try:
        with db.session() as session:
            return load_settings(session)
    finally:
        db.close()


def open_dialog(qtbot, window) -> SettingsDialog:
    window.ui.action_org_settings.trigger()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_every_spec_has_an_editor_of_its_type(qtbot, window):
    dialog = open_dialog(qtbot, window)
    groups = [dialog.ui.groups.tabText(i) for i in range(dialog.ui.groups.count())]
    assert groups[:4] == ["組織", "報告書", "通知", "年度"]
    assert set(dialog.editors) == {spec.key for spec in core_settings.SPECS}
    for spec in core_settings.SPECS:
        editor = dialog.editors[spec.key]
        expected = {bool: QCheckBox, int: QSpinBox}.get(spec.type, QPlainTextEdit if spec.multiline else (QLineEdit, QPlainTextEdit))
        assert isinstance(editor, expected), spec.key
    assert dialog.editors["org_name"].text() == "長野県"
    assert dialog.editors["cycle_first_fy"].value() == 2008
    dialog.reject()


def test_changed_org_name_is_saved(qtbot, window, demo_path):
    dialog = open_dialog(qtbot, window)
    retype(qtbot, dialog.editors["org_name"], "長野県（テスト）")
    with qtbot.waitSignal(window.context.data_changed) as changed:
        click_ok(qtbot, dialog.ui.buttons)
    assert changed.args == ["settings"]
    stored = stored_settings(demo_path)
    assert stored["org_name"] == "長野県（テスト）"
    # untouched values keep their stored form exactly (a line break in a one-line setting survives)
    assert stored["internal_auditor_label"] == "市町村課\n情報ｼｽﾃﾑ推進室"
    assert window.context.settings["org_name"] == "長野県（テスト）"


def test_unchanged_dialog_writes_nothing(qtbot, window, demo_path):
    before = sql_dump(demo_path)
    dialog = open_dialog(qtbot, window)
    click_ok(qtbot, dialog.ui.buttons)
    assert sql_dump(demo_path) == before


def test_invalid_value_is_refused_in_the_dialog(qtbot, window, demo_path):
    before = sql_dump(demo_path)
    dialog = open_dialog(qtbot, window)
    retype(qtbot, dialog.editors["org_name"], "別の名前")
    dialog.editors["cycle_length"].setValue(0)
    click_ok(qtbot, dialog.ui.buttons)
    assert dialog.isVisible()
    assert "「１巡の年数」は1以上にしてください" in dialog.ui.error_label.text()
    assert dialog.ui.groups.tabText(dialog.ui.groups.currentIndex()) == "年度"
    assert dialog.focusWidget() is dialog.editors["cycle_length"]
    assert sql_dump(demo_path) == before, "nothing saved, not even the valid change"


def test_cycle_start_change_reaches_the_year_picker(qtbot, window):
    dialog = open_dialog(qtbot, window)
    dialog.editors["cycle_first_fy"].setValue(2005)
    click_ok(qtbot, dialog.ui.buttons)
    assert window.year_combo.itemText(0) == "平成17年度（2005年度）"
    assert window.year_combo.currentData() == 2013


def test_a_setting_added_to_specs_appears_without_code_changes(qtbot, window, demo_path, monkeypatch):
    extra = SettingSpec("test_new_setting", "新しい設定（テスト）", "既定値", group="追加グループ")
    monkeypatch.setattr(core_settings, "SPECS", core_settings.SPECS + (extra,))
    monkeypatch.setitem(core_settings.SPEC_BY_KEY, extra.key, extra)
    dialog = open_dialog(qtbot, window)
    groups = [dialog.ui.groups.tabText(i) for i in range(dialog.ui.groups.count())]
    assert groups[-1] == "追加グループ"
    editor = dialog.editors["test_new_setting"]
    assert editor.text() == "既定値"
    retype(qtbot, editor, "入力した値")
    click_ok(qtbot, dialog.ui.buttons)
    assert stored_settings(demo_path)["test_new_setting"] == "入力した値"


def test_bool_setting_toggles(qtbot, window, demo_path):
    dialog = open_dialog(qtbot, window)
    box = dialog.editors["reiwa_for_fy2019"]
    assert box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    click_ok(qtbot, dialog.ui.buttons)
    assert stored_settings(demo_path)["reiwa_for_fy2019"] is False
    assert window.year_combo.itemText(window.year_combo.findData(2019)) == "平成31年度（2019年度）"


def test_each_tab_explains_itself_and_formats_show_an_example(qtbot, context):
    from jukidesk.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    groups = dialog.ui.groups
    texts = set()
    for index in range(groups.count()):
        groups.setCurrentIndex(index)
        texts.add(dialog.ui.intro_label.text())
    assert len(texts) == groups.count() and "" not in texts  # one explanation per tab
    due = dialog.editors["self_check_due"]
    due.setText("06-30")
    assert dialog.examples["self_check_due"].text() == "例: 6月30日"
    number = dialog.editors["notice_number_format"]
    number.setText("{year}市第{number}号")
    assert dialog.examples["notice_number_format"].text() == "例: 令和8年市第12号"
    dialog.grab().save("/tmp/settings_dialog.png")
