"""One dialog for adding or editing any municipal record, built from the record kind's
field list (``core.municipal.records.Field``) instead of a hand-written form per list.

OK saves through the action ``actions.municipal.save_record`` (``records.add_record`` /
``update_record``: the same checks as the command line and the imports) in one
transaction. A broken rule is shown in red inside the dialog, the offending field gets
the focus, the dialog stays open and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from jukidesk.actions import municipal as act
from jukidesk.base.errors import JukideskError
from jukidesk.core.municipal.records import Context, Field, RecordKind, defaults, get_record, values_of
from jukidesk.gui import prompts
from jukidesk.gui.context import AppContext
from jukidesk.gui.widgets import fit_to_screen, save_or_show_error, show_field_error

NONE_TEXT = "（なし）"


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class DateField(QWidget):
    """A date; an optional one has a check box in front (unchecked = no date)."""

    def __init__(self, optional: bool, fallback: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox("指定する", self) if optional else None
        self.edit = QDateEdit(self)
        self.edit.setDisplayFormat("yyyy/MM/dd")
        self.edit.setCalendarPopup(True)
        self.edit.setDate(to_qdate(fallback))
        self._fallback = fallback
        if self.check is not None:
            layout.addWidget(self.check)
            self.check.toggled.connect(self.edit.setEnabled)
        layout.addWidget(self.edit)
        layout.addStretch(1)
        self.setFocusProxy(self.check or self.edit)

    def value(self) -> dt.date | None:
        if self.check is not None and not self.check.isChecked():
            return None
        return from_qdate(self.edit.date())

    def set_value(self, day: dt.date | None) -> None:
        if self.check is not None:
            self.check.setChecked(day is not None)
            self.edit.setEnabled(day is not None)
        self.edit.setDate(to_qdate(day or self._fallback))


ALT_LETTERS = "ABCDEFGHIJKLMNPQRSTUVWXYZ"  # O is left out: it reads like a zero under a label


class RecordDialog(QDialog):
    saved = Signal(int)  # the record's id, after the transaction committed

    def __init__(
        self,
        context: AppContext,
        kind: RecordKind,
        ctx: Context,
        parent: QWidget | None = None,
        *,
        record_id: int | None = None,
    ):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context, self.kind, self.ctx, self.record_id = context, kind, ctx, record_id
        self.setWindowTitle(f"{kind.label}の{'編集' if record_id else '追加'}")
        self.widgets: dict[str, QWidget] = {}

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        letters = iter(ALT_LETTERS)  # Alt+A, Alt+B, … one per field, in form order
        with context.database.session() as session:
            for field in kind.fields:
                widget = self._widget(session, field)
                self.widgets[field.key] = widget
                alt = next(letters, "")
                key = f"(&{alt})" if alt else ""
                label = QLabel(field.label + ("（必須）" if field.required else "") + key + ":", self)
                label.setBuddy(widget)
                if field.help:
                    widget.setToolTip(field.help)
                form.addRow(label, widget)
            if record_id is None:
                values = defaults(session, kind, ctx)
            else:
                values = values_of(kind, get_record(session, kind, record_id))
        self.set_values(values)

        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(max(680, self.sizeHint().width()), self.sizeHint().height())
        if kind.fields:
            self.widgets[kind.fields[0].key].setFocus()
        fit_to_screen(self)  # inside the screen's free area (1366×728 on a municipal PC)

    # -- the form ---------------------------------------------------------------------
    def _widget(self, session, field: Field) -> QWidget:
        if field.type == "multiline":
            edit = QPlainTextEdit(self)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 12)
            return edit
        if field.type == "date":
            return DateField(not field.required, self.ctx.as_of, self)
        if field.type == "bool":
            return QCheckBox(self)
        if field.type in ("choice", "combo"):
            box = QComboBox(self)
            box.setEditable(field.type == "combo")
            if field.type == "choice" and not field.required:
                box.addItem(NONE_TEXT, None)
            for value, label in field.choices(session, self.ctx) if field.choices else []:
                box.addItem(label, value)
            return box
        edit = QLineEdit(self)
        if field.help:
            edit.setPlaceholderText(field.help)
        return edit

    def set_values(self, values: dict[str, Any]) -> None:
        for field in self.kind.fields:
            widget, value = self.widgets[field.key], values.get(field.key)
            if isinstance(widget, DateField):
                widget.set_value(value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
            elif isinstance(widget, QComboBox) and widget.isEditable():
                widget.setCurrentText(value or "")
            elif isinstance(widget, QComboBox):
                index = widget.findData(value)
                if index < 0 and value is not None:  # a stored value no longer offered: keep it
                    widget.addItem(str(value), value)
                    index = widget.count() - 1
                widget.setCurrentIndex(max(index, 0))
            else:
                widget.setText("" if value is None else str(value))

    def values(self) -> dict[str, Any]:
        result = {}
        for key, widget in self.widgets.items():
            if isinstance(widget, DateField):
                result[key] = widget.value()
            elif isinstance(widget, QCheckBox):
                result[key] = widget.isChecked()
            elif isinstance(widget, QPlainTextEdit):
                result[key] = widget.toPlainText()
            elif isinstance(widget, QComboBox) and widget.isEditable():
                result[key] = widget.currentText()
            elif isinstance(widget, QComboBox):
                result[key] = widget.currentData()
            else:
                result[key] = widget.text()
        return result

    def error_text(self) -> str:
        return self.error_label.text()

    def show_error(self, message: str, field: str | None = None) -> None:
        show_field_error(self.error_label, self.widgets, message, field)

    # -- saving -----------------------------------------------------------------------
    def accept(self) -> None:
        raw = self.values()
        if not self._confirmed(raw):
            return
        saved_id = save_or_show_error(
            self.context,
            lambda: act.save_record(self.context.database, self.kind, raw, self.ctx, record_id=self.record_id),
            self.show_error,
        )
        if saved_id is None:
            return
        self.error_label.clear()
        self.record_id = saved_id
        self.saved.emit(saved_id)
        super().accept()

    def _confirmed(self, raw: dict[str, Any]) -> bool:
        """A valid record the kind asks to confirm (a contract without a Pマーク …): the
        clerk sees why and chooses. Invalid values go on to the save, which shows the error."""
        try:
            warnings = act.record_warnings(self.context.database, self.kind, raw, self.ctx, record_id=self.record_id)
        except JukideskError:
            return True
        if not warnings:
            return True
        return prompts.confirm(self, "\n".join(warnings) + "\n\nこのまま保存しますか？", title="確認してください", ok_text="保存する")
