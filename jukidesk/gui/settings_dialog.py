"""組織の設定: a form generated from ``core.settings.SPECS``.

One tab per ``spec.group`` (in the order the groups first appear), one editor per spec by its
type: str → line edit (a text that already holds line breaks, or ``multiline`` → a text box),
int → spin box, bool → check box. A setting added to SPECS appears here without any change
in this file. OK stores the changed values with ``actions.settings.save_settings`` in one
transaction; a ``ValidationError`` is shown in the dialog and nothing is stored.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QWidget,
)

from jukidesk.actions.settings import save_settings
from jukidesk.base.errors import JukideskError, ValidationError
from jukidesk.core import settings as core_settings
from jukidesk.core.settings import SettingSpec
from jukidesk.gui.context import AppContext
from jukidesk.gui.forms.ui_settings_dialog import Ui_SettingsDialog
from jukidesk.gui.widgets import fit_to_screen

INT_RANGE = (0, 999_999)
LONG_LABEL = 22  # characters; a longer label goes above its editor


class SettingsDialog(QDialog):
    saved = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_SettingsDialog()
        self.ui.setupUi(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context = context
        self.specs: tuple[SettingSpec, ...] = tuple(core_settings.SPECS)
        with context.database.session() as session:
            self.initial: dict[str, Any] = core_settings.load_settings(session)
        self.editors: dict[str, QWidget] = {}
        self._page_of: dict[str, int] = {}
        self._build()
        self.ui.buttons.accepted.connect(self.accept)
        self.ui.buttons.rejected.connect(self.reject)
        fit_to_screen(self)  # inside the screen's free area (1366×728 on a municipal PC)

    # -- building the form ------------------------------------------------------------
    def _build(self) -> None:
        forms: dict[str, QFormLayout] = {}
        for spec in self.specs:
            if spec.group not in forms:
                scroll = QScrollArea(self.ui.groups)
                scroll.setWidgetResizable(True)
                page = QWidget(scroll)
                form = QFormLayout(page)
                form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
                form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
                scroll.setWidget(page)
                self.ui.groups.addTab(scroll, spec.group)
                forms[spec.group] = form
            self._page_of[spec.key] = self.ui.groups.count() - 1
            editor = self._editor(spec, self.initial.get(spec.key, spec.default))
            editor.setObjectName(f"setting_{spec.key}")
            editor.setParent(forms[spec.group].parentWidget())
            self.editors[spec.key] = editor
            form = forms[spec.group]
            if isinstance(editor, QCheckBox):
                form.addRow(editor)
                continue
            label = QLabel(spec.label)
            label.setBuddy(editor)
            if isinstance(editor, QPlainTextEdit) or len(spec.label) > LONG_LABEL:
                # Long labels and text boxes take the full width: label above, editor below.
                label.setWordWrap(True)
                form.addRow(label)
                form.addRow(editor)
            else:
                form.addRow(label, editor)

    def _editor(self, spec: SettingSpec, value: Any) -> QWidget:
        if spec.type is bool:
            editor = QCheckBox(spec.label)
            editor.setChecked(bool(value))
            return editor
        if spec.type is int:
            editor = QSpinBox()
            editor.setRange(*INT_RANGE)
            editor.setValue(int(value))
            editor.setMaximumWidth(160)
            return editor
        text = "" if value is None else str(value)
        if spec.multiline or "\n" in text:
            editor = QPlainTextEdit()
            editor.setPlainText(text)
            editor.setTabChangesFocus(True)
            lines = 6 if spec.multiline else 3
            height = editor.fontMetrics().lineSpacing() * lines + 12
            editor.setMinimumHeight(height)
            if not spec.multiline:
                editor.setMaximumHeight(height)
            return editor
        editor = QLineEdit(text)
        editor.setCursorPosition(0)  # show the start of a long text, not its end
        return editor

    # -- values -----------------------------------------------------------------------
    def value(self, key: str) -> Any:
        editor = self.editors[key]
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QSpinBox):
            return editor.value()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        return editor.text()

    def values(self) -> dict[str, Any]:
        return {spec.key: self.value(spec.key) for spec in self.specs}

    def changed_values(self) -> dict[str, Any]:
        """Only what the user changed (untouched settings keep their stored form exactly)."""
        return {key: value for key, value in self.values().items() if value != self.initial.get(key)}

    def error_text(self) -> str:
        return self.ui.error_label.text()

    def show_error(self, message: str, key: str | None = None) -> None:
        self.ui.error_label.setText(message)
        if key in self.editors:
            self.ui.groups.setCurrentIndex(self._page_of[key])
            self.editors[key].setFocus(Qt.FocusReason.OtherFocusReason)

    # -- saving -----------------------------------------------------------------------
    def accept(self) -> None:
        changed = self.changed_values()
        if changed:
            try:
                outcome = save_settings(self.context.database, changed)
            except ValidationError as exc:
                self.show_error(str(exc), exc.field)
                return
            except JukideskError as exc:
                self.show_error(str(exc))
                return
            self.context.apply(outcome)
            self.saved.emit()
        super().accept()
