"""ファイル → バックアップと復元…: the generations in the backups folder (date, reason,
size), a backup now, and restoring a generation or any backup file (after confirmation)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from jukidesk.actions.files import backup_now
from jukidesk.base.errors import JukideskError
from jukidesk.gui import prompts
from jukidesk.gui.forms.ui_backup_dialog import Ui_BackupDialog
from jukidesk.gui.models.change_log_model import BackupListModel
from jukidesk.gui.recovery import describe_backup, restore_into_window
from jukidesk.gui.tables import set_up_table
from jukidesk.gui.widgets import fit_to_screen
from jukidesk.storage.backup import backups_dir, generations_setting, list_backups

BACKUP_FILTER = "jukidesk のバックアップ (*.sqlite *.db);;すべてのファイル (*)"


def show_backup_dialog(window) -> BackupDialog:
    dialog = BackupDialog(window, window)
    window.backup_dialog = dialog  # tests and the window reach it here
    dialog.open()
    return dialog


class BackupDialog(QDialog):
    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_BackupDialog()
        self.ui.setupUi(self)
        self.window_ = window
        self.model = BackupListModel(self)
        table = self.ui.table
        table.setModel(self.model)
        set_up_table(table, empty_text="バックアップはまだありません。「今すぐバックアップ」で作ります。")
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Close).setText("閉じる")
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.backup_button.clicked.connect(self.backup_now)
        self.ui.restore_button.clicked.connect(self.restore_selected)
        self.ui.restore_file_button.clicked.connect(self.restore_from_file)
        table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.reload()
        fit_to_screen(self)  # inside the screen's free area (1366×728 on a municipal PC)

    @property
    def path(self) -> Path:
        return self.window_.context.path

    def reload(self) -> None:
        context = self.window_.context
        demo = context.demo or context.is_server  # nothing to list or restore here
        self.model.set_backups([] if demo else list_backups(self.path))
        if context.is_server:
            self.ui.intro_label.setText(
                f"{context.database.display} のバックアップは、サーバー側のバックアップが対象です"
                f"（この PC で取るには: jukidesk backup --db {context.target}。pg_dump が必要です）。"
            )
        elif demo:
            self.ui.intro_label.setText("デモデータ（一時コピー）はバックアップしません。")
        else:
            self.ui.intro_label.setText(
                f"バックアップの保存先: {backups_dir(self.path)}\n"
                f"起動時（前回から変更があったとき）、形式の更新・取込み・復元の前に自動で作られ、"
                f"新しい {generations_setting(self.path)} 世代が残ります（組織の設定「保守」で変更できます）。"
            )
        for widget in (self.ui.backup_button, self.ui.restore_file_button):
            widget.setEnabled(not demo)
        if context.is_server:  # pg_dump to a file, when it is installed
            from jukidesk.storage.server import pg_dump_program

            self.ui.backup_button.setEnabled(pg_dump_program() is not None)
        self.ui.restore_button.setEnabled(not demo and self.model.rowCount() > 0)
        if self.model.rowCount():
            self.ui.table.selectRow(0)

    def selected(self):
        rows = self.ui.table.selectionModel().selectedRows()
        return self.model.backup_at(rows[0].row()) if rows else None

    def backup_now(self) -> Path | None:
        try:
            outcome = backup_now(self.window_.context.database)
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return None
        self.window_.context.apply(outcome)
        target = outcome.value
        self.reload()
        prompts.info(self, f"バックアップを作成しました。\n{target}")
        return target

    def restore_selected(self) -> bool:
        info = self.selected()
        if info is None:
            prompts.warn(self, "復元するバックアップを一覧から選んでください。")
            return False
        return self._restore(info.path, describe_backup(info))

    def restore_from_file(self) -> bool:
        name = prompts.open_file_name(self, "復元するバックアップ", str(backups_dir(self.path)), BACKUP_FILTER)
        if not name:
            return False
        return self._restore(Path(name), Path(name).name)

    def _restore(self, backup: Path, label: str) -> bool:
        question = (
            f"{label} のバックアップで、現在のデータファイル {self.path.name} を置き換えます。\n"
            "それ以降に入力した内容は失われます（現在のファイルは、置き換える前にバックアップします）。\n"
            "復元しますか？"
        )
        if not prompts.confirm(self, question, title="復元の確認", ok_text="復元する", destructive=True):
            return False
        done = restore_into_window(self.window_, backup)
        self.reload()
        return done
