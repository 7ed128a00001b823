"""チェックリスト: keyboard-only entry of one institution's checklist, saved as it is typed.

年度 comes from the window's year picker (the context); 区分 and 機関 are picked here. The
items are listed by category with the previous answer beside each. Keys on the table
(a column of answers is typed without looking up):
3, 0 or N (該当なし) set the answer and move to the next item; 1 or 2 set the score and open
that item's remark editor, where Enter saves the remark and moves on and Esc leaves the item
marked 備考なし (the cursor stays on it); Enter/↓ next item, ↑/Backspace previous item,
Tab opens the remark editor, Delete clears the answer. Full-width ３・Ｎ・０ typed with the
IME on work too (key text and input-method commit strings are read through NFKC). Typing
3 over a score under 3 clears its remark (``core.checklists.Entry.rescored``). Every answer is saved at once in its own small
transaction through ``actions.checklists.save_answer`` (no Save button, nothing lost on a
crash); the other tabs hear of the answers saved here once, when this tab is left, not on
every key. 完了 is possible only when every applicable item is answered and each score
under 3 has a remark; a completed checklist is read-only until 再開 (recorded with a reason).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QMenu,
    QWidget,
)

from jukidesk.actions.base import Area, Outcome, outcome
from jukidesk.base.errors import JukideskError
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS, CHECKLIST_STATUS_LABELS
from jukidesk.core import checklists
from jukidesk.core.checklists import ChecklistSheet, Entry, ItemRow
from jukidesk.core.scoring import is_low
from jukidesk.gui import operations, prompts
from jukidesk.gui.context import AppContext
from jukidesk.gui.forms.ui_checklist_tab import Ui_ChecklistTab
from jukidesk.gui.models.checklist_model import (
    COL_NUMBER,
    COL_PREVIOUS,
    COL_REMARK,
    COL_SCORE,
    COL_TEXT,
    ChecklistModel,
)
from jukidesk.storage.conflicts import ConflictError

CHECKLIST = Area.CHECKLISTS  # data_changed area of this tab
TEMPLATE = Area.TEMPLATES
RELOAD_AREAS = {CHECKLIST, TEMPLATE, Area.REGISTRY, Area.SETTINGS, Area.AUDITS}
READ_ONLY_MESSAGE = "このチェックリストは完了済みです。変更するには「再開」を押してください。"


class ChecklistTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_ChecklistTab()
        self.ui.setupUi(self)
        self.context = context
        self.sheet: ChecklistSheet | None = None
        self.dialog = None  # the import dialog opened last (tests reach it here)
        self.last_operation: operations.Operation | None = None
        self.unannounced: set[Area] = set()  # what the answers typed here changed, told on leaving
        self._announcing = False

        self.model = ChecklistModel(self)
        self.model.remark_edited.connect(self._remark_edited)
        table = self.ui.table
        table.setModel(self.model)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_NUMBER, 60), (COL_PREVIOUS, 96), (COL_SCORE, 80), (COL_REMARK, 340)):
            table.setColumnWidth(column, width)
        header.setStretchLastSection(False)
        # Rows follow their wrapped text: every row is measured once after a load or a change
        # of column width (coalesced by a zero timer), a changed row at once. The vertical
        # header's ResizeToContents measured every row on each layout pass (seven or more
        # times before the tab first showed).
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_rows)
        self._scroll_after_fit = False
        header.sectionResized.connect(lambda *_args: self._fit_timer.start())
        self.model.modelReset.connect(self._fit_timer.start)
        self.model.dataChanged.connect(self._fit_changed_rows)
        table.installEventFilter(self)
        table.itemDelegate().closeEditor.connect(self._remark_editor_closed)

        for kind, label in CHECKLIST_KIND_LABELS.items():
            self.ui.kind_combo.addItem(label, kind)
        self.ui.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.ui.institution_combo.currentIndexChanged.connect(lambda _i: self.load())
        self.ui.complete_button.clicked.connect(self.complete)
        self.ui.reopen_button.clicked.connect(self.reopen)
        self.ui.export_button.clicked.connect(self.export_workbooks)
        self.ui.import_button.clicked.connect(self.open_import_dialog)
        menu = QMenu(self)
        self.edit_template_action = QAction("テンプレートを編集…", self)
        self.edit_template_action.triggered.connect(self.edit_template)
        menu.addAction(self.edit_template_action)
        self.export_template_action = QAction("テンプレートを Excel に書き出し…", self)
        self.import_template_action = QAction("テンプレートを Excel・CSV から読み込み…", self)
        self.export_template_action.triggered.connect(self.export_template)
        self.import_template_action.triggered.connect(self.import_template)
        menu.addAction(self.export_template_action)
        menu.addAction(self.import_template_action)
        self.import_answers_action = QAction("過去の回答を取り込む（jukidesk 導入前の年度）…", self)
        self.import_answers_action.triggered.connect(self.import_past_answers)
        menu.addAction(self.import_answers_action)
        self._install_revision_actions(menu)  # 前年度の回答から始める, テンプレートの版の違い, 証拠資料
        self.ui.template_button.setMenu(menu)

        context.year_changed.connect(lambda _fy: self.reload())
        context.data_changed.connect(self._data_changed)
        self.reload()

    # -- selection --------------------------------------------------------------------
    @property
    def fy(self) -> int:
        return self.context.fiscal_year

    @property
    def kind(self) -> str:
        return self.ui.kind_combo.currentData()

    def institution_id(self) -> int | None:
        return self.ui.institution_combo.currentData()

    def select_kind(self, kind: str) -> None:
        self.ui.kind_combo.setCurrentIndex(self.ui.kind_combo.findData(kind))

    def select_institution(self, institution_id: int) -> None:
        index = self.ui.institution_combo.findData(institution_id)
        if index >= 0:
            self.ui.institution_combo.setCurrentIndex(index)

    def _kind_changed(self, _index: int) -> None:
        self.reload()

    def _data_changed(self, area: str) -> None:
        if self._announcing:
            return
        self.unannounced.discard(area)  # every tab has just heard of it
        if area in RELOAD_AREAS:
            self.reload()

    # -- telling the other tabs ---------------------------------------------------------
    def apply(self, done: Outcome) -> None:
        """After an action started here: every tab (this one too) refreshes what it changed,
        together with what the answers typed since the last announcement changed."""
        changes, self.unannounced = done.changes | self.unannounced, set()
        self.context.apply(outcome(done.value, changes, done.backup))

    def announce(self) -> None:
        """Tell the other tabs about the answers saved here since the last time. Each key is
        saved at once but announced only when the tab is left: refreshing every tab on every
        key would slow typing down. This tab already shows them and does not reload."""
        if not self.unannounced:
            return
        changes, self.unannounced = frozenset(self.unannounced), set()
        self._announcing = True
        try:
            self.context.apply(outcome(None, changes))
        finally:
            self._announcing = False

    def hideEvent(self, event) -> None:
        self.announce()
        super().hideEvent(event)

    # -- loading ----------------------------------------------------------------------
    def reload(self) -> None:
        """Refill the institution picker for the year and kind, then load the checklist."""
        self._finish_editing()
        selected = self.institution_id()
        combo = self.ui.institution_combo
        with self.context.database.session() as session:
            targets = checklists.target_choices(session, self.fy, self.kind)
        combo.blockSignals(True)
        combo.clear()
        for institution_id, code, name, status in targets:
            suffix = f"（{CHECKLIST_STATUS_LABELS[status]}）" if status else ""
            combo.addItem(f"{code} {name}{suffix}", institution_id)
        index = combo.findData(selected) if selected is not None else -1
        combo.setCurrentIndex(index if index >= 0 else (0 if combo.count() else -1))
        combo.blockSignals(False)
        self.load()

    def load(self) -> None:
        """Show the selected institution's checklist (the current item is kept)."""
        self._finish_editing()
        current = self.current_item()
        keep = current.item_id if current is not None else None
        institution_id = self.institution_id()
        self.sheet = None
        message = ""
        evidence: dict[int, int] = {}
        if institution_id is None:
            message = f"{self.context.year_style.display(self.fy)}の{CHECKLIST_KIND_LABELS[self.kind]}の対象機関がありません。"
        else:
            try:
                with self.context.database.session() as session:
                    self.sheet = checklists.load_sheet(session, self.fy, self.kind, institution_id)
                    evidence = self._evidence_counts(session)
            except JukideskError as exc:
                message = str(exc)
        settings = self.context.settings
        style = self.context.year_style
        previous = "前回"
        if self.sheet is not None and self.sheet.previous_fy is not None:
            previous = f"前回（{style.short(self.sheet.previous_fy)}）"
        self.model.set_sheet(
            self.sheet,
            score_meanings={s: settings.get(f"score_label_{s}", "") for s in (1, 2, 3)},
            previous_label=previous,
            evidence=evidence,
        )
        table = self.ui.table
        table.clearSpans()
        for row in range(self.model.rowCount()):
            if self.model.is_category(row):
                table.setSpan(row, 0, 1, self.model.columnCount())
        if self.sheet is not None:
            self.ui.state_label.setText(f"テンプレート第{self.sheet.template_version}版")
            self.ui.state_label.setToolTip(f"{self.sheet.template_name} 第{self.sheet.template_version}版")
            row = self.model.row_of(keep) if keep is not None and keep in self.model._row_of_item else None
            if row is None:
                row = next(iter(self.model.item_rows()), None)
            if row is not None:
                self._go_to(row)
                self._scroll_after_fit = True  # the rows get their heights next
        else:
            self.ui.state_label.setText(message)
            self.ui.state_label.setToolTip("")
        self._update_status()

    def _fit_rows(self) -> None:
        table = self.ui.table
        table.resizeRowsToContents()
        if self._scroll_after_fit:
            self._scroll_after_fit = False
            if table.currentIndex().isValid():
                table.scrollTo(table.currentIndex())

    def _fit_changed_rows(self, top_left, bottom_right, _roles=()) -> None:
        for row in range(top_left.row(), bottom_right.row() + 1):
            self.ui.table.resizeRowToContents(row)

    def _update_status(self) -> None:
        sheet = self.sheet
        if sheet is None:
            self.ui.status_label.setText("")
            self.ui.incomplete_label.setText("")
            self.ui.complete_button.setEnabled(False)
            self.ui.reopen_button.setEnabled(False)
            return
        text = sheet.status_text()
        if sheet.completed:
            text += "　完了済み（読み取り専用）"
        self.ui.status_label.setText(text)
        self.ui.incomplete_label.setText(
            f"備考のない3点未満の項目: {sheet.missing_remarks} 件（▲の項目で Tab を押して備考を入力）"
            if sheet.missing_remarks and not sheet.completed
            else ""
        )
        self.ui.complete_button.setEnabled(sheet.can_complete)
        self.ui.reopen_button.setEnabled(sheet.completed)

    # -- keyboard entry -----------------------------------------------------------------
    def current_item(self) -> ItemRow | None:
        index = self.ui.table.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def _go_to(self, row: int) -> None:
        table = self.ui.table
        index = self.model.index(row, COL_SCORE)
        table.setCurrentIndex(index)
        table.scrollTo(index)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.ui.table and self.ui.table.state() != QAbstractItemView.State.EditingState:
            if event.type() == QEvent.Type.KeyPress and self._key(event):
                return True
            if event.type() == QEvent.Type.InputMethod and event.commitString():
                # IME on: the answer arrives as a commit string (「３」), not as a key
                self.type_text(event.commitString())
                event.accept()
                return True
        return super().eventFilter(obj, event)

    def _key(self, event) -> bool:
        key = event.key()
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
            self.move(1)
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Backspace):
            self.move(-1)
            return True
        if key == Qt.Key.Key_Tab:
            self.edit_remark()
            return True
        if key == Qt.Key.Key_Delete:
            self.clear_score()
            return True
        return self.type_text(event.text())

    def type_text(self, text: str) -> bool:
        """Answers typed as text (a key or an IME commit string, full width or not): each
        3/0/N answers the current item and moves on; 1/2 stop at the remark editor."""
        handled = False
        for char in unicodedata.normalize("NFKC", text).upper():
            if char in "123":
                handled = True
                if not self.set_score(int(char)):
                    break
            elif char in "0N":
                handled = True
                if not self.set_not_applicable():
                    break
        return handled

    def move(self, step: int) -> None:
        index = self.ui.table.currentIndex()
        row = index.row() if index.isValid() else -1
        target = self.model.next_item_row(row, step)
        if target is not None:
            self._go_to(target)
        elif index.isValid() and index.column() != COL_SCORE:
            self._go_to(row)

    def set_score(self, score: int) -> bool:
        """Answer the current item; returns whether typing goes on to the next item (a score
        under 3 opens the remark editor instead)."""
        item = self._editable_item()
        if item is None or not self._save(item, (item.entry or Entry()).rescored(score)):
            return False
        if is_low(score):
            self.edit_remark()
            return False
        self.move(1)
        return True

    def set_not_applicable(self) -> bool:
        item = self._editable_item()
        if item is None or not self._save(item, (item.entry or Entry()).rescored(None, True)):
            return False
        self.move(1)
        return True

    def clear_score(self) -> None:
        item = self._editable_item()
        if item is not None and item.entry is not None:
            self._save(item, Entry(None, False, item.entry.remark))

    def _remark_editor_closed(self, _editor, hint) -> None:
        """Enter in the remark editor saves (the delegate has committed) and moves on; Esc
        keeps the item (marked 備考なし when it still needs its remark)."""
        Hint = QAbstractItemDelegate.EndEditHint
        index = self.ui.table.currentIndex()
        if hint == Hint.SubmitModelCache:
            self.move(1)
        elif hint == Hint.RevertModelCache and index.isValid():
            self._go_to(index.row())

    def edit_remark(self) -> None:
        item = self._editable_item()
        if item is not None:
            index = self.model.index(self.model.row_of(item.item_id), COL_REMARK)
            self.ui.table.setCurrentIndex(index)
            self.ui.table.edit(index)

    def _editable_item(self) -> ItemRow | None:
        item = self.current_item()
        if item is None or self.sheet is None:
            return None
        if self.sheet.completed:
            self.ui.incomplete_label.setText(READ_ONLY_MESSAGE)
            return None
        return item

    def _remark_edited(self, item_id: int, remark: str) -> None:
        item = self.model.item_at(self.model.row_of(item_id))
        entry = item.entry or Entry()
        self._save(item, Entry(entry.score, entry.not_applicable, remark))

    def _save(self, item: ItemRow, entry: Entry) -> bool:
        """One answer, one transaction; the view changes only after the commit. The actions
        module (with carry_forward and revisions) is loaded here, at the first answer, not
        when the tab is first shown."""
        from jukidesk.actions import checklists as act

        sheet = self.sheet
        try:
            saved = act.save_answer(
                self.context.database, sheet.fy, sheet.kind, sheet.institution_id, item.item_id, entry, seen=item.entry
            )
        except ConflictError as exc:  # another clerk changed it meanwhile: show theirs
            prompts.error(self, str(exc))
            self.load()
            return False
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return False
        self.unannounced |= saved.changes
        sheet.checklist_id = saved.value
        self.model.set_entry(item.item_id, None if entry.is_empty else entry)
        self._update_status()
        return True

    def _finish_editing(self) -> None:
        """Commit a remark being typed (before switching checklist or closing)."""
        table = self.ui.table
        if table.state() != QAbstractItemView.State.EditingState:
            return
        editor = QApplication.focusWidget()
        if editor is not None and table.viewport().isAncestorOf(editor):
            table.commitData(editor)
            table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def closing(self) -> None:
        self._finish_editing()
        self.unannounced.clear()  # the file is being closed: no tab is left to tell

    # -- completion ---------------------------------------------------------------------
    def complete(self) -> None:
        from jukidesk.actions import checklists as act

        sheet = self.sheet
        if sheet is None or sheet.checklist_id is None:
            return
        try:
            done = act.complete_checklist(self.context.database, sheet.checklist_id)
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return
        self.apply(done)

    def reopen(self) -> None:
        from jukidesk.actions import checklists as act

        sheet = self.sheet
        if sheet is None or sheet.checklist_id is None or not sheet.completed:
            return
        reason = prompts.ask_text(
            self,
            f"{sheet.institution_name}の{sheet.kind_label}を再開します。\n理由を入力してください（記録されます）:",
            title="再開",
        )
        if reason is None:
            return
        try:
            done = act.reopen_checklist(self.context.database, sheet.checklist_id, reason)
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return
        self.apply(done)

    # -- evidence and revisions (issue 11) -----------------------------------------------
    def _install_revision_actions(self, menu: QMenu) -> None:
        menu.addSeparator()
        self.carry_action = QAction("前回の回答から始める（未確認として引き継ぐ）…", self)
        self.carry_action.triggered.connect(self.start_from_previous)
        menu.addAction(self.carry_action)
        self.diff_action = QAction("テンプレートの版の違い…", self)
        self.diff_action.triggered.connect(self.show_template_diff)
        menu.addAction(self.diff_action)
        self.evidence_action = QAction("この項目の証拠資料…", self)
        self.evidence_action.triggered.connect(self.open_evidence)
        table = self.ui.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        table.addAction(self.evidence_action)

    def _evidence_counts(self, session) -> dict[int, int]:
        if self.sheet is None or self.sheet.checklist_id is None:
            return {}
        from jukidesk.core.evidence import attachment_counts

        counts = attachment_counts(session, "answer", [self.sheet.checklist_id])
        return {item_id: n for (_checklist, item_id), n in counts.items()}

    def open_evidence(self):
        """The evidence of the current item's answer (the checklist is created if needed)."""
        from jukidesk.actions import checklists as act
        from jukidesk.core.evidence import Owner
        from jukidesk.gui.evidence_dialog import AttachmentsDialog

        item, sheet = self.current_item(), self.sheet
        if item is None or sheet is None:
            return None
        if sheet.checklist_id is None:
            try:
                created = act.ensure_checklist(self.context.database, sheet.fy, sheet.kind, sheet.institution_id)
            except JukideskError as exc:
                prompts.error(self, str(exc))
                return None
            sheet.checklist_id = created.value
            self.unannounced |= created.changes  # this tab shows the empty checklist already
        self.evidence_dialog = AttachmentsDialog(self.context, Owner("answer", sheet.checklist_id, item.item_id), self)
        self.evidence_dialog.finished.connect(lambda _r: self.load())
        self.evidence_dialog.open()
        return self.evidence_dialog

    def start_from_previous(self) -> bool:
        from jukidesk.actions import checklists as act

        sheet = self.sheet
        if sheet is None:
            return False
        if not prompts.confirm(
            self,
            f"{sheet.institution_name}の{sheet.kind_label}を、前回の回答から始めます。\n"
            "同じ文言の項目の回答を「未確認」として引き継ぎます（確認したら同じ点数をもう一度入力します）。\n"
            "文言が変わった項目は引き継がず「要再回答」と表示します。",
            ok_text="引き継ぐ",
        ):
            return False
        try:
            done = act.start_from_previous(self.context.database, sheet.fy, sheet.kind, sheet.institution_id)
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return False
        self.apply(done)
        prompts.info(self, done.value.text())
        return True

    def show_template_diff(self):
        from jukidesk.gui.template_diff_dialog import TemplateDiffDialog

        self.diff_dialog = TemplateDiffDialog(self.context, self)
        self.diff_dialog.open()
        return self.diff_dialog

    # -- Excel --------------------------------------------------------------------------
    def export_workbooks(self) -> None:
        folder = prompts.existing_directory(self, "書き出し先のフォルダ", kind="distribution")
        if not folder:
            return
        fy, kind, database = self.fy, self.kind, self.context.database

        def work(progress):
            from jukidesk.exchange.checklist_xlsx import export_checklists

            with database.session() as session:
                return export_checklists(session, fy, kind, Path(folder), progress=progress)

        def done(paths):
            prompts.info(self, f"{len(paths)} 件の Excel ブックを書き出しました。\n{folder}")

        self.last_operation = operations.run_operation(
            self, work, label="Excel ブックを書き出しています…", on_success=done
        )

    def open_import_dialog(self):
        from jukidesk.gui.checklist_import_dialog import ChecklistImportDialog

        self.dialog = ChecklistImportDialog(self.context, self)
        self.dialog.open()
        return self.dialog

    def edit_template(self):
        """テンプレートを編集… (gui.template_editor; Excel stays as the second way)."""
        from jukidesk.gui.template_editor import open_editor

        self.template_editor = open_editor(self.context, self)
        return self.template_editor

    def export_template(self) -> None:
        from jukidesk.core.templates import template_for_year
        from jukidesk.exchange.template_xlsx import write_template_xlsx

        path = prompts.save_file_name(self, "テンプレートの書き出し", "checklist_template.xlsx", prompts.XLSX_FILTER, kind="template")
        if not path:
            return
        try:
            with self.context.database.session() as session:
                template = template_for_year(session, self.fy)
                if template is None:
                    raise JukideskError(f"{self.fy}年度に使うテンプレートがありません。")
                write_template_xlsx(template, Path(path))
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return
        prompts.info(self, f"{template.name} 第{template.version}版を書き出しました。\n{path}")

    def import_past_answers(self) -> None:
        """A long table of past answers (年度・区分・機関・項目番号・評価・備考): the preview
        (checklists and answers per year and kind) first, stored only after 取り込む."""
        from jukidesk.actions.past_answers import import_answers

        path = prompts.open_file_name(self, "過去の回答を取り込む", "", prompts.TABLE_FILTER, kind="past_answers")
        if not path:
            return
        database = self.context.database

        def previewed(plan) -> None:
            lines = [f"{Path(path).name}: チェックリスト {plan.checklists} 件・回答 {plan.answers} 件（完了済みとして保存します）", *plan.lines]
            shown = prompts.first_lines(lines)
            if not prompts.confirm(self, "\n".join(shown) + "\n\nこの内容で取り込みますか？", ok_text="取り込む"):
                return
            self.last_operation = operations.run_action(
                self,
                self.context,
                lambda _progress: import_answers(database, path),
                label="過去の回答を取り込んでいます…",
                on_success=lambda done: prompts.info(
                    self, f"過去の回答を取り込みました: チェックリスト {done.checklists} 件・回答 {done.answers} 件"
                ),
            )

        self.last_operation = operations.run_operation(
            self, lambda _progress: import_answers(database, path, dry_run=True).value, label="確認しています…", on_success=previewed
        )

    def import_template(self) -> None:
        from jukidesk.actions import checklists as act

        path = prompts.open_file_name(self, "テンプレートの読み込み", "", prompts.TABLE_FILTER, kind="template")
        if not path:
            return
        try:
            definition = act.read_template(Path(path))
            preview = act.preview_template(self.context.database, definition)  # the editor's rule
        except act.TemplateRefused as refused:
            prompts.error(self, str(refused))
            return
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return
        style = self.context.year_style
        if not prompts.confirm(
            self,
            f"「{definition.name}」（{sum(len(c.items) for c in definition.categories)} 項目）を読み込みます。\n"
            f"{preview.plan.text(lambda fy: style.label(fy, fullwidth=False))}\n"
            f"現在の版との違い: {preview.diff.summary().split(': ', 1)[-1]}",
            ok_text="読み込む",
        ):
            return
        try:
            done = act.save_template(self.context.database, definition)
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return
        saved = done.value
        labels = {"unchanged": "変更はありません", "edited": "書き換えました", "new_version": "新しい版を作りました"}
        prompts.info(self, f"{saved.title()}: {labels[saved.action]}。")
        self.apply(done)
