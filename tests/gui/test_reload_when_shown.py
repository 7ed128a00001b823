"""A tab behind another one does not read the database for every change made elsewhere: it
reads once when it is shown again (``gui.widgets.ReloadWhenShown``). On a national-scale
file the calendar took 1 s and the グラフ tab 14 s after every saved answer."""

from __future__ import annotations


def test_a_year_changed_behind_another_tab_is_read_when_the_calendar_is_shown(qtbot, window, context):
    calendar = window.show_tab("監査カレンダー")
    assert calendar.ui.list_title.text() == "平成25年度の監査（6件）"
    window.show_tab("今年度の進捗")
    context.set_fiscal_year(2014)
    assert calendar.ui.list_title.text() == "平成25年度の監査（6件）"  # not read while hidden
    window.show_tab("監査カレンダー")
    assert calendar.ui.list_title.text() == "平成26年度の監査（5件）"
    # the year's start is shown as after a change on screen: the 基準日's month
    assert (calendar.ui.calendar.yearShown(), calendar.ui.calendar.monthShown()) == (2014, 4)


def test_changes_are_read_once_when_shown_and_at_once_while_on_screen(qtbot, window, context, monkeypatch):
    tabs = {title: window.show_tab(title) for title in ("監査カレンダー", "資料2")}
    window.show_tab("今年度の進捗")
    reads = {title: 0 for title in tabs}
    for title, tab in tabs.items():
        original = tab.reload
        monkeypatch.setattr(tab, "reload", lambda *a, _t=title, _o=original, **k: (reads.__setitem__(_t, reads[_t] + 1), _o(*a, **k))[1])
    for area in ("audit", "checklist", "institution"):
        context.data_changed.emit(area)
    assert reads == {"監査カレンダー": 0, "資料2": 0}  # neither is on screen
    window.show_tab("監査カレンダー")
    assert reads["監査カレンダー"] == 1 and reads["資料2"] == 0
    window.show_tab("資料2")
    assert reads["資料2"] == 1
    context.data_changed.emit("audit")  # 資料2 on screen reads it at once, the calendar later
    assert reads["資料2"] == 2 and reads["監査カレンダー"] == 1
    window.show_tab("監査カレンダー")
    assert reads["監査カレンダー"] == 2
    window.show_tab("資料2")  # nothing changed since it was last read
    assert reads["資料2"] == 2
