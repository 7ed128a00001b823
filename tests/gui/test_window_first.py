"""The window comes before the data (issue 20): painted with its menus, tabs and year picker
while the file is opened on the worker thread; Anki's delayed feedback while that takes long."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from jukidesk.gui.tabs import TABS


@pytest.fixture
def empty_window(qtbot, gui_app):
    from jukidesk.gui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1100, 700)
    yield win
    win.close()


def test_the_window_shows_tabs_and_says_it_is_opening_then_shows_the_file(qtbot, empty_window, demo_path, artifacts):
    from jukidesk.gui.main_window import OPENING_TEXT
    from jukidesk.gui.opening import open_path

    win = empty_window
    release = threading.Event()
    errors = []

    def slow_open():
        release.wait(30)
        return open_path(demo_path)

    win.open_when_painted(slow_open, on_error=errors.append)
    with qtbot.waitSignal(win.first_painted, timeout=10000):
        win.show()
    assert win.tab_titles() == [spec.title for spec in TABS]
    assert not win.year_combo.isEnabled()
    assert not win.ui.action_open.isEnabled() and not win.action_backup.isEnabled()
    assert win.ui.action_quit.isEnabled() and win.ui.action_manual.isEnabled()
    assert win.context is None
    # nothing at first; a busy cursor after 300 ms; the message after 600 ms
    assert win.opening_label.text() == ""
    qtbot.waitUntil(lambda: QApplication.overrideCursor() is not None, timeout=10000)
    assert QApplication.overrideCursor().shape() == Qt.CursorShape.BusyCursor
    qtbot.waitUntil(lambda: win.opening_label.text() == OPENING_TEXT, timeout=10000)
    assert win.grab().save(str(artifacts / "gui_window_opening.png"))
    with qtbot.waitSignal(win.data_ready, timeout=30000):
        release.set()
    assert errors == []
    assert win.windowTitle() == "demo.sqlite — jukidesk"
    assert win.year_combo.isEnabled() and win.year_combo.count() > 0
    assert win.ui.action_open.isEnabled() and win.action_backup.isEnabled()
    assert QApplication.overrideCursor() is None
    assert win.tab_widget(win.current_tab_title()) is not None  # the first tab is built with its data


def test_a_failure_goes_to_the_callback_and_the_window_keeps_no_file(qtbot, empty_window, tmp_path):
    from jukidesk.base.errors import JukideskError
    from jukidesk.gui.opening import open_path

    errors = []
    bad = tmp_path / "missing.sqlite"
    empty_window.open_when_painted(lambda: open_path(bad), on_error=errors.append)
    empty_window.show()
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    assert isinstance(errors[0], JukideskError) and str(bad) in str(errors[0])
    assert empty_window.context is None


def test_closing_the_window_while_the_file_opens_releases_the_file(qtbot, empty_window, demo_path):
    from jukidesk.gui.opening import open_path
    from jukidesk.storage.lock import hold

    started = threading.Event()
    release = threading.Event()

    def slow_open():
        started.set()
        release.wait(30)
        return open_path(demo_path)

    empty_window.open_when_painted(slow_open, on_error=pytest.fail)
    empty_window.show()
    qtbot.waitUntil(started.is_set, timeout=10000)
    release.set()
    empty_window.close()  # waits for the worker; the file it opened is closed again
    assert empty_window.context is None
    hold(demo_path).release()  # nobody holds the file any more
