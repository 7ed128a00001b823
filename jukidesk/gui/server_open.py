"""サーバーのデータベース… (issue 19): the URL of a PostgreSQL database to open, asked in a
small dialog from ファイル → 開く's neighbour and from the first-run dialog.

The URL is checked as the command line checks ``--db`` (``storage.server.parse_server_url``):
a URL carrying a password is refused with the same advice (the password file or the service
file), and nothing is opened until the URL reads. The caller opens the returned
``ServerLocation`` the way it opens a file (``MainWindow.open_path``, ``opening.open_path``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from jukidesk.base.errors import JukideskError

MENU_TEXT = "サーバーのデータベースを開く(&S)…"
BUTTON_TEXT = "サーバーのデータベース…"
EXAMPLE = "postgresql+psycopg://利用者@サーバー/データベース"
HELP_TEXT = (
    f"PostgreSQL のデータベースの URL を入れてください（例: {EXAMPLE}）。\n"
    "パスワードは URL に書かず、PostgreSQL のパスワードファイル（~/.pgpass、Windows では "
    "%APPDATA%\\postgresql\\pgpass.conf）かサービスファイル（pg_service.conf）に書いてください。"
)


def server_location(text: str):
    """The ``ServerLocation`` of ``text``; a ``JukideskError`` in Japanese when it is empty,
    not a PostgreSQL URL, unreadable or carries a password."""
    from jukidesk.storage.urls import looks_like_url

    value = (text or "").strip()
    if not value:
        raise JukideskError(f"データベースの URL を入れてください（例: {EXAMPLE}）。")
    if not looks_like_url(value):
        raise JukideskError(f"「{value}」は PostgreSQL の URL ではありません。postgresql+psycopg:// で始めてください（例: {EXAMPLE}）。")
    from jukidesk.storage.server import parse_server_url

    return parse_server_url(value)


class ServerDialog(QDialog):
    """One line for the URL, the advice about passwords, and the reason a URL is refused."""

    def __init__(self, initial: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("サーバーのデータベースを開く")
        self.location = None
        layout = QVBoxLayout(self)
        self.help_label = QLabel(HELP_TEXT, self)
        self.help_label.setWordWrap(True)
        layout.addWidget(self.help_label)
        label = QLabel("データベースの URL(&U):", self)
        layout.addWidget(label)
        self.url_edit = QLineEdit(initial, self)
        self.url_edit.setObjectName("server_url")
        self.url_edit.setPlaceholderText(EXAMPLE)
        self.url_edit.setMinimumWidth(460)
        self.url_edit.textEdited.connect(lambda _text: self.error_label.clear())
        label.setBuddy(self.url_edit)
        layout.addWidget(self.url_edit)
        self.error_label = QLabel("", self)
        self.error_label.setObjectName("server_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("開く(&O)")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("キャンセル")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        try:
            self.location = server_location(self.url_edit.text())
        except JukideskError as exc:
            self.location = None
            self.error_label.setText(str(exc))
            self.adjustSize()  # room for the whole message
            self.url_edit.setFocus()
            return  # the dialog stays open: nothing is opened
        super().accept()


def ask_server_location(parent: QWidget | None, initial: str = ""):
    """The ``ServerLocation`` the clerk typed, or None when they cancelled."""
    dialog = ServerDialog(initial, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.location
