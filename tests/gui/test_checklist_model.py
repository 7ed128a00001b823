"""The checklist table model on its own (no window)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from jukidesk.core.checklists import Entry, load_sheet
from jukidesk.gui.models.checklist_model import COL_NUMBER, COL_PREVIOUS, COL_REMARK, COL_SCORE, ChecklistModel
from jukidesk.storage.models import Institution

MEANINGS = {1: "未実施", 2: "一部実施", 3: "実施"}


def _model(demo_db, fy, code="101"):
    with demo_db.session() as session:
        inst = session.scalars(select(Institution).where(Institution.code == code)).one()
        sheet = load_sheet(session, fy, "self", inst.id)
    model = ChecklistModel()
    model.set_sheet(sheet, score_meanings=MEANINGS, previous_label="前回（H25）")
    return model, sheet


def test_rows_are_categories_and_items(qapp, demo_db):
    model, sheet = _model(demo_db, 2014)
    assert model.rowCount() == 50 + 10
    assert model.is_category(0) and model.index(0, COL_NUMBER).data() == "1 組織体制"
    assert model.index(1, COL_NUMBER).data() == "1-1" and model.index(1, COL_PREVIOUS).data() == "3"
    # moving skips category rows both ways
    assert model.next_item_row(5) == 7 and model.next_item_row(7, -1) == 5
    assert model.next_item_row(model.rowCount() - 1) is None
    assert model.headerData(COL_PREVIOUS, Qt.Orientation.Horizontal) == "前回（H25）"


def test_incomplete_entries_are_marked_and_remarks_are_edited_through_a_signal(qapp, demo_db):
    model, sheet = _model(demo_db, 2014)
    item = sheet.items[0]
    model.set_entry(item.item_id, Entry(1))
    row = model.row_of(item.item_id)
    assert model.index(row, COL_SCORE).data() == "▲1"  # a mark, not colour alone
    assert model.index(row, COL_SCORE).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "備考" in model.index(row, COL_SCORE).data(Qt.ItemDataRole.ToolTipRole)
    edited = []
    model.remark_edited.connect(lambda item_id, text: edited.append((item_id, text)))
    assert model.setData(model.index(row, COL_REMARK), "  理由  ")
    assert edited == [(item.item_id, "理由")]
    model.set_entry(item.item_id, Entry(None, True))
    assert model.index(row, COL_SCORE).data() == "該当なし"
    assert model.index(row, COL_SCORE).data(Qt.ItemDataRole.BackgroundRole) is None
    model.set_entry(item.item_id, Entry(2, False, "理由"))
    assert model.index(row, COL_SCORE).data() == "▲2"
    assert model.index(row, COL_SCORE).data(Qt.ItemDataRole.BackgroundRole) is not None  # still stands out


def test_a_completed_checklist_cannot_be_edited(qapp, demo_db):
    model, sheet = _model(demo_db, 2013)
    assert sheet.completed and model.read_only
    row = model.item_rows()[0]
    assert not model.flags(model.index(row, COL_REMARK)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(row, COL_REMARK), "x")
