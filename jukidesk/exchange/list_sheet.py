"""The page setup every one-table export sheet shares (findings list, change history)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jukidesk.base.files import atomic_output


def finish_list_sheet(workbook, sheet, header_row: int, widths: Sequence[float], path: Path) -> None:
    """Column widths, frozen/repeated header row, landscape fit-to-width with page numbers,
    then save ``workbook`` to ``path`` through ``atomic_output``."""
    for col, width in enumerate(widths, 1):
        sheet.column_dimensions[sheet.cell(header_row, col).column_letter].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.oddFooter.center.text = "&P / &N"
    with atomic_output(path) as tmp:
        workbook.save(tmp)
