"""Long work off the GUI thread, with a progress dialog and one way of reporting errors.

    run_operation(self, lambda progress: build_report(db, fy, progress=progress),
                  label="報告書を作成しています…", on_success=self._show_report)

``fn(progress)`` runs on a single worker thread (one at a time, so database writes never
compete) with a core ``Progress``: it calls ``progress.step(done, total, text)`` and
``progress.check()``. Anki's delayed feedback: nothing changes for work that ends within
``BUSY_CURSOR_DELAY_MS`` (300 ms); after that the cursor turns busy, and after
``PROGRESS_DELAY_MS`` (600 ms) a progress dialog appears (or, with ``on_slow``, the caller
shows its own message — the window opening a file at start writes it in the first tab); its キャンセル calls ``progress.cancel()`` and the core raises ``Cancelled`` at its
next check. The result comes back on the GUI thread: ``on_success(result)`` runs there; a
``JukideskError`` is shown as its Japanese message, anything else as a short Japanese
message with the traceback behind 「詳細」.

Tests either call ``set_synchronous(True)`` (the work then runs immediately in the caller's
thread, like Picard's FakeThreadPool) or wait with ``qtbot.waitSignal(op.finished)``.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from jukidesk.base.errors import JukideskError
from jukidesk.base.progress import Cancelled, Progress
from jukidesk.gui import prompts

log = logging.getLogger(__name__)

BUSY_CURSOR_DELAY_MS = 300
PROGRESS_DELAY_MS = 600

_synchronous = False
_pool: QThreadPool | None = None
_running: set[Operation] = set()


def set_synchronous(enabled: bool) -> None:
    """Run operations immediately in the calling thread (for tests)."""
    global _synchronous
    _synchronous = enabled


def thread_pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


def wait_for_all(timeout_ms: int = -1) -> bool:
    """Block until every running operation's work has finished (used when the app quits)."""
    return thread_pool().waitForDone(timeout_ms) if _pool is not None else True


def running_count() -> int:
    return len(_running)


def cancel_all() -> None:
    """Ask every running operation to stop at its next ``progress.check()`` (window closing)."""
    for operation in list(_running):
        operation.progress.cancel()


class _Signals(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object, str)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], progress: Progress, signals: _Signals):
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._progress, self._signals = fn, progress, signals

    def run(self) -> None:
        try:
            result = self._fn(self._progress)
        except BaseException as exc:  # noqa: BLE001 - every failure is reported on the GUI thread
            self._signals.failed.emit(exc, traceback.format_exc())
        else:
            self._signals.succeeded.emit(result)


class Operation(QObject):
    """One running piece of work. ``finished`` fires after its outcome was handled."""

    finished = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        fn: Callable[[Progress], Any],
        *,
        label: str,
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_slow: Callable[[], None] | None = None,
        busy_cursor: bool = True,
    ):
        super().__init__()
        self._wants_busy_cursor = busy_cursor
        self._parent, self._fn, self.label = parent, fn, label
        self._on_success, self._on_error, self._on_slow = on_success, on_error, on_slow
        self._busy_cursor = False
        self.progress = Progress(self._report)
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False
        self._dialog: QProgressDialog | None = None
        self._state = (0, 0, "")
        self._signals = _Signals()
        self._signals.progressed.connect(self._on_progress)
        self._signals.succeeded.connect(self._on_succeeded)
        self._signals.failed.connect(self._on_failed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_dialog)
        self._cursor_timer = QTimer(self)
        self._cursor_timer.setSingleShot(True)
        self._cursor_timer.timeout.connect(self._show_busy_cursor)

    # -- worker side ------------------------------------------------------------------
    def _report(self, done: int, total: int, text: str) -> None:
        self._signals.progressed.emit(done, total, text)

    # -- GUI side ---------------------------------------------------------------------
    def start(self) -> Operation:
        _running.add(self)
        runnable = _Runnable(self._fn, self.progress, self._signals)
        if _synchronous:
            runnable.run()
        else:
            if self._wants_busy_cursor:
                self._cursor_timer.start(BUSY_CURSOR_DELAY_MS)
            self._timer.start(PROGRESS_DELAY_MS)
            thread_pool().start(runnable)
        return self

    def _parent_widget(self) -> QWidget | None:
        parent = self._parent
        return parent if parent is not None and shiboken6.isValid(parent) else None

    def _show_busy_cursor(self) -> None:
        if self.done or self._busy_cursor:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._busy_cursor = True

    def _show_dialog(self) -> None:
        if self.done:
            return
        if self._on_slow is not None:
            self._on_slow()
            return
        dialog = QProgressDialog(self.label, "キャンセル", 0, 0, self._parent_widget())
        dialog.setWindowTitle("処理中")
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._cancel)
        self._dialog = dialog
        self._on_progress(*self._state)
        dialog.show()

    def _cancel(self) -> None:
        self.progress.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText("中止しています…")

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self._state = (done, total, text)
        dialog = self._dialog
        if dialog is None or self.progress.cancelled:
            return
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)
        dialog.setLabelText(f"{self.label}\n{text}" if text else self.label)

    def _finish(self) -> None:
        self.done = True
        self._timer.stop()
        self._cursor_timer.stop()
        if self._busy_cursor:
            QApplication.restoreOverrideCursor()
            self._busy_cursor = False
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    def _on_succeeded(self, result: Any) -> None:
        self._finish()
        self.result = result
        try:
            if self._on_success is not None:
                self._on_success(result)
        except Exception as exc:  # noqa: BLE001
            self._report_error(exc, traceback.format_exc())
        self._done()

    def _on_failed(self, exc: BaseException, details: str) -> None:
        self._finish()
        self._report_error(exc, details)
        self._done()

    def _report_error(self, exc: BaseException, details: str) -> None:
        self.error = exc
        if self._on_error is not None:
            self._on_error(exc)
            return
        parent = self._parent_widget()
        if isinstance(exc, Cancelled):
            prompts.info(parent, str(exc), title="中止")
        elif isinstance(exc, JukideskError):
            prompts.error(parent, str(exc))
        elif isinstance(exc, OSError):  # a disk, a path, a permission: the clerk can act on it
            from jukidesk.base.files import os_error_message

            prompts.error(parent, f"{os_error_message(exc)}（{self.label.rstrip('…')}）", details=details)
        else:
            log.error("operation %r failed:\n%s", self.label, details)
            prompts.error(
                parent,
                f"処理中に予期しないエラーが発生しました（{self.label.rstrip('…')}）。\n"
                "もう一度試しても直らない場合は、「詳細」の内容を担当者に伝えてください。",
                details=details,
            )

    def _done(self) -> None:
        _running.discard(self)
        self.finished.emit()


def run_operation(
    parent: QWidget | None,
    fn: Callable[[Progress], Any],
    *,
    label: str,
    on_success: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_slow: Callable[[], None] | None = None,
    busy_cursor: bool = True,
) -> Operation:
    """Run ``fn(progress)`` in the background; see the module docstring. ``busy_cursor=False``
    for work the user need not wait for (the window stays usable meanwhile)."""
    return Operation(
        parent, fn, label=label, on_success=on_success, on_error=on_error, on_slow=on_slow, busy_cursor=busy_cursor
    ).start()


def run_action(
    parent: QWidget | None,
    context,
    fn: Callable[[Progress], Any],
    *,
    label: str,
    on_success: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> Operation:
    """Run an action (``fn(progress)`` returns an ``actions.base.Outcome``) in the background;
    on success the tabs concerned are refreshed (``context.apply``) and ``on_success``
    receives the outcome's value."""

    def succeeded(outcome) -> None:
        context.apply(outcome)
        if on_success is not None:
            on_success(outcome.value)

    return run_operation(parent, fn, label=label, on_success=succeeded, on_error=on_error)
