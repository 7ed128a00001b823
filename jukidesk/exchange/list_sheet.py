"""The page setup every one-table export sheet shares (findings list, change history), and
the one rule for printing a workbook jukidesk writes: A4, fitted to the page width.

Excel and LibreOffice do not grow a row for text that wraps in a file openpyxl wrote (the
rows keep the default height and the wrapped lines spill over the next row), so the rows
are sized here from the text, measured with the bundled fonts' metrics
(``base.text_layout``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jukidesk.base.files import atomic_output
from jukidesk.base.text_layout import break_lines, measurer

DEFAULT_FONT_SIZE = 11  # openpyxl's Normal font
LINE_SPACING = 1.3  # a line of Japanese text in the Normal font (Yu Gothic / MS P Gothic stand in)
ROW_PADDING_PT = 3
DIGIT_PX = 7  # a column width unit: one digit of the Normal font at 96 dpi


def a4_fit_to_width(sheet, *, orientation: str = "landscape") -> None:
    """A4, as wide as one page and as many pages down as needed."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = orientation
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0


def text_lines(text: str, width_chars: float, size: float = DEFAULT_FONT_SIZE) -> int:
    """Lines ``text`` wraps to in a column ``width_chars`` wide (Excel's width unit)."""
    usable = max(1.0, (width_chars * DIGIT_PX - 7) * 72 / 96 * 0.95)
    return len(break_lines(str(text), usable, measurer(size)))


def fit_row_heights(sheet, first_row: int, widths: Sequence[float], *, size: float = DEFAULT_FONT_SIZE) -> None:
    """Every row from ``first_row`` down as high as its most wrapped cell needs."""
    for row in sheet.iter_rows(min_row=first_row, max_col=len(widths)):
        lines = 1
        for cell, width in zip(row, widths):
            if isinstance(cell.value, str) and cell.value:
                lines = max(lines, text_lines(cell.value, width, size))
        sheet.row_dimensions[row[0].row].height = round(lines * size * LINE_SPACING + ROW_PADDING_PT, 1)


def finish_list_sheet(workbook, sheet, header_row: int, widths: Sequence[float], path: Path) -> None:
    """Column widths, row heights for the wrapped text, frozen/repeated header row, A4
    landscape fit-to-width with page numbers, then save ``workbook`` to ``path`` through
    ``atomic_output``."""
    for col, width in enumerate(widths, 1):
        sheet.column_dimensions[sheet.cell(header_row, col).column_letter].width = width
    fit_row_heights(sheet, header_row, widths)
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    a4_fit_to_width(sheet, orientation="landscape")
    sheet.oddFooter.center.text = "&P / &N"
    with atomic_output(path) as tmp:
        workbook.save(tmp)
