"""The main window: menus, the fiscal-year picker, and the tabs listed in ``tabs.TABS``."""

from __future__ import annotations

import importlib
import logging
import traceback
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from jukidesk.gui import operations, prompts
from jukidesk.gui.context import SETTINGS, AppContext, context_from
from jukidesk.gui.forms.ui_main_window import Ui_MainWindow
from jukidesk.gui.opening import open_path
from jukidesk.gui.tabs import TABS, TabSpec
from jukidesk.gui.widgets import FiscalYearCombo, fit_to_screen

log = logging.getLogger(__name__)

SETTINGS_ORGANISATION = "jukidesk"
SETTINGS_APPLICATION = "jukidesk"


def window_settings() -> QSettings:
    """Window geometry and the last tab (an INI file in the user's config folder, never the
    Windows registry). Tests point ``QSettings.setPath(IniFormat, UserScope, tmp)`` elsewhere."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, SETTINGS_ORGANISATION, SETTINGS_APPLICATION
    )


class _TabPage(QWidget):
    """The page a tab occupies; the real widget is built into it on first activation."""

    def __init__(self, spec: TabSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.content: QWidget | None = None
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)


class MainWindow(QMainWindow):
    context_opened = Signal(object)  # the new AppContext, before its tabs are built

    def __init__(
        self,
        context: AppContext,
        *,
        settings: QSettings | None = None,
        tabs: list[TabSpec] | None = None,
    ):
        super().__init__()
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self._settings = settings if settings is not None else window_settings()
        self._tab_specs = list(TABS if tabs is None else tabs)
        self.context: AppContext | None = None

        self.year_label = QLabel("年度(&Y): ", self)
        self.year_combo = FiscalYearCombo(self)
        self.year_combo.setObjectName("year_combo")
        self.year_combo.setMinimumContentsLength(12)
        self.year_label.setBuddy(self.year_combo)
        self.ui.main_toolbar.addWidget(self.year_label)
        self.ui.main_toolbar.addWidget(self.year_combo)
        self.year_combo.currentIndexChanged.connect(self._year_picked)

        self.file_label = QLabel(self)
        self.ui.statusbar.addPermanentWidget(self.file_label)

        self.ui.action_new.triggered.connect(self.new_file)
        self.ui.action_open.triggered.connect(self.open_file)
        self.ui.action_org_settings.triggered.connect(self.show_settings_dialog)
        self.ui.action_about.triggered.connect(self.show_about_dialog)
        from jukidesk.gui.backup_dialog import install_menu

        install_menu(self)  # ファイル → バックアップと復元…
        from jukidesk.gui import evidence_dialog

        evidence_dialog.install_menu(self)  # ファイル → 証拠資料…
        from jukidesk.gui import recent, view_menu

        recent.install(self)  # ファイル → 最近使ったファイル, the last year of each file
        view_menu.install(self)  # 表示: tabs (Ctrl+1…) and previous/next year (Alt+←/→)
        self.ui.action_manual.triggered.connect(self.show_manual)
        self.ui.tabs.currentChanged.connect(self._ensure_tab)

        geometry = self._settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.set_context(context, restore_tab=True)
        fit_to_screen(self)  # 1280×800 (or as last closed) only where the screen has room

    # -- the open file ----------------------------------------------------------------
    def set_context(self, context: AppContext, *, restore_tab: bool = False) -> None:
        """Show another file: the tabs are rebuilt around the new context, the old one closed."""
        old_title = self.current_tab_title()
        self._discard_tabs()
        if self.context is not None:
            self.context.close()
            self.context.deleteLater()
        self.context = context
        prompts.data_file = str(context.database.path)  # file choosers remember folders per data file
        prompts.folder_settings = window_settings
        context.setParent(self)
        context.year_changed.connect(self._year_changed)
        context.data_changed.connect(self._data_changed)
        self.context_opened.emit(context)
        self._fill_year_combo()
        self._update_title()

        tabs = self.ui.tabs
        tabs.blockSignals(True)
        for spec in self._tab_specs:
            tabs.addTab(_TabPage(spec, tabs), spec.title)
        wanted = self._settings.value("window/last_tab") if restore_tab else old_title
        titles = [spec.title for spec in self._tab_specs]
        tabs.setCurrentIndex(titles.index(wanted) if wanted in titles else 0)
        tabs.blockSignals(False)
        self._ensure_tab(tabs.currentIndex())

    def _discard_tabs(self) -> None:
        tabs = self.ui.tabs
        for index in range(tabs.count()):
            page = tabs.widget(index)
            if isinstance(page, _TabPage) and page.content is not None and hasattr(page.content, "closing"):
                try:
                    page.content.closing()
                except Exception:  # noqa: BLE001 - one tab's failure must not keep the file open
                    log.exception("tab %s failed while closing", page.spec.title)
        tabs.blockSignals(True)
        while tabs.count():
            page = tabs.widget(0)
            tabs.removeTab(0)
            page.deleteLater()
        tabs.blockSignals(False)

    def _update_title(self) -> None:
        context = self.context
        if context.demo:
            self.setWindowTitle("デモデータ — jukidesk")
            self.file_label.setText("デモデータ（一時コピー: 終了すると変更は消えます）")
            self.ui.statusbar.showMessage("実際のデータは ファイル → 新規作成 で作ったファイルに入力します。")
        else:
            self.setWindowTitle(f"{context.path.name} — jukidesk")
            self.file_label.setText(str(context.path))
            self.ui.statusbar.clearMessage()

    # -- tabs -------------------------------------------------------------------------
    def tab_titles(self) -> list[str]:
        return [self.ui.tabs.tabText(i) for i in range(self.ui.tabs.count())]

    def current_tab_title(self) -> str | None:
        index = self.ui.tabs.currentIndex()
        return self.ui.tabs.tabText(index) if index >= 0 else None

    def show_tab(self, title: str) -> QWidget:
        """Switch to a tab by title and return its (now built) widget."""
        index = self.tab_titles().index(title)
        self.ui.tabs.setCurrentIndex(index)
        self._ensure_tab(index)
        return self.tab_widget(title)

    def tab_widget(self, title: str) -> QWidget | None:
        """The tab's real widget, or None while it has not been shown yet."""
        index = self.tab_titles().index(title)
        page = self.ui.tabs.widget(index)
        return page.content if isinstance(page, _TabPage) else None

    def _ensure_tab(self, index: int) -> None:
        page = self.ui.tabs.widget(index)
        if not isinstance(page, _TabPage) or page.content is not None:
            return
        spec = page.spec
        try:
            cls = getattr(importlib.import_module(spec.module), spec.class_name)
            content = cls(self.context, page)
        except Exception:  # noqa: BLE001 - show the failure in the page, keep the window
            details = traceback.format_exc()
            log.error("tab %s could not be built:\n%s", spec.title, details)
            content = QLabel(f"「{spec.title}」の画面を開けませんでした。\n\n{details}", page)
            content.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            content.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            content.setWordWrap(True)
        page.content = content
        page.layout_.addWidget(content)

    # -- fiscal year ------------------------------------------------------------------
    def _fill_year_combo(self) -> None:
        context = self.context
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.set_years(context.fiscal_years(), context.year_style)
        self.year_combo.set_fiscal_year(context.fiscal_year)
        self.year_combo.blockSignals(False)

    def _year_picked(self, _index: int) -> None:
        fy = self.year_combo.fiscal_year()
        if fy is not None and self.context is not None:
            self.context.set_fiscal_year(fy)

    def _year_changed(self, fy: int) -> None:
        if self.year_combo.fiscal_year() != fy:
            self.year_combo.blockSignals(True)
            self.year_combo.set_fiscal_year(fy)
            self.year_combo.blockSignals(False)

    def _data_changed(self, area: str) -> None:
        if area == SETTINGS:
            self._fill_year_combo()

    # -- menu actions -----------------------------------------------------------------
    def open_file(self) -> None:
        start = str(self.context.path.parent) if self.context and not self.context.demo else ""
        path = prompts.open_file_name(self, "データファイルを開く", start, prompts.DATABASE_FILTER)
        if path:
            self.open_path(Path(path))

    def new_file(self) -> None:
        from jukidesk.base.paths import default_database_path

        suggestion = default_database_path()
        if suggestion.exists():
            suggestion = suggestion.with_name("jukidesk-新規.sqlite")
        path = prompts.save_file_name(self, "新しいデータファイル", str(suggestion), prompts.DATABASE_FILTER)
        if not path:
            return
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".sqlite")
        if path.exists():
            prompts.error(
                self,
                f"{path} は既にあります。新しいファイルは、まだ無い名前で作成してください"
                "（既存のファイルは ファイル → 開く で開きます）。",
            )
            return
        self.open_path(path, create=True)

    def open_path(self, path: Path, *, create: bool = False) -> operations.Operation | None:
        """Open another file in the background (it may need a migration) and switch to it."""
        if operations.running_count():
            prompts.warn(self, "処理中の作業が終わってから、もう一度開いてください。")
            return None
        if self.context is not None and not self.context.demo and path.resolve() == self.context.path.resolve():
            return None
        return operations.run_operation(
            self,
            lambda progress: open_path(path, create=create),
            label="データファイルを開いています…",
            on_success=lambda opened: self.set_context(context_from(opened)),
        )

    def show_settings_dialog(self):
        from jukidesk.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.context, self)
        dialog.open()
        return dialog

    def show_manual(self):
        from jukidesk.gui.manual import show_manual

        self.manual_dialog = show_manual(self)
        return self.manual_dialog

    def show_about_dialog(self):
        from jukidesk.gui.about_dialog import AboutDialog

        dialog = AboutDialog(self.context, self)
        dialog.open()
        return dialog

    # -- closing ----------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings.setValue("window/geometry", self.saveGeometry())
        title = self.current_tab_title()
        if title:
            self._settings.setValue("window/last_tab", title)
        self._settings.sync()
        operations.cancel_all()
        operations.wait_for_all()
        self._discard_tabs()
        if self.context is not None:
            self.context.close()
        super().closeEvent(event)
