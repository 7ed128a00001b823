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


# -- a large file: shown first, checked right after, writes wait for the check ----------------


def _damage(path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 * 10 : 4096 * 14] = b"\xa5" * (4096 * 4)
    path.write_bytes(bytes(data))


@pytest.fixture
def every_file_is_large(monkeypatch):
    from jukidesk.gui import opening

    monkeypatch.setattr(opening, "DEFERRED_CHECK_SIZE", 0)


def test_a_large_file_is_shown_before_its_check_which_then_backs_it_up(qtbot, empty_window, demo_path, every_file_is_large, monkeypatch):
    from jukidesk.gui.main_window import CHECKING_TEXT
    from jukidesk.gui.opening import open_path
    from jukidesk.storage import recovery
    from jukidesk.storage.backup import list_backups

    release = threading.Event()
    real_check = recovery.ensure_not_damaged

    def slow_check(path, **kwargs):
        release.wait(30)
        return real_check(path, **kwargs)

    monkeypatch.setattr(recovery, "ensure_not_damaged", slow_check)
    win = empty_window
    win.open_when_painted(lambda: open_path(demo_path, defer_check=True), on_error=pytest.fail)
    with qtbot.waitSignal(win.data_ready, timeout=30000):
        win.show()
    database = win.context.database
    assert not database.sound  # the data is shown, the check still running
    assert list_backups(demo_path) == []  # no backup before the check passed
    qtbot.waitUntil(lambda: win.ui.statusbar.currentMessage() == CHECKING_TEXT, timeout=10000)
    assert QApplication.overrideCursor() is None  # the window is not busy: only writes wait
    with qtbot.waitSignal(win.check_operation.finished, timeout=30000):
        release.set()
    assert database.sound
    assert [info.reason for info in list_backups(demo_path)] == ["open"]
    assert win.ui.statusbar.currentMessage() == ""


def test_a_damaged_large_file_takes_no_write_and_the_window_says_so(qtbot, empty_window, demo_path, every_file_is_large, prompts_log):
    from jukidesk.actions.base import write
    from jukidesk.gui.opening import open_path
    from jukidesk.storage.recovery import DamagedFileError

    _damage(demo_path)
    opened = open_path(demo_path, defer_check=True)
    assert opened.check_pending
    with pytest.raises(DamagedFileError):  # what a write meets: the check, which fails
        write(opened.database, [], lambda session: None)
    opened.close()
    win = empty_window
    win.open_when_painted(lambda: open_path(demo_path, defer_check=True), on_error=pytest.fail)
    win.show()
    qtbot.waitUntil(lambda: prompts_log.kinds() == ["error"], timeout=30000)
    assert "正常なバックアップ" in prompts_log.texts()[0]  # none to offer: the window closes
    assert win.context is None and not win.isVisible()


def test_writes_wait_for_a_running_check_instead_of_checking_again(demo_path, monkeypatch):
    from jukidesk.gui.opening import open_path
    from jukidesk.storage import recovery

    monkeypatch.setattr("jukidesk.gui.opening.DEFERRED_CHECK_SIZE", 0)
    calls = []
    entered, release = threading.Event(), threading.Event()
    real_check = recovery.ensure_not_damaged

    def counted(path, **kwargs):
        calls.append(threading.current_thread().name)
        entered.set()
        release.wait(30)
        return real_check(path, **kwargs)

    monkeypatch.setattr(recovery, "ensure_not_damaged", counted)
    opened = open_path(demo_path, defer_check=True)
    try:
        checker = threading.Thread(target=opened.database.ensure_sound, name="checker")
        checker.start()
        entered.wait(30)
        writer = threading.Thread(target=opened.database.ensure_sound, name="writer")
        writer.start()
        release.set()
        checker.join(30)
        writer.join(30)
        assert calls == ["checker"] and opened.database.sound
    finally:
        opened.close()
