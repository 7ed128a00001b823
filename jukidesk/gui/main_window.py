"""The main window: menus, the fiscal-year picker, and the tabs listed in ``tabs.TABS``.

The window comes first: ``MainWindow()`` without a context shows the menus, the tabs and the
year picker with a placeholder in the current tab, and imports nothing of the data layer
(SQLAlchemy, the models). ``open_when_painted`` then opens the file on the worker thread once
the window has been painted; ``set_context`` fills the window and ``data_ready`` fires when the
first tab shows the file's data. ``tests/unit/test_startup_imports.py`` keeps it that way.
"""

from __future__ import annotations

import importlib
import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from jukidesk.gui import operations, prompts
from jukidesk.gui.forms.ui_main_window import Ui_MainWindow
from jukidesk.gui.tabs import TABS, TabSpec
from jukidesk.gui.widgets import FiscalYearCombo, fit_to_screen

if TYPE_CHECKING:
    from jukidesk.gui.context import AppContext

REFRESH_SECONDS = 60  # how often the shown tab rereads shared data

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


OPENING_TEXT = "データファイルを開いています…"
CHECKING_TEXT = "データファイルを検査しています…（終わるまで保存はできません）"


class _OpeningPage(QLabel):
    """The current tab's page while the file is being opened: empty at first, the message
    after ``operations.PROGRESS_DELAY_MS`` (Anki's delay). Says when it was first painted."""

    painted = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("opening_label")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("color: #707070; font-size: 14pt;")
        self._painted = False

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.painted.emit()


class MainWindow(QMainWindow):
    context_opened = Signal(object)  # the new AppContext, before its tabs are built
    first_painted = Signal()  # the window without a file has been painted (at start)
    data_ready = Signal()  # a file's context is set and its current tab built with its data

    def __init__(
        self,
        context: AppContext | None = None,
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

        self._pending_open: tuple[Callable[[], Any], Callable[[BaseException], None]] | None = None
        self._open_started = False
        self._painted = False
        self._closing = False
        self._held_actions: list = []  # disabled while the file at start is being opened

        self.ui.action_new.triggered.connect(self.new_file)
        self.ui.action_open.triggered.connect(self.open_file)
        self.ui.action_org_settings.triggered.connect(self.show_settings_dialog)
        self.ui.action_about.triggered.connect(self.show_about_dialog)
        from jukidesk.gui import file_menu, recent, view_menu

        file_menu.install_backup(self)  # ファイル → バックアップと復元…
        file_menu.install_evidence(self)  # ファイル → 証拠資料…
        file_menu.install_template_editor(self)  # 設定 → チェックリストのテンプレート…
        file_menu.install_server_open(self)  # ファイル → サーバーのデータベースを開く… (issue 19)

        recent.install(self)  # ファイル → 最近使ったファイル, the last year of each file
        view_menu.install(self)  # 表示: tabs (Ctrl+1…) and previous/next year (Alt+←/→)
        self.ui.action_manual.triggered.connect(self.show_manual)
        self.ui.tabs.currentChanged.connect(self._tab_switched)
        # Several clerks (a server database, a shared folder): the shown tab rereads what the
        # others changed every REFRESH_SECONDS, and whenever the clerk switches to it.
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_SECONDS * 1000)
        self.refresh_timer.timeout.connect(self.refresh_current_tab)
        self.refresh_timer.start()

        geometry = self._settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if context is None:
            self._show_opening()
        else:
            self.set_context(context, restore_tab=True)
        fit_to_screen(self)  # 1280×800 (or as last closed) only where the screen has room

    # -- the window before its file ---------------------------------------------------
    def _show_opening(self) -> None:
        """Tabs with empty pages (the remembered one current, showing ``_OpeningPage``), the
        year picker and every action that needs the file disabled until it is open."""
        tabs = self.ui.tabs
        titles = [spec.title for spec in self._tab_specs]
        wanted = self._settings.value("window/last_tab")
        current = titles.index(wanted) if wanted in titles else 0
        tabs.blockSignals(True)
        for index, spec in enumerate(self._tab_specs):
            page = QWidget(tabs)
            layout = QVBoxLayout(page)
            layout.setContentsMargins(0, 0, 0, 0)
            if index == current:
                self.opening_label = _OpeningPage(page)
                self.opening_label.painted.connect(self._first_paint)
                layout.addWidget(self.opening_label)
            tabs.addTab(page, spec.title)
        tabs.setCurrentIndex(current)
        tabs.blockSignals(False)
        self.year_combo.setEnabled(False)
        ui = self.ui
        needs_file = [
            ui.action_new, ui.action_open, ui.action_org_settings, ui.action_about,
            ui.action_previous_year, ui.action_next_year, self.action_backup, self.action_evidence,
            self.recent_menu.menuAction(), self.action_open_server,
        ]
        self._held_actions = [action for action in needs_file if action.isEnabled()]
        for action in self._held_actions:
            action.setEnabled(False)

    def _first_paint(self) -> None:
        if self._painted:
            return
        self._painted = True
        self.first_painted.emit()
        if self._pending_open is not None:
            QTimer.singleShot(0, self._start_pending_open)

    def open_when_painted(self, open_file: Callable[[], Any], *, on_error: Callable[[BaseException], None]) -> None:
        """At start: ``open_file()`` (it returns a ``gui.opening.OpenedFile``; the damage
        check, the backup and any migration happen in it) runs on the worker thread after the
        window has been painted; busy cursor after 300 ms, 「データファイルを開いています…」
        in the tab after 600 ms. The window then shows the file (``data_ready``); a failure
        goes to ``on_error(exc)`` on the GUI thread."""
        self._pending_open = (open_file, on_error)
        if self._painted:
            QTimer.singleShot(0, self._start_pending_open)

    def _start_pending_open(self) -> None:
        if self._pending_open is None or self._open_started or self._closing:
            return
        self._open_started = True
        open_file, on_error = self._pending_open
        self.opening_operation = operations.run_operation(
            self,
            lambda progress: open_file(),
            label=OPENING_TEXT,
            on_success=self._opened_at_start,
            on_error=on_error,
            on_slow=lambda: self.opening_label.setText(OPENING_TEXT),
        )

    def _opened_at_start(self, opened) -> None:
        if self._closing:  # closed while the file was being opened: let it go again
            opened.close()
            return
        self._show_opened(opened, restore_tab=True)

    def _show_opened(self, opened, *, restore_tab: bool = False) -> None:
        """A file just opened (``gui.opening.OpenedFile``): show it; a large file opened before
        its damage check is checked (and backed up) now on the worker, while it is shown."""
        from jukidesk.gui.context import context_from

        self.set_context(context_from(opened), restore_tab=restore_tab)
        if opened.check_pending:
            self._check_after_showing(opened.database)

    def _check_after_showing(self, database) -> None:
        """``Database.ensure_sound`` on the worker: a write asked for meanwhile waits for it;
        a damaged file takes no writes and the newest good backup is offered."""
        status = self.ui.statusbar

        def passed(_result) -> None:
            if status.currentMessage() == CHECKING_TEXT:
                status.clearMessage()

        def failed(exc: BaseException) -> None:
            passed(None)
            if self._closing:
                return
            from jukidesk.storage.recovery import DamagedFileError

            if not isinstance(exc, DamagedFileError):
                prompts.error(self, f"データファイルを検査できませんでした（保存はできません）。\n{exc}")
                return
            from jukidesk.gui.recovery import offer_restore

            if self.context is not None and self.context.database is database:
                self.context.close()  # the restore replaces the file: let it go first
                self.context = None
            restored = offer_restore(self, exc, interactive=True)
            if restored is not None:
                self._show_opened(restored)
            elif self.context is None:
                self.close()

        self.check_operation = operations.run_operation(
            self,
            lambda progress: database.ensure_sound(),
            label=CHECKING_TEXT,
            on_success=passed,
            on_error=failed,
            on_slow=lambda: status.showMessage(CHECKING_TEXT),
            busy_cursor=False,
        )

    # -- the open file ----------------------------------------------------------------
    def set_context(self, context: AppContext, *, restore_tab: bool = False) -> None:
        """Show another file: the tabs are rebuilt around the new context, the old one closed."""
        old_title = self.current_tab_title()
        self._discard_tabs()
        self.opening_label = None
        self.year_combo.setEnabled(True)
        for action in self._held_actions:
            action.setEnabled(True)
        self._held_actions = []
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
        self.data_ready.emit()

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
            self.setWindowTitle(f"{context.display_name} — jukidesk")
            self.file_label.setText(context.location_text)
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

    def _tab_switched(self, index: int) -> None:
        page = self.ui.tabs.widget(index)
        built = isinstance(page, _TabPage) and page.content is not None
        self._ensure_tab(index)
        if built:
            self._refresh_tab(page)  # a tab built just now has read the data already

    def shared_data(self) -> bool:
        """Others may change the data while this window shows it."""
        database = self.context.database if self.context is not None else None
        return database is not None and (database.is_server or database.on_network)

    def refresh_current_tab(self) -> bool:
        """Reread the shown tab (the timer; several clerks). Not while work runs or while the
        clerk is typing into a table cell. Returns whether it was reread."""
        page = self.ui.tabs.currentWidget()
        return isinstance(page, _TabPage) and self._refresh_tab(page)

    def _refresh_tab(self, page) -> bool:
        from PySide6.QtWidgets import QAbstractItemView

        content = page.content
        if not self.shared_data() or content is None or not hasattr(content, "reload") or operations.running_count():
            return False
        if any(view.state() == QAbstractItemView.State.EditingState for view in content.findChildren(QAbstractItemView)):
            return False
        try:
            # a tab with typing to protect says how it rereads others' changes (資料2's notes)
            getattr(content, "reload_for_others", content.reload)()
        except Exception:  # noqa: BLE001 - a failed refresh must not close the window
            log.exception("refreshing %s failed", page.spec.title)
            return False
        return True

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
        if page.isVisible():  # on screen now, not after the layout's queued show: what the tab
            content.show()  # reloads at once or when shown next (ReloadWhenShown) depends on it

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
        from jukidesk.gui.context import SETTINGS

        if area == SETTINGS:
            self._fill_year_combo()

    # -- menu actions -----------------------------------------------------------------
    def open_file(self) -> None:
        start = str(self.context.path.parent) if self.context and not self.context.demo and self.context.path else ""
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

    def open_path(self, path, *, create: bool = False) -> operations.Operation | None:
        """Open another file (or server database) in the background (it may need a
        migration) and switch to it."""
        if operations.running_count():
            prompts.warn(self, "処理中の作業が終わってから、もう一度開いてください。")
            return None
        if self.context is not None and not self.context.demo and _same_target(path, self.context.target):
            return None
        from jukidesk.gui.opening import open_path

        return operations.run_operation(
            self,
            lambda progress: open_path(path, create=create, defer_check=True),
            label=OPENING_TEXT,
            on_success=self._show_opened,
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
        self._closing = True
        self._settings.setValue("window/geometry", self.saveGeometry())
        title = self.current_tab_title()
        if title:
            self._settings.setValue("window/last_tab", title)
        self._settings.sync()
        operations.cancel_all()
        operations.wait_for_all()
        operation = getattr(self, "opening_operation", None)
        if operation is not None and not operation.done:  # deliver the file opened meanwhile: it is closed
            from PySide6.QtCore import QCoreApplication

            QCoreApplication.sendPostedEvents(operation)
        self._discard_tabs()
        if self.context is not None:
            self.context.close()
        super().closeEvent(event)


def _same_target(a, b) -> bool:
    """The same file (resolved), or the same server database (its URL)."""
    if isinstance(a, Path) and isinstance(b, Path):
        return a.resolve() == b.resolve()
    return str(a) == str(b)
