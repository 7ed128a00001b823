"""GUI test fixtures: the real main window on a copy of the demo file, with user settings
redirected to a temporary folder and every prompt recorded instead of shown."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QSettings

from tests.gui.helpers import shown


@dataclass
class PromptLog:
    """What the GUI tried to tell or ask the user. ``answers`` feeds confirm() and the file
    choosers (first in, first out); confirm() answers True when it is empty."""

    calls: list[tuple[str, str]] = field(default_factory=list)
    details: list[str | None] = field(default_factory=list)
    answers: list = field(default_factory=list)
    options: list[dict] = field(default_factory=list)  # the keyword arguments of each confirm / chooser

    def last_options(self, kind: str) -> dict:
        """The keyword arguments of the last ``kind`` call (e.g. destructive=, kind=)."""
        return next(o for (k, _t), o in zip(reversed(self.calls), reversed(self.options)) if k == kind)

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.calls]

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, text in self.calls if kind is None or k == kind]


@pytest.fixture(autouse=True)
def _temporary_qsettings(tmp_path_factory):
    """Window geometry and the last tab go to a temporary INI, never the user's settings."""
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture(autouse=True)
def _municipal_pc_screen(monkeypatch):
    """Windows and dialogs fit themselves to the screen (gui.widgets.fit_to_screen); offscreen
    Qt's screen is 800×600, so tests use the free part of a municipal PC's 1366×768 screen."""
    from PySide6.QtCore import QRect

    from jukidesk.gui import widgets

    monkeypatch.setattr(widgets, "available_rect", lambda _widget: QRect(0, 0, 1366, 728))


@pytest.fixture(autouse=True)
def prompts_log(monkeypatch) -> PromptLog:
    from jukidesk.gui import prompts

    log = PromptLog()

    def recorder(kind):
        def record(parent, text, **kwargs):
            log.calls.append((kind, text))
            log.details.append(kwargs.get("details"))
            log.options.append(kwargs)

        return record

    def confirm(parent, text, **kwargs):
        log.calls.append(("confirm", text))
        log.details.append(None)
        log.options.append(kwargs)
        return log.answers.pop(0) if log.answers else True

    def file_name(kind):
        def choose(parent, title, directory="", filter="", **kwargs):
            log.calls.append((kind, title))
            log.details.append(None)
            log.options.append(kwargs)
            return log.answers.pop(0) if log.answers else None

        return choose

    for kind in ("info", "warn", "error"):
        monkeypatch.setattr(prompts, kind, recorder(kind))
    monkeypatch.setattr(prompts, "confirm", confirm)
    monkeypatch.setattr(prompts, "open_file_name", file_name("open_file_name"))
    monkeypatch.setattr(prompts, "save_file_name", file_name("save_file_name"))
    return log


@pytest.fixture(autouse=True)
def _registry_read_at_once(monkeypatch):
    """The 機関台帳 tab reads its rows on the worker thread; GUI tests read the tab right
    after showing it or after a change, so there it reads at once (the worker path has its
    own tests in test_registry_tab.py, which set ``LOAD_ON_WORKER`` back to True)."""
    from jukidesk.gui import registry_tab

    monkeypatch.setattr(registry_tab, "LOAD_ON_WORKER", False)


@pytest.fixture(autouse=True)
def _charts_read_at_once(monkeypatch):
    """The グラフ tab reads its figures on the worker thread; GUI tests look at it right
    after showing it or after a change, so there it reads at once (the worker path has its
    own tests in test_charts_tab.py, which set ``LOAD_ON_WORKER`` back to True)."""
    from jukidesk.gui import charts_tab

    monkeypatch.setattr(charts_tab, "LOAD_ON_WORKER", False)


@pytest.fixture
def gui_app(qapp):
    from jukidesk.gui.app import ensure_application

    return ensure_application()


@pytest.fixture
def context(gui_app, demo_path):
    from jukidesk.gui.context import AppContext
    from jukidesk.storage.database import open_database

    ctx = AppContext(open_database(demo_path))
    # The demo opens on its 基準日's year (FY2014, tests/gui/test_reference_date.py); the GUI
    # tests were written against the last year with results, FY2013.
    ctx.set_fiscal_year(2013)
    yield ctx
    ctx.close()


@pytest.fixture
def window(qtbot, context):
    """The real main window, 1280×800, on a copy of the demo file."""
    from jukidesk.gui.main_window import MainWindow

    win = MainWindow(context)
    shown(qtbot, win)
    yield win
    win.close()


@pytest.fixture
def registry_tab(window):
    return window.show_tab("機関台帳")


@pytest.fixture
def checklist_tab(window, context):
    """The チェックリスト tab on FY2014, its background work run at once."""
    from jukidesk.gui import operations

    context.set_fiscal_year(2014)
    widget = window.show_tab("チェックリスト")
    operations.set_synchronous(True)
    yield widget
    operations.set_synchronous(False)


# -- the first-run dialog and run_gui (test_first_run, test_first_day_walk, test_single_instance)


@pytest.fixture
def target(tmp_path):
    """The default data path on a fresh PC: its folder does not exist yet either."""
    return tmp_path / "AppData" / "jukidesk" / "jukidesk.sqlite"


@pytest.fixture
def dialog(qtbot, gui_app, target):
    """The first-run dialog on a fresh PC; whatever it opened is closed and removed after."""
    import shutil

    from jukidesk.gui.first_run import FirstRunDialog

    dlg = FirstRunDialog(target)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    yield dlg
    if dlg.opened is not None:
        dlg.opened.database.close()
        if dlg.opened.temp_dir is not None:
            shutil.rmtree(dlg.opened.temp_dir, ignore_errors=True)


@pytest.fixture
def windows_close_themselves(monkeypatch):
    """A window that run_gui shows closes itself at once (after its data is shown), so a
    test of run_gui never blocks in the event loop; the excepthook stays pytest's. Returns
    the windows shown."""
    import sys

    from PySide6.QtCore import QTimer

    from jukidesk.gui import app as app_module
    from jukidesk.gui.main_window import MainWindow

    monkeypatch.setattr(app_module, "_install_excepthook", lambda: None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    shown = []
    original_show = MainWindow.show

    def show(self):
        original_show(self)
        shown.append(self)
        if self.context is not None:
            QTimer.singleShot(0, self.close)
        else:  # the window shows first and opens its file in the background
            self.data_ready.connect(self.close)

    monkeypatch.setattr(MainWindow, "show", show)
    return shown
