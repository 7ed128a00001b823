"""表示 menu: every tab by keyboard (Ctrl+1 … Ctrl+9, mnemonic = its number) and the previous /
next fiscal year (Alt+← / Alt+→, the same years as the picker in the toolbar).

The entries follow ``tabs.TABS``: a tab added there appears here without any change.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence


def step_year(window, delta: int) -> bool:
    """Move the year picker by ``delta`` entries; False at either end."""
    combo = window.year_combo
    index = combo.currentIndex() + delta
    if not 0 <= index < combo.count():
        return False
    combo.setCurrentIndex(index)
    return True


def install(window) -> list[QAction]:
    ui = window.ui
    ui.action_previous_year.triggered.connect(lambda: step_year(window, -1))
    ui.action_next_year.triggered.connect(lambda: step_year(window, +1))
    actions = []
    for number, spec in enumerate(window._tab_specs, start=1):
        action = QAction(f"{spec.title}(&{number % 10})" if number <= 10 else spec.title, window)
        action.setObjectName(f"action_tab_{number}")
        if number <= 9:
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
        action.triggered.connect(lambda _checked=False, title=spec.title: window.show_tab(title))
        ui.menu_view.addAction(action)
        actions.append(action)
    window.tab_actions = actions
    return actions
