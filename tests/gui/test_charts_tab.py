"""グラフ tab: the three charts on the demo, PNG export and clipboard copy, screenshot."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage


def _dark_pixels(image: QImage) -> int:
    return sum(
        1
        for y in range(0, image.height(), 3)
        for x in range(0, image.width(), 3)
        if QColor(image.pixel(x, y)).lightness() < 90
    )


def test_charts_tab_draws_saves_and_copies(qtbot, window, prompts_log, tmp_path, artifacts):
    tab = window.show_tab("グラフ")
    qtbot.waitUntil(lambda: tab.isVisible() and tab.trend_view.width() > 400)  # the page shows it queued
    assert window.context.fiscal_year == 2013
    assert tab.bar_view.chart.labels[:2] == ("消防課", "職員課") and len(tab.bar_view.chart.labels) == 19
    assert tab.heat_model.rowCount() == len(tab.heat_model.heat.items) > 0
    assert tab.heat_model.columnCount() == 7
    row = [n for n, _ in tab.heat_model.heat.items].index("3-2")
    cell = tab.heat_model.index(row, 1)
    assert cell.data() == "4"
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() != QColor(Qt.GlobalColor.white)
    assert "19機関のうち4機関" in cell.data(Qt.ItemDataRole.ToolTipRole)

    shot = window.grab()
    assert shot.save(str(artifacts / "gui_charts_tab.png"))
    trend = tab.trend_view.image()
    assert trend.save(str(artifacts / "chart_trend.png")) and _dark_pixels(trend) > 300
    bars = tab.bar_view.image()
    assert bars.save(str(artifacts / "chart_scores_2013.png")) and _dark_pixels(bars) > 300

    prompts_log.answers.append(str(tmp_path / "trend"))
    saved = tab.save_png(tab.trend_view)
    assert saved == tmp_path / "trend.png" and QImage(str(saved)).width() == trend.width()
    # the saved file keeps its caption: placed on 資料2 from the command line, it is titled
    # as in the tab, not by its file name
    from openpyxl import load_workbook

    from jukidesk.cli import main

    out = tmp_path / "with_chart.xlsx"
    assert main(["report", "shiryo2", "--db", str(window.context.path), "--fy", "2013", "--xlsx", str(out),
                 "--chart", str(saved)]) == 0
    assert load_workbook(out)["グラフ"]["B1"].value == tab.trend_view.chart.title != "trend"
    prompts_log.answers.append(str(tmp_path / "heat.png"))
    assert tab.save_png(tab.heat_table).exists()

    tab.copy(tab.bar_view)
    assert QGuiApplication.clipboard().image().size() == bars.size()

    tab.kind_combo.setCurrentIndex(1)  # 内部監査: four institutions in FY2013
    assert len(tab.bar_view.chart.labels) == 4
    window.context.set_fiscal_year(2008)
    assert tab.bar_view.chart.title.startswith("平成20年度 内部監査")
    assert prompts_log.texts("error") == []


# -- reading: on the worker, and only when the tab is in front -------------------------------


@pytest.fixture
def figure_reads(monkeypatch):
    """Every read of the tab's figures (``actions.charts.chart_figures``), recorded with
    whether it ran on the GUI thread."""
    import threading

    from jukidesk.actions import charts

    reads: list[bool] = []  # True when a read ran on the GUI thread
    original = charts.chart_figures

    def recorded(*args, **kwargs):
        reads.append(threading.current_thread() is threading.main_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(charts, "chart_figures", recorded)
    return reads


@pytest.fixture
def charts_on_worker(monkeypatch):
    from jukidesk.gui import charts_tab

    monkeypatch.setattr(charts_tab, "LOAD_ON_WORKER", True)


@pytest.fixture
def held_reads(monkeypatch, charts_on_worker):
    """Reads of the figures on the worker that wait until ``held_reads.release.set()``;
    ``held_reads.years`` lists the year of each read started."""
    import threading
    from types import SimpleNamespace

    from jukidesk.actions import charts

    held = SimpleNamespace(release=threading.Event(), years=[], original=charts.chart_figures)

    def slow(db, style, fy, kind, subject=None):
        held.years.append(fy)
        held.release.wait(30)
        return held.original(db, style, fy, kind, subject)

    held.slow = slow
    yield held
    held.release.set()  # a failed test leaves no read waiting on the worker


def hold_reads(monkeypatch, held) -> None:
    from jukidesk.actions import charts

    monkeypatch.setattr(charts, "chart_figures", held.slow)


def wait_loaded(qtbot, tab) -> None:
    qtbot.waitUntil(lambda: not tab.loading, timeout=30000)


def test_a_change_while_another_tab_is_in_front_is_read_when_the_tab_is_shown(qtbot, window, figure_reads):
    tab = window.show_tab("グラフ")
    qtbot.waitUntil(tab.isVisible)
    assert tab.bar_view.chart.title.startswith("平成25年度")
    window.show_tab("機関台帳")
    qtbot.waitUntil(lambda: not tab.isVisible())
    figure_reads.clear()
    window.context.data_changed.emit("checklist")
    window.context.set_fiscal_year(2012)
    window.context.data_changed.emit("audit")
    assert figure_reads == []  # nothing read while hidden: the views still show FY2013
    assert tab.bar_view.chart.title.startswith("平成25年度")
    window.show_tab("グラフ")
    qtbot.waitUntil(tab.isVisible)
    assert len(figure_reads) == 1  # once, for all three changes
    assert tab.bar_view.chart.title.startswith("平成24年度")
    window.context.data_changed.emit("checklist")  # in front: read at once
    assert len(figure_reads) == 2


def test_the_figures_are_read_on_the_worker_and_shown_when_they_arrive(qtbot, window, figure_reads, charts_on_worker):
    from jukidesk.gui.charts_tab import READING_TEXT

    tab = window.show_tab("グラフ")
    # The figures come back through the event loop: nothing is drawn yet, nothing said yet.
    assert tab.loading and tab.trend_view.chart is None and tab.bar_view.chart is None
    assert tab.heat_model.rowCount() == 0 and tab.subject_combo.count() == 1  # the kind as a whole
    assert tab.status_label.text() == "" != READING_TEXT
    wait_loaded(qtbot, tab)
    assert figure_reads == [False]  # read once, not on the GUI thread
    assert tab.bar_view.chart.labels[:2] == ("消防課", "職員課") and len(tab.bar_view.chart.labels) == 19
    assert tab.heat_model.columnCount() == 7 and tab.heat_model.rowCount() > 0
    assert tab.subject_combo.count() == 20 and tab.subject_combo.itemText(0) == "自己点検の全機関"
    assert tab.radar_view.chart is not None and tab.yoy_label.text().startswith("前年度比（自己点検")
    assert tab.status_label.text() == ""


def test_a_slow_read_keeps_the_views_says_so_late_and_only_the_latest_is_shown(qtbot, window, monkeypatch, held_reads):
    from jukidesk.gui.charts_tab import READING_TEXT

    tab = window.show_tab("グラフ")
    wait_loaded(qtbot, tab)
    shown_bars = tab.bar_view.chart
    hold_reads(monkeypatch, held_reads)
    release, years = held_reads.release, held_reads.years
    for fy in (2012, 2011, 2010):  # three changes while the first read is under way
        window.context.set_fiscal_year(fy)
    assert tab.loading and tab.bar_view.chart is shown_bars and tab.status_label.text() == ""
    qtbot.waitUntil(lambda: tab.status_label.text() == READING_TEXT, timeout=10000)  # after Anki's delay
    assert tab.status_label.isVisible()
    assert tab.bar_view.chart is shown_bars  # still what was shown
    release.set()
    wait_loaded(qtbot, tab)
    assert years == [2012, 2010]  # the read under way, then only the latest asked for
    assert tab.bar_view.chart.title.startswith("平成22年度")
    assert tab.status_label.text() == "" and not tab.status_label.isVisible()


def test_a_subject_chosen_while_the_figures_are_read_gets_its_radar(qtbot, window, monkeypatch, held_reads):
    tab = window.show_tab("グラフ")
    wait_loaded(qtbot, tab)
    hold_reads(monkeypatch, held_reads)
    release = held_reads.release
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData("internal"))  # 4 institutions in FY2013
    assert tab.loading and tab.subject_combo.count() == 20  # the choices of the kind shown
    tab.subject_combo.setCurrentIndex(tab.subject_combo.findText("消防課"))
    release.set()
    wait_loaded(qtbot, tab)
    assert tab.subject_combo.count() == 5 and tab.subject_combo.currentText() == "消防課"
    assert tab.radar_view.chart.title.startswith("消防課（内部監査）")


def test_the_tab_opens_no_session_of_its_own(qtbot, window, monkeypatch):
    """The GUI is a thin layer over jukidesk/actions: the tab's module never opens a session
    (the actions do, through actions.base.read)."""
    import sys

    from jukidesk.gui import charts_tab

    database = window.context.database
    original = database.session
    callers: list[str] = []

    def session(*args, **kwargs):
        callers.append(sys._getframe(1).f_globals["__name__"])
        return original(*args, **kwargs)

    monkeypatch.setattr(database, "session", session)
    tab = window.show_tab("グラフ")
    qtbot.waitUntil(tab.isVisible)
    tab.kind_combo.setCurrentIndex(1)
    tab.subject_combo.setCurrentIndex(1)
    window.context.set_fiscal_year(2012)
    assert len(charts_tab.chart_images(window.context, 2013)) > 1
    assert callers and "jukidesk.gui.charts_tab" not in callers
    assert set(callers) <= {"jukidesk.actions.base", "jukidesk.gui.context", "jukidesk.gui.main_window"}


def test_the_heat_map_reads_its_largest_count_once_not_per_cell(qtbot, window, monkeypatch):
    # HeatMap.max_count runs over every count: asked per cell and role, painting the table
    # of a national-scale file took 1.2 s on the GUI thread.
    from jukidesk.reports.charts import HeatMap

    asked = []
    original = HeatMap.max_count
    monkeypatch.setattr(HeatMap, "max_count", property(lambda heat: asked.append(1) or original.fget(heat)))
    tab = window.show_tab("グラフ")
    qtbot.waitUntil(tab.isVisible)
    tab.heat_table.repaint()
    assert tab.heat_model.rowCount() > 10 and len(asked) == 1


def test_a_read_waiting_when_the_tab_is_hidden_waits_until_it_is_shown(qtbot, window, monkeypatch, held_reads):
    tab = window.show_tab("グラフ")
    wait_loaded(qtbot, tab)
    hold_reads(monkeypatch, held_reads)
    release, years = held_reads.release, held_reads.years
    window.context.set_fiscal_year(2012)  # read under way
    window.context.set_fiscal_year(2011)  # waits behind it
    window.show_tab("機関台帳")
    qtbot.waitUntil(lambda: not tab.isVisible())
    release.set()
    wait_loaded(qtbot, tab)
    assert years == [2012]  # the waiting read was not started for a hidden tab
    assert tab.bar_view.chart.title.startswith("平成25年度")  # nor the out-of-date one shown
    window.show_tab("グラフ")
    qtbot.waitUntil(tab.isVisible)
    wait_loaded(qtbot, tab)
    assert years == [2012, 2011] and tab.bar_view.chart.title.startswith("平成23年度")


def test_the_average_behind_is_that_of_the_figures_shown_while_newer_ones_are_read(qtbot, window, monkeypatch, held_reads):
    tab = window.show_tab("グラフ")
    wait_loaded(qtbot, tab)
    hold_reads(monkeypatch, held_reads)
    release = held_reads.release
    window.context.set_fiscal_year(2012)
    assert tab.loading
    dialog = tab.show_trace()
    assert dialog.windowTitle().startswith("根拠: 平成25年度")  # the year the views still show
    dialog.close()
    release.set()
    wait_loaded(qtbot, tab)
    dialog = tab.show_trace()
    assert dialog.windowTitle().startswith("根拠: 平成24年度")
    dialog.close()
