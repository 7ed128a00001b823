"""The 変更履歴 tab on the city demo: municipal tables and evidence are offered by their
Japanese names and filter as the registry's own tables do."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from jukidesk.base.vocabulary import CHANGE_TABLE_LABELS
from jukidesk.storage.history import AUDITED_TABLES, OUTSIDE_TABLES
from tests.gui.helpers import shown


@pytest.fixture(scope="module")
def city_template(tmp_path_factory):
    from jukidesk.demo.builder import write_demo

    return write_demo(tmp_path_factory.mktemp("city-gui") / "city.sqlite", name="city")


@pytest.fixture
def city_window(qtbot, gui_app, city_template, tmp_path):
    from jukidesk.gui.context import context_from
    from jukidesk.gui.main_window import MainWindow
    from jukidesk.gui.opening import open_path

    path = tmp_path / "city.sqlite"
    shutil.copy(city_template, path)
    win = MainWindow(context_from(open_path(path)))
    shown(qtbot, win)
    yield win
    win.close()


def test_the_table_filter_offers_every_audited_table_in_japanese(city_window):
    tab = city_window.show_tab("変更履歴")
    combo = tab.ui.table_combo
    offered = {combo.itemData(i): combo.itemText(i) for i in range(1, combo.count())}
    assert set(offered) == set(AUDITED_TABLES) | OUTSIDE_TABLES
    assert offered["role_assignment"] == "セキュリティ組織名簿" and offered["attachment"] == "証拠資料"
    assert all(text == CHANGE_TABLE_LABELS[code] and not text.isascii() for code, text in offered.items())


def test_a_roster_change_shows_in_the_tab_filtered_by_its_table(qtbot, city_window, artifacts):
    from jukidesk.storage.models_municipal import RoleAssignment

    context = city_window.context
    tab = city_window.show_tab("変更履歴")
    with context.database.transaction() as session:
        record = session.scalars(select(RoleAssignment).order_by(RoleAssignment.id)).first()
        old, record.person = record.person, "新任 太郎"
    context.notify_changed("municipal")
    tab.set_filters(table="role_assignment", year_only=False)
    entries = tab.model.entries()
    assert entries and {e.table_label for e in entries} == {"セキュリティ組織名簿"}
    newest = max(entries, key=lambda e: e.id)
    assert (newest.action_label, newest.field_label, newest.old_text, newest.new_text) == ("変更", "氏名", old, "新任 太郎")
    tab.set_filters(table="inspection_result", year_only=True)  # rows carry the site and the year
    assert tab.model.rowCount() > 0
    assert all(e.institution_name and e.fy == context.fiscal_year for e in tab.model.entries())
    qtbot.waitUntil(tab.ui.table.isVisible)
    city_window.grab().save(str(artifacts / "history_tab_city.png"))
