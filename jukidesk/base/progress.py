"""Progress reporting and cancelling for long work, without Qt.

Core functions that take long accept ``progress: Progress | None``; they call
``progress.step(done, total, label)`` and ``progress.check()`` between units of work.
The GUI passes one wired to a progress dialog; the CLI passes none.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from jukidesk.base.errors import JukideskError


class Cancelled(JukideskError):
    def __init__(self, message: str = "中止しました。変更は保存していません。"):
        super().__init__(message)


class Progress:
    def __init__(self, callback: Callable[[int, int, str], None] | None = None):
        self._callback = callback
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` if the user asked to stop (callers roll back and clean up)."""
        if self._cancel.is_set():
            raise Cancelled()

    def step(self, done: int, total: int, label: str = "") -> None:
        self.check()
        if self._callback is not None:
            self._callback(done, total, label)


def report(progress: Progress | None, done: int, total: int, label: str = "") -> None:
    if progress is not None:
        progress.step(done, total, label)
