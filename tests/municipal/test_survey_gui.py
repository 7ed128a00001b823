"""The 調査票 page of the 市町村の運用 tab, driven with qtbot on a copy of the city demo:
answering one question through the form and one in the table's combo, read back from the
SQLite file; the disagreement with the register shown on the page and in the tab's warnings."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from .conftest import DEMO_FY
from .test_gui import app_context, prompts_log, tab  # noqa: F401  (the tab on a copy of the city demo)

pytestmark = pytest.mark.usefixtures("qapp")


def _answer(path, number: str) -> tuple:
    con = sqlite3.connect(path)
    try:
        return con.execute(
            "SELECT a.status, a.note, a.confirmed FROM survey_answer a JOIN survey_question q ON q.id = a.question_id"
            " WHERE a.fy = ? AND q.number = ?",
            (DEMO_FY, number),
        ).fetchone()
    finally:
        con.close()


def test_answering_a_question_in_the_page(qtbot, tab, city_path, prompts_log):  # noqa: F811
    page = tab.show_view("survey")
    assert page is tab.survey_page
    assert "項目 34 件" in page.summary_label.text() and "未確認 1" in page.summary_label.text()
    assert [page.warnings.item(i).text() for i in range(page.warnings.count())] == ["不一致はありません。"]
    assert _answer(city_path, "4-6") == ("done", "", 1)

    # The form under the table: 4-6 (tied to the 整備済 記録媒体管理手順書) answered 未整備.
    assert page.select_number("4-6")
    assert "4-6" in page.question_label.text()
    page.answer_combo.setCurrentIndex(page.answer_combo.findText("未整備"))
    page.note_edit.setText("廃棄の記録様式を見直し中")  # (QTest types ASCII only)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert prompts_log.texts("error") == []
    assert _answer(city_path, "4-6") == ("missing", "廃棄の記録様式を見直し中", 1)
    warnings = [page.warnings.item(i).text() for i in range(page.warnings.count())]
    assert len(warnings) == 1 and "4-6" in warnings[0] and "記録媒体管理手順書" in warnings[0]
    assert any("［調査票と例規・手順書の不一致］" in text and "4-6" in text for text in tab.warning_texts())
    row = page.model.row_of(page.selected_id())
    assert page.model.lines[row].label == "未整備" and page.model.lines[row].number == "4-6"

    # The table's own combo: the 未確認 item 9-2 reviewed as 整備・運用済.
    assert page.select_number("9-2")
    index = page.model.index(page.model.row_of(page.selected_id()), 3)
    page.view.edit(index)
    editor = page.view.viewport().findChild(QComboBox)
    assert editor is not None and editor.currentText() == "該当なし"
    editor.setCurrentIndex(editor.findText("整備・運用済"))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _answer(city_path, "9-2")[0] == "done")
    assert _answer(city_path, "9-2") == ("done", "外部監査は令和8年度に受ける予定。", 1)
    assert "未確認" not in page.summary_label.text()

    page.grab().save("/tmp/survey_page.png")
