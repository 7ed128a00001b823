"""Every message box and file chooser of the GUI goes through this module.

Widgets call ``prompts.error(self, "…")`` (the module attribute, never an imported name), so a
test replaces these functions in one place and nothing modal blocks it. Titles default to
the Japanese kind of message; texts are written by the caller or come from a
``JukideskError``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

APP_TITLE = "jukidesk"


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, details: str | None = None) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    return box


def info(parent: QWidget | None, text: str, *, title: str = "お知らせ") -> None:
    _box(parent, QMessageBox.Icon.Information, title, text).exec()


def warn(parent: QWidget | None, text: str, *, title: str = "注意") -> None:
    _box(parent, QMessageBox.Icon.Warning, title, text).exec()


def error(parent: QWidget | None, text: str, *, title: str = "エラー", details: str | None = None) -> None:
    """An error the user should read; ``details`` (e.g. a traceback) goes behind 「詳細」."""
    _box(parent, QMessageBox.Icon.Critical, title, text, details).exec()


def confirm(parent: QWidget | None, text: str, *, title: str = "確認", ok_text: str | None = None) -> bool:
    """Ask before doing something; True when the user chose OK (the default is Cancel)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    ok = box.addButton(QMessageBox.StandardButton.Ok)
    if ok_text:
        ok.setText(ok_text)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is ok


def open_file_name(parent: QWidget | None, title: str, directory: str = "", filter: str = "") -> str | None:
    """A file to open, or None when the user cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, directory, filter)
    return path or None


def save_file_name(parent: QWidget | None, title: str, directory: str = "", filter: str = "") -> str | None:
    """A file to write, or None when the user cancelled (the dialog asks before overwriting)."""
    path, _ = QFileDialog.getSaveFileName(parent, title, directory, filter)
    return path or None


def open_file_names(parent: QWidget | None, title: str, directory: str = "", filter: str = "") -> list[str]:
    """Several files to open; an empty list when the user cancelled."""
    paths, _ = QFileDialog.getOpenFileNames(parent, title, directory, filter)
    return list(paths)


def existing_directory(parent: QWidget | None, title: str, directory: str = "") -> str | None:
    """A folder, or None when the user cancelled."""
    return QFileDialog.getExistingDirectory(parent, title, directory) or None


def ask_text(parent: QWidget | None, text: str, *, title: str = "入力", default: str = "") -> str | None:
    """A line of text (e.g. a reason), or None when the user cancelled."""
    from PySide6.QtWidgets import QInputDialog

    value, ok = QInputDialog.getText(parent, title, text, text=default)
    return value if ok else None


DATABASE_FILTER = "jukidesk データファイル (*.sqlite *.db);;すべてのファイル (*)"
XLSX_FILTER = "Excel ブック (*.xlsx);;すべてのファイル (*)"
TABLE_FILTER = "Excel ブック・CSV (*.xlsx *.csv);;すべてのファイル (*)"
