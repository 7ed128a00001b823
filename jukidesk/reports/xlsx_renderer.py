"""Draw a :class:`~jukidesk.reports.document.Document` on one Excel sheet (openpyxl).

Layout: the sheet's columns are the union of every table's column boundaries (scaled to
the printable width of A4 portrait), so each table cell is one sheet cell or a merge of
neighbouring ones; paragraphs are merged across the full width. Row heights are computed
here from the text (Excel never auto-fits merged cells), generously, so nothing is
clipped. Every cell of a merged range is styled (borders on the range's outer edges).

Fonts: openpyxl only *names* a font; Excel draws it with what the PC has. We name
BIZ UDゴシック (tables, headings) and BIZ UD明朝 Medium (running text): both ship with
Windows 10 (1809) and later and with Microsoft Office, are redistributable (SIL OFL) and
are the Windows versions of the faces our PDFs embed, so the clerk's Excel prints the same
shapes without installing anything. (MS 明朝/ゴシック would also be on Windows, but their
metrics differ from the fonts we test with; IPAex is not on Windows by default.)

Text from the database is always written as text: ``data_type='s'``, and a leading
``= + - @`` gets ``quotePrefix`` so Excel never evaluates it.
"""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path

from jukidesk.base.files import atomic_output
from jukidesk.base.text import without_control_characters
from jukidesk.reports.document import Document, Paragraph, Table

BODY_FONT = "BIZ UD明朝 Medium"
TABLE_FONT = "BIZ UDゴシック"
BODY_SIZE = 10.5
TABLE_SIZE = 9
TITLE_SIZE = 13
HEADING_SIZE = 11.5
HEADER_FILL = "E6E6E6"

# A4 portrait, margins in inches (≈ 20 mm left/right, 18 mm top/bottom).
MARGIN_LR, MARGIN_TB, MARGIN_HF = 0.79, 0.71, 0.3
PRINT_WIDTH_PX = (8.27 - 2 * MARGIN_LR) * 96  # at 100 %, 96 dpi
UNITS = 120  # column boundaries are snapped to 1/UNITS of the width
LABEL_UNITS = 16  # width of the 資料２ box at the top right
SNAP = 2

FORMULA_STARTS = ("=", "+", "-", "@")


def text_em(text: str) -> float:
    """Display width in ems: wide (CJK, full-width) characters 1, others ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def line_count(text: str, width_px: float, size_pt: float, *, indent_em: float = 0) -> int:
    """How many lines ``text`` needs in a column ``width_px`` wide (a generous estimate:
    LibreOffice lays a column out about 7 % narrower than Excel's width formula, and both
    keep a few pixels of cell padding)."""
    per_line = max(1.0, (width_px * 0.92 - 6) / (size_pt * 96 / 72) - indent_em)
    lines = 0
    for part in (text or "").split("\n"):
        lines += max(1, math.ceil(text_em(part) * 1.02 / per_line))
    return lines


def row_height(lines: int, size_pt: float) -> float:
    """Points for ``lines`` lines of ``size_pt`` text (BIZ UD fonts need about 1.35 em a line)."""
    return round(lines * size_pt * 1.38 + 5, 1)


class _Sheet:
    """Turns the document's blocks into sheet rows on a shared column grid."""

    def __init__(self, ws, document: Document):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.ws = ws
        self.Alignment, self.Border, self.Font, self.PatternFill = Alignment, Border, Font, PatternFill
        self.thin = Side(style="thin", color="000000")
        self.boundaries = self._boundaries(document)
        self.columns = len(self.boundaries) - 1
        self.px = [
            (self.boundaries[i + 1] - self.boundaries[i]) * PRINT_WIDTH_PX / UNITS for i in range(self.columns)
        ]
        self.row = 1

    @staticmethod
    def _scaled(widths: list[float]) -> list[int]:
        total, acc, result = sum(widths), 0.0, [0]
        for w in widths:
            acc += w
            result.append(round(acc * UNITS / total))
        return result

    def _boundaries(self, document: Document) -> list[int]:
        """Union of the tables' column edges; an edge within ``SNAP`` units of one already
        taken reuses it (a column moves by at most 2 % of the width), so the sheet does not
        fill up with sliver columns."""
        points = [0, UNITS]
        self.snapped: dict[int, dict[int, int]] = {}
        tables = list(enumerate(document.tables()))
        # The table with the most columns (the trend table's even year columns) goes first.
        for index, table in sorted(tables, key=lambda t: -len(t[1].widths)):
            mapping = {}
            for edge in self._scaled(table.widths):
                near = min(points, key=lambda p: abs(p - edge))
                if abs(near - edge) > SNAP:
                    points.append(edge)
                    near = edge
                mapping[edge] = near
            self.snapped[index] = mapping
        edge = UNITS - LABEL_UNITS
        near = min(points, key=lambda p: abs(p - edge))
        self.label_edge = near if abs(near - edge) <= 2 * SNAP else edge
        if self.label_edge not in points:
            points.append(self.label_edge)
        return sorted(points)

    def span_px(self, first: int, last: int) -> float:
        return sum(self.px[first : last + 1])

    def set_widths(self) -> None:
        from openpyxl.utils import get_column_letter

        for i, px in enumerate(self.px, start=1):
            # The stored width is in digits of the Normal font (7 px each), padding included.
            self.ws.column_dimensions[get_column_letter(i)].width = round(px / 7, 2)

    def write(self, row: int, col: int, text: str, *, last_row=None, last_col=None, font=None, align="left",
              valign="center", wrap=True, border=False, fill=None, indent=0):
        """Write ``text`` at (row, col), merging up to (last_row, last_col), styling every cell."""
        last_row = last_row or row
        last_col = last_col or col
        cell = self.ws.cell(row=row, column=col)
        text = without_control_characters(text) if text else text
        cell.value = text
        if text:
            cell.data_type = "s"  # never a formula, whatever the text
            if text.startswith(FORMULA_STARTS):
                cell.quotePrefix = True
        if last_row > row or last_col > col:
            self.ws.merge_cells(start_row=row, start_column=col, end_row=last_row, end_column=last_col)
        alignment = self.Alignment(
            horizontal=align, vertical=valign, wrap_text=wrap, indent=indent if align == "left" else 0
        )
        fill_style = self.PatternFill("solid", fgColor=fill) if fill else None
        for r in range(row, last_row + 1):
            for c in range(col, last_col + 1):
                # Font and alignment matter only in the merged range's first cell (the others
                # are hidden); borders only on its edges. Styling every covered cell made
                # 資料2's sheet cost 0.2 s of style hashing (tests/benchmarks, shiryo2_xlsx).
                first = r == row and c == col
                edge = border and (c in (col, last_col) or r in (row, last_row))
                if not (first or edge or fill_style):
                    continue
                target = self.ws.cell(row=r, column=c)
                if first:
                    target.font = font
                    target.alignment = alignment
                if fill_style:
                    target.fill = fill_style
                if edge:
                    target.border = self.Border(
                        left=self.thin if c == col else None,
                        right=self.thin if c == last_col else None,
                        top=self.thin if r == row else None,
                        bottom=self.thin if r == last_row else None,
                    )

    def height(self, row: int, points: float) -> None:
        current = self.ws.row_dimensions[row].height or 0
        self.ws.row_dimensions[row].height = max(current, points)

    # ------------------------------------------------------------------ blocks

    def label(self, text: str) -> None:
        first = self.boundaries.index(self.label_edge) + 1
        font = self.Font(name=TABLE_FONT, size=BODY_SIZE + 1)
        self.write(self.row, first, text, last_col=self.columns, font=font, align="center", border=True)
        self.height(self.row, row_height(1, BODY_SIZE + 1))
        self.row += 2
        self.height(self.row - 1, 6)

    def line(self, text: str, *, font_name: str, size: float, bold=False, align="left", indent=0, space=0.0):
        font = self.Font(name=font_name, size=size, bold=bold)
        self.write(self.row, 1, text, last_col=self.columns, font=font, align=align, valign="top", indent=indent)
        lines = line_count(text, PRINT_WIDTH_PX, size, indent_em=indent)
        self.height(self.row, row_height(lines, size) + space)
        self.row += 1

    def paragraph(self, block: Paragraph) -> None:
        mark = f"{block.bullet} " if block.bullet else ""
        self.line(mark + block.text, font_name=BODY_FONT, size=BODY_SIZE, indent=block.indent, align=block.align)

    def table(self, table: Table, index: int) -> None:
        if table.caption:
            self.line(table.caption, font_name=TABLE_FONT, size=BODY_SIZE, space=4)
        edges = self._scaled(table.widths)
        column_of = {b: self.boundaries.index(self.snapped[index][b]) for b in edges}
        top = self.row
        needs: dict[int, float] = {}
        spanning = []
        for r, c, cell in table.placed():
            first = column_of[edges[c]] + 1
            last = column_of[edges[c + cell.colspan]]
            font = self.Font(name=TABLE_FONT, size=TABLE_SIZE, bold=cell.bold)
            self.write(
                top + r, first, cell.text, last_row=top + r + cell.rowspan - 1, last_col=last, font=font,
                align=cell.align, border=True, fill=HEADER_FILL if cell.header else None,
            )
            needed = row_height(line_count(cell.text, self.span_px(first - 1, last - 1), TABLE_SIZE), TABLE_SIZE)
            if cell.rowspan == 1:
                needs[r] = max(needs.get(r, 0), needed)
            else:
                spanning.append((r, cell.rowspan, needed))
        for r in range(len(table.rows)):
            self.height(top + r, needs.get(r, row_height(1, TABLE_SIZE)))
        for r, span, needed in spanning:
            have = sum(self.ws.row_dimensions[top + r + i].height for i in range(span))
            if have < needed:
                self.height(top + r + span - 1, self.ws.row_dimensions[top + r + span - 1].height + needed - have)
        self.row = top + len(table.rows)
        if table.note:
            self.line(table.note, font_name=BODY_FONT, size=TABLE_SIZE)

    def gap(self, points: float = 6) -> None:
        self.height(self.row, points)
        self.row += 1


def _use_normal_font(wb) -> None:
    """Make BIZ UDゴシック 10.5 pt the workbook's Normal font (before any cell is styled).

    Excel and LibreOffice measure column widths in digits of the Normal font. Calibri is
    missing on many Linux desktops and its stand-ins have wider digits, which shrinks the
    printout; BIZ UDゴシック 10.5 pt has 7 px digits at 96 dpi, like Calibri 11, and is on
    every Windows 10+ PC, so the widths computed here hold everywhere."""
    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList

    font = Font(name=TABLE_FONT, size=10.5, family=3, charset=128)  # family 3 = modern, 128 = SHIFTJIS
    wb._fonts = IndexedList([font])  # openpyxl has no public API for the default font
    wb._named_styles["Normal"].font = font


def build_workbook(document: Document, *, sheet_title: str = "資料2"):
    """The openpyxl workbook of ``document`` (one sheet, ready to print on A4)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    wb = Workbook()
    _use_normal_font(wb)
    ws = wb.active
    ws.title = sheet_title[:31]
    sheet = _Sheet(ws, document)
    sheet.set_widths()
    if document.label:
        sheet.label(document.label)
    sheet.line(document.title, font_name=TABLE_FONT, size=TITLE_SIZE, bold=True, align="center", space=6)
    tables = 0
    for section in document.sections:
        sheet.gap(4)
        sheet.line(section.heading, font_name=TABLE_FONT, size=HEADING_SIZE, bold=True)
        for block in section.blocks:
            if isinstance(block, Table):
                sheet.table(block, tables)
                tables += 1
                sheet.gap(4)
            else:
                sheet.paragraph(block)
    last_row = ws.max_row  # the last row with a cell (not the spacing after the last table)

    ws.sheet_view.showGridLines = False
    ws.print_area = f"A1:{get_column_letter(sheet.columns)}{last_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_LR
    ws.page_margins.top = ws.page_margins.bottom = MARGIN_TB
    ws.page_margins.header = ws.page_margins.footer = MARGIN_HF
    ws.oddFooter.center.text = "- &P -"
    ws.oddFooter.center.font = TABLE_FONT
    ws.oddFooter.center.size = 9
    wb.properties.title = without_control_characters(document.title)
    wb.properties.creator = "jukidesk"
    return wb


def render_xlsx(document: Document, target: Path | str, *, sheet_title: str = "資料2") -> Path:
    """Write ``document`` to ``target`` (through ``atomic_output``)."""
    target = Path(target)
    wb = build_workbook(document, sheet_title=sheet_title)
    with atomic_output(target) as tmp:
        wb.save(tmp)
    return target
