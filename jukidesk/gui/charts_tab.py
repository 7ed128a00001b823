"""グラフ: the yearly averages per kind, the institutions' scores of the selected year, a radar
of category averages against the year before (and against every institution) and an
item × year heat map of scores under 3.

The figures come from ``jukidesk.reports.charts`` (Qt-free), gathered by ``actions.charts``
on the worker thread (``operations.run_operation``, Anki's delayed feedback): the views keep
what they show until the new figures arrive, and a read taking long says so beside them.
Hidden, the tab only notes that the data or the year changed and reads when shown again.
Tests read at once (``LOAD_ON_WORKER`` False, set by tests/gui/conftest.py); ``loading``
tells whether a read is under way.

The charts are painted with QPainter — no charting dependency (Qt Charts is deprecated since
Qt 6.10 and lives in the heavy Addons wheel) — into the widget or into a ``QImage`` for
「PNGで保存」 and 「コピー」.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPointF, QRectF, QSignalBlocker, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QGuiApplication, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jukidesk.actions import charts as chart_actions
from jukidesk.actions.charts import ChartFigures
from jukidesk.base import audit_kinds
from jukidesk.base.errors import JukideskError
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS
from jukidesk.core.scoring import format_score, is_low
from jukidesk.gui import operations, prompts
from jukidesk.gui.context import AppContext
from jukidesk.gui.widgets import ReloadWhenShown
from jukidesk.reports.charts import (
    LINE_STYLES,
    MARKERS,
    BarChart,
    HeatMap,
    RadarChart,
    TrendChart,
    TrendPlan,
    chart_kinds,
    trend_plan,
)

FULL_COLOR = QColor("#0072B2")  # a bar at full marks
LOW_COLOR = QColor("#E69F00")  # a bar under full marks
GRID = QColor("#D0D0D0")
AXIS = QColor("#404040")
IMAGE_SIZE = QSize(960, 560)

# Read the figures on the worker thread (False: in the GUI thread at once — GUI tests that
# look at the tab right after showing it or after a change; see tests/gui/conftest.py).
LOAD_ON_WORKER = True
READING_TEXT = "グラフを読み込んでいます…"


def kind_color(kind: str) -> QColor:
    """The kind's chart colour (base.audit_kinds); the axis colour for anything else."""
    return QColor(audit_kinds.CHART_COLOURS[kind]) if audit_kinds.is_kind(kind) else AXIS


def _text_rect(painter: QPainter, rect: QRectF, flags, text: str) -> None:
    painter.drawText(rect, int(flags), text)


def _paint_frame(painter: QPainter, area: QRectF, text: str) -> QRectF:
    """White background and the bold centred title every chart has; returns the title's box."""
    painter.fillRect(area, Qt.GlobalColor.white)
    title = QRectF(area.left(), area.top() + 4, area.width(), painter.fontMetrics().height() * 1.4)
    bold = QFont(painter.font())
    bold.setBold(True)
    painter.save()
    painter.setFont(bold)
    _text_rect(painter, title, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()
    return title


MARKER_SIZE = 4.5  # half width of a marker, px
OFFSET_X = 3.5  # px × 2 per slot a marker moves sideways when points meet
OFFSET_Y = 3.6  # px per slot a line moves up/down when points meet (three lines at 3.00 stay apart)
PEN_STYLES = {
    "solid": Qt.PenStyle.SolidLine,
    "dash": Qt.PenStyle.DashLine,
    "dashdot": Qt.PenStyle.DashDotLine,
    "dot": Qt.PenStyle.DotLine,
}


def draw_marker(painter: QPainter, center: QPointF, marker: str, color: QColor, size: float = MARKER_SIZE) -> None:
    """Filled circle, square, triangle or diamond with a white edge (visible on a line)."""
    painter.save()
    painter.setPen(QPen(QColor(Qt.GlobalColor.white), 1.2))
    painter.setBrush(QBrush(color))
    x, y = center.x(), center.y()
    if marker == "square":
        painter.drawRect(QRectF(x - size * 0.85, y - size * 0.85, size * 1.7, size * 1.7))
    elif marker == "triangle":
        painter.drawPolygon(QPolygonF([QPointF(x, y - size * 1.1), QPointF(x + size, y + size * 0.8), QPointF(x - size, y + size * 0.8)]))
    elif marker == "diamond":
        painter.drawPolygon(QPolygonF([QPointF(x, y - size * 1.15), QPointF(x + size, y), QPointF(x, y + size * 1.15), QPointF(x - size, y)]))
    else:
        painter.drawEllipse(center, size, size)
    painter.restore()


def _plot_rect(area: QRectF, title: QRectF, metrics, legend_width: float) -> QRectF:
    line = metrics.height()
    left = area.left() + metrics.horizontalAdvance("3.00") + 16
    return QRectF(left, title.bottom() + line * 1.6, area.right() - left - legend_width - 24,
                  area.bottom() - title.bottom() - line * 4.2)


def trend_geometry(area: QRectF, chart: TrendChart, metrics) -> tuple[QRectF, dict[tuple[int, int], QPointF], TrendPlan]:
    """The plot box, where each (series, year) point is drawn, and the plan behind it
    (reports.charts.trend_plan): points that meet are moved apart by their slot."""
    line = metrics.height()
    legend = max([metrics.horizontalAdvance(s.label) for s in chart.series] + [0]) + 40
    title = QRectF(area.left(), area.top() + 4, area.width(), line * 1.4)
    plot = _plot_rect(area, title, metrics, legend)
    y_min, span = float(chart.y_min), max(float(chart.y_max - chart.y_min), 0.01)
    step = plot.width() / max(len(chart.years), 1)
    plan = trend_plan(chart)
    points = {}
    for point in plan.points:
        x = plot.left() + step * (point.year + 0.5) + point.offset * OFFSET_X * 2
        y = plot.bottom() - (float(point.value) - y_min) / span * plot.height() + point.offset * OFFSET_Y
        points[(point.series, point.year)] = QPointF(x, y)
    return plot, points, plan


LABEL_GAP = 2.0  # px kept clear between a value label and another label or a marker


def label_boxes(plan: TrendPlan, metrics, x_of, y_of, plot: QRectF, markers=()) -> list[tuple[QRectF, object]]:
    """Where each value label goes: above its group's point, or below it where above would
    leave the plot or cover another label or marker; failing both, pushed down until it is
    clear. ``markers``: the drawn points (QPointF), which no label may cover."""
    height = metrics.height()
    reach = MARKER_SIZE + LABEL_GAP
    obstacles = [QRectF(m.x() - reach, m.y() - reach, reach * 2, reach * 2) for m in markers]
    boxes: list[tuple[QRectF, object]] = []

    def clashes(box: QRectF):
        padded = box.adjusted(-LABEL_GAP, -LABEL_GAP, LABEL_GAP, LABEL_GAP)
        return next((o for o in [b for b, _ in boxes] + obstacles if o.intersects(padded)), None)

    for label in plan.labels:
        x, y = x_of(label.year), y_of(float(label.value))
        width = sum(metrics.horizontalAdvance(text) for _s, text in label.parts) + 4 * (len(label.parts) - 1)
        above = y - MARKER_SIZE - OFFSET_Y * 2 - height
        below = y + MARKER_SIZE + OFFSET_Y * 2
        tops = [above, below] if above >= plot.top() else [below]
        candidates = [QRectF(x - width / 2, top, width, height) for top in tops]
        box = next((c for c in candidates if clashes(c) is None), None)
        if box is None:
            box = candidates[-1]
            while (other := clashes(box)) is not None:
                box.moveTop(other.bottom() + LABEL_GAP + 1)
        boxes.append((box, label))
    return boxes


def paint_trend(painter: QPainter, area: QRectF, chart: TrendChart) -> None:
    """Line chart: one line per kind with its own marker and dash, the 巡目 starts as dashed
    verticals, a tick every ``chart.y_step`` and the values written beside the points."""
    _paint_frame(painter, area, chart.title)
    metrics = painter.fontMetrics()
    line = metrics.height()
    if not chart.years:
        _text_rect(painter, area, Qt.AlignmentFlag.AlignCenter, "表示する結果がありません")
        return
    plot, points, plan = trend_geometry(area, chart, metrics)
    y_min, span = float(chart.y_min), max(float(chart.y_max - chart.y_min), 0.01)

    def y_of(value: float) -> float:
        return plot.bottom() - (value - y_min) / span * plot.height()

    n = len(chart.years)
    step = plot.width() / n

    def x_of(index: float) -> float:
        return plot.left() + step * (index + 0.5)

    # grid and a y label at every tick (0.01 … 0.05 apart: two decimals can be read)
    for tick in chart.y_ticks:
        y = y_of(float(tick))
        painter.setPen(QPen(GRID, 1))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(AXIS)
        _text_rect(painter, QRectF(area.left(), y - line / 2, plot.left() - area.left() - 6, line),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, format_score(tick))
    # cycle boundaries and labels
    for mark in chart.cycles:
        x = plot.left() + step * mark.index
        if mark.index:
            painter.setPen(QPen(AXIS, 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, plot.top() - line * 1.2), QPointF(x, plot.bottom()))
        painter.setPen(AXIS)
        _text_rect(painter, QRectF(x + 4, plot.top() - line * 1.5, step * 3, line),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"＜{mark.label}＞")
    # axes and x labels
    painter.setPen(QPen(AXIS, 1.2))
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    painter.drawLine(plot.bottomLeft(), plot.topLeft())
    for i, label in enumerate(chart.year_labels):
        _text_rect(painter, QRectF(x_of(i) - step / 2, plot.bottom() + 4, step, line),
                   Qt.AlignmentFlag.AlignCenter, label)
    # series: lines first (each in its dash), then the markers on top
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for s_index, series in enumerate(chart.series):
        color = kind_color(series.kind)
        painter.setPen(QPen(color, 2.2, PEN_STYLES[LINE_STYLES[s_index % len(LINE_STYLES)]]))
        previous = None
        for i in range(n):
            point = points.get((s_index, i))
            if point is not None and previous is not None:
                painter.drawLine(previous, point)
            previous = point
    for s_index, series in enumerate(chart.series):
        marker = MARKERS[s_index % len(MARKERS)]
        for i in range(n):
            if (s_index, i) in points:
                draw_marker(painter, points[(s_index, i)], marker, kind_color(series.kind))
        # legend on the right: line in its dash, its marker, its name
        ly = plot.top() + s_index * line * 1.5 + line / 2
        painter.setPen(QPen(kind_color(series.kind), 2.2, PEN_STYLES[LINE_STYLES[s_index % len(LINE_STYLES)]]))
        painter.drawLine(QPointF(plot.right() + 10, ly), QPointF(plot.right() + 34, ly))
        draw_marker(painter, QPointF(plot.right() + 22, ly), marker, kind_color(series.kind))
        painter.setPen(AXIS)
        _text_rect(painter, QRectF(plot.right() + 40, ly - line / 2, area.right() - plot.right() - 40, line),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, series.label)
    # one value label per group of meeting points, above it (below when at the top)
    small = QFont(painter.font())
    small.setPointSizeF(max(painter.font().pointSizeF() * 0.85, 6))
    painter.save()
    painter.setFont(small)
    small_metrics = painter.fontMetrics()
    placed: list[QRectF] = []
    for label in label_boxes(plan, small_metrics, x_of, y_of, plot, points.values()):
        placed.append(label[0])
    for box, label in zip(placed, plan.labels):
        left, top, height = box.left(), box.top(), box.height()
        for s_index, text in label.parts:
            painter.setPen(AXIS if s_index is None else kind_color(chart.series[s_index].kind).darker(130))
            advance = small_metrics.horizontalAdvance(text)
            _text_rect(painter, QRectF(left, top, advance + 1, height), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            left += advance + 4
    painter.restore()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)


def _note(painter: QPainter, area: QRectF, text: str) -> float:
    """A note under a chart (wrapped, grey); returns the height it takes."""
    if not text:
        return 0.0
    rect = painter.fontMetrics().boundingRect(QRectF(area.left() + 8, 0, area.width() - 16, 1000).toRect(),
                                              int(Qt.TextFlag.TextWordWrap), text)
    height = rect.height() + 4
    painter.save()
    painter.setPen(QColor("#505050"))
    _text_rect(painter, QRectF(area.left() + 8, area.bottom() - height, area.width() - 16, height),
               Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, text)
    painter.restore()
    return height


def draw_axis_break(painter: QPainter, x: float, y: float) -> None:
    """≈ across an axis that does not start at 0."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.fillRect(QRectF(x - 4, y - 9, 8, 18), Qt.GlobalColor.white)
    painter.setPen(QPen(AXIS, 1.4))
    for dy in (-3, 3):
        path = QPolygonF([QPointF(x - 7, y + dy + 3), QPointF(x - 2, y + dy - 2), QPointF(x + 2, y + dy + 2), QPointF(x + 7, y + dy - 3)])
        painter.drawPolyline(path)
    painter.restore()


def paint_bars(painter: QPainter, area: QRectF, chart: BarChart) -> None:
    """Horizontal bars, one per institution in registry order, the score written at the end;
    an axis that does not start at 0 gets a break mark and a note under the chart."""
    title = _paint_frame(painter, area, chart.title)
    metrics = painter.fontMetrics()
    line = metrics.height()
    if not chart.labels:
        painter.setPen(AXIS)
        _text_rect(painter, area, Qt.AlignmentFlag.AlignCenter, "この年度の完了したチェックリストはありません")
        return
    note_height = _note(painter, area, chart.note)
    name_width = max(metrics.horizontalAdvance(label) for label in chart.labels) + 12
    value_width = metrics.horizontalAdvance("3.00") + 10
    plot = QRectF(area.left() + name_width, title.bottom() + 6,
                  area.width() - name_width - value_width - 8,
                  area.height() - title.height() - line * 2.2 - note_height)
    y_min, y_max = float(chart.y_min), float(chart.y_max)
    span = max(y_max - y_min, 0.01)
    row = plot.height() / len(chart.labels)
    ticks = chart.y_ticks
    label_every = 1 if len(ticks) * metrics.horizontalAdvance("3.00 ") < plot.width() else 2
    for index, tick in enumerate(ticks):
        x = plot.left() + (float(tick) - y_min) / span * plot.width()
        painter.setPen(QPen(GRID, 1))
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        if index % label_every == 0 or index == len(ticks) - 1:
            painter.setPen(AXIS)
            _text_rect(painter, QRectF(x - 30, plot.bottom() + 2, 60, line), Qt.AlignmentFlag.AlignCenter, format_score(tick))
    painter.save()
    if row < line * 1.05:  # many institutions in a small view: a smaller font, never overlapping names
        tight = QFont(painter.font())
        tight.setPixelSize(max(6, int(row * 0.85)))
        painter.setFont(tight)
    for i, (label, value, text) in enumerate(zip(chart.labels, chart.values, chart.value_texts())):
        top = plot.top() + i * row
        painter.setPen(AXIS)
        _text_rect(painter, QRectF(area.left(), top, name_width - 8, row),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
        width = max(0.0, (float(value) - y_min) / span * plot.width())
        color = LOW_COLOR if is_low(value) else FULL_COLOR
        painter.fillRect(QRectF(plot.left(), top + row * 0.18, width, row * 0.64), color)
        _text_rect(painter, QRectF(plot.left() + width + 4, top, value_width, row),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
    painter.restore()
    painter.setPen(QPen(AXIS, 1.2))
    painter.drawLine(plot.topLeft(), plot.bottomLeft())
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    if not chart.starts_at_zero:
        draw_axis_break(painter, plot.left() + 22, plot.bottom())  # clear of the first tick's label


RADAR_STYLES = {  # key → (colour, pen style, marker, fill alpha)
    "current": ("#0072B2", Qt.PenStyle.SolidLine, "circle", 40),
    "previous": ("#E69F00", Qt.PenStyle.DashLine, "square", 0),
    "everyone": ("#009E73", Qt.PenStyle.DashDotLine, "triangle", 0),
}


RADAR_MARKER_SCALE = (1.45, 1.0, 0.65)  # equal values: each later marker sits inside the one before


RADAR_GAP = MARKER_SIZE * 1.45 + 5  # px between the outer ring and a category label: clear of the largest marker


@dataclass(frozen=True)
class RadarPlan:
    """Where everything of a radar goes (``radar_plan``): painted by ``paint_radar``, checked by
    the tests (no label runs into another)."""

    center: QPointF
    radius: float
    axis_boxes: tuple[tuple[QRectF, int], ...]  # one per category: its box and its alignment
    ring_boxes: tuple[tuple[QRectF, str], ...]  # the ring values, beside the top spoke
    legend: tuple[QRectF, ...]  # one per series: the line, marker and label together
    note: QRectF | None


def _unit(index: int, n: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / n
    return math.cos(angle), math.sin(angle)


def _axis_box(center: QPointF, radius: float, ux: float, uy: float, width: float, height: float,
              line: float) -> tuple[QRectF, int]:
    """A category label just outside the outer ring in its spoke's direction: left-aligned on the
    right, right-aligned on the left, centred at the top and bottom (above the top ring's value)."""
    gap = RADAR_GAP + (line * 0.5 if uy < -0.95 else 0.0)
    px, py = center.x() + (radius + gap) * ux, center.y() + (radius + gap) * uy
    ax = max(-1.0, min(1.0, ux * 2.5))  # -1 … 1: how far right of its point the box sits
    if abs(ux) < 0.05:
        flags = Qt.AlignmentFlag.AlignHCenter
    elif ux > 0:
        flags = Qt.AlignmentFlag.AlignLeft
    else:
        flags = Qt.AlignmentFlag.AlignRight
    left = px - width * (1 - ax) / 2
    top = py - height * (1 - uy) / 2
    return QRectF(left, top, width, height), int(flags | Qt.AlignmentFlag.AlignVCenter)


def _ring_boxes(chart: RadarChart, center: QPointF, radius: float, metrics, side: int = -1) -> list[tuple[QRectF, str]]:
    """The ring values beside the top spoke (left of it for ``side`` -1, right for 1), on every
    ring where they do not run into each other (counted from the outer ring)."""
    line = metrics.height()
    rings = chart.rings
    r_min, span = float(chart.r_min), max(float(chart.r_max - chart.r_min), 0.01)
    every = max(1, math.ceil(line * 1.05 / max(radius / max(len(rings) - 1, 1), 0.5)))
    boxes = []
    for index, ring in enumerate(rings):
        if (len(rings) - 1 - index) % every:
            continue
        r = (float(ring) - r_min) / span * radius
        text = format_score(ring)
        width = metrics.horizontalAdvance(text) + 4
        clear = MARKER_SIZE * 1.45 + 6  # clear of the largest marker on the spoke
        left = center.x() - clear - width if side < 0 else center.x() + clear
        boxes.append((QRectF(left, center.y() - r - line / 2, width, line), text))
    return boxes


def _spread(axes: list[tuple[QRectF, int]], units: list[tuple[float, float]]) -> list[tuple[QRectF, int]]:
    """Category labels that would run into each other (a small frame) moved apart: the upper
    half's upwards, the lower half's downwards, away from the radar."""
    boxes = [QRectF(box) for box, _flags in axes]
    upper = sorted((i for i, (_ux, uy) in enumerate(units) if uy < 0), key=lambda i: -boxes[i].bottom())
    lower = sorted((i for i, (_ux, uy) in enumerate(units) if uy >= 0), key=lambda i: boxes[i].top())
    placed: list[QRectF] = []
    for order, up in ((upper, True), (lower, False)):
        for i in order:
            box = boxes[i]
            moved = True
            while moved:
                moved = False
                for other in placed:
                    if box.intersects(other):
                        if up:
                            box.moveBottom(other.top() - 1)
                        else:
                            box.moveTop(other.bottom() + 1)
                        moved = True
            placed.append(box)
    return [(box, flags) for box, (_old, flags) in zip(boxes, axes)]


def _radar_layout(region: QRectF, chart: RadarChart, metrics) -> tuple[QPointF, float, list, list]:
    """The largest radar (rings, category labels and ring values) that fits ``region``, centred."""
    line = metrics.height()
    n = len(chart.axes)
    widths = [metrics.horizontalAdvance(a) + 6 for a in chart.axes]
    units = [_unit(i, n) for i in range(n)]

    def place(radius: float, center: QPointF):
        axes = [_axis_box(center, radius, ux, uy, w, line, line) for (ux, uy), w in zip(units, widths)]
        return _spread(axes, units), _ring_boxes(chart, center, radius, metrics)

    def extent(radius: float) -> QRectF:
        axes, rings = place(radius, QPointF(0, 0))
        box = QRectF(-radius, -radius, radius * 2, radius * 2)
        for rect, _f in axes:
            box = box.united(rect)
        for rect, _t in rings:
            box = box.united(rect)
        return box

    low, high = 10.0, max(10.0, max(region.width(), region.height()))
    for _ in range(40):  # every extent grows with the radius: bisect the largest that fits
        mid = (low + high) / 2
        box = extent(mid)
        if box.width() <= region.width() and box.height() <= region.height():
            low = mid
        else:
            high = mid
    radius = low
    box = extent(radius)
    center = QPointF(region.center().x() - box.center().x(), region.center().y() - box.center().y())
    axes, rings = place(radius, center)
    # the ring values on the side of the top spoke where fewer markers would cover them
    r_min, span = float(chart.r_min), max(float(chart.r_max - chart.r_min), 0.01)
    size = MARKER_SIZE * max(RADAR_MARKER_SCALE)
    markers = [
        QRectF(center.x() + (float(v) - r_min) / span * radius * ux - size, center.y() + (float(v) - r_min) / span * radius * uy - size,
               size * 2, size * 2)
        for series in chart.series for (ux, uy), v in zip(units, series.values) if v is not None
    ]

    def covered(boxes) -> int:
        return sum(1 for rect, _t in boxes for m in markers if rect.intersects(m))

    right = _ring_boxes(chart, center, radius, metrics, side=1)
    if covered(right) < covered(rings):
        rings = right
    # a ring value that a category label would cover is left out (the note names the centre and outer ring)
    rings = [(rect, text) for rect, text in rings if not any(rect.intersects(a) for a, _f in axes)]
    return center, radius, axes, rings


def _note_height(metrics, area: QRectF, text: str) -> float:
    if not text:
        return 0.0
    box = QRectF(area.left() + 8, 0, area.width() - 16, 1000)
    if not isinstance(metrics, QFontMetricsF):
        box = box.toRect()
    return metrics.boundingRect(box, int(Qt.TextFlag.TextWordWrap), text).height() + 4


def radar_plan(area: QRectF, chart: RadarChart, metrics) -> RadarPlan:
    """The radar's layout in ``area``: the title on top, the note at the bottom, the legend beside
    the radar when the frame is wide (under it otherwise, whichever leaves the larger radar) and
    the radar as large as the rest allows, its category labels outside the outer ring."""
    line = metrics.height()
    note_height = _note_height(metrics, area, chart.note)
    note = QRectF(area.left() + 8, area.bottom() - note_height, area.width() - 16, note_height) if note_height else None
    top = area.top() + 4 + line * 1.4 + line * 0.3
    region = QRectF(area.left() + 8, top, area.width() - 16, area.bottom() - note_height - 4 - top)
    item_widths = [32 + metrics.horizontalAdvance(s.label) + 4 for s in chart.series]
    # legend beside: a column at the right, the radar left of it
    column = max(item_widths + [0]) + 16
    beside = QRectF(region.left(), region.top(), region.width() - column, region.height())
    # legend under: one row at the bottom
    under = QRectF(region.left(), region.top(), region.width(), region.height() - line * 1.6)
    best = None
    for name, room in (("beside", beside), ("under", under)):
        if room.width() < 40 or room.height() < 40:
            continue
        layout = _radar_layout(room, chart, metrics)
        if best is None or layout[1] > best[1][1] + 0.5:
            best = (name, layout)
    if best is None:
        best = ("under", _radar_layout(region, chart, metrics))
    name, (center, radius, axes, rings) = best
    legend = []
    if name == "beside":  # the radar and its legend as one group in the middle of the frame
        extent = QRectF(center, center)
        for rect in [QRectF(center.x() - radius, center.y() - radius, radius * 2, radius * 2)] + [a for a, _f in axes]:
            extent = extent.united(rect)
        shift = max(region.left() - extent.left(), region.center().x() - (extent.left() + extent.right() + 24 + column) / 2)
        center = QPointF(center.x() + shift, center.y())
        axes = [(a.translated(shift, 0), f) for a, f in axes]
        rings = [(r.translated(shift, 0), t) for r, t in rings]
        x = extent.right() + shift + 24
        y = center.y() - len(chart.series) * line * 1.5 / 2
        for width in item_widths:
            legend.append(QRectF(x, y, width, line))
            y += line * 1.5
    else:
        x, y = region.left() + 4, region.bottom() - line * 1.3
        for width in item_widths:
            legend.append(QRectF(x, y, width, line))
            x += width + 18
    return RadarPlan(center, radius, tuple(axes), tuple(rings), tuple(legend), note)


def radar_geometry(area: QRectF, chart: RadarChart, metrics) -> tuple[QPointF, float]:
    plan = radar_plan(area, chart, metrics)
    return plan.center, plan.radius


def paint_radar(painter: QPainter, area: QRectF, chart: RadarChart) -> None:
    """Radar (spider) chart: one spoke per category, rings every ``r_step`` with their values
    beside the top spoke, one polygon per series with its own colour, dash and marker; laid out
    by ``radar_plan``."""
    _paint_frame(painter, area, chart.title)
    metrics = painter.fontMetrics()
    line = metrics.height()
    if len(chart.axes) < 3:
        _note(painter, area, chart.note)
        painter.setPen(AXIS)
        _text_rect(painter, area, Qt.AlignmentFlag.AlignCenter, "比べられる区分がありません")
        return
    plan = radar_plan(area, chart, metrics)
    _note(painter, area, chart.note)
    center, radius = plan.center, plan.radius
    r_min, span = float(chart.r_min), max(float(chart.r_max - chart.r_min), 0.01)
    n = len(chart.axes)

    def at(index: int, value: float) -> QPointF:
        ux, uy = _unit(index, n)
        r = (value - r_min) / span * radius
        return QPointF(center.x() + r * ux, center.y() + r * uy)

    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for ring in chart.rings:
        painter.setPen(QPen(GRID, 1))
        painter.drawPolygon(QPolygonF([at(i, float(ring)) for i in range(n)]))
    for i, (axis, (box, flags)) in enumerate(zip(chart.axes, plan.axis_boxes)):
        painter.setPen(QPen(GRID, 1))
        painter.drawLine(center, at(i, float(chart.r_max)))
        painter.setPen(AXIS)
        _text_rect(painter, box, flags, axis)
    markers = []
    for s_index, series in enumerate(chart.series):
        colour, pen_style, marker, alpha = RADAR_STYLES.get(series.key, ("#404040", Qt.PenStyle.SolidLine, "diamond", 0))
        color = QColor(colour)
        size = MARKER_SIZE * RADAR_MARKER_SCALE[s_index % len(RADAR_MARKER_SCALE)]
        points = [at(i, float(v)) for i, v in enumerate(series.values) if v is not None]
        if len(points) == n:
            fill = QColor(color)
            fill.setAlpha(alpha)
            painter.setBrush(QBrush(fill) if alpha else Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(color, 2.2, pen_style))
            painter.drawPolygon(QPolygonF(points))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        markers.extend((point, marker, color, size) for point in points)
    # the ring values over the polygons on a light box (readable on the fill), under the markers
    for box, text in plan.ring_boxes:
        painter.fillRect(box, QColor(255, 255, 255, 215))
        painter.setPen(AXIS)
        _text_rect(painter, box, Qt.AlignmentFlag.AlignCenter, text)
    for point, marker, color, size in markers:
        draw_marker(painter, point, marker, color, size)
    for series, box in zip(chart.series, plan.legend):
        colour, pen_style, marker, _alpha = RADAR_STYLES.get(series.key, ("#404040", Qt.PenStyle.SolidLine, "diamond", 0))
        y = box.center().y()
        painter.setPen(QPen(QColor(colour), 2.2, pen_style))
        painter.drawLine(QPointF(box.left(), y), QPointF(box.left() + 26, y))
        draw_marker(painter, QPointF(box.left() + 13, y), marker, QColor(colour))
        painter.setPen(AXIS)
        _text_rect(painter, QRectF(box.left() + 32, box.top(), box.width() - 32, line),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, series.label)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)


class ChartView(QWidget):
    """Paints one chart; ``image()`` paints the same into a QImage (PNG, clipboard)."""

    def __init__(self, painter_fn, parent: QWidget | None = None):
        super().__init__(parent)
        self._paint = painter_fn
        self.chart = None
        self.setMinimumSize(320, 240)

    def set_chart(self, chart) -> None:
        self.chart = chart
        self.update()

    def paintEvent(self, _event) -> None:
        if self.chart is None:
            return
        painter = QPainter(self)
        painter.setFont(self.font())
        self._paint(painter, QRectF(self.rect()), self.chart)
        painter.end()

    def image(self, size: QSize = IMAGE_SIZE) -> QImage:
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.white)
        if self.chart is not None:
            painter = QPainter(image)
            painter.setFont(self.font())
            self._paint(painter, QRectF(0, 0, size.width(), size.height()), self.chart)
            painter.end()
            # The caption travels with the saved file (exchange.png_text reads it back when
            # the PNG is placed on 資料2's sheet グラフ from the command line).
            image.setText("Title", self.chart.title)
            if getattr(self.chart, "note", ""):
                image.setText("Description", self.chart.note)
        return image


class HeatMapModel(QAbstractTableModel):
    """Rows = checklist items, columns = 項目 then one per year; background by count."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.heat: HeatMap | None = None
        self._max_count = 0

    def set_heatmap(self, heat: HeatMap) -> None:
        self.beginResetModel()
        self.heat = heat
        # once, not per cell: HeatMap.max_count runs over every count (2,000 items × 20
        # years: painting the table took 1.2 s on the GUI thread)
        self._max_count = heat.max_count
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.heat is None else len(self.heat.items)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.heat is None else len(self.heat.years) + 1

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or self.heat is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return "項目" if section == 0 else self.heat.year_labels[section - 1]
        return self.heat.items[section][0]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.heat is None:
            return None
        number, text = self.heat.items[index.row()]
        if index.column() == 0:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return text
            return None
        year = index.column() - 1
        count = self.heat.counts[index.row()][year]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(count) if count else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(heat_color(count, self._max_count))
        if role == Qt.ItemDataRole.ForegroundRole and count and count * 2 > self._max_count:
            return QBrush(Qt.GlobalColor.white)
        if role == Qt.ItemDataRole.ToolTipRole:
            total = self.heat.institutions[year]
            return f"{number} {text}\n{self.heat.year_labels[year]}: {total}機関のうち{count}機関が３点未満"
        return None


def heat_color(count: int, maximum: int) -> QColor:
    """White for 0, deepening to red at the maximum."""
    if not count or not maximum:
        return QColor(Qt.GlobalColor.white)
    share = count / maximum
    light = QColor("#FDE0D2")
    dark = QColor("#B2182B")
    mix = lambda a, b: int(a + (b - a) * share)  # noqa: E731
    return QColor(mix(light.red(), dark.red()), mix(light.green(), dark.green()), mix(light.blue(), dark.blue()))


def _buttons(owner, save, copy) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for text, slot in (("PNGで保存…", save), ("コピー", copy)):
        button = QPushButton(text, owner)
        button.clicked.connect(slot)
        row.addWidget(button)
    return row


class LatestRead:
    """Reads for one part of a view, on the worker (``operations.run_operation``): one at a
    time, and only the latest asked for is shown. A read asked for while one is under way
    waits (replacing any read waiting before it) and starts when that one ends, so a run of
    changes costs one read more, not one read each."""

    def __init__(self, owner: QWidget, label: str, on_slow, on_end):
        self.owner, self.label, self._on_slow, self._on_end = owner, label, on_slow, on_end
        self.operation: operations.Operation | None = None
        self._asked = 0  # reads asked for; a result is shown when no read was asked for since
        self._waiting = None  # (number, work, show): asked for while another read ran

    @property
    def busy(self) -> bool:
        return self._waiting is not None or (self.operation is not None and not self.operation.done)

    def ask(self, work, show) -> None:
        """Run ``work()`` and pass its result to ``show`` (on the GUI thread) unless a newer
        read is asked for meanwhile."""
        self._asked += 1
        self._waiting = (self._asked, work, show)
        if self.operation is None or self.operation.done:
            self._start()

    def drop(self) -> None:
        """What was asked for so far is not shown."""
        self._asked += 1
        self._waiting = None

    def put_off(self) -> bool:
        """Drop the read waiting to start, if any (its owner asks again later); True if one was."""
        waiting = self._waiting is not None
        if waiting:
            self.drop()
        return waiting

    def _start(self) -> None:
        if self._waiting is None or not shiboken6.isValid(self.owner):
            return
        number, work, show = self._waiting
        self._waiting = None

        def arrived(result) -> None:
            if number == self._asked and shiboken6.isValid(self.owner):
                show(result)

        if not LOAD_ON_WORKER:
            arrived(work())
            return
        self.operation = operations.run_operation(
            self.owner, lambda _progress: work(), label=self.label, on_success=arrived, on_slow=self._on_slow
        )
        # (run at once by operations.set_synchronous, it has ended already: nothing waits)
        self.operation.finished.connect(self._ended)

    def _ended(self) -> None:
        self._start()
        if shiboken6.isValid(self.owner):
            self._on_end()


class ChartsTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        kind_label = QLabel("区分（機関別得点・レーダー・項目別）(&K):", self)
        self.kind_combo = QComboBox(self)
        kind_label.setBuddy(self.kind_combo)
        for kind in chart_kinds():
            self.kind_combo.addItem(CHECKLIST_KIND_LABELS[kind], kind)
        top.addWidget(kind_label)
        top.addWidget(self.kind_combo)
        subject_label = QLabel("レーダーの対象(&R):", self)
        self.subject_combo = QComboBox(self)  # the kind as a whole, or one institution
        self.subject_combo.setMinimumContentsLength(10)
        # the kind as a whole until the read brings the institutions
        self.subject_combo.addItem(f"{CHECKLIST_KIND_LABELS[self.kind_combo.currentData()]}の全機関", None)
        self._subjects_sized = False  # the combo is sized to the first institutions read
        subject_label.setBuddy(self.subject_combo)
        top.addWidget(subject_label)
        top.addWidget(self.subject_combo)
        self.trace_button = QPushButton("平均点の根拠…", self)
        self.trace_button.setToolTip("選択中の年度・区分の平均点を構成する機関・項目・点数を表示します")
        self.trace_button.clicked.connect(self.show_trace)
        top.addWidget(self.trace_button)
        self.yoy_label = QLabel(self)  # 前年度比 on comparable items (core.revisions)
        top.addWidget(self.yoy_label, 1)
        self.status_label = QLabel(self)  # says it is reading, once a read takes long
        self.status_label.setStyleSheet("color: #505050;")
        self.status_label.hide()  # hidden, it takes no room from the combos
        top.addWidget(self.status_label)
        layout.addLayout(top)

        self.trend_view = ChartView(paint_trend, self)
        self.bar_view = ChartView(paint_bars, self)
        self.radar_view = ChartView(paint_radar, self)
        self.heat_model = HeatMapModel(self)
        self.heat_table = QTableView(self)
        self.heat_table.setModel(self.heat_model)
        self.heat_table.setAlternatingRowColors(False)
        self.heat_table.horizontalHeader().setStretchLastSection(False)
        self.heat_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)

        def boxed(splitter: QSplitter, view: QWidget) -> None:
            box = QWidget(splitter)
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(view, 1)
            box_layout.addLayout(_buttons(box, lambda _=False, v=view: self.save_png(v), lambda _=False, v=view: self.copy(v)))
            splitter.addWidget(box)

        charts = QSplitter(Qt.Orientation.Horizontal, self)
        for view in (self.trend_view, self.bar_view):
            boxed(charts, view)
        lower = QSplitter(Qt.Orientation.Horizontal, self)
        boxed(lower, self.radar_view)
        heat_box = QWidget(lower)
        heat_layout = QVBoxLayout(heat_box)
        heat_layout.setContentsMargins(0, 0, 0, 0)
        self.heat_title = QLabel(heat_box)
        self.heat_title.setWordWrap(True)
        heat_layout.addWidget(self.heat_title)
        heat_layout.addWidget(self.heat_table, 1)
        heat_layout.addLayout(_buttons(heat_box, lambda: self.save_png(self.heat_table), lambda: self.copy(self.heat_table)))
        lower.addWidget(heat_box)
        outer = QSplitter(Qt.Orientation.Vertical, self)
        outer.addWidget(charts)
        outer.addWidget(lower)
        outer.setStretchFactor(0, 1)
        outer.setStretchFactor(1, 1)
        layout.addWidget(outer, 1)

        self._reloader = ReloadWhenShown(self, self.reload)  # an edit in another tab costs nothing here
        self.kind_combo.currentIndexChanged.connect(self._reloader.request)
        self.subject_combo.currentIndexChanged.connect(lambda _i: self.reload_radar())
        context.year_changed.connect(self._reloader.request)
        context.data_changed.connect(self._reloader.request)
        self.figures: ChartFigures | None = None  # what the views show (the latest read)
        self._figures_read = LatestRead(self, READING_TEXT, self._show_reading, self._read_ended)
        self._radar_read = LatestRead(self, READING_TEXT, self._show_reading, self._read_ended)
        self.reload()  # built because it is about to be shown

    @property
    def subject(self) -> int | None:
        """The radar's institution (``None``: the kind as a whole)."""
        return self.subject_combo.currentData()

    @property
    def kind(self) -> str:
        return self.kind_combo.currentData()

    @property
    def loading(self) -> bool:
        """A read is under way (the views keep showing what was read before)."""
        return self._figures_read.busy or self._radar_read.busy

    # -- reading ----------------------------------------------------------------------
    def hideEvent(self, event) -> None:
        # A read still waiting behind another is not worth the worker (one at a time, shared
        # with every save) while the tab is hidden: it is asked for again when shown.
        if self._figures_read.put_off() | self._radar_read.put_off():
            self._reloader.stale = True
        super().hideEvent(event)

    def reload(self) -> None:
        """Read every figure again (on the worker) and show them when they arrive."""
        ctx = self.context
        database, style, fy, kind, subject = ctx.database, ctx.year_style, ctx.fiscal_year, self.kind, self.subject
        self._figures_read.ask(lambda: chart_actions.chart_figures(database, style, fy, kind, subject), self._show_figures)

    def reload_radar(self) -> None:
        """Read the radar for the subject chosen now (the other figures stay)."""
        if self._figures_read.busy:  # the figures under way bring the radar, or ask for it again
            return
        ctx = self.context
        database, style, fy, kind, subject = ctx.database, ctx.year_style, ctx.fiscal_year, self.kind, self.subject
        self._radar_read.ask(lambda: chart_actions.radar(database, style, fy, kind, subject), self.radar_view.set_chart)

    def _show_reading(self) -> None:
        self.status_label.setText(READING_TEXT)
        self.status_label.show()

    def _read_ended(self) -> None:
        if not self.loading:
            self.status_label.setText("")
            self.status_label.hide()

    def _show_figures(self, figures: ChartFigures) -> None:
        self.figures = figures
        self.trend_view.set_chart(figures.trend)
        self.bar_view.set_chart(figures.bars)
        heat = figures.heat
        self.heat_model.set_heatmap(heat)
        header = self.heat_table.horizontalHeader()  # modes are per column: set them once columns exist
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if self.heat_model.columnCount():
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.heat_title.setText(heat.title + (f"\n{heat.note}" if heat.note else ""))
        self.yoy_label.setText(figures.year_over_year.splitlines()[0])
        self.yoy_label.setToolTip(figures.year_over_year)
        # The radar's choices: the chosen subject is kept when it is still listed.
        keep = self.subject
        blocker = QSignalBlocker(self.subject_combo)
        self.subject_combo.clear()
        self.subject_combo.addItem(f"{CHECKLIST_KIND_LABELS[figures.kind]}の全機関", None)
        for institution_id, name in figures.subjects:
            self.subject_combo.addItem(name, institution_id)
        self.subject_combo.setCurrentIndex(max(self.subject_combo.findData(keep), 0))
        del blocker
        if not self._subjects_sized:  # its width from what it lists, as when it was filled before the first show
            self._subjects_sized = True
            policy = QComboBox.SizeAdjustPolicy
            self.subject_combo.setSizeAdjustPolicy(policy.AdjustToContents)  # measures it now
            self.subject_combo.setSizeAdjustPolicy(policy.AdjustToContentsOnFirstShow)  # and keeps it
        self._radar_read.drop()  # a radar asked for before these figures is out of date
        if self.subject == figures.subject:
            self.radar_view.set_chart(figures.radar)
        else:  # another subject was chosen while the figures were read
            self.reload_radar()

    def show_trace(self):
        from jukidesk.gui.trace_dialog import TraceDialog

        shown = self.figures  # the average shown, also while newer figures are being read
        fy, kind = (shown.fy, shown.kind) if shown is not None else (self.context.fiscal_year, self.kind)
        self.trace_dialog = TraceDialog(self.context, fy, kind, self)
        self.trace_dialog.open()
        return self.trace_dialog

    # -- export ---------------------------------------------------------------------------
    def image_of(self, view: QWidget) -> QImage:
        if isinstance(view, ChartView):
            return view.image()
        return view.grab().toImage()

    def save_png(self, view: QWidget) -> Path | None:
        from jukidesk.reports.papers import safe_file_stem

        chart = getattr(view, "chart", None)
        suggested = f"{safe_file_stem(chart.title)}.png" if chart is not None else "グラフ.png"
        name = prompts.save_file_name(self, "グラフをPNGで保存", suggested, "PNG 画像 (*.png)")
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
        from jukidesk.base.files import atomic_output

        try:
            with atomic_output(path) as tmp:
                if not self.image_of(view).save(str(tmp), "PNG"):
                    raise JukideskError(f"{path} に画像を保存できませんでした。")
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return None
        return path

    def copy(self, view: QWidget) -> None:
        QGuiApplication.clipboard().setImage(self.image_of(view))


def png_bytes(image: QImage) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def paint_image(paint, chart, size: QSize = IMAGE_SIZE, font: QFont | None = None) -> QImage:
    """``chart`` painted by ``paint`` (paint_trend, paint_bars, paint_radar) into an image."""
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setFont(font or QGuiApplication.font())
    paint(painter, QRectF(0, 0, size.width(), size.height()), chart)
    painter.end()
    return image


def chart_images(context: AppContext, fy: int) -> list:
    """The charts of ``fy`` for the 資料2 workbook's sheet グラフ (``actions.charts.workbook_charts``)
    painted as PNG (reports.document.ChartImage): the trend up to ``fy``, then for each
    scored kind with results that year its institutions' scores and its radar."""
    from jukidesk.reports.document import ChartImage

    charts = chart_actions.workbook_charts(context.database, context.year_style, fy)
    images = [ChartImage(charts.trend.title, png_bytes(paint_image(paint_trend, charts.trend)))]
    for bars, radar in charts.kinds:
        images.append(ChartImage(bars.title, png_bytes(paint_image(paint_bars, bars)), bars.note))
        images.append(ChartImage(radar.title, png_bytes(paint_image(paint_radar, radar, QSize(960, 640))), radar.note))
    return images
