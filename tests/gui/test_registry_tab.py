"""機関台帳 driven through the real window and dialogs, checked in the SQLite file."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from jukidesk.gui.institution_dialog import InstitutionDialog
from jukidesk.gui.models.institution_model import COL_CODE, COL_NAME, COL_ORDER
from jukidesk.gui.retire_dialog import RetireDialog

from .helpers import choose, click_ok, retype, sql_dump, stored_institutions, type_text


@contextmanager
def roles_asked(model):
    """The roles Qt asks ``model.data`` for while the block runs. The override is set on the
    instance: shiboken keeps the class's method once Qt has called it, so one replaced on
    the class would record nothing."""
    asked: list[int] = []
    original = type(model).data
    model.data = lambda index, role=Qt.ItemDataRole.DisplayRole: (asked.append(role), original(model, index, role))[1]
    try:
        yield asked
    finally:
        del model.data

DEMO_ORDER_2013 = [
    "消防課", "職員課", "税務課", "地域福祉課", "ものづくり振興課", "建築指導課", "国際課",
    "佐久地方事務所地域政策課", "上小地方事務所地域政策課", "諏訪地方事務所地域政策課",
    "上伊那地方事務所地域政策課", "下伊那地方事務所地域政策課", "木曽地方事務所地域政策課",
    "松本地方事務所地域政策課", "北安曇地方事務所地域政策課", "長野地方事務所地域政策課",
    "北信地方事務所地域政策課", "情報システム推進室", "市町村課",
]


def select_name(qtbot, tab, name: str) -> None:
    row = tab.visible_names().index(name)
    index = tab.model.index(row, COL_NAME)
    rect = tab.ui.table.visualRect(index)
    qtbot.mouseClick(tab.ui.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.selected_id() is not None


def open_add_dialog(qtbot, tab) -> InstitutionDialog:
    qtbot.mouseClick(tab.ui.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, InstitutionDialog) and dialog.isVisible()
    return dialog


def test_registry_lists_19_institutions_for_fy2013_in_registry_order(registry_tab):
    assert registry_tab.visible_names() == DEMO_ORDER_2013
    assert registry_tab.ui.status_label.text() == "平成25年度の台帳: 19機関（事務利用機関17・運用機関2、業務端末設置11）"
    assert registry_tab.model.index(0, COL_ORDER).data() == "1"


def test_add_an_institution_through_the_dialog(qtbot, window, registry_tab, demo_path):
    dialog = open_add_dialog(qtbot, registry_tab)
    assert dialog.ui.valid_from.currentText() == "平成25年度（2013年度）"  # the selected year
    assert dialog.ui.valid_until.currentText() == "なし（継続）"
    type_text(qtbot, dialog.ui.code, "108")
    type_text(qtbot, dialog.ui.name, "危機管理防災課")
    type_text(qtbot, dialog.ui.short_name, "危機管理")
    qtbot.mouseClick(dialog.ui.has_terminal, Qt.MouseButton.LeftButton)
    type_text(qtbot, dialog.ui.head_title, "危機管理防災課長")
    type_text(qtbot, dialog.ui.address, "長野県庁")
    choose(dialog.ui.valid_from, 2014)
    click_ok(qtbot, dialog.ui.buttons)
    assert not dialog.isVisible()

    stored = stored_institutions(demo_path)
    assert stored[-1] == ("108", "危機管理防災課", 2014, None)
    # not in the registry of FY2013 (the selected year), listed from FY2014
    assert "危機管理防災課" not in registry_tab.visible_names()
    window.year_combo.setCurrentIndex(window.year_combo.findData(2014))
    assert registry_tab.visible_names()[-1] == "危機管理防災課"
    assert "20機関（事務利用機関18・運用機関2、業務端末設置12）" in registry_tab.ui.status_label.text()
    from jukidesk.core.registry import list_institutions
    from jukidesk.storage.database import open_database

    db = open_database(demo_path)
    with db.session() as session:
        added = list_institutions(session)[-1]
        assert (added.short_name, added.has_terminal, added.head_title, added.kind) == ("危機管理", True, "危機管理防災課長", "user")
    db.close()


def test_edit_an_institution_by_double_click(qtbot, registry_tab, demo_path):
    row = registry_tab.visible_names().index("税務課")
    rect = registry_tab.ui.table.visualRect(registry_tab.model.index(row, COL_NAME))
    viewport = registry_tab.ui.table.viewport()
    # a real double-click: press/release, then the double-click event
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = registry_tab.dialog
    assert isinstance(dialog, InstitutionDialog) and dialog.windowTitle() == "機関の編集"
    assert dialog.ui.name.text() == "税務課"
    retype(qtbot, dialog.ui.name, "税務課（本庁）")
    retype(qtbot, dialog.ui.head_title, "税務課長")
    click_ok(qtbot, dialog.ui.buttons)
    assert ("103", "税務課（本庁）", 2008, None) in stored_institutions(demo_path)
    assert registry_tab.visible_names()[2] == "税務課（本庁）"


def test_move_up_and_down(qtbot, registry_tab, demo_path):
    select_name(qtbot, registry_tab, "国際課")
    qtbot.mouseClick(registry_tab.ui.up_button, Qt.MouseButton.LeftButton)
    names = [name for _c, name, _f, _u in stored_institutions(demo_path)]
    assert names[5:7] == ["国際課", "建築指導課"]
    assert registry_tab.visible_names()[5:7] == ["国際課", "建築指導課"]
    # the moved row stays selected: moving again continues from there
    qtbot.mouseClick(registry_tab.ui.up_button, Qt.MouseButton.LeftButton)
    assert [n for _c, n, _f, _u in stored_institutions(demo_path)][4:6] == ["国際課", "ものづくり振興課"]
    qtbot.mouseClick(registry_tab.ui.down_button, Qt.MouseButton.LeftButton)
    assert [n for _c, n, _f, _u in stored_institutions(demo_path)][4:7] == ["ものづくり振興課", "国際課", "建築指導課"]


def test_move_buttons_only_in_registry_order(qtbot, registry_tab):
    select_name(qtbot, registry_tab, "国際課")
    assert registry_tab.ui.up_button.isEnabled()
    registry_tab.ui.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
    assert not registry_tab.ui.up_button.isEnabled() and not registry_tab.ui.down_button.isEnabled()
    registry_tab.ui.table.sortByColumn(COL_ORDER, Qt.SortOrder.AscendingOrder)
    select_name(qtbot, registry_tab, "消防課")
    assert not registry_tab.ui.up_button.isEnabled() and registry_tab.ui.down_button.isEnabled()


def test_retire_keeps_earlier_years_and_leaves_later_ones(qtbot, window, registry_tab, demo_path):
    window.year_combo.setCurrentIndex(window.year_combo.findData(2014))  # the clerk looks at FY2014
    select_name(qtbot, registry_tab, "建築指導課")
    qtbot.mouseClick(registry_tab.ui.retire_button, Qt.MouseButton.LeftButton)
    dialog = registry_tab.dialog
    assert isinstance(dialog, RetireDialog)
    # default: gone from the year on screen, so the last year is the one before
    assert dialog.ui.last_year.currentText() == "平成25年度（2013年度）"
    assert "平成26年度（2014年度）からは台帳に表示されません" in dialog.ui.effect_label.text()
    click_ok(qtbot, dialog.ui.buttons)

    assert ("106", "建築指導課", 2008, 2013) in stored_institutions(demo_path)
    assert "建築指導課" not in [n for _c, n, _f, _u in stored_institutions(demo_path, 2014)]
    assert "建築指導課" in [n for _c, n, _f, _u in stored_institutions(demo_path, 2013)]
    assert "建築指導課" not in registry_tab.visible_names()
    assert "18機関" in registry_tab.ui.status_label.text()
    window.year_combo.setCurrentIndex(window.year_combo.findData(2013))
    assert "建築指導課" in registry_tab.visible_names()
    # with 選択年度に有効な機関のみ off, later years list it too (greyed, 有効終了 H25)
    window.year_combo.setCurrentIndex(window.year_combo.findData(2016))
    qtbot.mouseClick(registry_tab.ui.only_valid, Qt.MouseButton.LeftButton)
    row = registry_tab.visible_names().index("建築指導課")
    assert registry_tab.model.index(row, 9).data() == "H25"


def test_moving_steps_over_hidden_retired_rows(qtbot, window, registry_tab, demo_path):
    # retire 建築指導課 (6th) in 2013, then in FY2014 move 国際課 (7th) up past the hidden row
    select_name(qtbot, registry_tab, "建築指導課")
    registry_tab.retire_selected()
    choose(registry_tab.dialog.ui.last_year, 2013)
    click_ok(qtbot, registry_tab.dialog.ui.buttons)
    window.year_combo.setCurrentIndex(window.year_combo.findData(2014))
    select_name(qtbot, registry_tab, "国際課")
    qtbot.mouseClick(registry_tab.ui.up_button, Qt.MouseButton.LeftButton)
    assert registry_tab.visible_names()[4:6] == ["国際課", "ものづくり振興課"]


def test_filter_box(qtbot, registry_tab):
    type_text(qtbot, registry_tab.ui.filter_edit, "北")
    assert registry_tab.visible_names() == ["北安曇地方事務所地域政策課", "北信地方事務所地域政策課"]
    assert "表示中 2件" in registry_tab.ui.status_label.text()
    registry_tab.ui.filter_edit.clear()
    type_text(qtbot, registry_tab.ui.filter_edit, "30")
    assert registry_tab.visible_names() == ["情報システム推進室", "市町村課"]


def test_the_model_filters_itself_and_the_selection_survives_a_filter_change(qtbot, registry_tab):
    """No QSortFilterProxyModel: the table shows the institution model, which lists only the
    matching rows; the selected institution stays selected while it is still listed."""
    from PySide6.QtCore import QSortFilterProxyModel

    model, table = registry_tab.model, registry_tab.ui.table
    assert table.model() is model and not isinstance(table.model(), QSortFilterProxyModel)
    assert registry_tab.findChildren(QSortFilterProxyModel) == []
    select_name(qtbot, registry_tab, "松本地方事務所地域政策課")
    chosen = registry_tab.selected_id()

    type_text(qtbot, registry_tab.ui.filter_edit, "地方事務所")
    regional = [name for name in DEMO_ORDER_2013 if "地方事務所" in name]
    assert registry_tab.visible_names() == regional and model.rowCount() == len(regional) == 10
    assert registry_tab.ui.status_label.text().endswith("　表示中 10件")
    assert registry_tab.selected_id() == chosen  # moved from row 13 to row 6 with its institution
    assert table.selectionModel().selectedRows()[0].row() == regional.index("松本地方事務所地域政策課")
    assert registry_tab.ui.edit_button.isEnabled()

    retype(qtbot, registry_tab.ui.filter_edit, "北")  # the selected institution is no longer listed
    assert registry_tab.visible_names() == ["北安曇地方事務所地域政策課", "北信地方事務所地域政策課"]
    assert registry_tab.selected_id() is None and not registry_tab.ui.edit_button.isEnabled()

    registry_tab.ui.filter_edit.clear()
    assert registry_tab.visible_names() == DEMO_ORDER_2013 and model.rowCount() == 19
    assert "表示中" not in registry_tab.ui.status_label.text()
    select_name(qtbot, registry_tab, "国際課")
    qtbot.mouseClick(registry_tab.ui.down_button, Qt.MouseButton.LeftButton)  # moving still steps through the model
    assert registry_tab.visible_names()[6:8] == ["佐久地方事務所地域政策課", "国際課"]


def test_sorting_by_a_column(registry_tab):
    registry_tab.ui.table.sortByColumn(COL_CODE, Qt.SortOrder.DescendingOrder)
    assert registry_tab.visible_names()[:2] == ["市町村課", "情報システム推進室"]


INVALID = [
    pytest.param({"code": "", "name": "新しい課"}, "機関コードを入力してください", "code", id="empty-code"),
    pytest.param({"code": "999", "name": "   "}, "機関名を入力してください", "name", id="empty-name"),
    pytest.param({"code": "101", "name": "新しい課"}, "機関コード「101」は既に使われています", "code", id="duplicate-code"),
    pytest.param({"code": "999", "name": "消防課"}, "機関名「消防課」は既に登録されています", "name", id="duplicate-name"),
    pytest.param(
        {"code": "999", "name": "新しい課", "from": 2013, "until": 2011},
        "有効期間の終了年度（2011年度）が開始年度（2013年度）より前です",
        "valid_until",
        id="until-before-from",
    ),
]


@pytest.mark.parametrize(("entry", "message", "field"), INVALID)
def test_invalid_input_is_refused_in_the_dialog(qtbot, registry_tab, demo_path, entry, message, field):
    before = sql_dump(demo_path)
    dialog = open_add_dialog(qtbot, registry_tab)
    type_text(qtbot, dialog.ui.code, entry["code"])
    type_text(qtbot, dialog.ui.name, entry["name"])
    if "from" in entry:
        choose(dialog.ui.valid_from, entry["from"])
        choose(dialog.ui.valid_until, entry["until"])
    click_ok(qtbot, dialog.ui.buttons)

    assert dialog.isVisible(), "the dialog stays open"
    assert message in dialog.ui.error_label.text()
    assert dialog.ui.error_label.isVisible()
    assert dialog.focusWidget() is getattr(dialog.ui, field), "the offending field has the focus"
    assert sql_dump(demo_path) == before, "nothing was saved"
    assert len(registry_tab.visible_names()) == 19

    # correcting the input then saves (the dialog was not left in a broken state)
    retype(qtbot, dialog.ui.code, "998")
    retype(qtbot, dialog.ui.name, "訂正後の課")
    choose(dialog.ui.valid_until, None)
    click_ok(qtbot, dialog.ui.buttons)
    assert not dialog.isVisible()
    assert stored_institutions(demo_path)[-1][:2] == ("998", "訂正後の課")


def test_invalid_edit_is_refused_and_nothing_changes(qtbot, registry_tab, demo_path):
    before = sql_dump(demo_path)
    select_name(qtbot, registry_tab, "職員課")
    dialog = registry_tab.edit_institution()
    retype(qtbot, dialog.ui.code, "103")  # 税務課's code
    click_ok(qtbot, dialog.ui.buttons)
    assert "機関コード「103」は既に使われています" in dialog.ui.error_label.text()
    assert sql_dump(demo_path) == before
    qtbot.mouseClick(dialog.ui.buttons.button(dialog.ui.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert sql_dump(demo_path) == before


def test_operator_cannot_have_a_terminal(qtbot, registry_tab):
    dialog = open_add_dialog(qtbot, registry_tab)
    qtbot.mouseClick(dialog.ui.has_terminal, Qt.MouseButton.LeftButton)
    assert dialog.ui.has_terminal.isChecked()
    choose(dialog.ui.kind, "operator")
    assert not dialog.ui.has_terminal.isChecked() and not dialog.ui.has_terminal.isEnabled()
    dialog.reject()


def test_right_click_menu_mirrors_the_buttons(qtbot, registry_tab):
    actions = {a.text(): a for a in registry_tab.ui.table.actions()}
    assert list(actions) == ["追加(&A)…", "編集(&E)…", "上へ(&U)", "下へ(&D)", "廃止(&R)…"]
    assert not actions["編集(&E)…"].isEnabled()
    select_name(qtbot, registry_tab, "税務課")
    assert actions["編集(&E)…"].isEnabled()
    actions["編集(&E)…"].trigger()
    assert isinstance(registry_tab.dialog, InstitutionDialog) and registry_tab.dialog.ui.name.text() == "税務課"
    registry_tab.dialog.reject()


@pytest.fixture
def registry_on_worker(monkeypatch):
    """The tab reads its rows on the worker thread, as in the application; the read is
    recorded with the thread it ran on."""
    import threading

    from jukidesk.gui import registry_tab as module

    monkeypatch.setattr(module, "LOAD_ON_WORKER", True)
    reads: list[bool] = []  # True when a read ran on the GUI thread
    original = module.registry_rows

    def recorded(db):
        reads.append(threading.current_thread() is threading.main_thread())
        return original(db)

    monkeypatch.setattr(module, "registry_rows", recorded)
    return reads


def wait_loaded(qtbot, tab) -> None:
    qtbot.waitUntil(lambda: not tab.loading, timeout=30000)


def test_registry_is_read_on_the_worker_and_shown_when_it_arrives(qtbot, window, registry_on_worker):
    from jukidesk.gui.registry_tab import LOADING_TEXT

    tab = window.show_tab("機関台帳")
    # The result comes back through the event loop: nothing is listed yet, the table says why.
    assert tab.loading and tab.visible_names() == []
    assert tab.ui.table.empty_text.label.text() == LOADING_TEXT
    assert tab.ui.status_label.text() == ""
    wait_loaded(qtbot, tab)
    assert registry_on_worker == [False]  # read once, not on the GUI thread
    assert tab.visible_names() == DEMO_ORDER_2013
    assert tab.ui.status_label.text() == "平成25年度の台帳: 19機関（事務利用機関17・運用機関2、業務端末設置11）"
    assert not tab.ui.table.empty_text.label.isVisible()
    assert "まだ登録されていません" in tab.ui.table.empty_text.label.text()  # the sentence once loaded


def test_only_the_latest_read_fills_the_table(qtbot, window, registry_on_worker, demo_path):
    tab = window.show_tab("機関台帳")
    wait_loaded(qtbot, tab)
    first = tab.load_operation
    tab.reload()
    tab._loaded(tab._loads - 1, [])  # a stale read arriving late is ignored
    assert tab.visible_names() == DEMO_ORDER_2013
    wait_loaded(qtbot, tab)
    assert tab.load_operation is not first and tab.visible_names() == DEMO_ORDER_2013


def test_moving_down_on_the_worker_keeps_the_moved_row_selected(qtbot, window, registry_on_worker, demo_path):
    tab = window.show_tab("機関台帳")
    wait_loaded(qtbot, tab)
    select_name(qtbot, tab, "職員課")
    moved = tab.selected_id()
    qtbot.mouseClick(tab.ui.down_button, Qt.MouseButton.LeftButton)
    assert tab.loading  # the registry is read again on the worker
    wait_loaded(qtbot, tab)
    names = tab.visible_names()
    assert names[:3] == ["消防課", "税務課", "職員課"]
    assert tab.selected_id() == moved
    assert names[tab.ui.table.selectionModel().selectedRows()[0].row()] == "職員課"
    assert [name for _code, name, *_ in stored_institutions(demo_path, 2013)][:3] == ["消防課", "税務課", "職員課"]


def test_synchronous_operations_read_the_registry_at_once(qtbot, window, registry_on_worker):
    from jukidesk.gui import operations

    operations.set_synchronous(True)
    try:
        tab = window.show_tab("機関台帳")
        assert not tab.loading and tab.visible_names() == DEMO_ORDER_2013
    finally:
        operations.set_synchronous(False)
    assert registry_on_worker == [True]


def test_the_tab_module_leaves_dialogs_and_actions_to_when_they_are_used(tmp_path):
    """The first show imports the tab's module: the dialogs come with a click, the actions
    with the read on the worker (checked in a fresh interpreter)."""
    from tests.unit.test_startup_imports import loaded_after

    later = ("jukidesk.gui.institution_dialog", "jukidesk.gui.retire_dialog", "jukidesk.actions.registry", "jukidesk.core.registry")
    assert loaded_after("import jukidesk.gui.registry_tab", later, tmp_path) == []


def test_columns_are_measured_once_per_load_and_a_resize_only_shares_the_width(qtbot, window, registry_tab):
    """The short columns fit their content, measured when the rows arrive; resizing the
    table asks the model for nothing and the address column takes the free width."""
    from jukidesk.gui.models.institution_model import COL_ADDRESS

    table, header = registry_tab.ui.table, registry_tab.ui.table.horizontalHeader()
    qtbot.waitUntil(lambda: table.isVisible())
    registry_tab.reload()  # rows arriving while shown: measured on screen
    assert header.sectionSize(COL_NAME) >= table.sizeHintForColumn(COL_NAME) > 0
    assert all(header.sectionResizeMode(c) == header.ResizeMode.Interactive for c in range(header.count()))

    table.setUpdatesEnabled(False)  # painting asks for the cells on screen: not part of this
    try:
        with roles_asked(registry_tab.model) as asked:
            table.resize(table.width() + 120, table.height())
            QApplication.sendPostedEvents()
            sizes = [header.sectionSize(c) for c in range(header.count())]
    finally:
        table.setUpdatesEnabled(True)
    assert asked == []  # no cell measured again
    with roles_asked(registry_tab.model) as measured:  # the probe itself sees Qt's questions
        table.sizeHintForColumn(COL_NAME)
    assert measured
    assert sum(sizes) == table.viewport().width()  # the address column took what was left
    assert sizes[COL_ADDRESS] >= table.sizeHintForColumn(COL_ADDRESS)



def test_rows_arriving_behind_another_tab_are_measured_when_the_tab_is_shown(qtbot, window, registry_tab):
    """Qt reads every row for a hidden view's column widths (0.3 s for 2,000 institutions):
    rows read again while another tab is in front ask the model nothing, and the columns
    fit their content once the tab is shown."""
    table, header = registry_tab.ui.table, registry_tab.ui.table.horizontalHeader()
    qtbot.waitUntil(lambda: table.isVisible())
    window.show_tab("今年度の進捗")
    assert not table.isVisible()

    with roles_asked(registry_tab.model) as asked:
        registry_tab.reload()
        QApplication.sendPostedEvents()
    assert asked == []

    window.show_tab("機関台帳")
    qtbot.waitUntil(lambda: table.isVisible())
    assert header.sectionSize(COL_NAME) >= table.sizeHintForColumn(COL_NAME) > 0
