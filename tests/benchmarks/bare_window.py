"""The floor for the start, memory and tab benchmarks: a bare PySide6 main window with four
empty tabs, started and stopped exactly like ``jukidesk --exit-when-ready`` (shown, then
closed from the first pass of the event loop).

    python tests/benchmarks/bare_window.py --rss
        prints ``ready_at=<time.time()> rss_kb=N hwm_kb=N`` when the window has closed and
        the application is about to quit (as app_driver.py does for jukidesk).

    python tests/benchmarks/bare_window.py --tabs-timing ROWS ROWS
        the window's first tab empty, then one tab per ROWS with a QTableView over a minimal
        model of ROWS constant rows; switches to each like app_driver.py ``tabs`` does and
        prints ``tab=N seconds=S`` and then ``rss_kb=N hwm_kb=N``.
"""

from __future__ import annotations

import argparse
import sys
import time

from procstat import proc_memory_kb
from PySide6.QtCore import QAbstractTableModel, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QTabWidget, QWidget


class ConstantModel(QAbstractTableModel):
    def __init__(self, rows: int, columns: int = 6):
        super().__init__()
        self.rows, self.columns = rows, columns

    def rowCount(self, parent=None):  # noqa: N802 (Qt API)
        return 0 if parent is not None and parent.isValid() else self.rows

    def columnCount(self, parent=None):  # noqa: N802
        return 0 if parent is not None and parent.isValid() else self.columns

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{index.row()}-{index.column()}"
        return None


def build_window() -> tuple[QMainWindow, QTabWidget]:
    window = QMainWindow()
    tabs = QTabWidget(window)
    for title in ("tab 1", "tab 2", "tab 3", "tab 4"):
        tabs.addTab(QWidget(), title)
    window.setCentralWidget(tabs)
    window.resize(1100, 720)
    return window, tabs


def tabs_timing(app: QApplication, rows: list[int]) -> None:
    window, tabs = build_window()
    window.show()
    app.processEvents()
    window.repaint()
    for n, count in enumerate(rows, start=1):
        started = time.perf_counter()
        view = QTableView()
        view.setModel(ConstantModel(count))
        tabs.insertTab(n, view, f"table {n}")
        tabs.setCurrentIndex(n)
        app.processEvents()
        window.repaint()
        print(f"tab={n} seconds={time.perf_counter() - started:.6f} rows={count}", flush=True)
    print("rss_kb={} hwm_kb={}".format(*proc_memory_kb()), flush=True)
    window.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rss", action="store_true")
    parser.add_argument("--tabs-timing", nargs="+", type=int, metavar="ROWS")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    if args.tabs_timing:
        tabs_timing(app, args.tabs_timing)
        return 0
    window, _tabs = build_window()
    if args.rss:
        app.aboutToQuit.connect(
            lambda: print("ready_at={:.6f} rss_kb={} hwm_kb={}".format(time.time(), *proc_memory_kb()), flush=True)
        )
    window.show()
    QTimer.singleShot(0, window.close)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
