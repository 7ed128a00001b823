"""Every message box and file chooser of the GUI goes through this module.

Widgets call ``prompts.error(self, "…")`` (the module attribute, never an imported name), so a
test replaces these functions in one place and nothing modal blocks it. Titles default to
the Japanese kind of message; texts are written by the caller or come from a
``JukideskError``.
"""

from __future__ import annotations

from pathlib import Path

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


def confirm(
    parent: QWidget | None, text: str, *, title: str = "確認", ok_text: str | None = None, destructive: bool = False
) -> bool:
    """Ask before doing something; True when the user chose OK. Enter chooses the action,
    except for a ``destructive`` one (delete, restore, overwrite), where it cancels."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    ok = box.addButton(QMessageBox.StandardButton.Ok)
    if ok_text:
        ok.setText(ok_text)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel if destructive else ok)
    box.exec()
    return box.clickedButton() is ok


# -- file choosers: each kind of file starts where that kind went last time -------------------
# (per data file, in the window's QSettings). Qt's static choosers use the native dialog on
# Windows; Qt's own dialog (elsewhere) is in Japanese through the qtbase_ja translator (app.py).
data_file: str = ""  # the open data file; set by the main window (gui.main_window.set_context)
folder_settings = None  # () -> QSettings where the folders are kept; set by the main window


def first_lines(lines, limit: int = 40) -> list[str]:
    """The first ``limit`` lines of a preview, with 「……ほか n 行」 for the rest."""
    lines = list(lines)
    return lines[:limit] + ([f"……ほか {len(lines) - limit} 行"] if len(lines) > limit else [])


def _folder_key(kind: str) -> str:
    import hashlib

    digest = hashlib.sha256(data_file.encode("utf-8")).hexdigest()[:16]
    return f"folders/{digest}/{kind}"


def last_folder(kind: str | None) -> str:
    """The folder a file of ``kind`` (e.g. "distribution", "returns") went to last time, or ""."""
    if not kind or folder_settings is None:
        return ""
    value = folder_settings().value(_folder_key(kind))
    return str(value) if value and Path(str(value)).is_dir() else ""


def remember_folder(kind: str | None, path: str | None, *, is_folder: bool = False) -> None:
    if not kind or not path or folder_settings is None:
        return
    folder = Path(path) if is_folder else Path(path).parent
    folder_settings().setValue(_folder_key(kind), str(folder))


def _start(kind: str | None, directory: str) -> str:
    """Where a chooser opens: the remembered folder of ``kind`` (with the suggested file name)."""
    last = last_folder(kind)
    if not last:
        return directory
    if directory and not Path(directory).is_absolute():
        return str(Path(last) / directory)  # a suggested file name, placed in that folder
    return last if not directory else directory


def open_file_name(parent: QWidget | None, title: str, directory: str = "", filter: str = "", *, kind: str | None = None) -> str | None:
    """A file to open, or None when the user cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, _start(kind, directory), filter)
    remember_folder(kind, path)
    return path or None


def save_file_name(parent: QWidget | None, title: str, directory: str = "", filter: str = "", *, kind: str | None = None) -> str | None:
    """A file to write, or None when the user cancelled (the dialog asks before overwriting)."""
    path, _ = QFileDialog.getSaveFileName(parent, title, _start(kind, directory), filter)
    remember_folder(kind, path)
    return path or None


def open_file_names(parent: QWidget | None, title: str, directory: str = "", filter: str = "", *, kind: str | None = None) -> list[str]:
    """Several files to open; an empty list when the user cancelled."""
    paths, _ = QFileDialog.getOpenFileNames(parent, title, _start(kind, directory), filter)
    if paths:
        remember_folder(kind, paths[0])
    return list(paths)


def existing_directory(parent: QWidget | None, title: str, directory: str = "", *, kind: str | None = None) -> str | None:
    """A folder, or None when the user cancelled."""
    folder = QFileDialog.getExistingDirectory(parent, title, _start(kind, directory)) or None
    remember_folder(kind, folder, is_folder=True)
    return folder


def ask_text(parent: QWidget | None, text: str, *, title: str = "入力", default: str = "") -> str | None:
    """A line of text (e.g. a reason), or None when the user cancelled."""
    from PySide6.QtWidgets import QInputDialog

    value, ok = QInputDialog.getText(parent, title, text, text=default)
    return value if ok else None


DATABASE_FILTER = "jukidesk データファイル (*.sqlite *.db);;すべてのファイル (*)"
XLSX_FILTER = "Excel ブック (*.xlsx);;すべてのファイル (*)"
TABLE_FILTER = "Excel ブック・CSV (*.xlsx *.csv);;すべてのファイル (*)"
