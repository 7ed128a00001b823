"""A table cell taller than a page (a national-scale registry lists 189 institutions in one
cell of 資料2's 実施方法): both renderers continue it in the rows below instead of failing
(reportlab's LayoutError) or being cut at Excel's highest row (409 pt)."""

from openpyxl import load_workbook

from jukidesk.reports.document import Cell, Document, Section, Table
from jukidesk.reports.pdf_renderer import render_pdf
from jukidesk.reports.xlsx_renderer import MAX_ROW_PT, render_xlsx

NAMES = "、".join(f"合成機関{n:05d}" for n in range(1, 301))


def _document() -> Document:
    table = Table(
        [1, 3, 1],
        [
            [Cell("区分", header=True), Cell("対象機関", header=True), Cell("実施時期", header=True)],
            [Cell("自己点検"), Cell(NAMES), Cell("毎年1回")],
            [Cell("内部監査"), Cell("同上"), Cell("3年に1回")],
        ],
        header_rows=1,
    )
    return Document("大きな表", sections=[Section("１ 監査の実施方法", [table])])


def test_a_cell_taller_than_a_page_runs_on_in_both_formats(tmp_path):
    import subprocess

    pdf = render_pdf(_document(), tmp_path / "tall.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = text.replace("\n", "").replace(" ", "")
    assert all(f"合成機関{n:05d}" in flat for n in (1, 150, 300)) and "同上" in flat
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(next(line.split()[-1] for line in pages.splitlines() if line.startswith("Pages"))) >= 2

    ws = load_workbook(render_xlsx(_document(), tmp_path / "tall.xlsx")).active
    heights = [d.height for d in ws.row_dimensions.values() if d.height]
    assert max(heights) <= MAX_ROW_PT
    written = "".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert all(f"合成機関{n:05d}" in written for n in (1, 150, 300))
    assert written.index("自己点検") < written.index("合成機関00300") < written.index("内部監査")
