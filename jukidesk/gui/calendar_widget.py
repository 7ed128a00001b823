"""The month view of the 監査カレンダー: a ``QCalendarWidget`` that marks audit days.

Weekends, national holidays and the organisation's closing days are coloured with
``setDateTextFormat`` (their reason in the tooltip); ``paintCell`` draws the base cell
first, then — with the painter saved and restored — one coloured bar per audit of the day
(its kind's colour from ``base.audit_kinds``: blue 内部, green 外部, orange フォローアップ) and a warning corner when one of them has a
warning. Audits dragged from the list drop onto a day (``audit_dropped``).
"""

from __future__ import annotations

import datetime as dt

import shiboken6
from PySide6.QtCore import QDate, QEvent, QLocale, QMimeData, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygon, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QTableView, QToolButton, QWidget

from jukidesk.base import audit_kinds
from jukidesk.base.fiscal import month_heading
from jukidesk.core.calendar import MonthView, ScheduleEntry

AUDIT_MIME = "application/x-jukidesk-audit-id"
KIND_COLOURS = audit_kinds.COLOURS  # '#2861B8' per kind (base.audit_kinds), live
HOLIDAY_TEXT = QColor(200, 20, 20)
HOLIDAY_BACKGROUND = QColor(255, 232, 232)
SATURDAY_TEXT = QColor(25, 75, 190)
WARNING_COLOUR = QColor(230, 150, 0)
MAX_BARS = 4


def audit_mime(audit_id: int) -> QMimeData:
    data = QMimeData()
    data.setData(AUDIT_MIME, str(audit_id).encode("ascii"))
    return data


def audit_id_from_mime(data: QMimeData) -> int | None:
    if not data.hasFormat(AUDIT_MIME):
        return None
    try:
        return int(bytes(data.data(AUDIT_MIME)).decode("ascii"))
    except ValueError:
        return None


class AuditCalendar(QCalendarWidget):
    audit_dropped = Signal(int, object)  # audit id, datetime.date
    day_activated = Signal(object)  # datetime.date (double-click / Enter on a day)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setLocale(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        saturday, sunday = QTextCharFormat(), QTextCharFormat()
        saturday.setForeground(QBrush(SATURDAY_TEXT))
        sunday.setForeground(QBrush(HOLIDAY_TEXT))
        self.setWeekdayTextFormat(Qt.DayOfWeek.Saturday, saturday)
        self.setWeekdayTextFormat(Qt.DayOfWeek.Sunday, sunday)
        self._year_first_heading()
        self.marks: dict[dt.date, list[ScheduleEntry]] = {}
        self.off_days: dict[dt.date, str] = {}
        self._formatted: list[QDate] = []
        self.view: QTableView = self.findChild(QTableView, "qt_calendar_calendarview")
        self.view.viewport().setAcceptDrops(True)
        self.view.viewport().installEventFilter(self)
        self.activated.connect(lambda qdate: self.day_activated.emit(qdate.toPython()))

    # -- data -------------------------------------------------------------------------
    def set_month(self, view: MonthView) -> None:
        """Show the marks and days off of ``view`` (the six weeks around its month)."""
        for qdate in self._formatted:
            self.setDateTextFormat(qdate, QTextCharFormat())
        self._formatted = []
        self.marks, self.off_days = {}, {}
        for week in view.weeks:
            for day in week:
                if day.entries:
                    self.marks[day.day] = list(day.entries)
                if day.off_reason:
                    self.off_days[day.day] = day.off_reason
                    fmt = QTextCharFormat()
                    fmt.setToolTip(day.off_reason)
                    if day.off_reason == "土曜日":
                        fmt.setForeground(QBrush(SATURDAY_TEXT))
                    else:
                        fmt.setForeground(QBrush(HOLIDAY_TEXT))
                        if day.off_reason != "日曜日":
                            fmt.setBackground(QBrush(HOLIDAY_BACKGROUND))
                    qdate = QDate(day.day)
                    self.setDateTextFormat(qdate, fmt)
                    self._formatted.append(qdate)
        self.updateCells()

    # -- painting ---------------------------------------------------------------------
    def paintCell(self, painter: QPainter, rect: QRect, date: QDate) -> None:
        super().paintCell(painter, rect, date)
        entries = self.marks.get(date.toPython())
        if not entries:
            return
        painter.save()
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            inner = rect.adjusted(3, 0, -3, -3)
            bar_h = max(3, min(5, rect.height() // 10))
            gap = 2
            shown = entries[:MAX_BARS]
            y = inner.bottom() - bar_h + 1
            for entry in reversed(shown):
                colour = QColor(KIND_COLOURS[entry.kind])
                if entry.status == "planned":
                    colour.setAlpha(150)
                painter.fillRect(QRect(inner.left(), y, inner.width(), bar_h), colour)
                y -= bar_h + gap
            if len(entries) > MAX_BARS:
                painter.setPen(QPen(QColor(60, 60, 60)))
                font = painter.font()
                font.setPointSizeF(max(6.0, font.pointSizeF() * 0.7))
                painter.setFont(font)
                painter.drawText(inner.adjusted(0, 0, 0, -(bar_h + gap) * MAX_BARS), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, f"+{len(entries) - MAX_BARS}")
            if any(e.warnings for e in entries):
                size = max(6, rect.height() // 5)
                corner = QPolygon([rect.topRight(), rect.topRight() - QPoint(size, 0), rect.topRight() + QPoint(0, size)])
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QBrush(WARNING_COLOUR))
                painter.drawPolygon(corner)
        finally:
            painter.restore()

    # -- drag and drop ----------------------------------------------------------------
    def date_at(self, pos: QPoint) -> dt.date | None:
        """The day under ``pos`` (viewport coordinates), including the greyed days of the
        neighbouring months; None over the weekday header."""
        index = self.view.indexAt(pos)
        if not index.isValid():
            return None
        try:
            day = int(index.data())
        except (TypeError, ValueError):
            return None  # the weekday header row
        year, month = self.yearShown(), self.monthShown()
        rows = self.view.model().rowCount()
        first_row = 1 if self.horizontalHeaderFormat() != QCalendarWidget.HorizontalHeaderFormat.NoHorizontalHeader else 0
        week = index.row() - first_row
        if week <= 1 and day > 20:
            month -= 1
        elif week >= (rows - first_row) - 2 and day < 15:
            month += 1
        if month == 0:
            year, month = year - 1, 12
        elif month == 13:
            year, month = year + 1, 1
        return dt.date(year, month, day)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport():
            kind = event.type()
            if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
                if audit_id_from_mime(event.mimeData()) is not None and self.date_at(event.position().toPoint()):
                    event.acceptProposedAction()
                    return True
                event.ignore()
                return True
            if kind == QEvent.Type.Drop:
                audit_id = audit_id_from_mime(event.mimeData())
                day = self.date_at(event.position().toPoint())
                if audit_id is not None and day is not None:
                    event.acceptProposedAction()
                    self.audit_dropped.emit(audit_id, day)
                    return True
        return super().eventFilter(watched, event)

    # -- the month heading: 2013年10月, not the locale's 「10月 2013」 ---------------------
    def _year_first_heading(self) -> None:
        bar = self.findChild(QWidget, "qt_calendar_navigationbar")
        self._year_button = self.findChild(QToolButton, "qt_calendar_yearbutton")
        month = self.findChild(QToolButton, "qt_calendar_monthbutton")
        layout = bar.layout() if bar is not None else None
        if layout is None or self._year_button is None or month is None:
            return
        layout.removeWidget(self._year_button)
        layout.insertWidget(layout.indexOf(month), self._year_button)
        self.currentPageChanged.connect(lambda _y, _m: QTimer.singleShot(0, self._label_year))
        self._label_year()

    def _label_year(self) -> None:
        if shiboken6.isValid(self._year_button):
            self._year_button.setText(f"{self.yearShown()}年")

    def heading(self) -> str:
        """The month heading as shown: 2013年10月 (base.fiscal.month_heading)."""
        return month_heading(self.yearShown(), self.monthShown())
