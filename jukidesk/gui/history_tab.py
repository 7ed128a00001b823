"""変更履歴: who changed what and when (storage/history.py records it; this only reads).

Filters by institution, table and the selected fiscal year; the rows shown can be saved as
an xlsx workbook. Nothing here can change a record.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QWidget

from jukidesk.base.errors import JukideskError
from jukidesk.base.vocabulary import CHANGE_TABLE_LABELS
from jukidesk.core.change_history import list_changes
from jukidesk.core.registry import list_institutions
from jukidesk.gui import prompts
from jukidesk.gui.context import AppContext
from jukidesk.gui.forms.ui_history_tab import Ui_HistoryTab
from jukidesk.gui.models.change_log_model import COL_AT, COL_NEW, COL_OLD, COL_ROW, SORT_ROLE, ChangeLogTableModel
from jukidesk.gui.tables import set_up_table
from jukidesk.gui.widgets import ReloadWhenShown

ALL = None  # the combo entry "すべて"
XLSX_FILTER = "Excel ブック (*.xlsx)"


class HistoryTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_HistoryTab()
        self.ui.setupUi(self)
        self.context = context
        self.model = ChangeLogTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        table = self.ui.table
        table.setModel(self.proxy)
        table.sortByColumn(COL_AT, Qt.SortOrder.DescendingOrder)
        set_up_table(table, empty_text="この条件の変更はまだ記録されていません。年度や対象を変えて確かめてください。")  # 変更後 (long) gets the width

        self.ui.table_combo.addItem("すべて", ALL)
        for code, label in CHANGE_TABLE_LABELS.items():
            self.ui.table_combo.addItem(label, code)
        self._fill_institutions()

        self.ui.institution_combo.currentIndexChanged.connect(self.reload)
        self.ui.table_combo.currentIndexChanged.connect(self.reload)
        self.ui.year_only.toggled.connect(self.reload)
        self.ui.export_button.clicked.connect(self.export_xlsx)
        self._reloader = ReloadWhenShown(self, self.reload)
        context.year_changed.connect(self._year_changed)
        context.data_changed.connect(self._data_changed)
        self.reload()
        self._size_columns()

    # -- filters ----------------------------------------------------------------------
    def _fill_institutions(self) -> None:
        combo = self.ui.institution_combo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("すべての機関", ALL)
        with self.context.database.session() as session:
            for inst in list_institutions(session):
                combo.addItem(f"{inst.code} {inst.name}", inst.id)
        index = combo.findData(current)
        combo.setCurrentIndex(index if index >= 0 else 0)
        combo.blockSignals(False)

    def set_filters(self, *, institution_id=ALL, table=ALL, year_only: bool | None = None) -> None:
        """Select filters as a user would (tests and other tabs use this)."""
        for combo, value in ((self.ui.institution_combo, institution_id), (self.ui.table_combo, table)):
            index = combo.findData(value)
            if index < 0:
                raise ValueError(f"no such filter value: {value!r}")
            combo.setCurrentIndex(index)
        if year_only is not None:
            self.ui.year_only.setChecked(year_only)

    def filters(self) -> dict:
        return {
            "institution_id": self.ui.institution_combo.currentData(),
            "table": self.ui.table_combo.currentData(),
            "fy": self.context.fiscal_year if self.ui.year_only.isChecked() else None,
        }

    # -- loading ----------------------------------------------------------------------
    def reload(self) -> None:
        filters = self.filters()
        with self.context.database.session() as session:
            entries = list_changes(session, **filters)
        self.model.set_entries(entries)
        year = self.context.year_style.label(filters["fy"], fullwidth=False) if filters["fy"] else "全年度"
        self.ui.count_label.setText(f"{year}: {len(entries):,} 件")
        self.ui.export_button.setEnabled(bool(entries))

    def _size_columns(self) -> None:
        table = self.ui.table
        table.resizeColumnsToContents()
        for column in (COL_OLD, COL_NEW):
            table.setColumnWidth(column, min(max(table.columnWidth(column), 160), 320))
        # A meeting's agenda item is labelled with the meeting's long title: keep 操作 and
        # the values in view (the whole label is in the tooltip and the xlsx export).
        table.setColumnWidth(COL_ROW, min(table.columnWidth(COL_ROW), 360))

    def _year_changed(self, _fy: int) -> None:
        if self.ui.year_only.isChecked():
            self._reloader.request()

    def _data_changed(self, area: str) -> None:
        if area == "institution":
            self._fill_institutions()
        self._reloader.request()  # at once when on screen, else when shown again

    # -- export -----------------------------------------------------------------------
    def export_xlsx(self) -> Path | None:
        from jukidesk.exchange.history_xlsx import export_history_xlsx

        start = Path(self.context.path).parent if not self.context.demo and self.context.path else Path.home()
        name = prompts.save_file_name(self, "変更履歴を保存", str(start / "変更履歴.xlsx"), XLSX_FILTER)
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        title = f"変更履歴（{self.context.display_name}、{self.ui.count_label.text()}）"
        try:
            export_history_xlsx(self.model.entries(), path, title=title)
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return None
        except OSError as exc:
            prompts.error(self, f"{path} に保存できません: {exc.strerror or exc}")
            return None
        prompts.info(self, f"変更履歴 {self.model.rowCount():,} 件を保存しました。\n{path}")
        return path
