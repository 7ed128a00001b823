"""The printed month of the audit calendar: one A4 landscape page drawn with reportlab.

It only draws a ``core.calendar.MonthView`` (computed once, the same data the calendar tab
shows); the fonts are the bundled TrueType ones registered by ``reports.fonts`` so the
PDF is searchable and prints the same anywhere. Written through ``core.files.atomic_output``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jukidesk.base import audit_kinds
from jukidesk.base.files import atomic_output
from jukidesk.base.fiscal import WEEKDAYS
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS
from jukidesk.core.calendar import MonthView, ScheduleEntry

KIND_SHORT = audit_kinds.SHORT_LABELS  # 内部 / 外部 / フォロー (base.audit_kinds), live


def kind_rgb(kind: str) -> tuple[float, float, float]:
    """The kind's calendar colour (base.audit_kinds) as reportlab's 0–1 RGB."""
    red, green, blue = audit_kinds.kind(kind).rgb()
    return red / 255, green / 255, blue / 255


STATUS_SHORT = {"planned": "予定", "notified": "通知済", "done": "実施済", "reported": "報告済"}
RED, BLUE, GREY, TEXT = (0.80, 0.10, 0.10), (0.10, 0.30, 0.75), (0.62, 0.62, 0.62), (0.10, 0.10, 0.10)
HOLIDAY_FILL, SATURDAY_FILL, OTHER_MONTH_FILL = (1.0, 0.93, 0.93), (0.93, 0.95, 1.0), (0.96, 0.96, 0.96)


def entry_line(entry: ScheduleEntry) -> str:
    """'13:30 内部 職員課（予定）': one audit in a day cell."""
    time = f"{entry.starts_at:%H:%M} " if entry.starts_at else ""
    return f"{time}{KIND_SHORT[entry.kind]} {entry.institution}（{STATUS_SHORT[entry.status]}）"


def _fit(text: str, font: str, size: float, width: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def draw_month(canvas, view: MonthView, *, organisation: str = "", printed_on: dt.date | None = None) -> None:
    """Draw ``view`` on the current page of a reportlab canvas (A4 landscape)."""
    from reportlab.lib.pagesizes import A4, landscape

    from jukidesk.reports.fonts import GOTHIC, GOTHIC_BOLD, register_fonts

    register_fonts()
    width, height = landscape(A4)
    margin = 28
    title = " ".join(p for p in (organisation, "住基ネット監査予定", view.title) if p)
    canvas.setTitle(title)
    canvas.setFillColorRGB(*TEXT)
    canvas.setFont(GOTHIC_BOLD, 16)
    canvas.drawString(margin, height - margin - 12, title)
    canvas.setFont(GOTHIC, 8)
    printed = printed_on or dt.date.today()
    canvas.drawRightString(width - margin, height - margin - 10, f"印刷日 {printed.year}年{printed.month}月{printed.day}日")

    weeks = [w for w in view.weeks if any(d.in_month for d in w)]
    grid_top = height - margin - 30
    header_h = 16
    footer_h = 16
    cell_w = (width - 2 * margin) / 7
    cell_h = (grid_top - header_h - margin - footer_h) / len(weeks)

    # Weekday header
    for col, name in enumerate(WEEKDAYS):
        x = margin + col * cell_w
        canvas.setFillColorRGB(0.90, 0.90, 0.90)
        canvas.rect(x, grid_top - header_h, cell_w, header_h, stroke=0, fill=1)
        canvas.setFillColorRGB(*(RED if col == 6 else BLUE if col == 5 else TEXT))
        canvas.setFont(GOTHIC_BOLD, 9)
        canvas.drawCentredString(x + cell_w / 2, grid_top - header_h + 4.5, name)

    line_h = 10.5
    for row, week in enumerate(weeks):
        top = grid_top - header_h - row * cell_h
        for col, day in enumerate(week):
            x = margin + col * cell_w
            holiday = day.off_reason and day.off_reason.startswith("祝日")
            fill = (
                OTHER_MONTH_FILL if not day.in_month
                else HOLIDAY_FILL if holiday or col == 6 or day.off_reason == "閉庁日"
                else SATURDAY_FILL if col == 5
                else None
            )
            if fill:
                canvas.setFillColorRGB(*fill)
                canvas.rect(x, top - cell_h, cell_w, cell_h, stroke=0, fill=1)
            colour = GREY if not day.in_month else RED if (holiday or col == 6) else BLUE if col == 5 else TEXT
            canvas.setFillColorRGB(*colour)
            canvas.setFont(GOTHIC_BOLD, 10)
            canvas.drawString(x + 3, top - 11, str(day.day.day))
            if day.off_reason and day.in_month and col < 5 or (holiday and day.in_month):
                label = day.off_reason.removeprefix("祝日（").removesuffix("）") if holiday else day.off_reason
                canvas.setFont(GOTHIC, 7.5)
                canvas.drawString(x + 18, top - 10.5, _fit(label, GOTHIC, 7.5, cell_w - 21))
            capacity = int((cell_h - 15) // line_h)
            entries = list(day.entries)
            shown = entries if len(entries) <= capacity else entries[: max(capacity - 1, 0)]
            y = top - 15 - line_h + 2
            for entry in shown:
                canvas.setFillColorRGB(*(kind_rgb(entry.kind) if day.in_month else GREY))
                canvas.rect(x + 3, y - 1.2, 2.4, 8.6, stroke=0, fill=1)
                canvas.setFillColorRGB(*(TEXT if day.in_month else GREY))
                canvas.setFont(GOTHIC, 8)
                canvas.drawString(x + 7.5, y, _fit(entry_line(entry), GOTHIC, 8, cell_w - 10))
                y -= line_h
            if len(shown) < len(entries):
                canvas.setFont(GOTHIC, 8)
                canvas.drawString(x + 7.5, y, f"ほか{len(entries) - len(shown)}件")
    # Grid lines
    canvas.setStrokeColorRGB(0.55, 0.55, 0.55)
    canvas.setLineWidth(0.6)
    bottom = grid_top - header_h - len(weeks) * cell_h
    for col in range(8):
        x = margin + col * cell_w
        canvas.line(x, grid_top, x, bottom)
    for row in range(len(weeks) + 1):
        y = grid_top - header_h - row * cell_h
        canvas.line(margin, y, width - margin, y)
    canvas.line(margin, grid_top, width - margin, grid_top)
    # Legend
    canvas.setFont(GOTHIC, 7.5)
    x = margin
    y = bottom - 12
    for kind in audit_kinds.audit_codes():
        label = CHECKLIST_KIND_LABELS[kind]
        canvas.setFillColorRGB(*kind_rgb(kind))
        canvas.rect(x, y - 1, 2.2, 7.5, stroke=0, fill=1)
        canvas.setFillColorRGB(*TEXT)
        canvas.drawString(x + 5, y, label)
        x += 70
    canvas.drawString(x + 10, y, "赤: 日曜・祝日・閉庁日　青: 土曜　（　）内は監査の状況")


def write_month_pdf(view: MonthView, path: Path | str, *, organisation: str = "", printed_on: dt.date | None = None) -> Path:
    """One A4 landscape page for the month, written atomically to ``path``."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    from jukidesk.reports.fonts import GOTHIC, register_fonts

    register_fonts()
    path = Path(path)
    with atomic_output(path) as tmp:
        # The initial font is ours too: reportlab would otherwise name an unembedded Helvetica.
        canvas = Canvas(str(tmp), pagesize=landscape(A4), pageCompression=1, initialFontName=GOTHIC)
        canvas.setAuthor("jukidesk")
        draw_month(canvas, view, organisation=organisation, printed_on=printed_on)
        canvas.showPage()
        canvas.save()
    return path
