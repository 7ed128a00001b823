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
from jukidesk.base.settings_specs import check_month_day, parse_month_day
from jukidesk.core import settings as core_settings
from jukidesk.core.settings import SettingSpec
from jukidesk.gui.context import AppContext
from jukidesk.gui.forms.ui_settings_dialog import Ui_SettingsDialog
from jukidesk.gui.widgets import fit_to_screen

INT_RANGE = (0, 999_999)
LONG_LABEL = 22  # characters; a longer label goes above its editor


# One sentence per tab: what its settings are for (shown above the tabs for the tab open).
GROUP_EXPLANATIONS = {
    "組織": "報告書・通知文・画面で使う組織の名称や職名です。このデータファイルに保存され、すべての年度に使われます。",
    "年度": "今年度の進捗の期限と「今日」に使う基準日です。提出期限や通知の時期を数えるときに使います。",
    "採点": "チェックリストの点数（1〜3）の意味です。入力画面の説明と、配布する Excel ブックに載ります。",
    "通知": "監査実施通知の文書番号・本文・準備書類・問い合わせ先です。通知を印刷するたびにここから作ります。",
    "報告書": "資料2（監査経過報告）の表題・見出し・各節の段落のひな形です。年度ごとの記述は「資料2」タブで書きます。",
    "市町村の運用": "市町村の運用記録（研修・訓練・点検・例規・審議会・委託先・内部監査報告書）の期限・警告・決まりです。",
    "保守": "バックアップの世代数など、データファイルの保守に使う設定です。",
    "監査の日程": "年度更新で監査の予定（日・時刻・監査人・方法・場所）を組むときの決まりです。"
    "監査の時期、1日・1週あたりの上限、時間帯と、監査人・方法・場所の既定を決めます。予定は計画表で直せます。",
}
# Placeholders of the format settings, each with the value its example shows.
EXAMPLE_VALUES = {
    "{number}": "12", "{year}": "令和8年", "{next_year}": "令和9年", "{next_cycle}": "第4巡目",
    "{kind}": "内部監査",
}


def format_example(spec: SettingSpec, text: str, settings: dict[str, Any] | None = None) -> str:
    """What a format setting gives, e.g. 06-30 → 6月30日, {year}市第{number}号 → 令和8年市第12号
    ("" for a setting that is not a format, or a value that cannot be read)."""
    if spec.check is check_month_day:
        try:
            month, day = parse_month_day(text, key=spec.key)
        except ValidationError:
            return "月-日 で入力します（例 06-30）"
        return f"{month}月{day}日"
    if "{" not in str(spec.default or "") or spec.multiline:
        return ""
    example = text
    settings = settings or {}
    values = {**{f"{{{k}}}": str(v) for k, v in settings.items() if isinstance(v, str) and v}, **EXAMPLE_VALUES}
    values.setdefault("{org_short}", str(settings.get("org_short_name") or "市"))
    for placeholder, value in values.items():
        example = example.replace(placeholder, value)
    return example


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
        self.examples: dict[str, QLabel] = {}  # format settings: the example beside the editor
        self._page_of: dict[str, int] = {}
        self._build()
        self.ui.groups.currentChanged.connect(self._explain_tab)
        self._explain_tab(self.ui.groups.currentIndex())
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
            field = self._with_example(spec, editor)
            if isinstance(editor, QPlainTextEdit) or len(spec.label) > LONG_LABEL:
                # Long labels and text boxes take the full width: label above, editor below.
                label.setWordWrap(True)
                form.addRow(label)
                form.addRow(field)
            else:
                form.addRow(label, field)

    def _explain_tab(self, index: int) -> None:
        group = self.ui.groups.tabText(index).replace("&", "")
        self.ui.intro_label.setText(GROUP_EXPLANATIONS.get(group, ""))

    def _with_example(self, spec: SettingSpec, editor: QWidget) -> QWidget:
        """A format's editor with what it gives beside it (例: 6月30日), updated as it is typed."""
        if not isinstance(editor, QLineEdit) or not format_example(spec, editor.text()):
            return editor
        from PySide6.QtWidgets import QVBoxLayout

        box = QWidget(editor.parentWidget())
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        editor.setParent(box)
        column.addWidget(editor)
        example = QLabel(box)
        example.setObjectName(f"example_{spec.key}")
        example.setStyleSheet("color: #555;")
        example.setWordWrap(True)
        column.addWidget(example)

        def show(text: str) -> None:
            example.setText(f"例: {format_example(spec, text, self.initial)}")

        editor.textChanged.connect(show)
        show(editor.text())
        self.examples[spec.key] = example
        return box

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
                seen = {key: self.initial.get(key) for key in changed}
                outcome = save_settings(self.context.database, changed, seen=seen)
            except ValidationError as exc:
                self.show_error(str(exc), exc.field)
                return
            except JukideskError as exc:
                self.show_error(str(exc))
                return
            self.context.apply(outcome)
            self.saved.emit()
        super().accept()
