"""Run jukidesk's GUI in this process and report what the benchmarks measure.

    python tests/benchmarks/app_driver.py start --db PATH
        Exactly ``jukidesk --db PATH --exit-when-ready`` (through ``jukidesk.main.main``), and
        when the application is about to quit (the first tab has shown the file's data)
        prints ``first_paint_at=<time.time()> data_at=… ready_at=… rss_kb=N hwm_kb=N``:
        when the window was first painted (before the file is opened), when its first tab
        showed the data, and the idle memory after that. The parent compares the times with
        the moment it spawned this process (interpreter teardown not included).

    python tests/benchmarks/app_driver.py tabs --db PATH --tab 機関台帳 --tab チェックリスト
        Opens the main window on an empty first page, then shows each named tab in turn and
        prints ``tab=<title> seconds=S rows=N`` (from the switch until the page has painted
        with its data: background loads finished, events processed, a synchronous repaint)
        and finally ``rss_kb=N hwm_kb=N``.

Set ``QT_QPA_PLATFORM=offscreen`` and a private ``XDG_CONFIG_HOME`` (the window remembers
its last tab there); ``run.py`` does both.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from procstat import proc_memory_kb  # noqa: E402


def run_start(db: str) -> int:
    from jukidesk import main as program

    argv = ["--db", db, "--exit-when-ready"]
    from jukidesk.gui import app as gui_app
    from jukidesk.gui import main_window

    times: dict[str, float] = {}
    original = gui_app.ensure_application
    original_show = main_window.MainWindow.show

    def ensure_and_hook():
        application = original()
        application.aboutToQuit.connect(
            lambda: print(
                "first_paint_at={:.6f} data_at={:.6f} ready_at={:.6f} rss_kb={} hwm_kb={}".format(
                    times.get("paint", 0.0), times.get("data", 0.0), time.time(), *proc_memory_kb()
                ),
                flush=True,
            )
        )
        return application

    def show_and_hook(window):
        window.first_painted.connect(lambda: times.setdefault("paint", time.time()))
        window.data_ready.connect(lambda: times.setdefault("data", time.time()))
        if window.context is not None:  # opened before the window (the first-run dialog)
            times.setdefault("data", time.time())
        original_show(window)

    gui_app.ensure_application = ensure_and_hook
    main_window.MainWindow.show = show_and_hook
    return program.main(argv)


def _settle(app, timeout: float = 120.0) -> None:
    """Process events until background operations are done and no event is pending."""
    from jukidesk.gui import operations

    deadline = time.perf_counter() + timeout
    while True:
        app.processEvents()
        if not operations.running_count():
            app.processEvents()
            return
        if time.perf_counter() > deadline:
            raise SystemExit("background work did not finish")
        time.sleep(0.002)


def _rows_shown(widget) -> int:
    """Rows of the tab's largest table (what the user sees listed; combo popups left out)."""
    from PySide6.QtWidgets import QTableView, QTreeView

    counts = [
        view.model().rowCount()
        for kind in (QTableView, QTreeView)
        for view in widget.findChildren(kind)
        if view.model() is not None
    ]
    return max(counts, default=0)


def run_tabs(db: str, titles: list[str]) -> int:
    from jukidesk.gui.app import ensure_application
    from jukidesk.gui.context import context_from
    from jukidesk.gui.main_window import MainWindow
    from jukidesk.gui.opening import open_path
    from jukidesk.gui.tabs import PLACEHOLDER, TABS, TabSpec

    app = ensure_application()
    specs = {spec.title: spec for spec in TABS}
    missing = [t for t in titles if t not in specs]
    if missing:
        print(f"unknown tab: {missing}", file=sys.stderr)
        return 2
    tabs = [TabSpec("（空）", *PLACEHOLDER), *(specs[t] for t in titles)]
    window = MainWindow(context_from(open_path(db)), tabs=tabs)
    window.resize(1100, 720)
    window.show()
    _settle(app)
    window.repaint()
    for title in titles:
        started = time.perf_counter()
        widget = window.show_tab(title)
        _settle(app)
        window.repaint()
        elapsed = time.perf_counter() - started
        placeholder = type(widget).__module__ == PLACEHOLDER[0]
        print(f"tab={title} seconds={elapsed:.6f} rows={_rows_shown(widget)} placeholder={int(placeholder)}", flush=True)
    print("rss_kb={} hwm_kb={}".format(*proc_memory_kb()), flush=True)
    window.close()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("start", "tabs"))
    parser.add_argument("--db", required=True)
    parser.add_argument("--tab", action="append", default=[])
    args = parser.parse_args()
    if args.mode == "start":
        return run_start(args.db)
    return run_tabs(args.db, args.tab)


if __name__ == "__main__":
    sys.exit(main())
