"""Import filled checklist workbooks: choose files or a folder, see what would change
(errors, warnings, per-file changes), then import everything in one transaction.

A folder stands for every file in it: the plan names each file it cannot take with the
reason (a macro or old-format book is an error that stops the import; a file that is not
a book at all is listed as 対象外), so nothing in the folder is passed over silently.

The check is ``actions.checklists.plan_checklist_import`` (nothing written); 取り込む stores
exactly the plan shown with ``actions.checklists.import_checklists`` (a "before-import"
backup first; refused if a checklist changed since the check). Both run on the worker
thread with progress and cancel. Overwriting stored answers needs the 置き換え box and a
confirmation.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidgetItem, QWidget

from jukidesk.actions.checklists import import_checklists, plan_checklist_import
from jukidesk.base.files import readable_name
from jukidesk.gui import operations, prompts
from jukidesk.gui.context import AppContext
from jukidesk.gui.forms.ui_checklist_import_dialog import Ui_ChecklistImportDialog
from jukidesk.gui.widgets import fit_to_screen

ERROR_BRUSH = QBrush(QColor("#b00000"))
WARNING_BRUSH = QBrush(QColor("#9a5b00"))


class ChecklistImportDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_ChecklistImportDialog()
        self.ui.setupUi(self)
        self.context = context
        self.paths: list[Path] = []
        self.plan = None
        self.result = None
        self.last_operation: operations.Operation | None = None
        self.ok_button.setText("取り込む")
        self.ok_button.setEnabled(False)
        self.ui.files_button.clicked.connect(self.choose_files)
        self.ui.folder_button.clicked.connect(self.choose_folder)
        self.ui.replace_check.toggled.connect(lambda _on: self.check())
        self.ui.buttons.accepted.connect(self.import_files)
        self.ui.buttons.rejected.connect(self.reject)
        fit_to_screen(self)  # inside the screen's free area (1366×728 on a municipal PC)

    @property
    def ok_button(self):
        return self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok)

    # -- choosing -----------------------------------------------------------------------
    def choose_files(self) -> None:
        paths = prompts.open_file_names(self, "取り込む Excel ブック", "", prompts.XLSX_FILTER, kind="returns")
        if paths:
            self.set_paths([Path(p) for p in paths])

    def choose_folder(self) -> None:
        folder = prompts.existing_directory(self, "Excel ブックのあるフォルダ", kind="returns")
        if folder:
            self.set_paths([Path(folder)])  # the plan looks at every file in it

    def set_paths(self, paths: list[Path]) -> None:
        self.paths = paths
        shown = [readable_name(p) + ("（フォルダ）" if p.is_dir() else "") for p in paths[:5]]
        names = "、".join(shown) + (f" ほか {len(paths) - 5} 件" if len(paths) > 5 else "")
        if len(paths) == 1 and paths[0].is_dir():
            self.ui.files_label.setText(f"フォルダ: {names}")
        else:
            self.ui.files_label.setText(f"{len(paths)} ファイル: {names}")
        self.check()

    # -- checking -----------------------------------------------------------------------
    def check(self) -> None:
        if not self.paths:
            return
        self.plan = None
        self.ok_button.setEnabled(False)
        self.ui.preview_list.clear()
        self.ui.summary_label.setText("確認しています…")
        paths, replace, database = list(self.paths), self.ui.replace_check.isChecked(), self.context.database

        def work(progress):
            return plan_checklist_import(database, paths, replace=replace, progress=progress)  # writes nothing

        self.last_operation = operations.run_operation(
            self, work, label="ファイルを確認しています…", on_success=self.show_plan,
            on_error=self._check_failed,
        )

    def _check_failed(self, exc: BaseException) -> None:
        self.ui.summary_label.setText(f"確認できませんでした: {exc}")

    def show_plan(self, plan) -> None:
        self.plan = plan
        listing = self.ui.preview_list
        listing.clear()
        for problem in plan.errors + plan.warnings:
            entry = QListWidgetItem(str(problem))
            entry.setForeground(ERROR_BRUSH if problem.is_error else WARNING_BRUSH)
            listing.addItem(entry)
        for file in plan.files:
            listing.addItem(QListWidgetItem(f"{readable_name(file.path)} → {file.describe()}"))
        changed = [f for f in plan.files if f.changed]
        blocking = [r for r in plan.refused if r.blocking]
        if not plan.ok:
            text = f"エラーが {len(plan.errors)} 件あります。ファイルを直すまで、何も取り込めません。"
            if blocking:
                text += f"（取り込めないファイル {len(blocking)} 件）"
        elif not changed:
            text = "取り込んでも変わる内容はありません（同じ内容が登録済みです）。"
        else:
            items = sum(len(f.changes) for f in changed)
            text = f"{len(changed)} 件のチェックリスト（{items} 項目）が変わります。「取り込む」で登録します。"
            if plan.warnings:
                text += f"（警告 {len(plan.warnings)} 件）"
        others = len(plan.refused) - len(blocking)
        if others:
            text += f"\n.xlsx 以外の対象外のファイル {others} 件は取り込みません（一覧に名前があります）。"
        self.ui.summary_label.setText(text)
        self.ok_button.setEnabled(plan.ok and bool(changed))

    def preview_lines(self) -> list[str]:
        listing = self.ui.preview_list
        return [listing.item(i).text() for i in range(listing.count())]

    # -- importing ----------------------------------------------------------------------
    def import_files(self) -> None:
        plan = self.plan
        if plan is None or not plan.ok:
            return
        overwritten = sum(1 for f in plan.files for c in f.changes if c.before is not None)
        if plan.replace and overwritten and not prompts.confirm(
            self,
            f"登録済みの回答 {overwritten} 項目を、ファイルの内容で置き換えます。よろしいですか？",
            ok_text="置き換える",
            destructive=True,
        ):
            return
        database = self.context.database
        self.last_operation = operations.run_action(
            self,
            self.context,
            lambda progress: import_checklists(database, plan, progress=progress),
            label="チェックリストを取り込んでいます…",
            on_success=self._imported,
        )

    def _imported(self, result) -> None:
        self.result = result
        text = f"{result.changed_files} 件のチェックリストを取り込みました（{result.changed_items} 項目）。"
        if result.still_open:
            text += "\n入力中のまま: " + "、".join(result.still_open)
        prompts.info(self, text)
        self.accept()
