"""Background operations: result on the GUI thread, progress dialog, cancel, errors."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from jukidesk.base.errors import JukideskError
from jukidesk.gui import operations


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_result_arrives_on_the_gui_thread(qtbot, parent):
    seen = {}

    def work(progress):
        seen["worker"] = threading.current_thread()
        progress.step(1, 2, "半分")
        return 42

    def done(result):
        seen["callback"] = threading.current_thread()
        seen["result"] = result

    op = operations.run_operation(parent, work, label="計算しています…", on_success=done)
    with qtbot.waitSignal(op.finished, timeout=10000):
        pass
    assert seen["result"] == 42
    assert seen["worker"] is not threading.main_thread()
    assert seen["callback"] is threading.main_thread()
    assert operations.running_count() == 0


def test_synchronous_mode_for_tests(parent, monkeypatch):
    monkeypatch.setattr(operations, "_synchronous", True)
    op = operations.run_operation(parent, lambda progress: threading.current_thread(), label="x")
    assert op.done and op.result is threading.main_thread()


def test_user_error_is_shown_in_japanese(qtbot, parent, prompts_log):
    def work(progress):
        raise JukideskError("ファイル「a.xlsx」のシート「点検」C5: 点数は1〜3です。")

    op = operations.run_operation(parent, work, label="取り込んでいます…")
    qtbot.waitUntil(lambda: op.done, timeout=10000)
    assert prompts_log.calls == [("error", "ファイル「a.xlsx」のシート「点検」C5: 点数は1〜3です。")]


def test_unexpected_error_has_a_short_text_and_details(qtbot, parent, prompts_log):
    op = operations.run_operation(parent, lambda progress: 1 / 0, label="集計しています…")
    qtbot.waitUntil(lambda: op.done, timeout=10000)
    assert prompts_log.kinds() == ["error"]
    assert "予期しないエラー" in prompts_log.texts()[0] and "集計しています" in prompts_log.texts()[0]
    assert "ZeroDivisionError" in prompts_log.details[0]


def test_progress_dialog_appears_late_and_cancels(qtbot, parent, prompts_log, monkeypatch):
    monkeypatch.setattr(operations, "PROGRESS_DELAY_MS", 50)
    started, release = threading.Event(), threading.Event()

    def work(progress):
        started.set()
        for i in range(1000):
            progress.step(i, 1000, f"{i}件目")
            if release.wait(0.01):
                break
        progress.check()
        return "finished"

    op = operations.run_operation(parent, work, label="書き出しています…", on_success=lambda r: None)
    qtbot.waitUntil(lambda: op._dialog is not None and op._dialog.isVisible(), timeout=5000)
    dialog: QProgressDialog = op._dialog
    assert dialog.labelText().startswith("書き出しています…")
    cancel_buttons = [b for b in dialog.findChildren(QPushButton) if b.text() == "キャンセル"]
    assert len(cancel_buttons) == 1, "the dialog offers キャンセル"
    qtbot.mouseClick(cancel_buttons[0], Qt.MouseButton.LeftButton)
    assert op.progress.cancelled
    release.set()
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert op.result is None
    assert prompts_log.calls == [("info", "中止しました。変更は保存していません。")]


def test_fast_work_shows_no_dialog(qtbot, parent):
    op = operations.run_operation(parent, lambda progress: "quick", label="x")
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert op._dialog is None
    QApplication.processEvents()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


def test_cancel_all_stops_work_at_its_next_check(qtbot, parent, prompts_log):
    started = threading.Event()

    def work(progress):
        started.set()
        while True:
            progress.check()
            threading.Event().wait(0.005)

    op = operations.run_operation(parent, work, label="長い処理…")
    assert started.wait(5)
    operations.cancel_all()
    assert operations.wait_for_all(5000)
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert prompts_log.kinds() == ["info"]


def test_a_disk_error_is_explained_in_japanese(qtbot, parent, prompts_log):
    import errno

    def work(progress):
        raise OSError(errno.ENOSPC, "No space left on device", "D:/配布用/2014_自己点検_消防課.xlsx")

    op = operations.run_operation(parent, work, label="書き出しています…")
    qtbot.waitUntil(lambda: op.done, timeout=10000)
    (text,) = prompts_log.texts()
    assert "ディスクの空き容量が足りません" in text and "2014_自己点検_消防課.xlsx" in text and "予期しない" not in text
