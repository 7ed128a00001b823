"""The main window's tabs, in order. To add or replace a tab, edit ONE line of ``TABS``.

Each entry is ``TabSpec(title, module path, class name)``. The module is imported only when
the tab is first shown (heavy modules — charts, PDF — never load at start); until then the
window holds an empty page. The class is a ``QWidget`` constructed as ``cls(context, parent)``:

* ``context`` is the ``jukidesk.gui.context.AppContext``: ``context.database``,
  ``context.fiscal_year``, ``context.year_style``, ``context.settings``; connect to
  ``context.year_changed(int)`` and ``context.data_changed(str)`` to refresh, and call
  ``context.apply(outcome)`` after an action (``jukidesk/actions``) changed something.
* Optional ``closing(self)``: called before the window closes or another file is opened
  (flush unsaved edits there).
* Use ``jukidesk.gui.operations.run_operation`` for long work and ``jukidesk.gui.prompts``
  for every message box.

A tab that fails to import or build shows the error in its page; the other tabs keep working.
"""

from __future__ import annotations

from typing import NamedTuple


class TabSpec(NamedTuple):
    title: str
    module: str
    class_name: str


PLACEHOLDER = ("jukidesk.gui.placeholder", "PlaceholderTab")

TABS: list[TabSpec] = [
    TabSpec("今年度の進捗", "jukidesk.gui.home_tab", "HomeTab"),
    TabSpec("機関台帳", "jukidesk.gui.registry_tab", "RegistryTab"),
    TabSpec("チェックリスト", "jukidesk.gui.checklist_tab", "ChecklistTab"),
    TabSpec("監査カレンダー", "jukidesk.gui.calendar_tab", "CalendarTab"),
    TabSpec("グラフ", "jukidesk.gui.charts_tab", "ChartsTab"),
    TabSpec("資料2", "jukidesk.gui.shiryo2_tab", "Shiryo2Tab"),
    TabSpec("市町村の運用", "jukidesk.gui.municipal_tab", "MunicipalTab"),
    TabSpec("変更履歴", "jukidesk.gui.history_tab", "HistoryTab"),
]
