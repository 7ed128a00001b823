"""グラフ tab: the three charts on the demo, PNG export and clipboard copy, screenshot."""

from __future__ import annotations

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
