"""ヘルプ → バージョン情報: version, the open file, its schema revision, bundled font licences."""

from __future__ import annotations

import html
import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QWidget

from jukidesk import __version__
from jukidesk.base.paths import FONT_FILES, resource
from jukidesk.gui.context import AppContext
from jukidesk.gui.forms.ui_about_dialog import Ui_AboutDialog
from jukidesk.gui.widgets import fit_to_screen
from jukidesk.storage.database import head_revision, stored_revision

# The bundled fonts and their licences (resources/fonts/README.md has the same table).
FONT_LICENCES = {
    "gothic": ("IPAexゴシック", "IPA Font License v1.0", "IPA_Font_License_Agreement_v1.0.txt"),
    "mincho": ("IPAex明朝", "IPA Font License v1.0", "IPA_Font_License_Agreement_v1.0.txt"),
    "gothic_bold": ("BIZ UDゴシック Bold", "SIL Open Font License 1.1", "OFL-BIZUDGothic.txt"),
}


# The libraries inside a build (distribution name, shown name, licence). Versions are read
# from the installed metadata when it is there (a frozen build may not carry it).
LIBRARY_LICENCES = (
    ("PySide6-Essentials", "Qt / PySide6", "LGPL v3"),
    ("SQLAlchemy", "SQLAlchemy", "MIT"),
    ("alembic", "Alembic", "MIT"),
    ("openpyxl", "openpyxl", "MIT"),
    ("reportlab", "ReportLab", "BSD"),
    ("pillow", "Pillow", "MIT-CMU"),
    ("jpholiday", "jpholiday", "MIT"),
    ("platformdirs", "platformdirs", "MIT"),
    ("defusedxml", "defusedxml", "PSF"),
)


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return ""


def about_html(context: AppContext) -> str:
    e = html.escape
    try:
        if context.is_server:
            from jukidesk.storage.server import stored_server_revision

            revision = stored_server_revision(context.database.engine) or "（なし）"
        else:
            revision = stored_revision(context.path) or "（なし）"
    except Exception as exc:  # noqa: BLE001 - the about box must open even for a damaged file
        revision = f"（読み取れません: {exc}）"
    file_text = "デモデータ（一時コピー）: " + str(context.path) if context.demo else context.database.display
    rows = [
        ("バージョン", f"jukidesk {__version__}"),
        ("データファイル", file_text),
        ("スキーマ", f"{revision}（このバージョンの最新: {head_revision()}）"),
        ("実行環境", f"Python {platform.python_version()} / Qt {qVersion()} / PySide6 {pyside_version}"),
    ]
    parts = ["<table cellspacing='0' cellpadding='3'>"]
    parts += [f"<tr><th align='left' valign='top'>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows]
    parts.append("</table><h3>同梱フォント</h3><table cellspacing='0' cellpadding='3'>")
    for role, file_name in FONT_FILES.items():
        family, licence, licence_file = FONT_LICENCES.get(role, (file_name, "", ""))
        parts.append(
            f"<tr><td>{e(family)}</td><td>{e(file_name)}</td><td>{e(licence)}</td><td>{e(licence_file)}</td></tr>"
        )
    parts.append(f"</table><p>ライセンス文書の場所: {e(str(resource('fonts')))}</p>")
    parts.append("<h3>使用しているライブラリ</h3><table cellspacing='0' cellpadding='3'>")
    parts.append(f"<tr><td>Python</td><td>{e(platform.python_version())}</td><td>PSF</td></tr>")
    for distribution, name, licence in LIBRARY_LICENCES:
        parts.append(f"<tr><td>{e(name)}</td><td>{e(_version(distribution))}</td><td>{e(licence)}</td></tr>")
    parts.append("</table>")
    return "".join(parts)


class AboutDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_AboutDialog()
        self.ui.setupUi(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ui.title_label.setText(f"jukidesk {__version__}")
        self.ui.details.setHtml(about_html(context))
        fit_to_screen(self)  # inside the screen's free area (1366×728 on a municipal PC)
