"""The edit history as an xlsx workbook (one sheet, every cell text written safely)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jukidesk.base.workbook import font, new_workbook
from jukidesk.core.change_history import HEADERS, ChangeEntry
from jukidesk.exchange.list_sheet import finish_list_sheet
from jukidesk.exchange.xlsx_text import write_text

COLUMN_WIDTHS = (20, 12, 14, 24, 12, 22, 8, 14, 40, 40)
SHEET_TITLE = "変更履歴"


def export_history_xlsx(entries: Sequence[ChangeEntry], path: Path | str, *, title: str = "") -> Path:
    """Write ``entries`` to ``path`` (atomically). ``title`` goes above the table."""
    from openpyxl.styles import Alignment, PatternFill

    path = Path(path)
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    first = 1
    if title:
        write_text(sheet.cell(1, 1), title)
        sheet.cell(1, 1).font = font(bold=True, size=12)
        first = 3
    header_fill = PatternFill("solid", fgColor="DDE7F0")
    for col, header in enumerate(HEADERS, 1):
        cell = sheet.cell(first, col)
        write_text(cell, header)
        cell.font = font(bold=True)
        cell.fill = header_fill
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_index, entry in enumerate(entries, first + 1):
        for col, text in enumerate(entry.cells(), 1):
            cell = sheet.cell(row_index, col)
            write_text(cell, text)
            cell.alignment = wrap
    finish_list_sheet(workbook, sheet, first, COLUMN_WIDTHS, path)
    return path
