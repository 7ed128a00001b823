"""The registry table model (it sorts and filters itself), without a window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from jukidesk.base.fiscal import YearStyle
from jukidesk.core.registry import InstitutionData, list_institutions, retire_institution
from jukidesk.gui.models.institution_model import (
    COL_CODE,
    COL_KIND,
    COL_NAME,
    COL_ORDER,
    COL_TERMINAL,
    COL_VALID_FROM,
    COL_VALID_UNTIL,
    HEADERS,
    ID_ROLE,
    SORT_ROLE,
    InstitutionRow,
    InstitutionTableModel,
    counts_in,
    rows_from,
)

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def model(qapp, demo_db):
    with demo_db.session() as session:
        rows = rows_from(list_institutions(session))
    m = InstitutionTableModel(year_style=YearStyle(), fiscal_year=2013)
    m.set_rows(rows)
    return m


def test_rows_columns_and_display(model):
    assert model.rowCount() == 19
    assert model.columnCount() == len(HEADERS) == 10
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(10)] == [
        "順", "コード", "機関名", "報告用略称", "区分", "業務端末", "長の職名", "所在地", "有効開始", "有効終了",
    ]
    first = [model.index(0, c).data(DISPLAY) for c in range(10)]
    assert first == ["1", "101", "消防課", "", "事務利用機関", "", "消防課長", "長野県庁", "H20", "継続"]
    kokusai = model.row_of_id(model.rows[6].id)
    assert model.index(kokusai, COL_NAME).data() == "国際課"
    assert model.index(kokusai, COL_TERMINAL).data() == "○"
    assert model.index(18, COL_KIND).data() == "運用機関"
    assert isinstance(model.index(0, 0).data(ID_ROLE), int)


def test_sort_role_sorts_numbers_as_numbers(qapp):
    def row(i, code, until=None):
        return InstitutionRow(i, i, InstitutionData(code=code, name=f"機関{i}", valid_from_fy=2010 + i, valid_until_fy=until))

    model = InstitutionTableModel(fiscal_year=2013)
    model.set_rows([row(1, "10"), row(2, "9", until=2015), row(3, "A1"), row(4, "100", until=2012)])
    model.sort(COL_CODE)
    assert [model.index(r, COL_CODE).data() for r in range(4)] == ["9", "10", "100", "A1"]
    assert model.index(model.row_of_id(1), COL_ORDER).data(SORT_ROLE) == 1  # the model holds the sorted order
    model.sort(COL_VALID_UNTIL)
    # 継続 (no end) sorts after every year
    assert [model.index(r, COL_VALID_UNTIL).data() for r in range(4)] == ["H24", "H27", "継続", "継続"]
    model.sort(COL_VALID_FROM, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, COL_VALID_FROM).data(SORT_ROLE) for r in range(4)] == [2014, 2013, 2012, 2011]


def test_filter_by_text_and_year(model, demo_db):
    model.set_text("地方事務所")
    assert model.rowCount() == 10
    model.set_text("２０７")  # full-width digits match the code 207
    assert [model.index(r, COL_NAME).data() for r in range(model.rowCount())] == ["松本地方事務所地域政策課"]
    model.set_text("")
    assert model.rowCount() == 19
    # A retired institution leaves later years only.
    with demo_db.transaction() as session:
        retire_institution(session, model.rows[0].id, 2013)
    with demo_db.session() as session:
        model.set_rows(rows_from(list_institutions(session)))
    model.set_only_year(2014)
    assert model.rowCount() == 18
    model.set_only_year(2013)
    assert model.rowCount() == 19
    model.set_only_year(None)
    assert model.rowCount() == 19


def test_counts_text(model):
    assert counts_in(model.rows, 2013).text() == "19機関（事務利用機関17・運用機関2、業務端末設置11）"
    assert counts_in(model.rows, 2007).total == 0


def test_rows_not_valid_in_the_year_are_grey(model):
    model.set_year(2007)
    assert model.index(0, COL_NAME).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "平成19年度には台帳にありません" in model.index(0, COL_NAME).data(Qt.ItemDataRole.ToolTipRole)
    model.set_year(2013)
    assert model.index(0, COL_NAME).data(Qt.ItemDataRole.ForegroundRole) is None


def test_the_model_sorts_itself_keeps_the_order_on_reload_and_moves_persistent_indexes(qapp):
    from PySide6.QtCore import QPersistentModelIndex

    def row(i, code):
        return InstitutionRow(i, i, InstitutionData(code=code, name=f"機関{i}", valid_from_fy=2010))

    rows = [row(1, "10"), row(2, "9"), row(3, "A1"), row(4, "100")]
    model = InstitutionTableModel(fiscal_year=2013)
    model.set_rows(rows)
    held = QPersistentModelIndex(model.index(model.row_of_id(3), COL_NAME))  # a selection, say
    model.sort(COL_CODE, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, COL_CODE).data() for r in range(4)] == ["A1", "100", "10", "9"]
    assert held.data() == "機関3" and held.row() == 0
    model.set_rows(rows)  # a reload (another action changed the registry) keeps the order
    assert [model.index(r, COL_CODE).data() for r in range(4)] == ["A1", "100", "10", "9"]
    model.set_text("1")  # filtering keeps it as well
    assert [model.index(r, COL_CODE).data() for r in range(model.rowCount())] == ["A1", "100", "10"]


def test_registry_rows_read_as_plain_columns_equal_the_orm_snapshot(demo_db):
    """The tab's read (plain columns, no ORM objects, safe on the worker) gives the same rows,
    in registry order, as the snapshot of the ORM objects."""
    from jukidesk.actions.registry import registry_rows

    with demo_db.session() as session:
        expected = rows_from(list_institutions(session))
    rows = registry_rows(demo_db)
    assert rows == expected and len(rows) == 19
    assert [row.position for row in rows] == list(range(1, 20))
    assert all(type(row.data.has_terminal) is bool for row in rows)


def test_display_strings_follow_the_year_style(qapp):
    """The display strings are made once per load; a new year style makes them again."""
    row = InstitutionRow(1, 1, InstitutionData(code="1", name="甲", valid_from_fy=2019, valid_until_fy=2019))
    model = InstitutionTableModel(year_style=YearStyle(reiwa_for_fy2019=True), fiscal_year=2019)
    model.set_rows([row])
    assert model.index(0, COL_VALID_FROM).data() == "R1"
    model.set_year(2019, YearStyle(reiwa_for_fy2019=False))
    assert model.index(0, COL_VALID_FROM).data() == "H31"
    assert model.index(0, COL_VALID_UNTIL).data() == "H31"
    model.set_year(2020)  # not valid any more: greyed
    assert model.index(0, COL_NAME).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_the_model_filters_itself_and_moves_persistent_indexes_with_their_rows(qapp):
    """Filtering is the model's own (no proxy): rows that do not match leave the model, a
    persistent index (the selection) follows its institution or becomes invalid when it is
    filtered out; the strings made for rows shown while filtered are those shown after."""
    from PySide6.QtCore import QPersistentModelIndex

    def row(i, name, until=None):
        return InstitutionRow(i, i, InstitutionData(code=str(100 + i), name=name, valid_from_fy=2010, valid_until_fy=until))

    model = InstitutionTableModel(fiscal_year=2013)
    model.set_rows([row(1, "総務課"), row(2, "税務課", until=2012), row(3, "北信事務所"), row(4, "税務センター")])
    kept = QPersistentModelIndex(model.index(model.row_of_id(4), COL_NAME))
    dropped = QPersistentModelIndex(model.index(model.row_of_id(1), COL_NAME))
    model.set_filter(" 税務 ", None)
    assert model.rowCount() == 2 and [model.index(r, COL_NAME).data() for r in range(2)] == ["税務課", "税務センター"]
    assert kept.isValid() and kept.row() == 1 and kept.data() == "税務センター"
    assert not dropped.isValid()
    assert model.row_of_id(1) is None and model.institution(1).data.name == "総務課"  # still known
    model.set_filter("税務", 2013)  # 税務課 ended in 2012
    assert [model.index(r, COL_NAME).data() for r in range(model.rowCount())] == ["税務センター"]
    assert kept.row() == 0 and model.row_at(0).id == 4 and model.is_valid_row(0)
    model.set_filter("", None)
    assert [model.index(r, COL_NAME).data() for r in range(4)] == ["総務課", "税務課", "北信事務所", "税務センター"]
    assert kept.row() == 3 and len(model.rows) == 4
    model.sort(COL_NAME, Qt.SortOrder.DescendingOrder)  # by the strings: made for every row then
    assert [model.index(r, COL_NAME).data() for r in range(4)] == sorted(["総務課", "税務課", "北信事務所", "税務センター"], reverse=True)
    assert kept.data() == "税務センター"
