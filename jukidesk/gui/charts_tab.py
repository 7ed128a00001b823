"""グラフ: the yearly averages per kind, the institutions' scores of the selected year and an
item × year heat map of scores under 3.

The figures come from ``jukidesk.reports.charts`` (Qt-free). The charts are painted with
QPainter — no charting dependency (Qt Charts is deprecated since Qt 6.10 and lives in the
heavy Addons wheel) — into the widget or into a ``QImage`` for 「PNGで保存」 and 「コピー」.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QImage, QPainter, QPen
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

from jukidesk.base import audit_kinds
from jukidesk.base.errors import JukideskError
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS
from jukidesk.core.scoring import is_low
from jukidesk.gui import prompts
from jukidesk.gui.context import AppContext
from jukidesk.reports.charts import (
    BarChart,
    HeatMap,
    TrendChart,
    chart_kinds,
    chart_years,
    low_score_heatmap,
    score_bars,
    trend_chart,
)

FULL_COLOR = QColor("#0072B2")  # a bar at full marks
LOW_COLOR = QColor("#E69F00")  # a bar under full marks
GRID = QColor("#D0D0D0")
AXIS = QColor("#404040")
IMAGE_SIZE = QSize(960, 560)


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


def paint_trend(painter: QPainter, area: QRectF, chart: TrendChart) -> None:
    """Line chart: one line per kind, the 巡目 starts as dashed verticals."""
    title = _paint_frame(painter, area, chart.title)
    metrics = painter.fontMetrics()
    line = metrics.height()
    if not chart.years:
        _text_rect(painter, area, Qt.AlignmentFlag.AlignCenter, "表示する結果がありません")
        return
    plot = QRectF(
        area.left() + metrics.horizontalAdvance("3.00") + 16,
        title.bottom() + line * 1.6,
        area.width() - metrics.horizontalAdvance("3.00") - 16 - metrics.horizontalAdvance("外部監査") - 48,
        area.height() - title.height() - line * 4.2,
    )
    y_min, y_max = float(chart.y_min), float(chart.y_max)
    span = max(y_max - y_min, 0.01)

    def y_of(value: float) -> float:
        return plot.bottom() - (value - y_min) / span * plot.height()

    n = len(chart.years)
    step = plot.width() / n

    def x_of(index: float) -> float:
        return plot.left() + step * (index + 0.5)

    # grid and y labels every 0.1
    painter.setPen(QPen(GRID, 1))
    tick = y_min
    while tick <= y_max + 1e-9:
        y = y_of(tick)
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(AXIS)
        _text_rect(painter, QRectF(area.left(), y - line / 2, plot.left() - area.left() - 6, line),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{tick:.2f}")
        painter.setPen(QPen(GRID, 1))
        tick += 0.1
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
    # series
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for s_index, series in enumerate(chart.series):
        color = kind_color(series.kind)
        painter.setPen(QPen(color, 2.2))
        previous = None
        for i, value in enumerate(series.values):
            if value is None:
                previous = None
                continue
            point = QPointF(x_of(i), y_of(float(value)))
            if previous is not None:
                painter.drawLine(previous, point)
            previous = point
        painter.setBrush(QBrush(color))
        for i, value in enumerate(series.values):
            if value is not None:
                painter.drawEllipse(QPointF(x_of(i), y_of(float(value))), 3.5, 3.5)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # legend on the right
        ly = plot.top() + s_index * line * 1.5
        painter.drawLine(QPointF(plot.right() + 10, ly + line / 2), QPointF(plot.right() + 30, ly + line / 2))
        painter.setPen(AXIS)
        _text_rect(painter, QRectF(plot.right() + 34, ly, area.right() - plot.right() - 34, line),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, series.label)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)


def paint_bars(painter: QPainter, area: QRectF, chart: BarChart) -> None:
    """Horizontal bars, one per institution in registry order, the score written at the end."""
    title = _paint_frame(painter, area, chart.title)
    metrics = painter.fontMetrics()
    line = metrics.height()
    if not chart.labels:
        painter.setPen(AXIS)
        _text_rect(painter, area, Qt.AlignmentFlag.AlignCenter, "この年度の完了したチェックリストはありません")
        return
    name_width = max(metrics.horizontalAdvance(label) for label in chart.labels) + 12
    value_width = metrics.horizontalAdvance("3.00") + 10
    plot = QRectF(area.left() + name_width, title.bottom() + 6,
                  area.width() - name_width - value_width - 8, area.height() - title.height() - line * 2.2)
    y_min, y_max = float(chart.y_min), float(chart.y_max)
    span = max(y_max - y_min, 0.01)
    row = plot.height() / len(chart.labels)
    painter.setPen(QPen(GRID, 1))
    tick = y_min
    while tick <= y_max + 1e-9:
        x = plot.left() + (tick - y_min) / span * plot.width()
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        painter.setPen(AXIS)
        _text_rect(painter, QRectF(x - 30, plot.bottom() + 2, 60, line), Qt.AlignmentFlag.AlignCenter, f"{tick:.1f}")
        painter.setPen(QPen(GRID, 1))
        tick += 0.1 if span <= 0.6 else 0.5
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
    painter.setPen(QPen(AXIS, 1.2))
    painter.drawLine(plot.topLeft(), plot.bottomLeft())


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
        return image


class HeatMapModel(QAbstractTableModel):
    """Rows = checklist items, columns = 項目 then one per year; background by count."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.heat: HeatMap | None = None

    def set_heatmap(self, heat: HeatMap) -> None:
        self.beginResetModel()
        self.heat = heat
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
            return QBrush(heat_color(count, self.heat.max_count))
        if role == Qt.ItemDataRole.ForegroundRole and count and count * 2 > self.heat.max_count:
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


class ChartsTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("区分（機関別得点・項目別）:", self))
        self.kind_combo = QComboBox(self)
        for kind in chart_kinds():
            self.kind_combo.addItem(CHECKLIST_KIND_LABELS[kind], kind)
        top.addWidget(self.kind_combo)
        self.trace_button = QPushButton("平均点の根拠…", self)
        self.trace_button.setToolTip("選択中の年度・区分の平均点を構成する機関・項目・点数を表示します")
        self.trace_button.clicked.connect(self.show_trace)
        top.addWidget(self.trace_button)
        self.yoy_label = QLabel(self)  # 前年度比 on comparable items (core.revisions)
        top.addWidget(self.yoy_label, 1)
        layout.addLayout(top)

        self.trend_view = ChartView(paint_trend, self)
        self.bar_view = ChartView(paint_bars, self)
        self.heat_model = HeatMapModel(self)
        self.heat_table = QTableView(self)
        self.heat_table.setModel(self.heat_model)
        self.heat_table.setAlternatingRowColors(False)
        self.heat_table.horizontalHeader().setStretchLastSection(False)
        self.heat_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)

        charts = QSplitter(Qt.Orientation.Horizontal, self)
        for view in (self.trend_view, self.bar_view):
            box = QWidget(charts)
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(view, 1)
            box_layout.addLayout(_buttons(box, lambda _=False, v=view: self.save_png(v), lambda _=False, v=view: self.copy(v)))
            charts.addWidget(box)
        heat_box = QWidget(self)
        heat_layout = QVBoxLayout(heat_box)
        heat_layout.setContentsMargins(0, 0, 0, 0)
        self.heat_title = QLabel(heat_box)
        heat_layout.addWidget(self.heat_title)
        heat_layout.addWidget(self.heat_table, 1)
        heat_layout.addLayout(_buttons(heat_box, lambda: self.save_png(self.heat_table), lambda: self.copy(self.heat_table)))
        outer = QSplitter(Qt.Orientation.Vertical, self)
        outer.addWidget(charts)
        outer.addWidget(heat_box)
        outer.setStretchFactor(0, 3)
        outer.setStretchFactor(1, 2)
        layout.addWidget(outer, 1)

        self.kind_combo.currentIndexChanged.connect(lambda _i: self.reload())
        context.year_changed.connect(lambda _fy: self.reload())
        context.data_changed.connect(lambda _area: self.reload())
        self.reload()

    @property
    def kind(self) -> str:
        return self.kind_combo.currentData()

    def reload(self) -> None:
        ctx = self.context
        with ctx.database.session() as session:
            style = ctx.year_style
            years = chart_years(session, style)
            self.trend_view.set_chart(trend_chart(session, style, years))
            self.bar_view.set_chart(score_bars(session, style, ctx.fiscal_year, self.kind))
            heat = low_score_heatmap(session, style, years, self.kind)
        self.heat_model.set_heatmap(heat)
        header = self.heat_table.horizontalHeader()  # modes are per column: set them once columns exist
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if self.heat_model.columnCount():
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.heat_title.setText(heat.title + (f"\n{heat.note}" if heat.note else ""))
        from jukidesk.core.revisions import year_over_year

        with ctx.database.session() as session:
            comparison = year_over_year(session, ctx.fiscal_year, self.kind)
        text = comparison.text(ctx.year_style)
        self.yoy_label.setText(text.splitlines()[0])
        self.yoy_label.setToolTip(text)

    def show_trace(self):
        from jukidesk.gui.trace_dialog import TraceDialog

        self.trace_dialog = TraceDialog(self.context, self.context.fiscal_year, self.kind, self)
        self.trace_dialog.open()
        return self.trace_dialog

    # -- export ---------------------------------------------------------------------------
    def image_of(self, view: QWidget) -> QImage:
        if isinstance(view, ChartView):
            return view.image()
        return view.grab().toImage()

    def save_png(self, view: QWidget) -> Path | None:
        name = prompts.save_file_name(self, "グラフをPNGで保存", "グラフ.png", "PNG 画像 (*.png)")
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
