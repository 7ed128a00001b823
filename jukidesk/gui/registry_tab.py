"""機関台帳: the institution registry, effective-dated by fiscal year.

A table (model/view, sortable, filterable) with 追加 / 編集 / 上へ / 下へ / 廃止. Every change is
an action of ``actions.registry`` (one transaction); ``context.apply(outcome)`` then tells
every tab. 取り込み… / Excel に書き出す… bring the registry in from the organisation's own
.xlsx/.csv and write it out (``actions.registry_io``): the import shows its preview (what
is added, changed and retired) and asks before storing anything.

The rows are read on the worker thread (``operations.run_operation``, Anki's delayed
feedback) as plain ``InstitutionRow`` snapshots (``actions.registry.registry_rows``) and the
model is filled when they arrive; until then the table says it is reading. Tests run the
read at once (``LOAD_ON_WORKER`` False, set by tests/gui/conftest.py, or
``operations.set_synchronous(True)``); ``loading`` / ``load_operation`` tell whether a read
is under way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QWidget

from jukidesk.base.errors import JukideskError
from jukidesk.gui import operations, prompts
from jukidesk.gui.context import INSTITUTION, SETTINGS, AppContext
from jukidesk.gui.forms.ui_registry_tab import Ui_RegistryTab
from jukidesk.gui.models.institution_model import (
    COL_ADDRESS,
    COL_NAME,
    COL_ORDER,
    ID_ROLE,
    InstitutionTableModel,
    counts_in,
)
from jukidesk.gui.tables import set_empty_text, set_up_table

if TYPE_CHECKING:
    from jukidesk.gui.institution_dialog import InstitutionDialog
    from jukidesk.gui.retire_dialog import RetireDialog

# Read the registry on the worker thread (False: in the GUI thread at once — GUI tests that
# read the tab right after showing it; see tests/gui/conftest.py).
LOAD_ON_WORKER = True

EMPTY_TEXT = (
    "機関がまだ登録されていません。下の「取り込み…」で機関台帳（Excel・CSV）を取り込むか、"
    "「追加…」で1件ずつ入力します。"
)
LOADING_TEXT = "機関台帳を読み込んでいます…"


def registry_rows(database) -> list:
    """``actions.registry.registry_rows``, imported where it runs: on the worker, while the
    GUI thread paints the tab (the actions and their dataclasses are not imported by the
    tab's module; ``move_institution`` is imported when moving)."""
    from jukidesk.actions.registry import registry_rows as read

    return read(database)


class RegistryTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_RegistryTab()
        self.ui.setupUi(self)
        self.context = context
        self.dialog = None  # the dialog opened last (tests and the window reach it here)
        self._menu_actions: dict = {}

        # The model sorts and filters itself: no proxy between it and the table.
        self.model = InstitutionTableModel(self, year_style=context.year_style, fiscal_year=context.fiscal_year)
        table = self.ui.table
        table.setModel(self.model)
        table.sortByColumn(COL_ORDER, Qt.SortOrder.AscendingOrder)
        # Widths from the rows on screen: measuring every row (Qt's default, up to 1,000)
        # took 3 s for 2,000 institutions (tests/benchmarks, registry_tab_large).
        set_up_table(table, stretch=(COL_ADDRESS,), precision=0, empty_text=LOADING_TEXT)
        header = table.horizontalHeader()
        header.setSortIndicatorShown(True)

        self.ui.filter_edit.textChanged.connect(self._filter_changed)
        self.ui.only_valid.toggled.connect(self._filter_changed)
        table.doubleClicked.connect(self._double_clicked)
        table.selectionModel().selectionChanged.connect(self._update_buttons)
        header.sortIndicatorChanged.connect(self._update_buttons)
        self.ui.add_button.clicked.connect(self.add_institution)
        self.ui.edit_button.clicked.connect(lambda: self.edit_institution())
        self.ui.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.ui.down_button.clicked.connect(lambda: self.move_selected(1))
        self.ui.retire_button.clicked.connect(self.retire_selected)
        # The registry from / to a file (not in the .ui: added under the other buttons).
        self.import_button = QPushButton("取り込み(&I)…", self)
        self.import_button.setToolTip("機関台帳を Excel（.xlsx）または CSV から取り込みます（確認してから登録）")
        self.export_button = QPushButton("Excel に書き出す(&X)…", self)
        self.export_button.setToolTip("機関台帳を取り込みと同じ列の Excel ブックに書き出します")
        place = self.ui.button_column.indexOf(self.ui.retire_button) + 1
        self.ui.button_column.insertWidget(place, self.import_button)
        self.ui.button_column.insertWidget(place + 1, self.export_button)
        self.import_button.clicked.connect(self.import_registry)
        self.export_button.clicked.connect(self.export_registry)
        self.last_operation = None
        self.load_operation: operations.Operation | None = None
        self._loads = 0  # reads started; only the latest one fills the table
        self._loaded_once = False
        self._select_after_load: int | None = None
        # The same commands on the table's right-click menu.
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for button in (self.ui.add_button, self.ui.edit_button, self.ui.up_button, self.ui.down_button, self.ui.retire_button):
            action = QAction(button.text(), table)
            action.triggered.connect(button.click)
            self._menu_actions[button] = action
            table.addAction(action)
        context.year_changed.connect(self._year_changed)
        context.data_changed.connect(self._data_changed)
        self._filter_changed()  # the filter is in place before the rows arrive (one pass then)
        self.reload()

    # -- loading ----------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        """A read of the registry is under way (the table shows the rows read before)."""
        return self.load_operation is not None and not self.load_operation.done

    def reload(self) -> None:
        """Read the registry again (on the worker) and show it when it arrives."""
        self._loads += 1
        number = self._loads
        database = self.context.database
        if not LOAD_ON_WORKER:
            self._loaded(number, registry_rows(database))
            return
        self.load_operation = operations.run_operation(
            self,
            lambda _progress: registry_rows(database),
            label=LOADING_TEXT,
            on_success=lambda rows: self._loaded(number, rows),
            on_slow=self._show_loading,
        )

    def _show_loading(self) -> None:
        self.ui.status_label.setText(LOADING_TEXT)

    def _loaded(self, number: int, rows: list) -> None:
        if number != self._loads or not shiboken6.isValid(self):  # a newer read fills it / tab gone
            return
        selected = self._select_after_load or self.selected_id()
        self._select_after_load = None
        self.model.set_rows(rows, year=(self.context.fiscal_year, self.context.year_style))
        if not self._loaded_once:
            self._loaded_once = True
            set_empty_text(self.ui.table, EMPTY_TEXT)
        self._filter_changed()
        if selected is not None:
            self.select_id(selected)
        self._update_status()
        self._update_buttons()

    def _year_changed(self, fy: int) -> None:
        self.model.set_year(fy, self.context.year_style)
        self._filter_changed()
        self._update_status()

    def _data_changed(self, area: str) -> None:
        if area in (INSTITUTION, SETTINGS):
            self.reload()

    def _filter_changed(self, *_args) -> None:
        self.model.set_filter(self.ui.filter_edit.text(), self.context.fiscal_year if self.ui.only_valid.isChecked() else None)
        self._update_status()
        self._update_buttons()

    def _update_status(self) -> None:
        if not self._loaded_once:
            self.ui.status_label.setText("")
            return
        fy = self.context.fiscal_year
        counts = self.model.counts() if fy == self.model.year() else counts_in(self.model.rows, fy)
        text = f"{self.context.year_style.label(fy, fullwidth=False)}の台帳: {counts.text()}"
        shown, valid = self.model.rowCount(), counts.total
        if shown != valid:
            text += f"　表示中 {shown}件"
        self.ui.status_label.setText(text)

    # -- selection --------------------------------------------------------------------
    def visible_names(self) -> list[str]:
        """The names as the table shows them, top to bottom."""
        return [self.model.index(r, COL_NAME).data() for r in range(self.model.rowCount())]

    def selected_id(self) -> int | None:
        rows = self.ui.table.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def select_id(self, institution_id: int) -> bool:
        if self.loading:  # the rows on screen are old: select it again when the new ones arrive
            self._select_after_load = institution_id
        row = self.model.row_of_id(institution_id)  # None: not listed (filtered out)
        if row is None:
            return False
        index = self.model.index(row, COL_NAME)
        self.ui.table.selectRow(row)
        self.ui.table.scrollTo(index)
        return True

    def _sorted_by_order(self) -> bool:
        header = self.ui.table.horizontalHeader()
        return header.sortIndicatorSection() == COL_ORDER and header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder

    def _update_buttons(self, *_args) -> None:
        rows = self.ui.table.selectionModel().selectedRows()
        has = bool(rows)
        self.ui.edit_button.setEnabled(has)
        self.ui.retire_button.setEnabled(has)
        ordered = self._sorted_by_order()
        row = rows[0].row() if has else -1
        self.ui.up_button.setEnabled(has and ordered and row > 0)
        self.ui.down_button.setEnabled(has and ordered and row < self.model.rowCount() - 1)
        hint = "" if ordered else "「順」の列で並べているときに使えます"
        self.ui.up_button.setToolTip(hint or "選択した機関を台帳の順で一つ上へ移します")
        self.ui.down_button.setToolTip(hint or "選択した機関を台帳の順で一つ下へ移します")
        for button, action in self._menu_actions.items():
            action.setEnabled(button.isEnabled())

    def _selected_row(self):
        rows = self.ui.table.selectionModel().selectedRows()
        if not rows:
            return None, None
        row = rows[0].row()
        return row, self.model.row_at(row)

    # -- actions ----------------------------------------------------------------------
    def add_institution(self) -> InstitutionDialog:
        from jukidesk.gui.institution_dialog import InstitutionDialog  # only when asked for

        dialog = InstitutionDialog(self.context, self)
        dialog.saved.connect(self._saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def edit_institution(self, institution_id: int | None = None) -> InstitutionDialog | None:
        if institution_id is None:
            institution_id = self.selected_id()
        row = None if institution_id is None else self.model.institution(institution_id)
        if row is None:
            return None
        from jukidesk.gui.institution_dialog import InstitutionDialog  # only when asked for

        dialog = InstitutionDialog(self.context, self, institution_id=institution_id, data=row.data)
        dialog.saved.connect(self._saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _double_clicked(self, index: QModelIndex) -> None:
        self.edit_institution(index.data(ID_ROLE))

    def _saved(self, institution_id: int) -> None:
        # The registry reloads through data_changed; keep the saved row in view.
        if not self.select_id(institution_id) and not self.loading:
            self.ui.table.clearSelection()

    def move_selected(self, step: int) -> None:
        """Move the selected institution past its visible neighbour (hidden rows — e.g.
        institutions retired before the selected year — are stepped over)."""
        listed_row, row = self._selected_row()
        if row is None or not self._sorted_by_order():
            return
        neighbour_row = listed_row + step
        if not 0 <= neighbour_row < self.model.rowCount():
            return
        neighbour = self.model.row_at(neighbour_row)
        from jukidesk.actions.registry import move_institution

        try:
            outcome = move_institution(self.context.database, row.id, neighbour.position - row.position)
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return
        self.context.apply(outcome)
        self.select_id(row.id)

    def retire_selected(self) -> RetireDialog | None:
        _listed_row, row = self._selected_row()
        if row is None:
            return None
        from jukidesk.gui.retire_dialog import RetireDialog  # with the planner: only when retiring

        dialog = RetireDialog(self.context, row.id, row.data, self)
        dialog.saved.connect(self._saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    # -- the registry from / to a file -------------------------------------------------
    def import_registry(self) -> None:
        """Choose a file, show the preview, ask, then import it in one transaction."""
        from jukidesk.actions.registry_io import import_registry

        path = prompts.open_file_name(self, "機関台帳を取り込む", "", "機関台帳 (*.xlsx *.csv);;すべてのファイル (*)", kind="registry")
        if not path:
            return
        database = self.context.database

        def previewed(plan) -> None:
            if plan.empty:
                prompts.info(self, "\n".join(plan.lines()[:1]) + "\n機関台帳と同じ内容です。変更はありません。")
                return
            shown = prompts.first_lines(plan.lines())
            if not prompts.confirm(self, "\n".join(shown) + "\n\nこの内容で取り込みますか？", ok_text="取り込む"):
                return
            self.last_operation = operations.run_action(
                self,
                self.context,
                lambda _progress: import_registry(database, path),
                label="機関台帳を取り込んでいます…",
                on_success=lambda done: prompts.info(self, "\n".join(done.lines()[:40])),
            )

        self.last_operation = operations.run_action(
            self,
            self.context,
            lambda _progress: import_registry(database, path, dry_run=True),
            label="機関台帳を確認しています…",
            on_success=previewed,
        )

    def export_registry(self) -> None:
        from jukidesk.actions.registry_io import export_registry

        path = prompts.save_file_name(self, "機関台帳を Excel に書き出す", "機関台帳.xlsx", "Excel ブック (*.xlsx)", kind="registry")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        database = self.context.database
        self.last_operation = operations.run_action(
            self,
            self.context,
            lambda _progress: export_registry(database, path),
            label="機関台帳を書き出しています…",
            on_success=lambda count: prompts.info(self, f"機関台帳（{count} 機関）を書き出しました:\n{path}"),
        )
