"""One date style on screens (base.fiscal.screen_date); papers keep the long 和暦 form."""

import datetime as dt

from jukidesk.base.fiscal import month_heading, screen_date, screen_datetime, wareki_date


def test_screen_dates_are_short_wareki_with_the_weekday():
    assert screen_date(dt.date(2026, 11, 20)) == "R8.11.20（金）"
    assert screen_date(dt.date(2013, 10, 15)) == "H25.10.15（火）"
    assert screen_date(dt.date(2026, 11, 20), weekday=False) == "R8.11.20"
    assert screen_date(None) == ""
    assert screen_datetime(dt.datetime(2026, 11, 20, 9, 5)) == "R8.11.20（金）09:05"
    assert month_heading(2013, 10) == "2013年10月"
    assert wareki_date(dt.date(2026, 9, 30)) == "令和8年9月30日"  # letters and papers


def test_the_calendar_heading_reads_year_then_month(qapp):
    from PySide6.QtWidgets import QToolButton

    from jukidesk.gui.calendar_widget import AuditCalendar

    calendar = AuditCalendar()
    calendar.setCurrentPage(2013, 10)
    calendar.show()
    qapp.processEvents()
    year = calendar.findChild(QToolButton, "qt_calendar_yearbutton")
    month = calendar.findChild(QToolButton, "qt_calendar_monthbutton")
    assert (year.text(), month.text()) == ("2013年", "10月") and year.x() < month.x()
    assert calendar.heading() == "2013年10月"
    calendar.close()
