"""テンプレートの版の違い: added, removed, reworded and moved items between two versions
(``core.revisions.diff_templates``; this dialog only shows it). Given a ready ``diff`` (the
template editor's unsaved definition against the current version) it shows only that one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jukidesk.core.revisions import TemplateDiff, diff_templates, previous_version
from jukidesk.core.templates import list_templates
from jukidesk.gui.context import AppContext
from jukidesk.gui.tables import set_up_table
from jukidesk.gui.widgets import fit_to_screen
from jukidesk.storage.models import ChecklistTemplate

COLORS = {"added": "#E3F2E1", "removed": "#F9E0E0", "reworded": "#FFF2B3", "moved": "#E1ECF9"}


class TemplateDiffDialog(QDialog):
    HEADERS = ("変更", "旧 番号", "旧 文言", "新 番号", "新 文言", "区分（章）")

    def __init__(self, context: AppContext, parent: QWidget | None = None, diff: TemplateDiff | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("テンプレートの版の違い" if diff is None else "保存する内容と現在の版の違い")
        self.context = context
        self.diff: TemplateDiff | None = diff
        self.fixed = diff is not None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.old_combo, self.new_combo = QComboBox(self), QComboBox(self)
        with context.database.session() as session:
            templates = list_templates(session)
            for template in templates:
                label = f"{template.name} 第{template.version}版（{template.valid_from_fy}年度から）"
                self.old_combo.addItem(label, template.id)
                self.new_combo.addItem(label, template.id)
            if templates:
                newest = templates[-1]
                before = previous_version(session, newest)
                self.new_combo.setCurrentIndex(len(templates) - 1)
                self.old_combo.setCurrentIndex(self.old_combo.findData(before.id) if before else len(templates) - 1)
        for combo in (self.old_combo, self.new_combo):  # long version names must not widen the dialog
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
        old_label, new_label = QLabel("比べる元(&F):", self), QLabel("→ 比べる先(&T):", self)
        old_label.setBuddy(self.old_combo)
        new_label.setBuddy(self.new_combo)
        row.addWidget(old_label)
        row.addWidget(self.old_combo, 1)
        row.addWidget(new_label)
        row.addWidget(self.new_combo, 1)
        if not self.fixed:
            layout.addLayout(row)
        else:
            for widget in (old_label, self.old_combo, new_label, self.new_combo):
                widget.hide()
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.show_unchanged = QCheckBox("変更のない項目も表示する", self)
        layout.addWidget(self.show_unchanged)
        self.table = QTableWidget(0, len(self.HEADERS), self)
        self.table.setHorizontalHeaderLabels(list(self.HEADERS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        set_up_table(self.table, stretch=(2, 4))
        layout.addWidget(self.table, 1)
        note = QLabel(
            "文言が変わった項目（文言変更）は、翌年度のチェックリストに回答を引き継がず「要再回答」になり、"
            "前年度比などの年度間の比較からも除かれます。移動（番号・区分だけの変更）は同じ項目として扱います。",
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.old_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.show_unchanged.toggled.connect(lambda _on: self.refresh())
        self.resize(1000, 600)
        self.refresh()
        fit_to_screen(self)  # inside the screen's free area (1366×728 on a municipal PC)

    def refresh(self) -> None:
        old_id, new_id = self.old_combo.currentData(), self.new_combo.currentData()
        if not self.fixed:
            if old_id is None or new_id is None:
                self.summary_label.setText("テンプレートがありません。")
                return
            with self.context.database.session() as session:
                self.diff = diff_templates(session.get(ChecklistTemplate, old_id), session.get(ChecklistTemplate, new_id))
        self.summary_label.setText(self.diff.summary())
        changes = [c for c in self.diff.changes if self.show_unchanged.isChecked() or c.change != "unchanged"]
        self.table.setRowCount(len(changes))
        for r, change in enumerate(changes):
            old, new = change.old, change.new
            texts = (
                change.label,
                old.number if old else "",
                old.text if old else "",
                new.number if new else "",
                new.text if new else "",
                (new or old).category,
            )
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if change.change in COLORS:
                    item.setBackground(QBrush(QColor(COLORS[change.change])))
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
