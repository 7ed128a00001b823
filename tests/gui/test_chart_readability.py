"""Charts a committee can read (issue 21): lines that meet are told apart, the value axis is
ticked finely enough for two decimals, a bar axis that does not start at 0 says so, and the
radar of category averages; each saved as a non-trivial PNG."""

from __future__ import annotations

import zipfile
from fractions import Fraction

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QApplication

from jukidesk.reports.charts import BarChart, CycleMark, Series, TrendChart, axis_ticks, trend_plan

THREE = Fraction(3)


def _three_at_three() -> TrendChart:
    start, step = axis_ticks(THREE)
    return TrendChart(
        title="t",
        years=(2011, 2012, 2013),
        year_labels=("H23", "H24", "H25"),
        series=(
            Series("self", "自己点検", (THREE, THREE, THREE)),
            Series("internal", "内部監査", (THREE, THREE, THREE)),
            Series("external", "外部監査", (THREE, THREE, Fraction(299, 100))),
        ),
        cycles=(CycleMark(0, "２巡目"),),
        y_min=start,
        y_max=THREE,
        y_step=step,
    )


def test_axis_ticks_read_two_decimals():
    assert axis_ticks(Fraction(298, 100)) == (Fraction(295, 100), Fraction(1, 100))  # 2.98 and 2.99 apart
    assert axis_ticks(THREE) == (Fraction(295, 100), Fraction(1, 100))  # a flat 3.00 still gets an axis
    assert axis_ticks(Fraction(273, 100)) == (Fraction(27, 10), Fraction(5, 100))
    start, step = axis_ticks(Fraction(2))
    assert (start, step) == (Fraction(2), Fraction(1, 10))
    chart = _three_at_three()
    assert [str(t) for t in chart.y_ticks][:2] == ["59/20", "74/25"] and len(chart.y_ticks) == 6


def test_three_lines_at_three_are_told_apart(qapp, artifacts):
    from jukidesk.gui.charts_tab import IMAGE_SIZE, paint_trend, trend_geometry

    chart = _three_at_three()
    plan = trend_plan(chart)
    first_year = [p for p in plan.points if p.year == 0]
    assert [p.slot for p in first_year] == [0, 1, 2] and {p.group_size for p in first_year} == {3}
    labels = [label for label in plan.labels if label.year == 0]
    assert len(labels) == 1 and labels[0].parts == ((None, "3.00"),)  # one 「3.00」 for the three
    # the last year: 2.99 is a fifth of the axis below 3.00, so it is a point (and a label) of its own
    last = [label.parts for label in plan.labels if label.year == 2]
    assert last == [((None, "3.00"),), ((2, "2.99"),)]
    # values close on a wide axis form one group, each written in its series' colour
    wide = TrendChart("t", (2011,), ("H23",), (Series("self", "a", (THREE,)), Series("internal", "b", (Fraction(299, 100),))),
                      (), Fraction(25, 10), THREE, Fraction(5, 100))
    assert [label.parts for label in trend_plan(wide).labels] == [((0, "3.00"), (1, "2.99"))]

    font = QApplication.font()
    plot, points, _plan = trend_geometry(QRectF(0, 0, IMAGE_SIZE.width(), IMAGE_SIZE.height()), chart, QFontMetricsF(font))
    at_first = [points[(s, 0)] for s in range(3)]
    assert len({(round(p.x(), 1), round(p.y(), 1)) for p in at_first}) == 3
    ys = sorted(p.y() for p in at_first)
    assert ys[1] - ys[0] >= 3 and ys[2] - ys[1] >= 3  # the lines run at least 3 px apart
    assert all(plot.top() - 8 <= p.y() <= plot.bottom() for p in at_first)

    image = QImage(IMAGE_SIZE, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    paint_trend(painter, QRectF(0, 0, IMAGE_SIZE.width(), IMAGE_SIZE.height()), chart)
    painter.end()
    assert image.save(str(artifacts / "chart_trend_three_at_3.png"))
    # each of the three kind colours is on the picture near the first year's points
    from jukidesk.gui.charts_tab import kind_color

    def near(color: QColor, point) -> bool:
        return any(
            QColor(image.pixel(int(point.x()) + dx, int(point.y()) + dy)) == color
            for dx in range(-3, 4)
            for dy in range(-3, 4)
        )

    for s, kind in enumerate(("self", "internal", "external")):
        assert near(kind_color(kind), at_first[s]), kind


def test_bar_axis_says_it_does_not_start_at_zero():
    chart = BarChart("t", ("a", "b"), (Fraction(298, 100), THREE), Fraction(29, 10), THREE, Fraction(1, 100))
    assert not chart.starts_at_zero and "2.90 から始まっています" in chart.note
    assert BarChart("t", ("a",), (THREE,), Fraction(0), THREE, Fraction(1, 2)).note == ""


def test_radar_data_for_the_demo_year(demo_db):
    from jukidesk.core.revisions import category_radar, category_trend
    from jukidesk.core.scoring import format_score
    from jukidesk.core.settings import year_style
    from jukidesk.reports.charts import radar_chart

    with demo_db.session() as session:
        radar = category_radar(session, 2009, "internal")
        assert radar.categories[:3] == ("組織体制", "規程・手順", "教育・研修") and len(radar.categories) == 10
        assert [format_score(v) for v in radar.current] == [
            "2.70", "2.65", "2.65", "2.50", "2.75", "2.55", "2.80", "2.85", "2.60", "3.00"
        ]
        assert [format_score(v) for v in radar.previous] == [
            "2.72", "2.76", "2.60", "2.56", "2.72", "2.60", "2.88", "2.88", "2.64", "3.00"
        ]
        assert radar.everyone is None
        trends, _ = category_trend(session, (2008, 2009), "internal")  # the same rule as 前年度比
        assert tuple(t.values[1] for t in trends) == radar.current
        one = category_radar(session, 2009, "internal", 4)
        assert [format_score(v) for v in one.current][:4] == ["2.80", "2.40", "2.60", "2.40"]
        assert set(one.previous) == {None} and one.everyone == radar.current
        chart = radar_chart(session, year_style(session), 2009, "internal", 4)
    assert chart.title == "地域福祉課（内部監査） 区分別の平均点（H21 と H20）"
    assert [s.key for s in chart.series] == ["current", "previous", "everyone"]
    assert chart.r_min == Fraction(23, 10) and "中心は 2.30" in chart.note


def test_charts_tab_radar_png(qtbot, window, artifacts):
    tab = window.show_tab("グラフ")
    window.context.set_fiscal_year(2009)
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData("internal"))
    qtbot.waitUntil(lambda: tab.isVisible() and tab.radar_view.width() > 300)
    assert tab.subject_combo.count() == 5 and tab.subject_combo.itemText(0) == "内部監査の全機関"
    assert [s.key for s in tab.radar_view.chart.series] == ["current", "previous"]
    tab.subject_combo.setCurrentIndex(1)
    assert [s.key for s in tab.radar_view.chart.series] == ["current", "previous", "everyone"]
    image = tab.radar_view.image(QSize(960, 640))
    path = artifacts / "chart_radar_2009_internal.png"
    assert image.save(str(path)) and path.stat().st_size > 20_000
    dark = sum(
        1 for y in range(0, image.height(), 3) for x in range(0, image.width(), 3) if QColor(image.pixel(x, y)).lightness() < 90
    )
    assert dark > 300
    tab.subject_combo.setCurrentIndex(0)
    assert tab.trend_view.image().save(str(artifacts / "chart_trend.png"))
    assert tab.bar_view.image().save(str(artifacts / "chart_scores_2009_internal.png"))
    window.grab().save(str(artifacts / "gui_charts_tab_radar.png"))


def test_shiryo2_workbook_with_the_charts_sheet(qtbot, window, prompts_log, tmp_path, artifacts, demo_path):
    """資料2 → 「Excel にグラフを付ける」: a sheet グラフ with the PNG images (the trend, then each
    kind's scores and radar); the same PNGs placed from files by ``report shiryo2 --chart``."""
    from openpyxl import load_workbook

    from jukidesk.cli import main
    from jukidesk.gui import operations

    window.context.set_fiscal_year(2009)
    tab = window.show_tab("資料2")
    qtbot.waitUntil(lambda: tab.isVisible())
    assert tab.charts_check.isVisible() and not tab.charts_check.isChecked()
    tab.charts_check.setChecked(True)
    operations.set_synchronous(True)
    try:
        prompts_log.answers.append(str(tmp_path / "資料2"))
        tab.export("xlsx")
    finally:
        operations.set_synchronous(False)
    assert prompts_log.texts("error") == []
    wb = load_workbook(tmp_path / "資料2.xlsx")
    assert wb.sheetnames == ["資料2", "グラフ"]
    charts = wb["グラフ"]
    images = charts._images
    assert len(images) == 7  # the trend + 3 kinds × (scores, radar) in FY2009
    titles = [c.value for row in charts.iter_rows(max_col=2) for c in row if c.value]
    assert titles[0] == "監査区分別の平均点の推移" and "内部監査 区分別の平均点（H21 と H20）" in titles
    assert any("2.65 から始まっています" in t or "から始まっています" in t for t in titles)
    first = images[0]
    assert round(first.anchor.ext.width / 9525) == 640  # shown 640 px wide (EMU), the picture at full size
    with zipfile.ZipFile(tmp_path / "資料2.xlsx") as book:
        media = [book.read(n) for n in sorted(book.namelist()) if n.startswith("xl/media/")]
    assert len(media) == 7 and all(m[:8] == b"\x89PNG\r\n\x1a\n" and len(m) > 10_000 for m in media)
    anchors = [image.anchor._from.row for image in images]
    assert anchors == sorted(anchors) and len(set(anchors)) == 7  # one below the other
    (artifacts / "shiryo2_with_charts.xlsx").write_bytes((tmp_path / "資料2.xlsx").read_bytes())

    # the command line places saved PNGs (「PNGで保存」) from files; a non-PNG is refused by name
    png = tmp_path / "推移.png"
    png.write_bytes(media[0])
    out = tmp_path / "cli.xlsx"
    assert main(["report", "shiryo2", "--db", str(demo_path), "--fy", "2009", "--xlsx", str(out), "--chart", str(png)]) == 0
    cli_book = load_workbook(out)
    assert len(cli_book["グラフ"]._images) == 1 and cli_book["グラフ"]["B1"].value == "推移"
    bad = tmp_path / "bad.png"
    bad.write_text("not a picture")
    assert main(["report", "shiryo2", "--db", str(demo_path), "--fy", "2009", "--xlsx", str(out), "--chart", str(bad)]) != 0


def _near_three_radar():
    from jukidesk.reports.charts import RadarChart, RadarSeries

    axes = ("組織体制", "規程・手順", "教育・研修", "入退室管理", "端末・機器管理", "アクセス管理・操作者認証",
            "本人確認情報の取扱い", "外部委託", "緊急時対応", "点検・監査")
    current = tuple(THREE if i % 3 else Fraction(297, 100) for i in range(10))
    previous = tuple(THREE if i % 4 else Fraction(294, 100) for i in range(10))
    return RadarChart("自己点検 区分別の平均点（H25 と H24）", axes,
                      (RadarSeries("current", "H25", current), RadarSeries("previous", "H24", previous)),
                      Fraction(29, 10), THREE, Fraction(1, 100), "中心は 2.90、外周は 3.00（0 からではありません）。")


def _distance(center, rect: QRectF) -> float:
    """From ``center`` to the nearest point of ``rect``."""
    dx = max(rect.left() - center.x(), 0.0, center.x() - rect.right())
    dy = max(rect.top() - center.y(), 0.0, center.y() - rect.bottom())
    return (dx * dx + dy * dy) ** 0.5


def test_radar_labels_do_not_run_into_each_other(qapp, demo_db, artifacts):
    """The radar's plan (charts_tab.radar_plan) at the グラフ tab's size at 1366×768, at the PNG
    sizes and at the view's minimum: category labels outside the outer ring (clear of its
    markers), none on another, none on a ring value or the legend, all inside the frame; the
    radar fills the height between the title and the note."""
    from jukidesk.core.settings import year_style
    from jukidesk.gui.charts_tab import MARKER_SIZE, paint_radar, radar_plan
    from jukidesk.reports.charts import radar_chart

    with demo_db.session() as session:
        charts = {
            "internal": radar_chart(session, year_style(session), 2009, "internal"),
            "one": radar_chart(session, year_style(session), 2009, "internal", 4),
        }
    charts["near3"] = _near_three_radar()
    font = QApplication.font()
    metrics = QFontMetricsF(font)
    for name, chart in charts.items():
        for width, height in ((740, 245), (960, 560), (960, 640), (400, 300), (320, 240)):
            area = QRectF(0, 0, width, height)
            plan = radar_plan(area, chart, metrics)
            where = f"{name} {width}×{height}"
            axes = [box for box, _flags in plan.axis_boxes]
            rings = [box for box, _text in plan.ring_boxes]
            assert len(axes) == len(chart.axes) and len(rings) >= 2, where
            others = rings + list(plan.legend) + ([plan.note] if plan.note is not None else [])
            for i, box in enumerate(axes):
                assert area.contains(box), (where, chart.axes[i], box)
                assert _distance(plan.center, box) >= plan.radius + MARKER_SIZE, (where, chart.axes[i])
                assert not any(box.intersects(other) for other in axes[i + 1:]), (where, chart.axes[i])
                assert not any(box.intersects(other) for other in others), (where, chart.axes[i])
            for i, box in enumerate(rings):
                assert area.contains(box) and not any(box.intersects(other) for other in rings[i + 1:]), where
            for i, box in enumerate(plan.legend):
                assert area.contains(box) and not any(box.intersects(other) for other in plan.legend[i + 1:]), where
                assert not any(box.intersects(ring) for ring in rings), where
            if (width, height) == (740, 245):  # the tab's frame: the radar is as tall as the room allows
                title_bottom = metrics.height() * 1.4 + 4
                room = (plan.note.top() if plan.note is not None else height) - title_bottom
                used = max(box.bottom() for box in axes) - min(box.top() for box in axes)
                assert used >= room * 0.85, (where, used, room)
                assert plan.ring_boxes[-1][1] == "3.00"  # the outer ring keeps its value
            if (width, height) == (960, 640):
                image = QImage(QSize(width, height), QImage.Format.Format_ARGB32)
                image.fill(QColor("white"))
                painter = QPainter(image)
                painter.setFont(font)
                paint_radar(painter, area, chart)
                painter.end()
                assert image.save(str(artifacts / f"chart_radar_plan_{name}.png"))


def test_trend_value_labels_clear_each_other_and_the_markers(qapp, demo_db):
    """The demo's trend up to FY2013 (at H22 自己点検 and 内部監査 meet at 3.00 and 外部監査 is
    2.98 just below): no value label covers another label or any marker, at the PNG size and
    at the view's minimum."""
    from PySide6.QtGui import QFont

    from jukidesk.core.settings import year_style
    from jukidesk.gui.charts_tab import IMAGE_SIZE, LABEL_GAP, MARKER_SIZE, label_boxes, trend_geometry
    from jukidesk.reports.charts import chart_years, trend_chart

    with demo_db.session() as session:
        style = year_style(session)
        chart = trend_chart(session, style, chart_years(session, style, 2013))
    small = QFont(QApplication.font())
    small.setPointSizeF(max(small.pointSizeF() * 0.85, 6))
    for size in (IMAGE_SIZE, QSize(320, 240)):
        plot, points, plan = trend_geometry(QRectF(0, 0, size.width(), size.height()), chart, QFontMetricsF(QApplication.font()))
        step = plot.width() / len(chart.years)
        y_min, span = float(chart.y_min), float(chart.y_max - chart.y_min)
        boxes = [box for box, _label in label_boxes(
            plan, QFontMetricsF(small), lambda i: plot.left() + step * (i + 0.5),
            lambda v: plot.bottom() - (v - y_min) / span * plot.height(), plot, points.values())]
        assert len(boxes) == len(plan.labels) > len(chart.years)  # H22 has two labels
        reach = MARKER_SIZE + LABEL_GAP
        for i, box in enumerate(boxes):
            assert not any(box.intersects(other) for other in boxes[i + 1:]), (size, i)
            assert not any(box.intersects(QRectF(p.x() - reach, p.y() - reach, 2 * reach, 2 * reach))
                           for p in points.values()), (size, i)
