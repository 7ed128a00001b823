"""Alt keys (mnemonics, 「保存(&S)」) are unique in each window: a walk over the main window
(its menu bar, each tab as shown, each menu) and the dialogs fails on a clash."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenu, QTabBar, QWidget

MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def mnemonic(text: str) -> str | None:
    match = MNEMONIC.search(text or "")
    return match.group(1).upper() if match else None


def shown_mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Key → texts using it, over what is visible in ``window`` now (menus excluded)."""
    found: dict[str, list[str]] = defaultdict(list)

    def add(text: str) -> None:
        key = mnemonic(text)
        if key:
            found[key].append(text)

    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or isinstance(widget, QMenu):
            continue
        if isinstance(widget, QAbstractButton):
            add(widget.text())
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            add(widget.text())
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            add(widget.title())
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                add(widget.tabText(index))
    if hasattr(window, "menuBar"):
        for action in window.menuBar().actions():
            add(action.text())
    return found


def clashes(found: dict[str, list[str]]) -> dict[str, list[str]]:
    return {key: texts for key, texts in found.items() if len(texts) > 1}


def menu_clashes(window) -> dict[str, dict[str, list[str]]]:
    result = {}
    for menu in window.findChildren(QMenu):
        found: dict[str, list[str]] = defaultdict(list)
        for action in menu.actions():
            key = mnemonic(action.text())
            if key and action.isVisible():
                found[key].append(action.text())
        bad = clashes(found)
        if bad:
            result[menu.title() or menu.objectName()] = bad
    return result


def test_alt_keys_are_unique_on_every_tab_and_menu(qtbot, window):
    problems = {}
    for title in window.tab_titles():
        tab = window.show_tab(title)
        qtbot.waitUntil(tab.isVisible)  # a tab built now is shown by a queued call
        bad = clashes(shown_mnemonics(window))
        if bad:
            problems[title] = bad
    assert problems == {}
    assert menu_clashes(window) == {}


def test_alt_keys_are_unique_in_every_dialog(qtbot, window, context):
    from tests.gui.test_fit import build_dialogs

    problems = {}
    for name, dialog in build_dialogs(window, context).items():
        dialog.show()
        qtbot.waitExposed(dialog)
        bad = clashes(shown_mnemonics(dialog))
        if bad:
            problems[name] = bad
        dialog.close()
    assert problems == {}
