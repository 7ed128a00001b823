"""A table cell taller than a page (a national-scale registry lists 1,893 institutions in one
cell of 資料2's 実施方法): the PDF breaks the row where each page ends, so the table starts
on the page of its heading and runs on, header repeated; Excel continues it in the rows
below instead of cutting it at its highest row (409 pt)."""

import re
import subprocess

from openpyxl import load_workbook

from jukidesk.reports import pdf_renderer
from jukidesk.reports.document import Cell, Document, Paragraph, Section, Table
from jukidesk.reports.pdf_renderer import render_pdf
from jukidesk.reports.xlsx_renderer import MAX_ROW_PT, render_xlsx

NAMES = "、".join(f"合成機関{n:05d}" for n in range(1, 301))


def _table() -> Table:
    return Table(
        [1, 3, 1],
        [
            [Cell("区分", header=True), Cell("対象機関", header=True), Cell("実施時期", header=True)],
            [Cell("自己点検"), Cell(NAMES), Cell("毎年1回")],
            [Cell("内部監査"), Cell("同上"), Cell("3年に1回")],
        ],
        header_rows=1,
    )


def _document() -> Document:
    return Document(
        "大きな表",
        sections=[
            Section("１ 監査の概要", [Paragraph("監査の基本方針に基づき実施する。" * 6, bullet="○")]),
            Section("２ 監査の実施方法", [_table()]),
        ],
    )


def _pages(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [page.replace(" ", "").replace("\n", "") for page in text.split("\f") if page.strip()]


def test_a_cell_taller_than_a_page_runs_on_from_the_page_of_its_heading(tmp_path):
    pages = _pages(render_pdf(_document(), tmp_path / "tall.pdf"))
    assert len(pages) >= 2
    # the first page holds the heading, the table's header and the start of the long cell
    assert "２監査の実施方法" in pages[0] and "対象機関" in pages[0] and "合成機関00001" in pages[0]
    # every name once, in order, over the page breaks (a name may be cut by a page's end:
    # read on without the page number, the repeated header and the row's other cells)
    flowing = re.sub(r"-\d+-|区分|対象機関|実施時期|自己点検|毎年1回", "", "".join(pages))
    assert [int(n) for n in re.findall(r"合成機関(\d{5})", flowing)] == list(range(1, 301))
    for page in pages:
        if "合成機関" in page:
            assert page.count("対象機関") == 1 and page.index("対象機関") < page.index("合成機関")
    text = "".join(pages)
    assert text.count("自己点検") == 1 and text.count("毎年1回") == 1
    assert text.index("合成機関00300") < text.index("内部監査")


def test_a_row_is_broken_only_with_lines_on_both_sides_and_never_inside_a_span():
    layout = pdf_renderer.GridLayout(_table(), 481.89, 760.0)
    grid = pdf_renderer._grid_table_class()(layout)
    one_line = layout.leading + pdf_renderer.TOP_PADDING + pdf_renderer.BOTTOM_PADDING
    header = layout.heights[0]
    # room for the header and two lines: too little to break the long row (three at least)
    assert grid.split(layout.width, header + one_line + layout.leading) == []
    first, rest = grid.split(layout.width, header + one_line + 9 * layout.leading)
    assert first.continued and not rest.continued
    assert layout.row_lines(first.rows[-1]) == 10 and first.height <= header + one_line + 9 * layout.leading
    assert rest.rows[0] == 0  # the header again
    assert layout.row_lines(first.rows[-1]) + layout.row_lines(rest.rows[1]) == layout.row_lines(1)

    spanned = Table(
        [1, 3],
        [[Cell("区分", header=True), Cell("対象", header=True)], [Cell("自己点検", rowspan=2), Cell(NAMES)], [Cell("同上")]],
        header_rows=1,
    )
    layout = pdf_renderer.GridLayout(spanned, 481.89, 10_000.0)
    assert layout.breakable == set()  # a row a span starts in or crosses moves whole


def test_excel_continues_a_cell_taller_than_its_highest_row_in_the_rows_below(tmp_path):
    ws = load_workbook(render_xlsx(_document(), tmp_path / "tall.xlsx")).active
    heights = [d.height for d in ws.row_dimensions.values() if d.height]
    assert max(heights) <= MAX_ROW_PT
    written = "".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert all(f"合成機関{n:05d}" in written for n in (1, 150, 300))
    assert written.index("自己点検") < written.index("合成機関00300") < written.index("内部監査")
