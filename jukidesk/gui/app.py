"""Starting the GUI: the QApplication with the bundled Japanese fonts and Qt's Japanese
translations, the file to open, and the main window."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from jukidesk.base.errors import JukideskError
from jukidesk.base.paths import font_path

if TYPE_CHECKING:
    from jukidesk.storage.lock import DatabaseLockedError

log = logging.getLogger(__name__)

APP_FONT_POINT_SIZE = 10


def _mentions_pyside(module) -> bool:
    """PySide's own test (does the module's source name PySide6?) on the file's bytes, kept nowhere."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False  # no source (an extension, a frozen or .pyc-only module): PySide says False too
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def keep_module_sources_out_of_memory() -> None:
    """PySide6 replaces ``__import__`` and, for every module imported after it, looks for
    "PySide6" in the module's source (``shibokensupport.feature._mod_uses_pyside``, for its
    ``__feature__`` switching) through ``inspect.getsource``, which keeps every line of every
    file in ``linecache`` for the life of the process: SQLAlchemy, the data layer and the
    tabs, all imported after Qt, about 18 MB of idle memory (not given back by clearing the
    cache later). The same answer from the file's bytes, without the cache. If a PySide
    version no longer has that function, nothing is changed (test_startup_imports.py notices)."""
    try:
        from shibokensupport import feature
    except ImportError:
        return
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = _mentions_pyside


keep_module_sources_out_of_memory()  # before the data layer and the tabs are imported


# The bundled fonts the widgets draw with. Bold text is IPAexGothic made bold by Qt (a bold
# face of another family is never chosen for it), and nothing on screen is set in Mincho:
# IPAex明朝 and BIZ UDゴシック Bold are for the PDFs, where reportlab reads them itself.
QT_FONT_ROLES = ("gothic",)


def install_fonts(app: QApplication, roles: tuple[str, ...] = QT_FONT_ROLES) -> dict[str, str]:
    """Register the bundled fonts of ``roles`` (of ``base.paths.FONT_FILES``) and make
    IPAexGothic the application font, so Japanese renders the same everywhere (also
    offscreen, where no system font may have kana). Returns role → family name."""
    families: dict[str, str] = {}
    for role in roles:
        font_id = QFontDatabase.addApplicationFont(str(font_path(role)))
        names = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if names:
            families[role] = names[0]
        else:
            log.warning("font %s could not be loaded", font_path(role))
    if "gothic" in families:
        font = QFont(families["gothic"])
        font.setPointSize(APP_FONT_POINT_SIZE)
        app.setFont(font)
    return families


def install_translations(app: QApplication) -> QTranslator | None:
    """Qt's own Japanese strings (standard buttons read 「キャンセル」), and a Japanese locale
    for dates and calendars."""
    QLocale.setDefault(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_ja", path):
        app.installTranslator(translator)
        return translator
    log.info("qtbase_ja not found in %s; standard buttons stay in English", path)
    return None


def ensure_application() -> QApplication:
    """The one QApplication, set up for jukidesk (reused when it exists, e.g. in tests)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    if not getattr(app, "_jukidesk_ready", False):
        app.setOrganizationName("jukidesk")
        app.setApplicationName("jukidesk")
        install_fonts(app)
        install_translations(app)
        app._jukidesk_ready = True
    return app


def _install_excepthook() -> None:
    """An unexpected error in a slot shows a message instead of vanishing into a console."""
    from jukidesk.gui import prompts

    previous = sys.excepthook

    def hook(kind, value, tb):
        from jukidesk.base.crash_report import save_crash_report

        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("unhandled exception:\n%s", details)
        report = save_crash_report(kind, value, tb)
        saved = f"\n詳しい記録: {report}" if report else ""
        try:
            prompts.error(
                QApplication.activeWindow(),
                "予期しないエラーが発生しました。直前の操作は保存されていない可能性があります。\n"
                f"もう一度試しても直らない場合は、「詳細」の内容を担当者に伝えてください。{saved}",
                details=details,
            )
        except Exception:  # noqa: BLE001
            previous(kind, value, tb)

    sys.excepthook = hook


def _offer_to_clear_foreign_lock(exc: DatabaseLockedError, choice, *, interactive: bool):
    """A file held by another PC (a shared folder): show who, where and since when, and let
    the user clear the lock when that PC is known to be gone (a power cut). Returns the
    opened file, or None after telling why it cannot be opened."""
    from jukidesk.actions.locks import clear_foreign_lock, describe_foreign_lock, foreign_lock
    from jukidesk.gui import prompts
    from jukidesk.gui.opening import open_choice

    holder = foreign_lock(choice.path) if isinstance(choice.path, Path) else None  # a server has no lock file
    message = f"データファイルを開けませんでした。\n{exc}"
    if not interactive:
        print(f"エラー: {message}", file=sys.stderr)
        return None
    if holder is None:
        prompts.error(None, message, title="データファイルは使用中です")
        return None
    question = (
        f"{choice.path.name} は別のコンピュータで使用中です。\n{describe_foreign_lock(holder)}\n\n"
        "そのコンピュータで jukidesk が動いていないこと（停電や故障で止まったままなど）を確かめましたか？\n"
        "動いているのに解除すると、二人が同時に書き込んで変更が失われることがあります。解除は変更履歴に記録されます。"
    )
    if not prompts.confirm(None, question, title="ロックの解除", ok_text="ロックを解除して開く", destructive=True):
        return None
    try:
        clear_foreign_lock(choice.path, holder)
        return open_choice(choice)
    except JukideskError as error:
        prompts.error(None, f"データファイルを開けませんでした。\n{error}")
        return None


def run_gui(args) -> int:
    """``jukidesk`` without a command: show the main window, then open the file chosen by
    ``--db`` / ``--demo`` / ``JUKIDESK_DB`` / the user data folder on the worker thread
    (``MainWindow.open_when_painted``: the window is painted before the data layer is even
    imported). A file that cannot be opened is explained and the program exits with 1.
    ``--exit-when-ready`` closes the window once the first tab shows the file's data."""
    from jukidesk.gui import operations
    from jukidesk.gui.main_window import MainWindow
    from jukidesk.gui.opening import start_choice

    app = ensure_application()
    exit_when_ready = getattr(args, "exit_when_ready", False)
    interactive = not exit_when_ready
    choice = start_choice(args)
    opened = None
    if choice.ask and interactive:  # no data file yet: 新しく始める / デモ / 既存
        try:
            from jukidesk.gui.first_run import ask_first_run
            from jukidesk.gui.main_window import window_settings
            from jukidesk.gui.recent import RecentFiles

            opened = ask_first_run(choice, recent=RecentFiles(window_settings()).paths())
        except JukideskError as exc:
            return _refused(exc, None, choice, interactive=interactive)[0]
        if opened is None:  # 終了
            return 0
    failed: list[int] = []
    if opened is not None:
        from jukidesk.gui.context import context_from

        window = MainWindow(context_from(opened))
    else:
        from jukidesk.gui.opening import open_choice

        window = MainWindow()

        def open_failed(exc: BaseException) -> None:
            code, reopened = _refused(exc, window, choice, interactive=interactive)
            if reopened is not None and not window._closing:
                window._show_opened(reopened, restore_tab=True)
                return
            if reopened is not None:
                reopened.close()
            failed.append(code)
            window.close()

        window.open_when_painted(lambda: open_choice(choice, defer_check=True), on_error=open_failed)
    if exit_when_ready:
        if window.context is not None:
            QTimer.singleShot(0, window.close)
        else:
            window.data_ready.connect(window.close)
    else:
        _install_excepthook()
    window.show()
    app.setQuitOnLastWindowClosed(True)
    code = app.exec()
    operations.wait_for_all()
    return failed[0] if failed else code


def _refused(exc: BaseException, parent, choice, *, interactive: bool):
    """The file at start could not be opened: offer a backup (damaged), offer to clear a dead
    PC's lock (in use), or say why. Returns (exit code, a file opened instead or None)."""
    # The lock and recovery modules (with the backup and integrity code under them) here, not
    # at the top of the module: the window's first paint does not need them.
    from jukidesk.gui import prompts
    from jukidesk.storage.lock import DatabaseLockedError
    from jukidesk.storage.recovery import DamagedFileError

    if isinstance(exc, DamagedFileError):  # offer the newest good backup instead of opening it
        from jukidesk.gui.recovery import offer_restore

        opened = offer_restore(parent, exc, interactive=interactive)
        return (0 if opened is not None else 1), opened
    if isinstance(exc, DatabaseLockedError):
        opened = _offer_to_clear_foreign_lock(exc, choice, interactive=interactive)
        return (0 if opened is not None else 1), opened
    if not isinstance(exc, JukideskError):  # an unexpected failure: the details for the help desk
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        log.error("opening the file at start failed:\n%s", details)
        message = "データファイルを開けませんでした（予期しないエラー）。"
        if interactive:
            prompts.error(parent, message, details=details)
        else:
            print(f"エラー: {message}\n{details}", file=sys.stderr)
        return 1, None
    message = f"データファイルを開けませんでした。\n{exc}"  # also a file another jukidesk has open
    if not interactive:  # no dialog to click away
        print(f"エラー: {message}", file=sys.stderr)
    else:
        prompts.error(parent, message, title="jukidesk")
    return 1, None
