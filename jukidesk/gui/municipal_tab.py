"""市町村の運用: a city's operational records — roster, staff and training, emergency plan
and drills, daily and monthly inspections, meetings and the committee, rules and
procedures, outsourcing contracts — with the warnings that come from them.

The left side lists the views (``core.municipal.kinds.VIEWS``) and the warnings; the right
side shows the chosen view's lists. Every list is a ``RecordPanel``: a model/view table of
the core's ``records.Table`` with 追加 / 編集 / 削除 / Excel. Adding and editing open the one
generic ``RecordDialog`` built from the record kind's fields; inspections have their own
quick sheet. Every change goes through an action of ``actions.municipal`` (one
transaction) and ``context.apply(outcome)`` then refreshes the tab.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QRect, QSize, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jukidesk.actions import municipal as act
from jukidesk.actions.base import Area
from jukidesk.base.errors import JukideskError
from jukidesk.base.fiscal import fiscal_year_of
from jukidesk.base.vocabulary import INSPECTION_KIND_LABELS
from jukidesk.core.municipal import inspections, roster, training
from jukidesk.core.municipal.kinds import RECORD_KINDS, VIEWS
from jukidesk.core.municipal.records import Context, Table, table
from jukidesk.core.municipal.warnings import collect
from jukidesk.core.settings import reference_date
from jukidesk.gui import city_year_pages, operations, prompts
from jukidesk.gui.context import AppContext
from jukidesk.gui.forms.ui_municipal_tab import Ui_MunicipalTab
from jukidesk.gui.inspection_dialog import InspectionDialog, InspectionItemsDialog
from jukidesk.gui.models.record_model import (
    ID_ROLE,
    PERIOD_ROLE,
    SITE_ROLE,
    SORT_ROLE,
    GridModel,
    RecordTableModel,
)
from jukidesk.gui.record_dialog import RecordDialog, from_qdate, to_qdate
from jukidesk.gui.tables import set_up_table
from jukidesk.gui.widgets import ReloadWhenShown

VIEW_ROLE = Qt.ItemDataRole.UserRole + 10
MIN_ROWS = {"agenda": 8, "meeting": 1, "member": 1}  # rows a list keeps room for (1366×768), by record kind; others 3
# (the meetings page stacks three lists: the agenda keeps its eight rows, the two others may shrink,
#  else the page's minimum pushes the window past a 1366×728 screen, tests/gui/test_scale_up.py)


class RecordPanel(QGroupBox):
    """One list of the tab. ``kind_key`` names a record kind (editable through the generic
    dialog); a panel without one shows a read-only table from ``loader``."""

    selection_changed = Signal(object)  # the selected record's id, or None

    def __init__(
        self,
        tab: MunicipalTab,
        *,
        kind_key: str | None = None,
        loader: Callable | None = None,
        title: str = "",
        editable: bool = True,
        parent_panel: RecordPanel | None = None,
    ):
        self.kind = RECORD_KINDS[kind_key] if kind_key else None
        super().__init__(title or (self.kind.label if self.kind else ""), tab)
        self.tab, self.loader, self.parent_panel = tab, loader, parent_panel
        self.auto_select = False  # a parent list selects its first row so its children show
        self.editable = editable and self.kind is not None and bool(self.kind.fields)
        self.dialog = None
        self.model = RecordTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        # The core's order first (registry order, dates, agenda numbers); a header click sorts.
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        set_up_table(
            self.view,
            min_rows=MIN_ROWS.get(kind_key or "", 3),
            empty_text="まだ記録がありません。「追加…」で記録します。" if editable and kind_key else "該当する記録はありません。",
        )  # long text columns share the free width

        buttons = QHBoxLayout()
        self.add_button = QPushButton("追加…", self)
        self.edit_button = QPushButton("編集…", self)
        self.delete_button = QPushButton("削除", self)
        self.export_button = QPushButton("Excel に書き出す…", self)
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setVisible(self.editable)
            buttons.addWidget(button)
        self.extra_buttons = buttons
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.view)
        layout.addLayout(buttons)

        self.add_button.clicked.connect(lambda: self.add())
        self.edit_button.clicked.connect(lambda: self.edit())
        self.delete_button.clicked.connect(lambda: self.delete())
        self.export_button.clicked.connect(lambda: self.export())
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        if parent_panel is not None:
            parent_panel.auto_select = True
            parent_panel.selection_changed.connect(lambda _id: self.reload())
        self._update_buttons()

    def add_button_row(self, button: QPushButton) -> None:
        self.extra_buttons.insertWidget(self.extra_buttons.count() - 2, button)

    # -- data -------------------------------------------------------------------------
    def parent_id(self) -> int | None:
        return self.parent_panel.selected_id() if self.parent_panel is not None else None

    def record_context(self) -> Context:
        return self.tab.record_context(self.parent_id())

    def load_table(self, session) -> Table:
        if self.loader is not None:
            return self.loader(session, self.record_context())
        return table(session, self.kind, self.record_context())

    def reload(self) -> None:
        selected = self.selected_id()
        with self.tab.context.database.session() as session:
            data = self.load_table(session)
        self.model.set_table(data)
        unit = self.view.fontMetrics().horizontalAdvance("0")
        for column, width in enumerate(data.widths):  # half-width characters, as in the xlsx
            self.view.setColumnWidth(column, int(unit * max(width * 0.8, len(data.headers[column]) * 2)) + 16)
        if selected is not None and self.select_id(selected):
            pass
        elif self.auto_select and self.model.rowCount():
            self.view.selectRow(0)
        else:
            self.selection_changed.emit(None)
        self._update_buttons()

    def rows(self) -> list[list[str]]:
        """The texts as the table shows them, top to bottom (tests read this)."""
        return [
            [self.proxy.index(r, c).data() for c in range(self.proxy.columnCount())] for r in range(self.proxy.rowCount())
        ]

    def selected_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def select_id(self, record_id: int) -> bool:
        row = self.model.row_of_id(record_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.view.selectRow(index.row())
        self.view.scrollTo(index)
        return True

    def _selection_changed(self, *_args) -> None:
        self._update_buttons()
        self.selection_changed.emit(self.selected_id())

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        needs_parent = self.kind is not None and self.kind.parent_attr is not None
        self.add_button.setEnabled(not needs_parent or self.parent_id() is not None)
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    # -- actions ----------------------------------------------------------------------
    def add(self) -> RecordDialog | None:
        if not self.editable:
            return None
        if self.kind.parent_attr and self.parent_id() is None:
            prompts.warn(self, f"先に{self.kind.parent_label}を選んでください。")
            return None
        return self._open(RecordDialog(self.tab.context, self.kind, self.record_context(), self))

    def edit(self, record_id: int | None = None) -> RecordDialog | None:
        record_id = record_id if record_id is not None else self.selected_id()
        if not self.editable or record_id is None:
            return None
        return self._open(RecordDialog(self.tab.context, self.kind, self.record_context(), self, record_id=record_id))

    def _open(self, dialog):
        dialog.saved.connect(self._saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, record_id: int) -> None:
        self.select_id(record_id)

    def _double_clicked(self, index: QModelIndex) -> None:
        if self.editable:
            self.edit(index.data(ID_ROLE))
        elif self.kind is not None and self.kind.key == "inspection":
            self.tab.open_inspection(record_id=index.data(ID_ROLE))

    def delete(self) -> bool:
        record_id = self.selected_id()
        if record_id is None or self.kind is None:
            return False
        row = self.model.row_of_id(record_id)
        label = " ".join(str(t) for t in self.model.data_table.text_rows()[row][:3] if t)
        if not prompts.confirm(self, f"{self.kind.label}「{label}」を削除しますか？", ok_text="削除", destructive=True):
            return False
        try:
            outcome = act.delete_record(self.tab.context.database, self.kind, record_id)
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return False
        self.tab.context.apply(outcome)
        return True

    def export(self) -> Path | None:
        from jukidesk.exchange.municipal_xlsx import export_table

        name = prompts.save_file_name(self, f"{self.title()}を Excel に書き出す", f"{self.title()}.xlsx", prompts.XLSX_FILTER, kind="municipal")
        if not name:
            return None
        data = self.model.data_table
        subtitle = f"{self.tab.context.year_style.label(self.tab.context.fiscal_year)}"
        try:
            path = export_table(Table(self.title(), data.headers, data.rows, data.ids, data.widths), name, subtitle)
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return None
        prompts.info(self, f"保存しました: {path}")
        return path


class MunicipalTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_MunicipalTab()
        self.ui.setupUi(self)
        self.context = context
        self.panels: dict[str, RecordPanel] = {}
        self.view_panels: dict[str, list[RecordPanel]] = {view.key: [] for view in VIEWS}
        self.pages: dict[str, QWidget] = {}
        self._building = ""
        self.dialog = None
        self._dirty: set[str] = set()
        with context.database.session() as session:
            self.ui.as_of.setDate(to_qdate(reference_date(session)))

        for view in VIEWS:
            item = QListWidgetItem(view.label)
            item.setData(VIEW_ROLE, view.key)
            self.ui.view_list.addItem(item)
            self._building = view.key
            page = getattr(self, f"_page_{view.key}")()
            self.pages[view.key] = page
            self.ui.pages.addWidget(page)
        warnings = self.ui.warnings_list
        warnings.setTextElideMode(Qt.TextElideMode.ElideNone)
        warnings.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        warnings.viewport().installEventFilter(self)  # re-wrap the messages when the list is resized
        views = self.ui.view_list
        views.setMaximumHeight(views.sizeHintForRow(0) * (views.count() + 1) + 2 * views.frameWidth())
        self.ui.splitter.setStretchFactor(1, 1)
        self.ui.splitter.setSizes([270, 1010])
        self.ui.view_list.currentRowChanged.connect(self._view_changed)
        self.ui.warnings_list.itemDoubleClicked.connect(self._warning_opened)
        self.ui.as_of.dateChanged.connect(lambda *_: self.reload())
        self.ui.export_year_button.clicked.connect(lambda: self.export_year())
        self.ui.report_button.clicked.connect(lambda: self.write_report())
        self._reloader = ReloadWhenShown(self, self.reload)
        context.year_changed.connect(self._reloader.request)
        context.data_changed.connect(self._data_changed)
        self.ui.view_list.setCurrentRow(0)
        self.reload()

    # -- context ----------------------------------------------------------------------
    def as_of(self) -> dt.date:
        return from_qdate(self.ui.as_of.date())

    def record_context(self, parent_id: int | None = None) -> Context:
        return Context(self.context.fiscal_year, self.as_of(), parent_id)

    def current_view(self) -> str:
        item = self.ui.view_list.currentItem()
        return item.data(VIEW_ROLE) if item else VIEWS[0].key

    def show_view(self, key: str) -> QWidget:
        for row in range(self.ui.view_list.count()):
            if self.ui.view_list.item(row).data(VIEW_ROLE) == key:
                self.ui.view_list.setCurrentRow(row)
        return self.pages[key]

    # -- loading ----------------------------------------------------------------------
    def reload(self) -> None:
        """Refresh the warnings and the view on screen; the others when they are shown."""
        self._dirty = set(self.pages)
        self._load_view(self.current_view())
        self._load_warnings()

    def _data_changed(self, area: str) -> None:
        if area == Area.SETTINGS:
            with self.context.database.session() as session:
                self.ui.as_of.blockSignals(True)
                self.ui.as_of.setDate(to_qdate(reference_date(session)))
                self.ui.as_of.blockSignals(False)
        if area in (Area.MUNICIPAL, Area.REGISTRY, Area.SETTINGS, Area.AUDITS, Area.CHECKLISTS):
            self._reloader.request()  # at once when on screen, else when shown again

    def _view_changed(self, _row: int) -> None:
        key = self.current_view()
        self.ui.pages.setCurrentWidget(self.pages[key])
        view = next(v for v in VIEWS if v.key == key)
        self.ui.title_label.setText(f"{view.label}（{self.context.year_style.label(self.context.fiscal_year, fullwidth=False)}）")
        if key in self._dirty:
            self._load_view(key)

    def _load_view(self, key: str) -> None:
        self._dirty.discard(key)
        view = next(v for v in VIEWS if v.key == key)
        self.ui.title_label.setText(f"{view.label}（{self.context.year_style.label(self.context.fiscal_year, fullwidth=False)}）")
        for panel in self.view_panels[key]:
            if panel.parent_panel is None:  # a child list reloads when its parent's selection is set
                panel.reload()
        if key == "inspections":
            self._load_grid()
        if key == "survey":
            self.survey_page.reload()
        self._update_status(key)

    def _load_warnings(self) -> None:
        with self.context.database.session() as session:
            alerts = collect(session, self.as_of())
        self.ui.warnings_list.clear()
        for alert in alerts:
            item = QListWidgetItem(f"［{alert.label}］{alert.message}")
            item.setData(VIEW_ROLE, alert.view)
            item.setToolTip(alert.message)
            self.ui.warnings_list.addItem(item)
        self.ui.warnings_label.setText(f"警告（{len(alerts)}件）(&W)")
        self._size_warnings()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.ui.warnings_list.viewport() and event.type() == QEvent.Type.Resize:
            self._size_warnings()
        return super().eventFilter(watched, event)

    def _size_warnings(self) -> None:
        """Word-wrapped items need their height set: the view elides them otherwise."""
        box = self.ui.warnings_list
        width = box.viewport().width() - 8
        metrics = box.fontMetrics()
        for row in range(box.count()):
            item = box.item(row)
            rect = metrics.boundingRect(QRect(0, 0, width, 100000), Qt.TextFlag.TextWordWrap, item.text())
            item.setSizeHint(QSize(width, rect.height() + 8))

    def warning_texts(self) -> list[str]:
        return [self.ui.warnings_list.item(i).text() for i in range(self.ui.warnings_list.count())]

    def _warning_opened(self, item: QListWidgetItem) -> None:
        self.show_view(item.data(VIEW_ROLE))

    def _update_status(self, key: str) -> None:
        text = ""
        with self.context.database.session() as session:
            if key == "training":
                statuses = training.training_status(session, self.context.fiscal_year)
                missing = training.not_completed(session, self.context.fiscal_year)
                text = f"研修 {len(statuses)}件、必須研修の未受講者 {len(missing)}名"
            elif key == "roster":
                text = f"基準日現在の名簿: {len(roster.roster_as_of(session, self.as_of()))}名"
            elif key == "inspections" and self.grid_model.grid is not None:
                text = f"{self.grid_model.grid.title}: 点検漏れ {len(self.grid_model.grid.gaps)}件"
        self.ui.status_label.setText(text)

    # -- pages ------------------------------------------------------------------------
    def _panel(self, key: str, **kwargs) -> RecordPanel:
        panel = RecordPanel(self, **kwargs)
        self.panels[key] = panel
        self.view_panels[self._building].append(panel)
        return panel

    @staticmethod
    def _page(*widgets: QWidget, orientation=Qt.Orientation.Vertical) -> QSplitter:
        splitter = QSplitter(orientation)
        splitter.setChildrenCollapsible(False)
        for widget in widgets:
            splitter.addWidget(widget)
        return splitter

    def _page_roster(self) -> QWidget:
        panel = self._panel("roster", kind_key="roster", title="セキュリティ組織名簿（選択年度に在任した人）")
        button = QPushButton("基準日現在の名簿を Excel に…", panel)
        button.clicked.connect(lambda: self.export_roster())
        panel.add_button_row(button)
        return self._page(panel)

    def _page_training(self) -> QWidget:
        courses = self._panel("course", kind_key="course")
        completions = self._panel("completion", kind_key="completion", parent_panel=courses, title="受講完了者（選択した研修）")
        staff = self._panel("staff", kind_key="staff", title="住基ネットに関わる職員（選択年度に在籍）")
        missing = self._panel(
            "training:missing",
            loader=lambda session, ctx: training.not_completed_table(session, ctx.fy),
            title="必須研修の未受講者",
            editable=False,
        )
        import_button = QPushButton("受講完了者リストを取り込む…", courses)
        import_button.setToolTip("Excel の受講完了者リスト（職員番号・氏名・研修名・受講完了日）や e-ラーニングの CSV（職員番号・氏名・所属・受講日／修了日）を取り込みます。誤りが1つでもあれば何も取り込みません。")
        import_button.clicked.connect(lambda: self.import_completions())
        courses.add_button_row(import_button)
        export_button = QPushButton("受講完了者リストを書き出す…", courses)
        export_button.setToolTip("研修ごとのシートに、取り込みと同じ列（職員番号・氏名・研修名・受講完了日）で書き出します")
        export_button.clicked.connect(lambda: self.export_completions())
        courses.add_button_row(export_button)
        tabs = QTabWidget()
        tabs.addTab(completions, "受講完了者")
        tabs.addTab(missing, "未受講者")
        tabs.addTab(staff, "職員")
        return self._page(courses, tabs)

    def _page_emergency(self) -> QWidget:
        return self._page(
            self._panel("emergency_document", kind_key="emergency_document"), self._panel("drill", kind_key="drill")
        )

    def _page_inspections(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        controls = QHBoxLayout()
        self.inspection_kind = QComboBox(page)
        for code, label in INSPECTION_KIND_LABELS.items():
            self.inspection_kind.addItem(label, code)
        self.month_combo = QComboBox(page)
        self.record_button = QPushButton("記録する…", page)
        self.record_button.setToolTip("表で選んだ場所・日の点検を記録します（表のダブルクリックでも開きます）")
        self.items_button = QPushButton("点検項目の編集…", page)
        grid_export = QPushButton("表を Excel に…", page)
        month_label = QLabel("月(&M):", page)
        month_label.setBuddy(self.month_combo)
        kind_label = QLabel("点検(&J):", page)
        kind_label.setBuddy(self.inspection_kind)
        for widget in (kind_label, self.inspection_kind, month_label, self.month_combo, self.record_button, self.items_button):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(grid_export)
        self.grid_model = GridModel(page)
        self.grid_view = QTableView(page)
        self.grid_view.setModel(self.grid_model)
        self.grid_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid_view.horizontalHeader().setMinimumSectionSize(22)
        self.grid_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        legend = QLabel("○ 異常なし　× 不備あり　未 記録なし（点検漏れ）　灰色 閉庁日・点検票の適用前", page)
        records = self._panel("inspection", kind_key="inspection", title="点検記録（選択年度）")
        grid_box = QWidget(page)
        grid_layout = QVBoxLayout(grid_box)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addLayout(controls)
        grid_layout.addWidget(self.grid_view)
        grid_layout.addWidget(legend)
        layout.addWidget(self._page(grid_box, records))
        self.inspection_kind.currentIndexChanged.connect(lambda *_: self._load_grid())
        self.month_combo.currentIndexChanged.connect(lambda *_: self._load_grid())
        self.grid_view.doubleClicked.connect(self._grid_double_clicked)
        self.record_button.clicked.connect(lambda: self.record_selected_cell())
        self.items_button.clicked.connect(lambda: self.edit_items())
        grid_export.clicked.connect(lambda: self.export_grid())
        return page

    def _page_meetings(self) -> QWidget:
        meetings = self._panel("meeting", kind_key="meeting")
        children = QTabWidget()
        for key, title in (("agenda", "議題と決定事項"), ("attendance", "出席者"), ("reply", "書面開催の回答")):
            children.addTab(self._panel(key, kind_key=key, parent_panel=meetings, title=f"{title}（選択した会議）"), title)
        members = self._panel("member", kind_key="member", title="審議会委員（任期が選択年度にかかる人）")
        return self._page(meetings, children, members)

    def _page_rules(self) -> QWidget:
        return self._page(self._panel("rule", kind_key="rule"))

    def _page_survey(self) -> QWidget:
        from jukidesk.gui.survey_page import SurveyPage  # the yearly 調査票 (issue 18)

        self.survey_page = SurveyPage(self.context, self)
        return self.survey_page

    def _page_contracts(self) -> QWidget:
        return self._page(self._panel("contract", kind_key="contract", title="委託契約（契約期間が選択年度にかかるもの）"))

    # the city's year (issue 18): pages of their own module
    def _page_council(self) -> QWidget:
        return city_year_pages.council_page(self)

    def _page_internal_audit(self) -> QWidget:
        return city_year_pages.internal_audit_page(self)

    def print_internal_audit(self) -> operations.Operation | None:
        return city_year_pages.print_internal_audit(self)

    # -- inspections ------------------------------------------------------------------
    def _load_grid(self) -> None:
        fy = self.context.fiscal_year
        kind = self.inspection_kind.currentData()
        months = inspections.fiscal_months(fy)
        if self.month_combo.count() != len(months) or self.month_combo.itemData(0) != months[0]:
            self.month_combo.blockSignals(True)
            self.month_combo.clear()
            for month in months:
                self.month_combo.addItem(inspections.month_label(month), month)
            as_of = self.as_of()
            current = inspections.month_start(as_of) if fiscal_year_of(as_of) == fy else months[0]
            self.month_combo.setCurrentIndex(months.index(current))
            self.month_combo.blockSignals(False)
        self.month_combo.setEnabled(kind == "daily")
        month = self.month_combo.currentData() or months[0]
        with self.context.database.session() as session:
            if kind == "daily":
                grid = inspections.daily_grid(session, month.year, month.month, self.as_of())
            else:
                grid = inspections.monthly_grid(session, fy, self.as_of())
        self.grid_model.set_grid(grid)
        header = self.grid_view.verticalHeader()
        names = [site.name for site in grid.sites] or [""]
        header.setMinimumWidth(max(header.fontMetrics().horizontalAdvance(name) for name in names) + 16)
        if self.current_view() == "inspections":
            self._update_status("inspections")

    def _grid_double_clicked(self, index: QModelIndex) -> None:
        self.open_inspection(site_id=index.data(SITE_ROLE), day=index.data(PERIOD_ROLE), record_id=index.data(ID_ROLE))

    def record_selected_cell(self) -> InspectionDialog | None:
        indexes = self.grid_view.selectionModel().selectedIndexes() if self.grid_view.selectionModel() else []
        if indexes:
            index = indexes[0]
            return self.open_inspection(site_id=index.data(SITE_ROLE), day=index.data(PERIOD_ROLE), record_id=index.data(ID_ROLE))
        return self.open_inspection()

    def open_inspection(self, *, site_id=None, day=None, record_id=None, kind: str | None = None) -> InspectionDialog:
        if record_id is not None:
            with self.context.database.session() as session:
                from jukidesk.storage.models_municipal import InspectionRecord

                kind = session.get(InspectionRecord, record_id).kind
        kind = kind or self.inspection_kind.currentData()
        dialog = InspectionDialog(self.context, kind, self, site_id=site_id, day=day, record_id=record_id)
        self.dialog = dialog
        dialog.open()
        return dialog

    def grid_status(self, site_name: str, day: dt.date) -> str:
        grid = self.grid_model.grid
        site = next(s for s in grid.sites if s.name == site_name)
        return grid.cell(site.id, day).status

    def select_grid_cell(self, site_name: str, day: dt.date) -> None:
        grid = self.grid_model.grid
        row = next(i for i, s in enumerate(grid.sites) if s.name == site_name)
        column = grid.periods.index(day)
        self.grid_view.setCurrentIndex(self.grid_model.index(row, column))

    def edit_items(self) -> InspectionItemsDialog:
        dialog = InspectionItemsDialog(self.context, self.inspection_kind.currentData(), self)
        self.dialog = dialog
        dialog.open()
        return dialog

    def export_grid(self) -> Path | None:
        from jukidesk.exchange.municipal_xlsx import export_grid

        grid = self.grid_model.grid
        name = prompts.save_file_name(self, "点検表を Excel に書き出す", f"{grid.title}.xlsx", prompts.XLSX_FILTER, kind="municipal")
        if not name:
            return None
        try:
            export_grid(grid, name)
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return None
        prompts.info(self, f"保存しました: {name}")
        return Path(name)

    # -- files ------------------------------------------------------------------------
    def export_roster(self) -> Path | None:
        from jukidesk.exchange.municipal_xlsx import export_table

        with self.context.database.session() as session:
            data = roster.roster_table(session, self.as_of())
        name = prompts.save_file_name(self, "名簿を Excel に書き出す", "セキュリティ組織名簿.xlsx", prompts.XLSX_FILTER, kind="municipal")
        if not name:
            return None
        try:
            path = export_table(data, name, self.context.settings.get("org_name", ""))
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return None
        prompts.info(self, f"保存しました: {path}")
        return path

    def import_completions(self) -> operations.Operation | None:
        name = prompts.open_file_name(self, "受講完了者リストを取り込む", "", prompts.TABLE_FILTER, kind="elearning")
        if not name:
            return None
        fy, database = self.context.fiscal_year, self.context.database
        if not act.is_own_completion_list(name):  # an e-learning CSV and the like: mapped by header
            try:
                preview = act.preview_completion_list(database, Path(name), fy)
            except JukideskError as exc:
                prompts.error(self, str(exc))
                return None
            text = "\n".join(preview.lines())
            if not prompts.confirm(self, f"{Path(name).name} を取り込みます。\n\n{text}", ok_text="取り込む"):
                return None
            return operations.run_action(
                self,
                self.context,
                lambda progress: act.import_completion_list(database, Path(name), fy),
                label="受講完了者リストを取り込んでいます…",
                on_success=lambda result: prompts.info(self, f"{Path(name).name}: {result.describe()}"),
            )
        return operations.run_action(
            self,
            self.context,
            lambda progress: act.import_completions(database, Path(name), fy, progress=progress),
            label="受講完了者リストを取り込んでいます…",
            on_success=lambda result: prompts.info(self, f"{Path(name).name}: {result.describe()}"),
        )

    def export_completions(self) -> operations.Operation | None:
        from jukidesk.exchange.completion_xlsx import export_completions

        name = prompts.save_file_name(self, "受講完了者リストを書き出す", "受講完了者リスト.xlsx", prompts.XLSX_FILTER, kind="elearning")
        if not name:
            return None
        fy, database = self.context.fiscal_year, self.context.database

        def work(progress):
            with database.session() as session:
                return export_completions(session, fy, name)

        return operations.run_operation(
            self, work, label="書き出しています…", on_success=lambda path: prompts.info(self, f"保存しました: {path}")
        )

    def export_year(self) -> operations.Operation | None:
        from jukidesk.exchange.municipal_xlsx import export_year

        label = self.context.year_style.label(self.context.fiscal_year, fullwidth=False)
        name = prompts.save_file_name(self, "年度の一覧を Excel に書き出す", f"運用記録_{label}.xlsx", prompts.XLSX_FILTER, kind="municipal")
        if not name:
            return None
        ctx, database = self.record_context(), self.context.database

        def work(progress):
            with database.session() as session:
                return export_year(session, ctx, name)

        return operations.run_operation(
            self, work, label="一覧を書き出しています…", on_success=lambda path: prompts.info(self, f"保存しました: {path}")
        )

    def write_report(self) -> operations.Operation | None:
        label = self.context.year_style.label(self.context.fiscal_year, fullwidth=False)
        name = prompts.save_file_name(
            self, "審議会への年次報告を保存（Excel と同じ名前の PDF も作ります）", f"年次報告_{label}.xlsx", prompts.XLSX_FILTER,
            kind="committee_report",
        )
        if not name:
            return None
        xlsx = Path(name).with_suffix(".xlsx")
        pdf = xlsx.with_suffix(".pdf")
        fy, as_of, database = self.context.fiscal_year, self.as_of(), self.context.database

        def work(progress):
            from jukidesk.reports.committee import build_committee
            from jukidesk.reports.pdf_renderer import render_pdf
            from jukidesk.reports.xlsx_renderer import render_xlsx

            with database.session() as session:
                document = build_committee(session, fy, as_of=as_of)
            progress.step(1, 3, "Excel")
            render_xlsx(document, xlsx, sheet_title="審議会報告")
            progress.step(2, 3, "PDF")
            render_pdf(document, pdf)
            return xlsx, pdf

        return operations.run_operation(
            self,
            work,
            label="年次報告を作成しています…",
            on_success=lambda paths: prompts.info(self, "保存しました:\n" + "\n".join(str(p) for p in paths)),
        )
