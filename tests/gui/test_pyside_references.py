"""PySide6 6.12.0 drops a reference to ``None`` in calls jukidesk makes all day: every
``QComboBox.currentData()`` of an item whose data is None and every paint of a table view.
``None`` is an ordinary object in Python 3.11; when its count reaches zero the process
aborts ("Fatal Python error: none_dealloc") and whatever the clerk was typing is lost.
pyproject.toml keeps PySide6 below 6.12; this test fails on a version that still leaks."""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QTableView

CALLS = 500


class _Empty(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else 30

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else 4

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None


def _lost(call) -> int:
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        call()
    return before - sys.getrefcount(None)


def test_reading_a_combo_item_without_data_keeps_none_alive(qtbot):
    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.addItem("区分の全機関", None)  # the グラフ tab's first subject, 資料2's paper list
    assert _lost(combo.currentData) < CALLS // 10
    assert _lost(lambda: combo.itemData(0)) < CALLS // 10


def test_painting_a_table_keeps_none_alive(qtbot):
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(_Empty(view))
    view.resize(500, 300)
    view.show()
    qtbot.waitExposed(view)
    assert _lost(view.repaint) < CALLS // 10
