"""テンプレートの編集: categories and items of the checklist template, edited in the window.

The tree (``TemplateTreeModel``, model/view) holds an unsaved ``core.templates.TemplateDefinition``:
区分 at the top level, their items below. The form beside it edits the selected row (番号, 項目,
確認の着眼点, 重要項目, 対象区分). Before saving the dialog shows what saving will do — the
version rule of ``core.templates.plan_save``, the same one the Excel import follows (a version
with answers becomes a new version from a chosen year; one without answers is edited in
place) — and the diff against the current version (``TemplateDiffDialog``). Saving is one
action: ``actions.checklists.save_template``.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSignalBlocker, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from jukidesk.actions import checklists as act
from jukidesk.base.errors import JukideskError
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS
from jukidesk.core.templates import CategoryDefinition, ItemDefinition, TemplateDefinition, renumbered
from jukidesk.gui import prompts
from jukidesk.gui.context import AppContext
from jukidesk.gui.tables import FullTextDelegate, set_empty_text
from jukidesk.gui.widgets import fit_to_screen
from jukidesk.storage.models import CHECKLIST_KINDS

COLUMNS = ("番号", "区分・項目", "重要", "対象区分")
COL_NUMBER, COL_TEXT, COL_IMPORTANT, COL_KINDS = range(4)
TOP = 0  # internal id of a category row; an item's is its category's row + 1


def kinds_text(kinds: tuple[str, ...]) -> str:
    if set(kinds) == set(CHECKLIST_KINDS):
        return "すべて"
    return "、".join(CHECKLIST_KIND_LABELS[k] for k in CHECKLIST_KINDS if k in kinds)


class TemplateTreeModel(QAbstractItemModel):
    """区分 rows with their items as children, over a plain TemplateDefinition."""

    def __init__(self, definition: TemplateDefinition, parent=None):
        super().__init__(parent)
        self.definition = definition

    # -- structure ------------------------------------------------------------------------
    @property
    def categories(self) -> list[CategoryDefinition]:
        return self.definition.categories

    def index(self, row, column, parent=QModelIndex()):
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, TOP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index=QModelIndex()):
        if not index.isValid() or index.internalId() == TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, TOP)

    def rowCount(self, parent=QModelIndex()):
        if not parent.isValid():
            return len(self.categories)
        if parent.internalId() == TOP and parent.column() == 0:
            return len(self.categories[parent.row()].items)
        return 0

    def columnCount(self, parent=QModelIndex()):
        return len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def is_category(self, index: QModelIndex) -> bool:
        return index.isValid() and index.internalId() == TOP

    def category_row(self, index: QModelIndex) -> int:
        return index.row() if self.is_category(index) else index.internalId() - 1

    def item_at(self, index: QModelIndex) -> ItemDefinition | None:
        if not index.isValid() or self.is_category(index):
            return None
        return self.categories[index.internalId() - 1].items[index.row()]

    def category_index(self, row: int, column: int = 0) -> QModelIndex:
        return self.index(row, column)

    def item_index(self, category: int, row: int, column: int = 0) -> QModelIndex:
        return self.index(row, column, self.category_index(category))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = index.column()
        if self.is_category(index):
            category = self.categories[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                if column == COL_TEXT:
                    return category.name
                if column == COL_NUMBER:
                    return f"区分{index.row() + 1}"
                if column == COL_KINDS:
                    return f"{len(category.items)} 項目"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        item = self.item_at(index)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == COL_NUMBER:
                return item.number
            if column == COL_TEXT:
                if role == Qt.ItemDataRole.ToolTipRole and item.guidance:
                    return f"{item.text}\n\n着眼点: {item.guidance}"
                return item.text
            if column == COL_IMPORTANT:
                return "重要" if item.important else ""
            if column == COL_KINDS:
                return kinds_text(item.kinds)
        return None

    # -- changes ----------------------------------------------------------------------------
    def set_definition(self, definition: TemplateDefinition) -> None:
        self.beginResetModel()
        self.definition = definition
        self.endResetModel()

    def _row_changed(self, index: QModelIndex) -> None:
        self.dataChanged.emit(index.siblingAtColumn(0), index.siblingAtColumn(len(COLUMNS) - 1))

    def update_item(self, index: QModelIndex, **values) -> None:
        item = self.item_at(index)
        for key, value in values.items():
            setattr(item, key, value)
        self._row_changed(index)
        self._row_changed(self.parent(index))  # its item count

    def rename_category(self, row: int, name: str) -> None:
        self.categories[row].name = name
        self._row_changed(self.category_index(row))

    def next_number(self, category: int) -> str:
        taken = {i.number for c in self.categories for i in c.items}
        n = len(self.categories[category].items) + 1
        while f"{category + 1}-{n}" in taken:
            n += 1
        return f"{category + 1}-{n}"

    def add_category(self, name: str, at: int | None = None) -> QModelIndex:
        row = len(self.categories) if at is None else at
        self.beginInsertRows(QModelIndex(), row, row)
        self.categories.insert(row, CategoryDefinition(str(row + 1), name, []))
        self.endInsertRows()
        return self.category_index(row)

    def add_item(self, category: int, at: int | None = None, text: str = "") -> QModelIndex:
        items = self.categories[category].items
        row = len(items) if at is None else at
        number = self.next_number(category)
        self.beginInsertRows(self.category_index(category), row, row)
        items.insert(row, ItemDefinition(number, text))
        self.endInsertRows()
        return self.item_index(category, row)

    def remove(self, index: QModelIndex) -> None:
        if self.is_category(index):
            self.beginRemoveRows(QModelIndex(), index.row(), index.row())
            del self.categories[index.row()]
        else:
            category = index.internalId() - 1
            self.beginRemoveRows(self.category_index(category), index.row(), index.row())
            del self.categories[category].items[index.row()]
        self.endRemoveRows()

    def move(self, index: QModelIndex, delta: int) -> QModelIndex:
        """Move a row one place up (-1) or down (+1); an item at the edge of its 区分 goes to
        the end (start) of the previous (next) one. Returns the row's new index."""
        if self.is_category(index):
            row, target = index.row(), index.row() + delta
            if not 0 <= target < len(self.categories):
                return index
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + (1 if delta > 0 else 0))
            self.categories.insert(target, self.categories.pop(row))
            self.endMoveRows()
            return self.category_index(target)
        category, row = index.internalId() - 1, index.row()
        items = self.categories[category].items
        target = row + delta
        if 0 <= target < len(items):
            self.beginMoveRows(self.category_index(category), row, row, self.category_index(category),
                               target + (1 if delta > 0 else 0))
            items.insert(target, items.pop(row))
            self.endMoveRows()
            self._row_changed(self.item_index(category, target))
            return self.item_index(category, target)
        other = category + delta
        if not 0 <= other < len(self.categories):
            return index
        dest_items = self.categories[other].items
        dest_row = len(dest_items) if delta < 0 else 0
        self.beginMoveRows(self.category_index(category), row, row, self.category_index(other), dest_row)
        dest_items.insert(dest_row, items.pop(row))
        self.endMoveRows()
        self._row_changed(self.category_index(category))
        self._row_changed(self.category_index(other))
        return self.item_index(other, dest_row)


class TemplateEditorDialog(QDialog):
    """Edit the newest template version; the save follows the version rule shown below."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("チェックリストのテンプレートの編集")
        self.context = context
        self.saved: act.SavedTemplate | None = None
        self.preview: act.TemplatePreview | None = None
        self.diff_dialog = None
        start = act.current_template(context.database)
        self.model = TemplateTreeModel(copy.deepcopy(start) if start else TemplateDefinition("チェックリスト", []), self)

        layout = QVBoxLayout(self)
        name_row = QHBoxLayout()
        name_label = QLabel("テンプレートの名称(&N):", self)
        self.name_edit = QLineEdit(self.model.definition.name, self)
        name_label.setBuddy(self.name_edit)
        name_row.addWidget(name_label)
        name_row.addWidget(self.name_edit, 1)
        layout.addLayout(name_row)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeView(left)
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.tree.expandAll()
        self.tree.setItemDelegate(FullTextDelegate(self.tree))  # a cut item's whole text as its tooltip
        set_empty_text(self.tree, "区分がまだありません。「区分を追加」で区分を作り、「項目を追加」で項目を加えます。")
        left_layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.add_category_button = QPushButton("区分を追加(&C)", left)
        self.add_item_button = QPushButton("項目を追加(&A)", left)
        self.up_button = QPushButton("上へ(&U)", left)
        self.down_button = QPushButton("下へ(&D)", left)
        self.remove_button = QPushButton("削除(&R)", left)
        self.renumber_button = QPushButton("番号を振り直す(&B)", left)
        self.renumber_button.setToolTip("項目番号を「区分の順-区分内の順」（1-1、1-2、2-1 …）に振り直します")
        for button in (self.add_category_button, self.add_item_button, self.up_button, self.down_button,
                       self.remove_button, self.renumber_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        splitter.addWidget(left)

        self.form_box = QGroupBox("選択した行", splitter)
        form = QFormLayout(self.form_box)
        self.category_edit = QLineEdit(self.form_box)
        self.number_edit = QLineEdit(self.form_box)
        self.text_edit = QPlainTextEdit(self.form_box)
        self.guidance_edit = QPlainTextEdit(self.form_box)
        for edit in (self.text_edit, self.guidance_edit):
            edit.setTabChangesFocus(True)
            edit.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            edit.setMinimumHeight(self.fontMetrics().height() * 4)
        self.important_check = QCheckBox("重要項目(&I)", self.form_box)
        kinds_row = QHBoxLayout()
        self.kind_checks: dict[str, QCheckBox] = {}
        for kind in CHECKLIST_KINDS:
            check = QCheckBox(CHECKLIST_KIND_LABELS[kind], self.form_box)
            self.kind_checks[kind] = check
            kinds_row.addWidget(check)
        kinds_row.addStretch(1)
        self.category_label = QLabel("区分名(&K):", self.form_box)
        self.category_label.setBuddy(self.category_edit)
        number_label, text_label = QLabel("番号(&M):", self.form_box), QLabel("項目(&T):", self.form_box)
        guidance_label = QLabel("確認の着眼点(&G):", self.form_box)
        number_label.setBuddy(self.number_edit)
        text_label.setBuddy(self.text_edit)
        guidance_label.setBuddy(self.guidance_edit)
        form.addRow(self.category_label, self.category_edit)
        form.addRow(number_label, self.number_edit)
        form.addRow(text_label, self.text_edit)
        form.addRow(guidance_label, self.guidance_edit)
        form.addRow("", self.important_check)
        form.addRow("対象区分:", kinds_row)
        splitter.addWidget(self.form_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        save_box = QGroupBox("保存", self)
        save_layout = QVBoxLayout(save_box)
        year_row = QHBoxLayout()
        year_label = QLabel("適用を始める年度(&Y):", save_box)
        self.year_spin = QSpinBox(save_box)
        self.year_spin.setRange(1990, 2100)
        self.year_spin.setSuffix(" 年度")
        year_label.setBuddy(self.year_spin)
        self.year_text = QLabel(save_box)
        year_row.addWidget(year_label)
        year_row.addWidget(self.year_spin)
        year_row.addWidget(self.year_text)
        year_row.addStretch(1)
        self.diff_button = QPushButton("現在の版との違い(&V)…", save_box)
        year_row.addWidget(self.diff_button)
        save_layout.addLayout(year_row)
        self.rule_label = QLabel(save_box)
        self.rule_label.setWordWrap(True)
        save_layout.addWidget(self.rule_label)
        layout.addWidget(save_box)

        self.button_box = QDialogButtonBox(self)
        self.save_button = self.button_box.addButton("保存(&S)", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.button_box.addButton("閉じる", QDialogButtonBox.ButtonRole.RejectRole)
        self.button_box.accepted.connect(self.save)
        self.button_box.rejected.connect(self.reject)
        layout.addWidget(self.button_box)

        self.year_spin.setValue(act.template_start_year(context.database, context.fiscal_year))

        self.tree.selectionModel().currentChanged.connect(lambda _c, _p: self.show_current())
        self.add_category_button.clicked.connect(self.add_category)
        self.add_item_button.clicked.connect(self.add_item)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(+1))
        self.remove_button.clicked.connect(self.remove)
        self.renumber_button.clicked.connect(self.renumber)
        self.diff_button.clicked.connect(self.show_diff)
        self.name_edit.textEdited.connect(lambda _t: self.refresh_rule())
        self.category_edit.textEdited.connect(self._category_edited)
        self.number_edit.textEdited.connect(lambda t: self._item_edited(number=t.strip()))
        self.text_edit.textChanged.connect(lambda: self._item_edited(text=self.text_edit.toPlainText().strip()))
        self.guidance_edit.textChanged.connect(
            lambda: self._item_edited(guidance=self.guidance_edit.toPlainText().strip())
        )
        self.important_check.toggled.connect(lambda on: self._item_edited(important=on))
        for check in self.kind_checks.values():
            check.toggled.connect(lambda _on: self._item_edited(
                kinds=tuple(k for k in CHECKLIST_KINDS if self.kind_checks[k].isChecked())
            ))
        self.year_spin.valueChanged.connect(lambda _v: self.refresh_rule())
        self.resize(1100, 680)
        if self.model.rowCount():
            self.tree.setCurrentIndex(self.model.item_index(0, 0) if self.model.rowCount(self.model.category_index(0))
                                      else self.model.category_index(0))
        self.show_current()
        self.refresh_rule()
        fit_to_screen(self)  # inside the screen's free area (1366×728 on a municipal PC)

    def reject(self) -> None:
        """閉じる / Esc: unsaved changes are discarded only after a confirmation."""
        if self.saved is None and self.preview is not None and self.preview.action != "unchanged":
            if not prompts.confirm(self, "保存していない変更があります。変更を破棄して閉じますか？", ok_text="破棄して閉じる",
                                  destructive=True):
                return
        super().reject()

    # -- the definition being edited --------------------------------------------------------
    def definition(self) -> TemplateDefinition:
        result = copy.deepcopy(self.model.definition)
        result.name = self.name_edit.text().strip()
        return result

    def current(self) -> QModelIndex:
        return self.tree.currentIndex().siblingAtColumn(0)

    def select(self, index: QModelIndex) -> None:
        self.tree.expandAll()
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)

    def show_current(self) -> None:
        index = self.current()
        item = self.model.item_at(index)
        is_category = self.model.is_category(index)
        widgets = (self.number_edit, self.text_edit, self.guidance_edit, self.important_check, *self.kind_checks.values())
        blockers = [QSignalBlocker(w) for w in (self.category_edit, *widgets)]
        category_row = self.model.category_row(index) if index.isValid() else None
        self.category_edit.setText(self.model.categories[category_row].name if category_row is not None else "")
        self.category_edit.setEnabled(category_row is not None)
        for widget in widgets:
            widget.setEnabled(item is not None)
        self.number_edit.setText(item.number if item else "")
        self.text_edit.setPlainText(item.text if item else "")
        self.guidance_edit.setPlainText(item.guidance if item else "")
        self.important_check.setChecked(bool(item and item.important))
        for kind, check in self.kind_checks.items():
            check.setChecked(bool(item and kind in item.kinds))
        del blockers
        self.form_box.setTitle("区分" if is_category else ("項目" if item else "選択した行"))
        self.add_item_button.setEnabled(bool(self.model.categories))
        for button in (self.up_button, self.down_button, self.remove_button):
            button.setEnabled(index.isValid())

    def _item_edited(self, **values) -> None:
        index = self.current()
        if self.model.item_at(index) is None:
            return
        self.model.update_item(index, **values)
        self.refresh_rule()

    def _category_edited(self, text: str) -> None:
        index = self.current()
        if index.isValid():
            self.model.rename_category(self.model.category_row(index), text.strip())
            self.refresh_rule()

    # -- buttons -----------------------------------------------------------------------------
    def add_category(self) -> QModelIndex:
        index = self.current()
        at = self.model.category_row(index) + 1 if index.isValid() else None
        new = self.model.add_category(f"新しい区分{len(self.model.categories) + 1}", at)
        self.select(new)
        self.category_edit.setFocus()
        self.category_edit.selectAll()
        self.refresh_rule()
        return new

    def add_item(self, text: str = "") -> QModelIndex | None:
        index = self.current()
        if not self.model.categories:
            return None
        if not index.isValid():
            new = self.model.add_item(len(self.model.categories) - 1, text=text)
        elif self.model.is_category(index):
            new = self.model.add_item(index.row(), text=text)
        else:
            new = self.model.add_item(index.internalId() - 1, index.row() + 1, text=text)
        self.select(new)
        self.text_edit.setFocus()
        self.refresh_rule()
        return new

    def move_row(self, delta: int) -> None:
        index = self.current()
        if index.isValid():
            self.select(self.model.move(index, delta))
            self.refresh_rule()

    def remove(self) -> None:
        index = self.current()
        if not index.isValid():
            return
        if self.model.is_category(index):
            category = self.model.categories[index.row()]
            if category.items and not prompts.confirm(
                self, f"区分「{category.name}」とその {len(category.items)} 項目を削除します。", ok_text="削除する", destructive=True
            ):
                return
        self.model.remove(index)
        self.show_current()
        self.refresh_rule()

    def renumber(self) -> None:
        current = self.current()
        position = (self.model.category_row(current), None if self.model.is_category(current) else current.row()) \
            if current.isValid() else None
        self.model.set_definition(renumbered(self.model.definition))
        if position is not None:
            category, row = position
            self.select(self.model.category_index(category) if row is None else self.model.item_index(category, row))
        self.refresh_rule()

    # -- the version rule, the diff and the save ------------------------------------------
    def refresh_rule(self) -> act.TemplatePreview | None:
        self.year_text.setText(self.context.year_style.label(self.year_spin.value(), fullwidth=False))
        try:
            self.preview = act.preview_template(self.context.database, self.definition(), self.year_spin.value())
        except JukideskError as exc:
            self.preview = None
            self.rule_label.setText(f"保存できません: {exc}")
            self.rule_label.setStyleSheet("color: #B00020;")
            self.diff_button.setEnabled(False)
            return None
        style = self.context.year_style
        diff = self.preview.diff.summary().split(": ", 1)[-1]
        self.rule_label.setText(
            f"{self.preview.plan.text(lambda fy: style.label(fy, fullwidth=False))}\n現在の版との違い: {diff}"
        )
        self.rule_label.setStyleSheet("")
        self.diff_button.setEnabled(True)
        return self.preview

    def show_diff(self):
        from jukidesk.gui.template_diff_dialog import TemplateDiffDialog

        preview = self.refresh_rule()
        if preview is None:
            return None
        self.diff_dialog = TemplateDiffDialog(self.context, self, diff=preview.diff)
        self.diff_dialog.open()
        return self.diff_dialog

    def save(self) -> act.SavedTemplate | None:
        preview = self.refresh_rule()
        if preview is None:
            prompts.error(self, self.rule_label.text())
            return None
        if preview.action == "unchanged":
            prompts.info(self, "変更はありません。")
            return None
        counts = preview.diff.counts()
        if not prompts.confirm(
            self,
            f"{preview.plan.text(lambda fy: self.context.year_style.label(fy, fullwidth=False))}\n\n"
            f"追加 {counts['added']}、削除 {counts['removed']}、文言変更 {counts['reworded']}、移動 {counts['moved']}",
            ok_text="保存する",
        ):
            return None
        try:
            done = act.save_template(self.context.database, self.definition(), self.year_spin.value())
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return None
        self.saved = done.value
        self.context.apply(done)
        labels = {"edited": "書き換えました", "new_version": "新しい版を作りました"}
        prompts.info(self, f"{self.saved.title()}: {labels.get(self.saved.action, '変更はありません')}。")
        self.accept()
        return self.saved


def open_editor(context: AppContext, parent: QWidget | None = None) -> TemplateEditorDialog:
    dialog = TemplateEditorDialog(context, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
