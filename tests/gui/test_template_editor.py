"""テンプレートの編集 in the window: add, move, save as a new version from FY2015 (the demo has
answers up to FY2013), read back from the SQLite file; an edit of a version without answers
edits it in place; duplicate numbers are refused naming the item."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox


def _rows(path, sql, *args):
    with sqlite3.connect(path) as con:
        return con.execute(sql, args).fetchall()


def _open_editor(window, checklist_tab):
    checklist_tab.edit_template_action.trigger()
    dialog = checklist_tab.template_editor
    assert dialog.isVisible()
    return dialog


def test_template_editor_new_version_then_edit_in_place(qtbot, window, checklist_tab, demo_path, prompts_log, artifacts):
    dialog = _open_editor(window, checklist_tab)
    model = dialog.model
    assert model.rowCount() == 10 and sum(model.rowCount(model.category_index(r)) for r in range(10)) == 50
    # the rule is shown before saving: the demo's only version has answers up to FY2013
    assert dialog.year_spin.value() == 2014
    dialog.year_spin.setValue(2015)
    assert "変更はありません" in dialog.rule_label.text()

    # add an item after 1-1 (the first item of the first category), type it by keyboard
    dialog.tree.setCurrentIndex(model.item_index(0, 0))
    first_category = model.categories[0]
    before = len(first_category.items)
    new = dialog.add_item()
    assert new.row() == 1 and model.item_at(new).number == f"1-{before + 1}"
    # (QTest types ASCII only: Japanese text arrives as an input method would insert it)
    assert dialog.text_edit.hasFocus() or dialog.focusWidget() is dialog.text_edit
    dialog.text_edit.insertPlainText("USBメモリの持ち出しを記録しているか")
    dialog.guidance_edit.insertPlainText("持ち出し簿を確認する")
    dialog.important_check.setChecked(True)
    dialog.kind_checks["external"].setChecked(False)
    assert model.index(1, 1, model.category_index(0)).data() == "USBメモリの持ち出しを記録しているか"
    assert model.index(1, 3, model.category_index(0)).data() == "自己点検、内部監査、フォローアップ"
    assert "第1版には回答があるため" in dialog.rule_label.text() and "第2版を作って" in dialog.rule_label.text()
    assert "平成27年度から使います" in dialog.rule_label.text() and "追加 1" in dialog.rule_label.text()

    # a duplicate number is refused with a message naming the item
    qtbot.keyClicks(dialog.number_edit, "x")
    dialog.number_edit.clear()
    qtbot.keyClicks(dialog.number_edit, "1-1")
    assert "保存できません" in dialog.rule_label.text() and "1-1" in dialog.rule_label.text()
    assert "USBメモリの持ち出し" in dialog.rule_label.text()
    assert not dialog.diff_button.isEnabled()
    assert dialog.save() is None and "項目番号が重複しています" in prompts_log.texts("error")[-1]

    # move it up to the top of its category, then renumber (1-1 is the new item)
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    assert dialog.current().row() == 0
    qtbot.mouseClick(dialog.renumber_button, Qt.MouseButton.LeftButton)
    assert model.item_at(model.item_index(0, 0)).text == "USBメモリの持ち出しを記録しているか"
    assert [i.number for i in model.categories[0].items][:3] == ["1-1", "1-2", "1-3"]
    assert "保存できません" not in dialog.rule_label.text()

    # the diff against the current version (template_diff_dialog)
    diff_dialog = dialog.show_diff()
    assert diff_dialog.isVisible() and not diff_dialog.old_combo.isVisible()
    assert "追加 1" in diff_dialog.summary_label.text()
    assert diff_dialog.table.item(0, 0).text() == "追加"
    diff_dialog.close()
    dialog.grab().save(str(artifacts / "gui_template_editor.png"))

    dialog.save_button.click()  # the default button saves
    assert "第2版を作って" in prompts_log.texts("confirm")[-1]
    assert not dialog.isVisible() and dialog.saved.action == "new_version"
    rows = _rows(demo_path, "SELECT id, version, valid_from_fy FROM checklist_template ORDER BY version")
    assert [(v, fy) for _, v, fy in rows] == [(1, 2008), (2, 2015)]
    new_id = rows[1][0]
    items = _rows(
        demo_path,
        "SELECT number, text, guidance, important, kinds FROM template_item WHERE template_id = ? ORDER BY position",
        new_id,
    )
    assert len(items) == 51
    assert items[0] == ("1-1", "USBメモリの持ち出しを記録しているか", "持ち出し簿を確認する", 1, "self,internal,followup")
    assert _rows(demo_path, "SELECT count(*) FROM template_item WHERE template_id = 1") == [(50,)]

    # version 2 has no answers: the next edit changes it in place
    dialog = _open_editor(window, checklist_tab)
    assert dialog.year_spin.value() == 2015
    model = dialog.model
    last_category = model.rowCount() - 1
    dialog.tree.setCurrentIndex(model.category_index(last_category))
    dialog.remove_button.click()  # the category and its items, after a confirmation
    assert "の 5 項目を削除します" in prompts_log.texts("confirm")[-1]
    assert prompts_log.last_options("confirm").get("destructive") is True  # Enter cancels
    assert model.rowCount() == 9
    assert "第2版にはまだ回答がないため、この版をそのまま書き換えます" in dialog.rule_label.text()
    buttons = dialog.button_box
    assert buttons.buttonRole(dialog.save_button) == QDialogButtonBox.ButtonRole.AcceptRole
    dialog.save_button.click()
    assert dialog.saved.action == "edited" and dialog.saved.version == 2
    rows = _rows(demo_path, "SELECT id, version, valid_from_fy FROM checklist_template ORDER BY version")
    assert [(v, fy) for _, v, fy in rows] == [(1, 2008), (2, 2015)] and rows[1][0] == new_id
    assert _rows(demo_path, "SELECT count(*) FROM template_category WHERE template_id = ?", new_id) == [(9,)]
    assert len(prompts_log.texts("error")) == 1  # only the refused duplicate


def test_template_editor_from_the_settings_menu(qtbot, window, prompts_log):
    window.template_editor_action.trigger()
    dialog = window.template_editor
    assert dialog.isVisible() and dialog.model.rowCount() == 10
    dialog.tree.setCurrentIndex(dialog.model.item_index(1, 0))
    dialog.move_row(-1)  # the first item of a category moves to the end of the previous one
    assert dialog.current().parent().row() == 0
    assert dialog.current().row() == dialog.model.rowCount(dialog.model.category_index(0)) - 1
    assert "移動 1" in dialog.rule_label.text()
    dialog.grab().save("/tmp/sweep_template_editor.png")
    prompts_log.answers.append(False)  # 閉じる with an unsaved change asks first; No keeps the dialog
    dialog.reject()
    assert dialog.isVisible() and "保存していない変更があります" in prompts_log.texts("confirm")[-1]
    assert prompts_log.last_options("confirm").get("destructive") is True
    # the tree says what to do once it is empty (each category removed after its confirmation)
    assert not dialog.tree.empty_text.label.isVisible()
    while dialog.model.rowCount():
        dialog.tree.setCurrentIndex(dialog.model.category_index(0))
        dialog.remove()
    assert dialog.tree.empty_text.label.isVisible() and "区分を追加" in dialog.tree.empty_text.label.text()
    dialog.reject()  # confirm() answers True
    assert not dialog.isVisible()
