"""チェックリスト tab driven with the keyboard through the real window, then checked by
reopening the SQLite file with a fresh connection of the core."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from jukidesk.core.checklists import Entry, checklist_events, find_checklist
from jukidesk.core.scoring import format_score
from jukidesk.gui import operations, prompts
from jukidesk.gui.models.checklist_model import COL_REMARK, COL_SCORE
from jukidesk.storage.database import open_database

from .helpers import sql_dump, type_text


@pytest.fixture
def tab(checklist_tab):
    return checklist_tab


@pytest.fixture
def asked(monkeypatch):
    """Answers for the prompts this tab adds (text, folders, several files)."""
    answers: dict[str, list] = {"ask_text": [], "existing_directory": [], "open_file_names": []}

    def make(kind):
        def answer(parent, *args, **kwargs):
            return answers[kind].pop(0)

        return answer

    for kind in answers:
        monkeypatch.setattr(prompts, kind, make(kind))
    return answers


def choose_institution(tab, code: str) -> None:
    combo = tab.ui.institution_combo
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(f"{code} "))
    combo.setCurrentIndex(index)


def stored(path, fy, kind, code):
    """(status, {number: (score, not_applicable, remark)}, events) from a fresh connection."""
    from sqlalchemy import select

    from jukidesk.storage.models import Institution

    db = open_database(path)
    try:
        with db.session() as session:
            inst = session.scalars(select(Institution).where(Institution.code == code)).one()
            checklist = find_checklist(session, fy, kind, inst.id)
            if checklist is None:
                return None, {}, []
            answers = {a.item.number: (a.score, a.not_applicable, a.remark) for a in checklist.answers}
            events = [(e.action, e.note) for e in checklist_events(session, checklist.id)]
            return checklist.status, answers, events
    finally:
        db.close()


def key(qtbot, tab, name_or_text):
    table = tab.ui.table
    if isinstance(name_or_text, str):
        qtbot.keyClicks(table, name_or_text)
    else:
        qtbot.keyClick(table, name_or_text)


def test_keyboard_entry_end_to_end(qtbot, tab, demo_path, context):
    """A whole column typed without looking up: 3 / N / 0 move on by themselves, a 2 stops
    at its remark (Enter saves it and moves on)."""
    choose_institution(tab, "201")
    table = tab.ui.table
    table.setFocus()
    numbers = [row.number for row in tab.sheet.items]
    assert len(numbers) == 50 and tab.current_item().number == "1-1"
    assert tab.ui.status_label.text() == "0 / 50 入力済"
    plan = {"1-3": "2", "4-4": "N", "9-5": "0"}
    for number in numbers:
        assert tab.current_item().number == number
        key(qtbot, tab, plan.get(number, "3"))
        if number == "1-3":
            # a score under 3 opens its remark editor at once
            editor = QApplication.focusWidget()
            assert isinstance(editor, QLineEdit)
            assert tab.ui.status_label.text() == "3 / 50 入力済（備考なし 1）　平均 2.67"
            assert "備考のない3点未満の項目: 1 件" in tab.ui.incomplete_label.text()
            type_text(qtbot, editor, "名簿の更新が5月になった")
            qtbot.keyClick(editor, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: table.state() != table.State.EditingState)
            assert tab.ui.incomplete_label.text() == ""
    # 47 × 3 + 2, 該当なし left out: (47*3 + 2) / 48
    average = format_score(tab.sheet.score)
    assert average == "2.98"
    assert tab.ui.status_label.text() == f"50 / 50 入力済　平均 {average}"
    # every keystroke was saved at once: a second connection sees it before 完了
    status, answers, _ = stored(demo_path, 2014, "self", "201")
    assert status == "open" and len(answers) == 50
    assert answers["1-3"] == (2, False, "名簿の更新が5月になった")
    assert answers["4-4"] == (None, True, "") and answers["9-5"] == (None, True, "")
    assert answers["5-1"] == (3, False, "")
    assert tab.ui.complete_button.isEnabled()
    qtbot.mouseClick(tab.ui.complete_button, Qt.MouseButton.LeftButton)
    status, _, events = stored(demo_path, 2014, "self", "201")
    assert status == "complete" and [a for a, _ in events] == ["complete"]
    assert "完了済み" in tab.ui.status_label.text()
    assert "（完了）" in tab.ui.institution_combo.currentText()


def test_3_3_2_remark_enter_3_stores_four_items(qtbot, tab, demo_path):
    choose_institution(tab, "202")
    table = tab.ui.table
    table.setFocus()
    key(qtbot, tab, "3")
    key(qtbot, tab, "3")
    key(qtbot, tab, "2")
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    type_text(qtbot, editor, "研修が未実施")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)
    key(qtbot, tab, "3")
    _, answers, _ = stored(demo_path, 2014, "self", "202")
    first4 = [row.number for row in tab.sheet.items][:4]
    assert answers == {
        first4[0]: (3, False, ""),
        first4[1]: (3, False, ""),
        first4[2]: (2, False, "研修が未実施"),
        first4[3]: (3, False, ""),
    }
    assert tab.current_item().number == [row.number for row in tab.sheet.items][4]
    assert tab.ui.status_label.text() == "4 / 50 入力済　平均 2.75"
    # the 2 stands out by a mark, not by colour alone
    row = tab.model.row_of(tab.sheet.items[2].item_id)
    assert tab.model.index(row, COL_SCORE).data() == "▲2"


def test_escape_leaves_the_item_marked_without_remark(qtbot, tab, demo_path):
    choose_institution(tab, "202")
    table = tab.ui.table
    table.setFocus()
    key(qtbot, tab, "1")
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)
    assert tab.current_item().number == "1-1"
    assert tab.ui.status_label.text() == "1 / 50 入力済（備考なし 1）　平均 1.00"
    row = tab.model.row_of(tab.current_item().item_id)
    assert tab.model.index(row, COL_SCORE).data() == "▲1"
    assert tab.model.index(row, COL_SCORE).data(Qt.ItemDataRole.BackgroundRole) is not None
    _, answers, _ = stored(demo_path, 2014, "self", "202")
    assert answers == {"1-1": (1, False, "")}
    assert not tab.ui.complete_button.isEnabled()


def test_a_2_changed_back_to_3_loses_its_remark(qtbot, tab, demo_path):
    choose_institution(tab, "202")
    table = tab.ui.table
    table.setFocus()
    key(qtbot, tab, "2")
    editor = QApplication.focusWidget()
    type_text(qtbot, editor, "台帳の更新漏れ")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)
    assert tab.current_item().number == "1-2"
    key(qtbot, tab, Qt.Key.Key_Backspace)  # back to 1-1
    assert tab.current_item().number == "1-1"
    key(qtbot, tab, "3")
    _, answers, _ = stored(demo_path, 2014, "self", "202")
    assert answers == {"1-1": (3, False, "")}
    assert tab.current_item().number == "1-2"


def test_full_width_answers_with_the_ime_on(qtbot, tab, demo_path):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QInputMethodEvent, QKeyEvent

    choose_institution(tab, "202")
    table = tab.ui.table
    table.setFocus()
    # a key press whose text is full width (QTest cannot type it: the event is built by hand)
    QApplication.sendEvent(table, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_3, Qt.KeyboardModifier.NoModifier, "３"))
    for text in ("Ｎ", "０", "ｎ"):  # the IME's commit strings
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(table, event)
    numbers = [row.number for row in tab.sheet.items]
    _, answers, _ = stored(demo_path, 2014, "self", "202")
    assert answers == {
        numbers[0]: (3, False, ""),
        numbers[1]: (None, True, ""),
        numbers[2]: (None, True, ""),
        numbers[3]: (None, True, ""),
    }
    assert tab.current_item().number == numbers[4]


def test_previous_scores_under_3_carry_a_mark(tab, context):
    context.set_fiscal_year(2011)  # 104 scored one item under 3 in FY2010
    choose_institution(tab, "104")
    model = tab.model
    shown = [model.index(model.row_of(row.item_id), 2).data() for row in tab.sheet.items if row.previous]
    low = [text for text in shown if text.startswith("▲")]
    assert len(low) == 1
    row = next(r for r in tab.sheet.items if r.previous and r.previous.score in (1, 2))
    assert model.index(model.row_of(row.item_id), 2).data() == f"▲{row.previous.score}"
    assert all(text in ("▲1", "▲2") for text in low)
    assert all(text in ("3", "該当なし") or text.startswith("▲") for text in shown)


def test_up_moves_back_and_delete_clears(qtbot, tab, demo_path):
    choose_institution(tab, "202")
    tab.ui.table.setFocus()
    key(qtbot, tab, "3")
    key(qtbot, tab, "1")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    key(qtbot, tab, Qt.Key.Key_Up)
    assert tab.current_item().number == "1-1"
    key(qtbot, tab, Qt.Key.Key_Delete)
    _, answers, _ = stored(demo_path, 2014, "self", "202")
    assert answers == {"1-2": (1, False, "")}
    assert not tab.ui.complete_button.isEnabled()


def rows_fitted(table) -> bool:
    """Every row as tall as its wrapped text (the vertical header's minimum at least)."""
    least = table.verticalHeader().minimumSectionSize()
    return all(table.rowHeight(r) == max(table.sizeHintForRow(r), least) for r in range(table.model().rowCount()))


def test_rows_follow_their_wrapped_text(qtbot, tab, demo_path):
    """A row is as tall as its wrapped text after a load, after a long remark is saved and
    when a column changes width; a reload keeps the current item in view."""
    choose_institution(tab, "202")
    table = tab.ui.table
    qtbot.waitUntil(lambda: rows_fitted(table))
    table.setFocus()
    key(qtbot, tab, "2")
    editor = QApplication.focusWidget()
    type_text(qtbot, editor, "台帳の更新漏れがあったため、次の四半期までに全件を照合し直す。" * 4)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)
    row = tab.model.row_of(tab.sheet.items[0].item_id)
    one_line = table.rowHeight(row + 1)
    assert table.rowHeight(row) > 2 * one_line
    assert rows_fitted(table)
    other = tab.model.row_of(tab.sheet.items[3].item_id)  # an entry changed without a key
    tab.model.set_entry(tab.sheet.items[3].item_id, Entry(1, remark="照合の記録がない。" * 12))
    qtbot.waitUntil(lambda: table.rowHeight(other) > 2 * one_line)
    tall = table.rowHeight(row)
    table.setColumnWidth(COL_REMARK, table.columnWidth(COL_REMARK) * 2)
    qtbot.waitUntil(lambda: table.rowHeight(row) < tall)
    qtbot.waitUntil(lambda: rows_fitted(table))
    last = tab.model.item_rows()[-1]
    tab._go_to(last)
    table.scrollToTop()
    tab.load()  # what another clerk's change does: the same item, shown again
    qtbot.waitUntil(lambda: rows_fitted(table))
    assert tab.model.item_at(table.currentIndex().row()) == tab.model.item_at(last)
    assert table.viewport().rect().intersects(table.visualRect(table.currentIndex()))


def test_an_answer_another_clerk_saved_meanwhile_is_kept_and_shown(qtbot, tab, demo_path, prompts_log):
    """The tab saves with the entry it showed: another clerk's answer saved since is not
    overwritten; the clerk is told and sees it, on the same item."""
    from jukidesk.actions import checklists as act

    choose_institution(tab, "202")
    item = tab.current_item()
    other = open_database(demo_path)
    try:
        act.save_answer(other, 2014, "self", tab.sheet.institution_id, item.item_id, Entry(2, remark="別の担当者の備考"), seen=None)
    finally:
        other.close()
    tab.ui.table.setFocus()
    key(qtbot, tab, "3")
    assert prompts_log.kinds()[-1] == "error"
    _, answers, _ = stored(demo_path, 2014, "self", "202")
    assert answers == {item.number: (2, False, "別の担当者の備考")}
    assert tab.current_item().item_id == item.item_id
    assert tab.model.index(tab.model.row_of(item.item_id), COL_SCORE).data() == "▲2"
    assert tab.current_item().entry == Entry(2, remark="別の担当者の備考")


def test_a_completed_checklist_is_read_only_until_reopened(qtbot, tab, demo_path, context, asked):
    context.set_fiscal_year(2013)
    choose_institution(tab, "101")
    assert not tab.ui.complete_button.isEnabled() and tab.ui.reopen_button.isEnabled()
    before = sql_dump(demo_path)
    tab.ui.table.setFocus()
    key(qtbot, tab, "1")
    key(qtbot, tab, Qt.Key.Key_Tab)
    assert sql_dump(demo_path) == before
    assert "再開" in tab.ui.incomplete_label.text()
    assert not tab.model.flags(tab.model.index(tab.model.row_of(tab.current_item().item_id), COL_REMARK)) & (
        Qt.ItemFlag.ItemIsEditable
    )
    asked["ask_text"].append("記入誤りの訂正")
    qtbot.mouseClick(tab.ui.reopen_button, Qt.MouseButton.LeftButton)
    tab.ui.table.setFocus()
    key(qtbot, tab, "2")
    status, answers, events = stored(demo_path, 2013, "self", "101")
    assert status == "open" and events == [("reopen", "記入誤りの訂正")]
    assert answers["1-1"] == (2, False, "")


def test_score_meanings_come_from_the_settings(tab, context):
    from jukidesk.core.settings import save_settings

    with context.database.transaction() as session:
        save_settings(session, {"score_label_3": "適切に運用している"})
    context.notify_changed("settings")
    tip = tab.model.headerData(COL_SCORE, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "3 = 適切に運用している" in tip and "2 = 一部実施" in tip
    row = tab.model.item_rows()[0]
    assert "3 = 適切に運用している" in tab.model.index(row, COL_SCORE).data(Qt.ItemDataRole.ToolTipRole)


def test_audit_kinds_list_the_audited_institutions(tab):
    tab.select_kind("internal")
    combo = tab.ui.institution_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["102 職員課", "103 税務課", "106 建築指導課"]
    assert tab.sheet.total == 49  # 10-1 is a self-inspection item


def _export(context, tmp_path, code):
    from jukidesk.exchange.checklist_xlsx import export_checklists

    with context.database.session() as session:
        return export_checklists(session, 2014, "self", tmp_path, institution_code=code)[0]


def _fill(path, value=3, first=None):
    wb = openpyxl.load_workbook(path)
    ws = wb["チェックリスト"]
    for r in range(7, ws.max_row + 1):
        if ws[f"A{r}"].value and ws[f"D{r}"].protection.locked is False:
            ws[f"D{r}"].value = value
            if first is not None:
                ws[f"D{r}"].value, first = first, None
    wb.save(path)


def test_import_dialog_previews_then_imports(qtbot, tab, context, demo_path, tmp_path, asked, prompts_log):
    good = _export(context, tmp_path, "203")
    _fill(good)
    dialog = tab.open_import_dialog()
    asked["open_file_names"].append([str(good)])
    qtbot.mouseClick(dialog.ui.files_button, Qt.MouseButton.LeftButton)
    assert any("諏訪地方事務所（2014年度 自己点検）: 新規 50 項目" in line for line in dialog.preview_lines())
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result.changed_files == 1 and not dialog.isVisible()
    status, answers, _ = stored(demo_path, 2014, "self", "203")
    assert status == "complete" and len(answers) == 50
    assert any("取り込みました" in text for text in prompts_log.texts("info"))


def test_import_dialog_lists_errors_and_imports_nothing(qtbot, tab, context, demo_path, tmp_path, asked):
    bad = _export(context, tmp_path, "204")
    _fill(bad, first=7)
    good = _export(context, tmp_path, "205")
    _fill(good)
    before = sql_dump(demo_path)
    dialog = tab.open_import_dialog()
    asked["existing_directory"].append(str(tmp_path))
    qtbot.mouseClick(dialog.ui.folder_button, Qt.MouseButton.LeftButton)
    errors = [line for line in dialog.preview_lines() if line.startswith("[エラー]")]
    assert len(errors) == 1 and bad.name in errors[0] and "セル D8" in errors[0]
    assert not dialog.ok_button.isEnabled()
    assert "何も取り込めません" in dialog.ui.summary_label.text()
    assert sql_dump(demo_path) == before


def test_replacing_stored_answers_asks_first(qtbot, tab, context, demo_path, tmp_path, asked, prompts_log):
    path = _export(context, tmp_path, "206")
    _fill(path)
    dialog = tab.open_import_dialog()
    asked["open_file_names"].append([str(path)])
    qtbot.mouseClick(dialog.ui.files_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    _fill(path, value="該当なし")
    dialog = tab.open_import_dialog()
    asked["open_file_names"].append([str(path)])
    qtbot.mouseClick(dialog.ui.files_button, Qt.MouseButton.LeftButton)
    assert not dialog.ok_button.isEnabled()
    assert any("--replace" in line or "置き換え" in line for line in dialog.preview_lines())
    dialog.ui.replace_check.setChecked(True)
    assert dialog.ok_button.isEnabled()
    before = sql_dump(demo_path)
    prompts_log.answers.append(False)  # the clerk declines the confirmation
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert sql_dump(demo_path) == before
    assert any("50 項目を、ファイルの内容で置き換えます" in t for t in prompts_log.texts("confirm"))
    prompts_log.answers.append(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    status, answers, _ = stored(demo_path, 2014, "self", "206")
    assert status == "complete" and all(a == (None, True, "") for a in answers.values())


def test_screenshot(tab, window, artifacts):
    choose_institution(tab, "201")
    tab.ui.table.setFocus()
    window.grab().save(str(artifacts / "checklist_tab.png"))


def test_export_runs_in_the_background(qtbot, tab, tmp_path, asked, prompts_log):
    operations.set_synchronous(False)
    asked["existing_directory"].append(str(tmp_path / "out"))
    tab.export_workbooks()
    qtbot.waitUntil(lambda: tab.last_operation.done and operations.running_count() == 0, timeout=60000)
    assert tab.last_operation.error is None
    assert len(list((tmp_path / "out").glob("*.xlsx"))) == 19
    assert any("19 件の Excel ブックを書き出しました" in t for t in prompts_log.texts("info"))


# -- what the tab tells the other tabs ------------------------------------------------------
# The チェックリスト tab tells the other tabs what its actions changed: each answer is saved
# at once but announced once, when the tab is left (not on every key); complete/reopen are
# announced at once. The tab itself does not reload for its own answers.


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
        if score != "3":  # a score under 3 opened its remark editor: left without one
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
            qtbot.keyClick(tab.ui.table, Qt.Key.Key_Return)
    assert tab.sheet.checklist_id is not None and tab.sheet.missing_remarks == 2  # 2 and 1 still need remarks
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
        qtbot.keyClicks(tab.ui.table, "3")  # 3 moves on by itself
    assert heard == [] and tab.ui.complete_button.isEnabled()
    qtbot.mouseClick(tab.ui.complete_button, Qt.MouseButton.LeftButton)
    assert heard == ["checklist"] and tab.unannounced == set()
    assert "完了済み" in tab.ui.status_label.text()  # the tab reloaded for completion
    monkeypatch.setattr(prompts, "ask_text", lambda *args, **kwargs: "訂正")
    qtbot.mouseClick(tab.ui.reopen_button, Qt.MouseButton.LeftButton)
    assert heard == ["checklist", "checklist"] and "完了済み" not in tab.ui.status_label.text()


def test_past_answers_are_previewed_then_imported_from_the_template_menu(tab, context, demo_path, tmp_path, prompts_log):
    """Issue 16: 過去の回答を取り込む… shows the checklists and answers per year and kind
    before storing; 取り込む stores them as completed checklists; a refused file names its row."""
    import sqlite3

    con = sqlite3.connect(demo_path)
    code = con.execute(
        "SELECT code FROM institution WHERE valid_from_fy <= 2009 AND id NOT IN "
        "(SELECT institution_id FROM checklist WHERE fy = 2009 AND kind = 'internal') ORDER BY code"
    ).fetchone()[0]
    con.close()
    source = tmp_path / "過去の回答.csv"
    rows = ["年度,区分,機関,項目番号,評価,備考", f"H21,内部監査,{code},1-1,2,規程が未整備", f"H21,内部監査,{code},1-2,３,"]
    source.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp932"))

    prompts_log.answers = [str(source), False]  # choose the file, then cancel at the preview
    tab.import_answers_action.trigger()
    preview = prompts_log.texts("confirm")[-1]
    assert "チェックリスト 1 件・回答 2 件" in preview and "H21（2009） 内部監査 1機関・回答 2件" in preview
    assert stored(demo_path, 2009, "internal", code) == (None, {}, [])

    prompts_log.answers = [str(source)]  # confirm() answers True when empty
    tab.import_answers_action.trigger()
    assert "回答 2 件" in prompts_log.texts("info")[-1]
    status, answers, events = stored(demo_path, 2009, "internal", code)
    assert (status, answers) == ("complete", {"1-1": (2, False, "規程が未整備"), "1-2": (3, False, "")})
    assert events == [("import", "過去の回答を取り込み: 過去の回答.csv")]

    prompts_log.answers = [str(source)]  # the same again: refused, naming the row and column
    tab.import_answers_action.trigger()
    assert "過去の回答.csv の 2 行目・「機関」列（3 列）" in prompts_log.texts("error")[-1]
