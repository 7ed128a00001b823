"""Draw a :class:`~jukidesk.reports.document.Document` on one Excel sheet (openpyxl).

Layout: the sheet's columns are the union of every table's column boundaries (scaled to
the printable width of A4 portrait), so each table cell is one sheet cell or a merge of
neighbouring ones; paragraphs are merged across the full width.

Line breaking is done here, not left to Excel or LibreOffice (which wrap a cell wherever
the width runs out, so a line could start with ``）`` or ``。``): every text is broken with
the bundled fonts' metrics and Japanese line-breaking rules (``base.text_layout``), the
breaks are written into the cell, and each row is exactly as high as its lines need.
Running text gets a hanging indent (continuation lines start under the text after ``○``).
A table's columns are widened, or its font made smaller, so that no figure (``19 機関``,
``(実施中)``, ``2.98 点``) is broken.

Pages: the sheet is paginated here too. A heading stays with the start of what follows,
a paragraph that introduces a table stays with the table's caption, header rows and first
rows; when that does not fit on the page a page break goes before it. A table that runs
onto a new page gets its header rows written again at the top of that page. The sheet
prints on A4 portrait, fitted to the page width.

Fonts: openpyxl only *names* a font; Excel draws it with what the PC has. We name
BIZ UDゴシック (tables, headings) and BIZ UD明朝 Medium (running text): both ship with
Windows 10 (1809) and later and with Microsoft Office, are redistributable (SIL OFL) and
are the Windows versions of the faces our PDFs embed, so the clerk's Excel prints the same
shapes without installing anything. Their advances (Latin half an em, kana and kanji one
em, in every weight) are what ``base.text_layout`` measures with.

Text from the database is always written as text: ``data_type='s'``, and a leading
``= + - @`` gets ``quotePrefix`` so Excel never evaluates it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path

from jukidesk.base.files import atomic_output
from jukidesk.base.text import without_control_characters
from jukidesk.base.text_layout import break_lines, fit_table, measurer, text_width, title_lines
from jukidesk.base.workbook import FONT_NAME, new_workbook
from jukidesk.reports.document import Document, Paragraph, Table

BODY_FONT = "BIZ UD明朝 Medium"
TABLE_FONT = FONT_NAME
BODY_SIZE = 10.5
TABLE_SIZE = 9
MIN_TABLE_SIZE = 6.5
TITLE_SIZE = 13
HEADING_SIZE = 11.5
HEADER_FILL = "E6E6E6"

# A4 portrait, margins in inches (≈ 20 mm left/right, 18 mm top/bottom).
MARGIN_LR, MARGIN_TB, MARGIN_HF = 0.79, 0.71, 0.3
PRINT_WIDTH_PX = (8.27 - 2 * MARGIN_LR) * 96  # at 100 %, 96 dpi
PRINT_WIDTH_PT = PRINT_WIDTH_PX * 72 / 96
# The height a page holds (points), with a little to spare for the viewer's rounding.
PAGE_HEIGHT_PT = (11.69 - 2 * MARGIN_TB) * 72 * 0.97
UNITS = 960  # column boundaries are snapped to 1/UNITS of the width (½ point)
LABEL_UNITS = 128  # width of the 資料２ box at the top right
SNAP = 16  # a table edge this close to one already taken reuses it (2 % of the width)

CELL_PADDING_PT = 2.5  # text to cell edge, left and right, as Excel and LibreOffice draw it
MAX_ROW_PT = 409  # Excel's highest row
LINE_SPACING = 1.15  # a line of BIZ UD text takes its size × this (the fonts' ascent + descent is 1 em)
ROW_PADDING_PT = 5
PARAGRAPH_CHUNK = 8  # lines of running text per sheet row (a row cannot break across pages)

FORMULA_STARTS = ("=", "+", "-", "@")


def text_em(text: str) -> float:
    """Display width in ems: wide (CJK, full-width) characters 1, others ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def _usable(width_pt: float) -> float:
    """The width a cell's text may take (points): the cell less its padding, less 2 % so a
    viewer that measures a little wider never wraps a line again."""
    return max(1.0, (width_pt - 2 * CELL_PADDING_PT) * 0.98)


def wrap(text: str, width_pt: float, size: float, *, hang_indent_em: float = 0.0) -> list[str]:
    """The lines of ``text`` in a cell ``width_pt`` wide (line breaks of the text kept)."""
    usable = _usable(width_pt)
    return break_lines(text, usable, measurer(size), rest_width=usable - hang_indent_em * size)


def line_count(text: str, width_px: float, size_pt: float, *, indent_em: float = 0) -> int:
    """How many lines ``text`` takes in a column ``width_px`` wide (96 dpi)."""
    return len(wrap(text, width_px * 72 / 96 - indent_em * size_pt, size_pt))


def row_height(lines: int, size_pt: float) -> float:
    """Points for ``lines`` lines of ``size_pt`` text."""
    return round(lines * size_pt * LINE_SPACING + ROW_PADDING_PT, 1)


def table_layout(table: Table, width_pt: float) -> tuple[float, list[float]]:
    """The font size and column widths (points) of ``table``: figure cells on one line,
    short labels too, at the largest size down to ``MIN_TABLE_SIZE`` that allows it
    (``base.text_layout.fit_table``, measured with the BIZ UD advances)."""
    cells = [(c, cell.text, cell.whole, cell.bold) for _r, c, cell in table.placed() if cell.colspan == 1]
    return fit_table(table.widths, cells, width_pt, size=TABLE_SIZE, min_size=MIN_TABLE_SIZE, padding=CELL_PADDING_PT)


def _blank(row: int) -> None:
    """The writer of a spacing row (nothing in it)."""


@dataclass
class _Block:
    """Rows to place: groups of rows that stay on one page, in order. ``head`` groups must
    stay with what comes before (a keep chain); ``repeat`` is the index of the header
    group written again when the block runs onto a new page."""

    groups: list[list[tuple[float, Callable[[int], None]]]] = field(default_factory=list)
    keep_with_next: bool = False
    head: int = 1
    repeat: int | None = None

    def height(self, groups: int | None = None) -> float:
        return sum(h for group in self.groups[:groups] for h, _w in group)



class _Sheet:
    """Turns the document's blocks into sheet rows on a shared column grid."""

    def __init__(self, ws, document: Document):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.ws = ws
        self.fresh_page = False  # just after a page break: leading blank rows are dropped
        self.Alignment, self.Border, self.Font, self.PatternFill = Alignment, Border, Font, PatternFill
        self.thin = Side(style="thin", color="000000")
        # The style indexes (openpyxl's StyleArray) a fresh cell got for each combination of
        # font, alignment, fill and border edges written (:meth:`write`), with the font kept
        # alive so its id stays its own: a cell styled the same way again gets a copy of
        # them instead of openpyxl hashing every style object anew (most of a sheet's time).
        self._styles: dict[tuple, tuple[object, object]] = {}
        self.tables = list(document.tables())
        self.layouts = [table_layout(table, PRINT_WIDTH_PT) for table in self.tables]
        self.boundaries = self._boundaries()
        self.columns = len(self.boundaries) - 1
        self.pt = [(self.boundaries[i + 1] - self.boundaries[i]) * PRINT_WIDTH_PT / UNITS for i in range(self.columns)]
        self.row = 1
        self.used = 0.0  # points used on the current page
        self.pages = 1

    @staticmethod
    def _edges(widths: list[float]) -> list[int]:
        total, acc, result = sum(widths), 0.0, [0]
        for w in widths:
            acc += w
            result.append(round(acc * UNITS / total))
        return result

    def _boundaries(self) -> list[int]:
        """Union of the tables' column edges. The table with the most columns goes first and
        keeps its edges; a later table's edge within ``SNAP`` of one already taken reuses
        it, so the sheet does not fill up with sliver columns."""
        points = [0, UNITS]
        self.snapped: dict[int, dict[int, int]] = {}
        for index in sorted(range(len(self.tables)), key=lambda i: -len(self.tables[i].widths)):
            mapping = {}
            for edge in self._edges(self.layouts[index][1]):
                near = min(points, key=lambda p: abs(p - edge))
                if abs(near - edge) > (SNAP if index != self._widest() else 0):
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

    def _widest(self) -> int | None:
        return max(range(len(self.tables)), key=lambda i: len(self.tables[i].widths), default=None)

    def span_pt(self, first: int, last: int) -> float:
        """Width in points of the sheet columns ``first`` … ``last`` (0-based)."""
        return sum(self.pt[first : last + 1])

    def set_widths(self) -> None:
        from openpyxl.utils import get_column_letter

        for i, pt in enumerate(self.pt, start=1):
            # The stored width is in digits of the Normal font (7 px each), padding included.
            self.ws.column_dimensions[get_column_letter(i)].width = round(pt * 96 / 72 / 7, 3)

    def write(self, row: int, col: int, text: str, *, last_row=None, last_col=None, font=None, align="left",
              valign="center", border=False, fill=None, shrink=False):
        """Write ``text`` at (row, col), merging up to (last_row, last_col), styling every cell.
        ``shrink``: one line that must stay one line (shrunk to fit, never wrapped), where a
        spreadsheet measuring a little wider than we do would otherwise break it (LibreOffice
        broke 資料2's title inside 報告)."""
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
        alignment = None
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
                sides = (c == col, c == last_col, r == row, r == last_row) if edge else None
                key = (id(font), align, valign, shrink) if first else None, fill, sides
                fresh = not target.has_style  # else keep what it has (a quote prefix): style it in full
                if fresh and key in self._styles:
                    target._style = copy(self._styles[key][1])
                    continue
                if first:
                    if alignment is None:
                        alignment = self.Alignment(horizontal=align, vertical=valign, wrap_text=not shrink, shrink_to_fit=shrink)
                    target.font = font
                    target.alignment = alignment
                if fill_style:
                    target.fill = fill_style
                if edge:
                    left, right, top, bottom = sides
                    target.border = self.Border(
                        left=self.thin if left else None,
                        right=self.thin if right else None,
                        top=self.thin if top else None,
                        bottom=self.thin if bottom else None,
                    )
                if fresh:
                    self._styles[key] = (font, copy(target._style))

    # ------------------------------------------------------------------ pages

    def place(self, blocks: list[_Block]) -> None:
        """Write ``blocks`` in order, breaking pages so that keep chains stay together."""
        i = 0
        while i < len(blocks):
            j = i
            while blocks[j].keep_with_next and j + 1 < len(blocks):
                j += 1
            chain = blocks[i : j + 1]
            needed = sum(b.height() for b in chain[:-1]) + chain[-1].height(chain[-1].head)
            if self.used and self.used + needed > PAGE_HEIGHT_PT:
                self.page_break()
            for block in chain:
                self._place(block)
            i = j + 1

    def _place(self, block: _Block) -> None:
        for index, group in enumerate(block.groups):
            height = sum(h for h, _w in group)
            if self.used and self.used + height > PAGE_HEIGHT_PT:
                if all(writer is _blank for _h, writer in group):
                    continue  # a gap where a page ends
                self.page_break()
                if block.repeat is not None and index > block.repeat:
                    self._write_group(block.groups[block.repeat])
            self._write_group(group)

    def _write_group(self, group) -> None:
        if self.fresh_page:  # no blank rows on top of a new page (a gap, a heading's space above it)
            while group and group[0][1] is _blank:
                group = group[1:]
            if not group:
                return
        top = self.row
        for offset, (height, _writer) in enumerate(group):
            self.ws.row_dimensions[top + offset].height = height
        for offset, (_height, writer) in enumerate(group):
            writer(top + offset)
        self.row = top + len(group)
        self.used += sum(h for h, _w in group)
        self.fresh_page = False

    def page_break(self) -> None:
        from openpyxl.worksheet.pagebreak import Break

        self.ws.row_breaks.append(Break(id=self.row - 1))
        self.used = 0.0
        self.fresh_page = True
        self.pages += 1

    # ------------------------------------------------------------------ blocks

    def label_block(self, text: str) -> _Block:
        first = self.boundaries.index(self.label_edge) + 1
        font = self.Font(name=TABLE_FONT, size=BODY_SIZE + 1)

        def writer(row):
            self.write(row, first, text, last_col=self.columns, font=font, align="center", border=True)

        return _Block([[(row_height(1, BODY_SIZE + 1), writer), (6, lambda row: None)]])

    def line_block(self, text: str, *, font_name: str, size: float, bold=False, align="left", indent=0,
                   bullet="", space=0.0, valign="top") -> _Block:
        """Running text across the full width: broken into lines here (a hanging indent
        under a bullet), in rows of at most ``PARAGRAPH_CHUNK`` lines."""
        mark = f"{bullet} " if bullet else ""
        hang = text_width(mark, 1) if mark and align == "left" else 0.0
        lead = "\u3000" * indent
        lines = wrap(mark + text, PRINT_WIDTH_PT - indent * size, size, hang_indent_em=hang)
        pad = "\u3000" * int(hang) + " " * round((hang - int(hang)) * 2)
        lines = [lead + (line if n == 0 else pad + line) for n, line in enumerate(lines)]
        font = self.Font(name=font_name, size=size, bold=bold)
        groups = []
        for start in range(0, len(lines), PARAGRAPH_CHUNK):
            chunk = "\n".join(lines[start : start + PARAGRAPH_CHUNK])
            count = len(lines[start : start + PARAGRAPH_CHUNK])
            last = start + PARAGRAPH_CHUNK >= len(lines)

            def writer(row, chunk=chunk, single=len(lines) == 1):
                self.write(row, 1, chunk, last_col=self.columns, font=font, align=align, valign=valign, shrink=single)

            groups.append([(row_height(count, size) + (space if last else 0), writer)])
        return _Block(groups)

    def title_block(self, text: str) -> _Block:
        """The title: broken at a phrase (``title_lines``), one row a line, each shrunk to fit
        rather than wrapped again by a spreadsheet that measures it a little wider."""
        lines = title_lines(text, _usable(PRINT_WIDTH_PT), measurer(TITLE_SIZE, "gothic_bold"))
        font = self.Font(name=TABLE_FONT, size=TITLE_SIZE, bold=True)
        rows = []
        for n, line in enumerate(lines):

            def writer(row, line=line):
                self.write(row, 1, line, last_col=self.columns, font=font, align="center", valign="top", shrink=True)

            rows.append((row_height(1, TITLE_SIZE) + (6 if n == len(lines) - 1 else 0), writer))
        return _Block([rows])

    def paragraph_block(self, block: Paragraph) -> _Block:
        return self.line_block(
            block.text, font_name=BODY_FONT, size=BODY_SIZE, indent=block.indent, bullet=block.bullet, align=block.align
        )

    def table_block(self, table: Table, index: int) -> _Block:
        size, _widths = self.layouts[index]
        edges = self._edges(self.layouts[index][1])
        column_of = {b: self.boundaries.index(self.snapped[index][b]) for b in edges}
        font_cache: dict[bool, object] = {}

        def font(bold):
            if bold not in font_cache:
                font_cache[bold] = self.Font(name=TABLE_FONT, size=size, bold=bold)
            return font_cache[bold]

        broken: dict[tuple, list[str]] = {}  # each cell is broken into lines once (split check, then rows)

        def lines_of(_r, c, cell):
            key = (cell.text, c, cell.colspan)
            if key not in broken:
                first, last = column_of[edges[c]] + 1, column_of[edges[c + cell.colspan]]
                broken[key] = [cell.text] if cell.whole else wrap(cell.text, self.span_pt(first - 1, last - 1), size)
            return broken[key]

        # Excel holds a row at most 409 pt high: a taller cell (a list of 189 institutions)
        # runs on in the rows below instead of being cut off.
        table = table.with_rows_split(lines_of, max(1, int((MAX_ROW_PT - ROW_PADDING_PT) / (size * LINE_SPACING))))
        cells = []  # (row, first col, last col, cell, lines)
        needs: dict[int, float] = {}
        spanning = []
        for r, c, cell in table.placed():
            first = column_of[edges[c]] + 1
            last = column_of[edges[c + cell.colspan]]
            lines = lines_of(r, c, cell)
            cells.append((r, first, last, cell, "\n".join(lines)))
            needed = row_height(len(lines), size)
            if cell.rowspan == 1:
                needs[r] = max(needs.get(r, 0), needed)
            else:
                spanning.append((r, cell.rowspan, needed))
        heights = [needs.get(r, row_height(1, size)) for r in range(len(table.rows))]
        for r, span, needed in spanning:
            have = sum(heights[r : r + span])
            if have < needed:
                heights[r + span - 1] += needed - have

        def group_writer(first_row, last_row):
            def writer(sheet_row):
                # called for the group's first row only: writes every cell starting in the group
                for r, first, last, cell, text in cells:
                    if first_row <= r <= last_row:
                        self.write(
                            sheet_row + r - first_row, first, text, last_row=sheet_row + r - first_row + cell.rowspan - 1,
                            last_col=last, font=font(cell.bold), align=cell.align, border=True,
                            fill=HEADER_FILL if cell.header else None,
                        )

            return writer

        groups = []
        if table.caption:
            caption = self.line_block(table.caption, font_name=TABLE_FONT, size=BODY_SIZE, space=4, valign="bottom")
            groups.extend(caption.groups)
        first_table_group = len(groups)
        for first_row, last_row in table.row_groups():
            writer = group_writer(first_row, last_row)
            rows = [(heights[first_row], writer)]
            rows += [(heights[r], lambda row: None) for r in range(first_row + 1, last_row + 1)]
            groups.append(rows)
        if table.note:
            note = self.line_block(table.note, font_name=BODY_FONT, size=TABLE_SIZE)
            groups[-1] = groups[-1] + note.groups[0]  # the note stays with the last rows
            groups.extend(note.groups[1:])
        head = len(groups) if table.kept_whole() else first_table_group + (2 if table.header_rows else 1)
        return _Block(groups, head=min(head, len(groups)), repeat=first_table_group if table.header_rows else None)

    def gap_block(self, points: float) -> _Block:
        return _Block([[(points, _blank)]])


def a4_page_setup(ws, *, orientation: str = "portrait") -> None:
    """A4, fitted to the page width (as many pages down as needed), page numbers below."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def build_workbook(document: Document, *, sheet_title: str = "資料2"):
    """The openpyxl workbook of ``document`` (one sheet, ready to print on A4)."""
    from openpyxl.utils import get_column_letter

    wb = new_workbook()
    ws = wb.active
    ws.title = sheet_title[:31]
    sheet = _Sheet(ws, document)
    sheet.set_widths()
    blocks: list[_Block] = []
    if document.label:
        blocks.append(sheet.label_block(document.label))
    blocks.append(sheet.title_block(document.title))
    tables = 0
    for section in document.sections:
        heading = sheet.line_block(section.heading, font_name=TABLE_FONT, size=HEADING_SIZE, bold=True)
        heading.groups.insert(0, sheet.gap_block(4).groups[0])
        heading.groups = [heading.groups[0] + heading.groups[1]] + heading.groups[2:]
        heading.keep_with_next = bool(section.blocks)
        blocks.append(heading)
        for index, block in enumerate(section.blocks):
            if isinstance(block, Table):
                table_block = sheet.table_block(block, tables)
                table_block.groups[-1] = table_block.groups[-1] + sheet.gap_block(4).groups[0]
                blocks.append(table_block)
                tables += 1
            else:
                paragraph = sheet.paragraph_block(block)
                following = section.blocks[index + 1] if index + 1 < len(section.blocks) else None
                paragraph.keep_with_next = isinstance(following, Table)
                blocks.append(paragraph)
    sheet.place(blocks)
    last_row = max((cell.row for row in ws.iter_rows() for cell in row if cell.value is not None), default=1)

    ws.sheet_view.showGridLines = False
    ws.print_area = f"A1:{get_column_letter(sheet.columns)}{last_row}"
    a4_page_setup(ws)
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


CHART_SHEET = "グラフ"
CHART_ROW_PX = 20  # the default row height (15 pt) in pixels
CHART_PAGE_PX = 980  # what an A4 portrait page holds, about (LibreOffice: 2 charts a page)


def add_chart_sheet(wb, images) -> None:
    """A sheet グラフ with each chart's title, the PNG (openpyxl.drawing.image) and its note,
    one below the other, printed A4 portrait one column wide."""
    from io import BytesIO

    from openpyxl.drawing.image import Image
    from openpyxl.styles import Font

    def write_text(cell, text: str) -> None:
        cell.value = without_control_characters(text)
        cell.data_type = "s"  # never a formula, whatever the text
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True

    ws = wb.create_sheet(CHART_SHEET)
    ws.sheet_view.showGridLines = False
    ws.column_dimensions["A"].width = 2
    from openpyxl.worksheet.pagebreak import Break

    row, page_px = 1, 0
    for chart in images:
        picture = Image(BytesIO(chart.png))
        if picture.width > chart.width_px:
            picture.height = round(picture.height * chart.width_px / picture.width)
            picture.width = chart.width_px
        needed = CHART_ROW_PX * 4 + picture.height
        if page_px and page_px + needed > CHART_PAGE_PX:  # a chart is never split across two pages
            ws.row_breaks.append(Break(id=row - 1))
            page_px = 0
        page_px += needed
        title = ws.cell(row, 2)
        write_text(title, chart.title)
        title.font = Font(name=TABLE_FONT, bold=True, size=11)
        ws.add_image(picture, f"B{row + 1}")
        row += 1 + -(-picture.height // CHART_ROW_PX)
        if chart.note:
            note = ws.cell(row, 2)
            write_text(note, chart.note)
            note.font = Font(name=TABLE_FONT, size=9, color="505050")
            row += 1
        row += 2
    a4_page_setup(ws)


def render_xlsx(document: Document, target: Path | str, *, sheet_title: str = "資料2") -> Path:
    """Write ``document`` to ``target`` (through ``atomic_output``); its charts, if any, on a
    second sheet グラフ."""
    target = Path(target)
    wb = build_workbook(document, sheet_title=sheet_title)
    if document.images:
        add_chart_sheet(wb, document.images)
    with atomic_output(target) as tmp:
        wb.save(tmp)
    return target

