"""証拠資料: the attachments of one answer, finding, audit or drill — or all of them, with
an owner chooser (ファイル → 証拠資料…).

Every change is an action of ``actions.evidence`` (one transaction each; the rules are
``core.evidence``): files are stored inside the database file, a file over the size limit
or a program is refused with its message and nothing stored. 開く writes a checked, read-only copy into a temporary folder
of this session and hands it to the system viewer only for documents and images; for
anything else only that folder is shown, so nothing is ever run.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import stat
import tempfile
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jukidesk.actions import evidence as act
from jukidesk.actions.base import Area
from jukidesk.base.errors import JukideskError
from jukidesk.base.fiscal import screen_date
from jukidesk.base.vocabulary import ATTACHMENT_OWNER_LABELS
from jukidesk.core import evidence
from jukidesk.core.evidence import AttachmentInfo, Owner
from jukidesk.gui import prompts
from jukidesk.gui.context import AppContext
from jukidesk.gui.models.base import RowListModel
from jukidesk.gui.tables import set_up_table
from jukidesk.gui.widgets import fit_to_screen, save_or_show_error

EVIDENCE = Area.EVIDENCE  # data_changed area
CHOOSABLE_OWNERS = ("audit", "finding", "drill")

_view_folder: Path | None = None


def _remove_read_only(function, path, _exc_info) -> None:
    os.chmod(path, stat.S_IWRITE)
    function(path)


def view_folder() -> Path:
    """This session's folder for copies opened in a viewer (removed when the app exits)."""
    global _view_folder
    if _view_folder is None or not _view_folder.exists():
        _view_folder = Path(tempfile.mkdtemp(prefix="jukidesk-evidence-"))
        atexit.register(shutil.rmtree, _view_folder, onerror=_remove_read_only)
    return _view_folder


class AttachmentModel(RowListModel):
    HEADERS = ("証拠の日付", "ファイル名", "大きさ", "説明", "添付先", "登録")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                screen_date(row.evidence_date),
                row.file_name,
                row.size_text,
                row.description,
                row.owner_label,
                f"{screen_date(row.added_at, weekday=False)} {row.added_by}",
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.file_name}\n改ざん検知の値（SHA-256）: {row.sha256}\n{row.description}".strip()
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 2):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class AttachmentsDialog(QDialog):
    """``owner`` = one answer/finding/audit/drill; ``None`` = every attachment of the file."""

    def __init__(self, context: AppContext, owner: Owner | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context = context
        self.owner = owner
        self.opened: list[Path] = []  # copies handed to a viewer (tests read this)
        layout = QVBoxLayout(self)
        self.title_label = QLabel(self)
        self.title_label.setWordWrap(True)
        layout.addWidget(self.title_label)

        self.owner_type = QComboBox(self)
        self.owner_combo = QComboBox(self)
        if owner is None:
            row = QHBoxLayout()
            row.addWidget(QLabel("追加する先(&T):", self))
            for owner_type in CHOOSABLE_OWNERS:
                self.owner_type.addItem(ATTACHMENT_OWNER_LABELS[owner_type], owner_type)
            row.addWidget(self.owner_type)
            row.addWidget(self.owner_combo, 1)
            layout.addLayout(row)
            self.owner_type.currentIndexChanged.connect(lambda _i: self._fill_owners())
            context.year_changed.connect(self._year_changed)
            self.owner_combo.setMinimumContentsLength(30)
        else:
            self.owner_type.hide()
            self.owner_combo.hide()

        self.model = AttachmentModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setColumnHidden(4, owner is not None)
        set_up_table(self.table, stretch=(3,))
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.open_button = QPushButton("開く(&O)", self)
        self.save_button = QPushButton("ファイルに保存(&S)…", self)
        self.delete_button = QPushButton("削除(&D)…", self)
        for button in (self.open_button, self.save_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)

        form = QFormLayout()
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(QDate.currentDate())
        self.description_edit = QLineEdit(self)
        self.description_edit.setPlaceholderText("例: 入退室記録簿（10月分）の写し、現地調査の写真")
        form.addRow("証拠の日付(&E):", self.date_edit)
        form.addRow("説明(&N):", self.description_edit)
        layout.addLayout(form)
        note = QLabel(
            f"証拠の日付は書類の日付・写真を撮った日です（登録日ではありません）。1ファイル {self._limit_mb()} MB まで。"
            "プログラムやスクリプトは登録できません。",
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        edits = QHBoxLayout()
        self.add_button = QPushButton("ファイルを追加(&A)…", self)
        self.update_button = QPushButton("選択した資料の日付と説明を変更(&U)", self)
        edits.addWidget(self.add_button)
        edits.addWidget(self.update_button)
        edits.addStretch(1)
        layout.addLayout(edits)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #B00020;")
        self.error_label.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 4)  # room for a wrapped message
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.open_button.clicked.connect(self.open_selected)
        self.save_button.clicked.connect(self.save_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.add_button.clicked.connect(self.choose_and_add)
        self.update_button.clicked.connect(self.update_selected)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())
        self.resize(860, 520)
        if owner is None:
            self._fill_owners()
        self.reload()
        fit_to_screen(self)  # inside the screen's free area (1366×728 on a municipal PC)

    # -- data -------------------------------------------------------------------------
    def _limit_mb(self) -> int:
        return int(self.context.settings.get("attachment_max_mb", 20))

    def _fill_owners(self) -> None:
        owner_type = self.owner_type.currentData()
        self.owner_combo.clear()
        try:
            with self.context.database.session() as session:
                choices = evidence.owner_choices(session, owner_type, self.context.fiscal_year)
        except JukideskError as exc:
            self.error_label.setText(str(exc))
            return
        for owner, label in choices:
            self.owner_combo.addItem(label, owner)
        if not choices:
            year = self.context.year_style.label(self.context.fiscal_year, fullwidth=False)
            self.owner_combo.addItem(f"（{year}の{ATTACHMENT_OWNER_LABELS[owner_type]}はありません）", None)

    def _year_changed(self, _fy: int) -> None:
        self._fill_owners()

    def target_owner(self) -> Owner | None:
        return self.owner if self.owner is not None else self.owner_combo.currentData()

    def reload(self) -> None:
        current = self.selected()
        with self.context.database.session() as session:
            rows = evidence.list_attachments(session, self.owner)
            title = evidence.owner_label(session, self.owner) if self.owner is not None else "すべての証拠資料"
        self.model.set_rows(rows)
        self.title_label.setText(f"<b>証拠資料</b>　{title}（{len(rows)}件）")
        self.setWindowTitle(f"証拠資料 — {title}")
        ids = [row.id for row in rows]
        if current is not None and current.id in ids:
            self.table.selectRow(ids.index(current.id))  # the same attachment stays selected
        self._selection_changed()

    def selected(self) -> AttachmentInfo | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _selection_changed(self) -> None:
        info = self.selected()
        for button in (self.open_button, self.save_button, self.delete_button, self.update_button):
            button.setEnabled(info is not None)
        if info is not None:
            if info.evidence_date:
                self.date_edit.setDate(QDate(info.evidence_date))
            self.description_edit.setText(info.description)

    def _changed(self) -> None:
        """After an action (the tabs were told by ``save_or_show_error``)."""
        self.error_label.clear()
        self.reload()

    def _show_error(self, message: str, _field: str | None = None) -> None:
        self.error_label.setText(message)

    # -- actions ----------------------------------------------------------------------
    def evidence_date(self) -> dt.date:
        return self.date_edit.date().toPython()

    def choose_and_add(self) -> None:
        paths = prompts.open_file_names(self, "証拠資料として登録するファイル", "", "すべてのファイル (*)")
        if paths:
            self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list[Path]) -> bool:
        """Store every file in one transaction (all or none); a refusal is shown here."""
        owner = self.target_owner()
        if owner is None:
            self.error_label.setText("追加する先を選んでください。")
            return False
        added = save_or_show_error(
            self.context,
            lambda: act.add_attachments(
                self.context.database, owner, paths, evidence_date=self.evidence_date(), description=self.description_edit.text()
            ),
            lambda message, _field=None: self._show_error(f"{message}\n（登録していません）"),
        )
        if added is None:
            return False
        self._changed()
        return True

    def update_selected(self) -> bool:
        info = self.selected()
        if info is None:
            return False
        updated = save_or_show_error(
            self.context,
            lambda: act.update_attachment(
                self.context.database, info.id, evidence_date=self.evidence_date(), description=self.description_edit.text()
            ),
            self._show_error,
        )
        if updated is None:
            return False
        self._changed()
        return True

    def delete_selected(self) -> bool:
        info = self.selected()
        if info is None or not prompts.confirm(
            self, f"証拠資料「{info.file_name}」を削除します。\n（バックアップには残ります）", ok_text="削除", destructive=True
        ):
            return False
        removed = save_or_show_error(
            self.context,
            lambda: act.remove_attachment(self.context.database, info.id),
            lambda message, _field=None: prompts.error(self, message),
        )
        if removed is None:
            return False
        self._changed()
        return True

    def save_selected(self) -> Path | None:
        info = self.selected()
        if info is None:
            return None
        name = prompts.save_file_name(self, "証拠資料の保存先", evidence.safe_file_name(info.file_name))
        if not name:
            return None
        try:
            with self.context.database.session() as session:
                return evidence.extract(session, info.id, Path(name))
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return None

    def open_selected(self) -> Path | None:
        """A checked read-only copy for the system viewer (documents and images only)."""
        info = self.selected()
        if info is None:
            return None
        try:
            with self.context.database.session() as session:
                path, action = evidence.extract_for_viewing(session, info.id, view_folder())
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return None
        self.opened.append(path)
        if action == "open":
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
                prompts.warn(self, f"表示できるアプリが見つかりません。コピーのあるフォルダを開きます。\n{path.parent}")
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
        else:
            prompts.warn(
                self,
                f"「{info.file_name}」は文書・画像ではないため、安全のため直接は開きません。"
                f"コピーを置いたフォルダを表示します。\n{path.parent}",
            )
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
        return path
