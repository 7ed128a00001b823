"""The municipal lists as xlsx: one list (what a GUI table shows) or every list of a
fiscal year in one workbook, a sheet per list. The sheets show the same columns as the
GUI (``RecordKind.columns``); dates stay real dates, user text is written safely."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

from openpyxl.styles import Alignment, Border, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from jukidesk.base.files import atomic_output
from jukidesk.base.fiscal import wareki_date
from jukidesk.base.workbook import font, new_workbook
from jukidesk.core.municipal import inspections, roster, training
from jukidesk.core.municipal.kinds import PARENT_OF, RECORD_KINDS, VIEWS
from jukidesk.core.municipal.records import Context, Table, display, table
from jukidesk.core.settings import year_style
from jukidesk.exchange.list_sheet import a4_fit_to_width
from jukidesk.exchange.xlsx_text import write_text

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
_GRID_FILLS = {
    inspections.OK: "FFFFFF",
    inspections.NG: "FCE4D6",
    inspections.MISSING: "F8CBAD",
    inspections.CLOSED: "EDEDED",
    inspections.PENDING: "FFFFFF",
    inspections.NO_SHEET: "EDEDED",
}
_FORBIDDEN = str.maketrans({c: "・" for c in "[]:*?/\\"})


def _sheet_name(title: str, taken: set[str]) -> str:
    base = title.translate(_FORBIDDEN)[:28]
    name, n = base, 2
    while name in taken:
        name, n = f"{base[:26]}({n})", n + 1
    taken.add(name)
    return name


def _column_width(width: int) -> float:
    return max(width, 4) + 1.5


def _lines(text: str, width: int) -> int:
    """Lines ``text`` takes in a column ``width`` half-width characters wide."""
    per_line = max(width, 4)
    count = 0
    for part in (text or "").split("\n"):
        units = sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in part)
        count += max(1, -(-units // per_line))
    return count


def write_table(ws: Worksheet, data: Table, subtitle: str = "") -> None:
    """``data`` with a title row, a header row and one row per record."""
    write_text(ws.cell(1, 1), data.title)
    ws.cell(1, 1).font = font(bold=True, size=12)
    if subtitle:
        write_text(ws.cell(2, 1), subtitle)
    header = 3
    for col, text in enumerate(data.headers, 1):
        cell = ws.cell(header, col)
        write_text(cell, text)
        cell.font, cell.fill, cell.border = font(bold=True), _HEADER_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    widths = data.widths or [12] * len(data.headers)
    for r, row in enumerate(data.rows, header + 1):
        # Viewers do not grow rows for wrapped text written by openpyxl: size them here.
        lines = max((_lines(display(value), width) for value, width in zip(row, widths)), default=1)
        ws.row_dimensions[r].height = 15 * lines + 2
        for col, value in enumerate(row, 1):
            cell = ws.cell(r, col)
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                cell.value = value
                cell.number_format = "yyyy/mm/dd"
            elif isinstance(value, int) and not isinstance(value, bool):
                cell.value = value
            else:
                write_text(cell, display(value) or None)
            cell.border = _BORDER
            if isinstance(value, bool):
                cell.alignment = Alignment(horizontal="center", vertical="top")
            elif isinstance(value, Fraction):
                cell.alignment = Alignment(horizontal="right", vertical="top")
            else:
                cell.alignment = wrap
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[ws.cell(header, col).column_letter].width = _column_width(width)
    ws.freeze_panes = ws.cell(header + 1, 1)
    ws.print_title_rows = f"{header}:{header}"
    a4_fit_to_width(ws, orientation="landscape")
    ws.oddFooter.center.text = "&P / &N"


def write_grid(ws: Worksheet, grid: inspections.Grid) -> None:
    """An inspection grid: sites down, days or months across, ○ × 未 in the cells."""
    write_text(ws.cell(1, 1), grid.title)
    ws.cell(1, 1).font = font(bold=True, size=12)
    write_text(ws.cell(2, 1), "○ 異常なし　× 不備あり　未 記録なし（点検漏れ）　灰色 閉庁日・点検票の適用前")
    header = 3
    write_text(ws.cell(header, 1), "点検場所")
    for col, period in enumerate(grid.periods, 2):
        ws.cell(header, col).value = period.day if grid.kind == "daily" else f"{period.month}月"
    for col in range(1, len(grid.periods) + 2):
        cell = ws.cell(header, col)
        cell.font, cell.fill, cell.border = font(bold=True), _HEADER_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center")
    for r, site in enumerate(grid.sites, header + 1):
        write_text(ws.cell(r, 1), site.name)
        ws.cell(r, 1).border = _BORDER
        for col, period in enumerate(grid.periods, 2):
            status = grid.cell(site.id, period).status
            cell = ws.cell(r, col)
            cell.value = inspections.STATUS_LABELS[status] or None
            cell.fill = PatternFill("solid", fgColor=_GRID_FILLS[status])
            cell.border, cell.alignment = _BORDER, Alignment(horizontal="center")
    ws.column_dimensions["A"].width = 22
    for col in range(2, len(grid.periods) + 2):
        ws.column_dimensions[ws.cell(header, col).column_letter].width = 4 if grid.kind == "daily" else 6
    a4_fit_to_width(ws, orientation="landscape")  # A4 (it printed on the viewer's default paper)
    ws.oddFooter.center.text = "&P / &N"


def export_grid(grid: inspections.Grid, path: Path | str) -> Path:
    """A month's (or a year's) inspection grid as a workbook of one sheet."""
    workbook = new_workbook()
    write_grid(workbook.active, grid)
    path = Path(path)
    with atomic_output(path) as tmp:
        workbook.save(tmp)
    return path


def export_table(data: Table, path: Path | str, subtitle: str = "") -> Path:
    """One list (e.g. the table on screen) as a workbook of one sheet."""
    workbook = new_workbook()
    ws = workbook.active
    ws.title = _sheet_name(data.title, set())
    write_table(ws, data, subtitle)
    path = Path(path)
    with atomic_output(path) as tmp:
        workbook.save(tmp)
    return path


def _child_table(session: Session, key: str, ctx: Context) -> Table:
    """A child list for every parent of the year, with the parent's name in front."""
    kind, parent = RECORD_KINDS[key], RECORD_KINDS[PARENT_OF[key]]
    parent_table = table(session, parent, ctx)
    headers = [parent.label, *[c.header for c in kind.columns]]
    rows, ids = [], []
    for parent_id in parent_table.ids:
        name = parent.record_label(session.get(parent.model, parent_id))
        child = table(session, kind, ctx.with_parent(parent_id))
        rows.extend([name, *row] for row in child.rows)
        ids.extend(child.ids)
    return Table(kind.label, headers, rows, ids, [30, *[c.width for c in kind.columns]])


def year_tables(session: Session, ctx: Context) -> list[Table | inspections.Grid]:
    """Every list of the municipal views for the year, in the views' order, plus the
    roster as of the reference date, the not-completed list and the inspection grids."""
    sheets: list[Table | inspections.Grid] = []
    for view in VIEWS:
        if view.key == "roster":
            sheets.append(roster.roster_table(session, ctx.as_of))
        for key in view.kinds:
            sheets.append(_child_table(session, key, ctx) if key in PARENT_OF else table(session, RECORD_KINDS[key], ctx))
        if view.key == "training":
            sheets.append(training.not_completed_table(session, ctx.fy))
        if view.key == "inspections":
            for month in inspections.fiscal_months(ctx.fy):
                grid = inspections.daily_grid(session, month.year, month.month, ctx.as_of)
                if month <= ctx.as_of and grid.count(inspections.NO_SHEET) < len(grid.cells):
                    sheets.append(grid)
            sheets.append(inspections.monthly_grid(session, ctx.fy, ctx.as_of))
    return sheets


def export_year(session: Session, ctx: Context, path: Path | str, sheets: Sequence | None = None) -> Path:
    """Every list of the year in one workbook (atomically)."""
    style = year_style(session)
    subtitle = f"{style.label(ctx.fy)}　基準日 {wareki_date(ctx.as_of)}"
    workbook = new_workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for item in sheets if sheets is not None else year_tables(session, ctx):
        ws = workbook.create_sheet(_sheet_name(item.title, taken))
        if isinstance(item, inspections.Grid):
            write_grid(ws, item)
        else:
            write_table(ws, item, subtitle)
    path = Path(path)
    with atomic_output(path) as tmp:
        workbook.save(tmp)
    return path
