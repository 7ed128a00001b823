"""Layouts scale up cleanly at 1920×1080 (issue 21): on a full-HD screen (1920×1040 free, the
taskbar below) the main window grows to the screen and every tab's tables, charts and text
views take the extra room, none left at its 1366 size in the top-left corner; and at
1366×728 no tab makes the window grow past the screen."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

from jukidesk.gui import widgets

SMALL = QRect(0, 0, 1366, 728)
LARGE = QRect(0, 0, 1920, 1040)
UNLIMITED = 16777215  # QWIDGETSIZE_MAX


def content_widgets(tab: QWidget) -> list[QWidget]:
    """What a tab shows its data in: tables, lists, text views and painted charts."""
    from jukidesk.gui.charts_tab import ChartView

    found = []
    for child in tab.findChildren(QWidget):
        if not child.isVisible() or not isinstance(child, (QAbstractScrollArea, ChartView)):
            continue
        if any(isinstance(parent, QAbstractScrollArea) for parent in _ancestors(child, tab)):
            continue  # a view inside a scroll area (the area itself counts)
        if child.width() * child.height() < 80 * 60:
            continue  # a one-line field that happens to scroll
        found.append(child)
    return found


def _ancestors(widget: QWidget, stop: QWidget):
    parent = widget.parentWidget()
    while parent is not None and parent is not stop:
        yield parent
        parent = parent.parentWidget()


def measure(qtbot, win, screen: QRect, monkeypatch) -> dict[str, dict]:
    """With the window fitted to ``screen``: each tab's size, the window's size while it is
    shown, and its content widgets (name → rectangle in the tab, maximum size)."""
    monkeypatch.setattr(widgets, "available_rect", lambda _widget: QRect(screen))
    widgets.fit_to_screen(win, screen.width(), screen.height())
    qtbot.waitUntil(lambda: win.width() >= screen.width() - 40)
    sizes = {}
    for title in win.tab_titles():
        tab = win.show_tab(title)
        qtbot.waitUntil(tab.isVisible)
        QApplication.processEvents()
        views = {}
        for index, view in enumerate(content_widgets(tab)):
            name = f"{type(view).__name__}:{view.objectName() or index}"
            views[name] = (QRect(view.mapTo(tab, view.rect().topLeft()), view.size()), view.maximumSize())
        sizes[title] = {"window": win.frameGeometry(), "tab": tab.size(), "views": views}
    return sizes


def _union(rects) -> QRect:
    box = QRect()
    for rect in rects:
        box = box.united(rect)
    return box


def test_tabs_use_a_full_hd_screen(qtbot, context, monkeypatch, artifacts):
    from jukidesk.gui.main_window import MainWindow

    win = MainWindow(context)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    small = measure(qtbot, win, SMALL, monkeypatch)
    # at 1366×728 no tab pushes the window past the screen (a page's minimum too tall)
    too_tall = {title: m["window"].getRect() for title, m in small.items() if not SMALL.contains(m["window"])}
    assert too_tall == {}
    large = measure(qtbot, win, LARGE, monkeypatch)
    for title in ("グラフ", "監査カレンダー"):
        win.show_tab(title)
        QApplication.processEvents()
        assert win.grab().save(str(artifacts / f"gui_1920x1080_{title}.png"))
    win.close()

    problems = {}
    for title, big in large.items():
        little = small[title]
        grow_w = big["tab"].width() - little["tab"].width()
        grow_h = big["tab"].height() - little["tab"].height()
        assert grow_w >= 500 and grow_h >= 250, title  # the window took the screen
        assert big["views"], title
        before, after = _union(r for r, _m in little["views"].values()), _union(r for r, _m in big["views"].values())
        # the tables and charts together take (almost) all the extra width and height
        if after.width() - before.width() < grow_w * 0.9 or after.height() - before.height() < grow_h * 0.9:
            problems[title] = f"content {before.getRect()} → {after.getRect()} while the tab grew {grow_w}×{grow_h}"
        # each view grows, unless it is sized to its content on purpose (a maximum height)
        for name, (rect, maximum) in big["views"].items():
            old = little["views"].get(name)
            if old is None:
                continue
            grew = rect.width() > old[0].width() + 50 or rect.height() > old[0].height() + 50
            if not grew and maximum.height() == UNLIMITED:
                problems[f"{title} {name}"] = f"stays {rect.size().toTuple()} at {rect.topLeft().toTuple()}"
    assert problems == {}
