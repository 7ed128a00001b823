"""The PDF renderer's shortcuts give what the plain way gives (issue 20: 資料2 PDF).

- a text that fits on its line is kept whole without being cut into clusters;
- a table's rows are as high, and split over pages where, reportlab's ``Table`` made them;
- a plain paragraph gets the fragment reportlab's parser would make of it, and is broken into lines once, though the keeping measures it before platypus
  places it, into the same lines as reportlab breaks it (widths looked up once per character).
"""

from __future__ import annotations

import random

import pytest

from jukidesk.base import text_layout
from jukidesk.base.text_layout import break_lines, measurer
from jukidesk.reports import pdf_renderer
from jukidesk.reports.document import Paragraph, Table
from jukidesk.reports.shiryo2 import build_shiryo2

SAMPLES = [
    "自己点検",
    "19 機関",
    "（実施中）",
    "総務課、企画課、税務課、住民課（４機関）",
    "・前年度までの指摘で改善確認待ち: 消防課（H20・13件）、職員課（H20・12件）",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnop 0123456789 ",
    "改善を要する項目 3件\n・アクセス記録の確認が不十分→月次で確認する（対応中）",
    "   ",
    "平成25年度の監査は実施中であるが、前年度に引き続き、担当者研修会等において必要な",
]


@pytest.fixture(scope="module")
def document(demo_template, tmp_path_factory):
    import shutil

    from jukidesk.storage.database import open_database

    path = tmp_path_factory.mktemp("pdf") / "demo.sqlite"
    shutil.copy(demo_template, path)
    db = open_database(path)
    try:
        with db.session() as session:
            yield build_shiryo2(session, 2013)
    finally:
        db.close()


def test_a_text_that_fits_is_kept_whole_as_the_full_breaking_keeps_it(document):
    texts = list(SAMPLES)
    for section in document.sections:
        for block in section.blocks:
            texts += list(block.texts()) if isinstance(block, Table) else [block.text]
    rng = random.Random(20)
    measure = measurer(9, "gothic")
    compared = 0
    for text in texts:
        for part in text.split("\n"):
            if not part:
                continue
            full = measure(part.rstrip(" "))
            for width in {full, full + 0.01, full - 0.01, full * 0.5, rng.uniform(20, 400)}:
                if width <= 0:
                    continue
                assert text_layout._break_part(part, width, width, measure, None) == text_layout._break_clusters(
                    part, width, width, measure, None
                ), (part, width)
                compared += 1
    assert compared > 200
    assert break_lines("19 機関", measure("19 機関"), measure) == ["19 機関"]


def _reportlab_table(layout):
    """What the tables were drawn with before ``GridTable``: reportlab's ``Table`` of the same
    lines, spans, fonts, paddings and alignment."""
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    block = layout.block
    grid = [[""] * len(block.widths) for _ in block.rows]
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), pdf_renderer.GOTHIC),
        ("FONTSIZE", (0, 0), (-1, -1), layout.size),
        ("LEADING", (0, 0), (-1, -1), layout.leading),
        ("LEFTPADDING", (0, 0), (-1, -1), pdf_renderer.CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), pdf_renderer.CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), pdf_renderer.TOP_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pdf_renderer.BOTTOM_PADDING),
    ]
    for r, cells in layout.by_row.items():
        for c, cell, lines in cells:
            grid[r][c] = "\n".join(lines)
            if cell.colspan > 1 or cell.rowspan > 1:
                commands.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
    widths = [b - a for a, b in zip(layout.columns, layout.columns[1:])]
    table = RLTable(grid, colWidths=widths, repeatRows=block.header_rows)
    table.setStyle(TableStyle(commands))
    table.wrap(layout.width, 10_000)
    return table


def spanning_table() -> Table:
    """Row spans (one cell over two and three rows, taller than its rows), column spans and
    a header of two rows."""
    from jukidesk.reports.document import Cell

    long = "監査の結果、改善を要する事項が認められた。" * 3
    rows = [
        [Cell("区分", header=True, rowspan=2), Cell("件数", header=True, colspan=2, align="center")],
        [Cell("当年", header=True), Cell("前年", header=True)],
        [Cell(long * 2, rowspan=2), Cell("3 件", align="right"), Cell("2 件", align="right")],
        [Cell("1 件"), Cell("")],
        [Cell("自己点検", rowspan=3), Cell("対象機関数", colspan=2)],
        [Cell("19 機関", bold=True), Cell("18 機関")],
        [Cell(long, colspan=2)],
        [Cell("合計", colspan=3, align="center", bold=True)],
    ]
    return Table(widths=[30, 10, 10], rows=rows, header_rows=2)


def test_table_rows_are_as_high_as_reportlab_made_them(document):
    """Same row heights (so the same page breaks) as reportlab's ``Table`` gave the same
    cells, for the demo's tables and one with row and column spans."""
    tables = [block for section in document.sections for block in section.blocks if isinstance(block, Table)]
    assert len(tables) >= 3
    for block in [*tables, spanning_table()]:
        for width in (481.89, 300.0):
            layout = pdf_renderer.GridLayout(block, width, 760.0)
            reference = _reportlab_table(layout)
            assert layout.heights == pytest.approx(reference._rowHeights, abs=1e-6), block.caption
    layout = pdf_renderer.GridLayout(spanning_table(), 300.0, 760.0)
    assert layout.joined == {1, 3, 5, 6}  # inside the spans: never a page break there


def test_a_table_splits_where_reportlab_split_it(document):
    from reportlab.platypus import Table as RLTable

    for block in [*document.tables(), spanning_table()]:
        layout = pdf_renderer.GridLayout(block, 481.89, 760.0)
        layout.breakable = set()  # between rows, as reportlab splits (a row broken at a page end: test_tall_rows.py)
        ours = pdf_renderer._grid_table_class()(layout)
        reference = _reportlab_table(layout)
        total = sum(layout.heights)
        split = 0
        for room in [total * k / 23 for k in range(1, 24)] + [total + 1]:
            theirs = reference.split(layout.width, room)
            parts = ours.split(layout.width, room)
            assert len(parts) == len(theirs), (block.caption, room)
            for part, their in zip(parts, theirs):
                assert isinstance(their, RLTable)
                their.wrap(layout.width, 10_000)
                assert part.height == pytest.approx(their._height, abs=1e-6)
                assert len(part.rows) == len(their._cellvalues)
            split += len(parts) == 2
            # a part the table goes on from has a thin bottom line (reportlab's BOX left it out)
            assert [part.continued for part in parts] == ([True, False] if len(parts) == 2 else [False] * len(parts))
        assert split  # the case under test happened


def test_each_paragraph_is_broken_into_lines_once(document, tmp_path, monkeypatch):
    paragraph_class = pdf_renderer._paragraph_class()
    broken = []
    real = paragraph_class.breakLinesCJK

    def counting(self, widths):
        broken.append(id(self))
        return real(self, widths)

    monkeypatch.setattr(paragraph_class, "breakLinesCJK", counting)
    pdf_renderer.render_pdf(document, tmp_path / "資料2.pdf")
    assert broken
    assert len(broken) == len(set(broken))  # measured for the keeping, placed without breaking again


def test_a_paragraph_moved_whole_to_the_next_page_is_laid_out_again(tmp_path, monkeypatch):
    """platypus drops the lines of a paragraph it cannot split at a page's end (too few lines
    fit) and wraps it again on the next page: the wrap must not answer from its first layout."""
    import subprocess

    from jukidesk.reports.document import Cell, Document, Paragraph, Section

    text = (
        "住民基本台帳ネットワークシステムのセキュリティ対策について、各機関の自己点検の結果（平均3.00点）を"
        "踏まえ、改善を要する項目（12件）の対応状況を確認した。"
    ) * 6
    blocks = [Paragraph(text[: 100 + 60 * i], bullet="○" if i % 3 == 0 else "", indent=i % 2) for i in range(14)]
    rows = [[Cell("区分", header=True, align="center"), Cell("内容", header=True, align="center", colspan=2)]]
    for i in range(40):
        rows.append([Cell(f"{i + 1} 機関", align="center", bold=i % 5 == 0), Cell(text[: 20 + (i * 7) % 90]),
                     Cell("(実施中)", align="right")])
    blocks.insert(7, Table(widths=[8, 30, 8], rows=rows, header_rows=1, caption="＜表の見出し＞", note="※ 注記"))
    document = Document(
        title="長い資料", label="資料２", sections=[Section("１ 概要", blocks[:9]), Section("２ 詳細", blocks[9:] + blocks[:4])]
    )
    paragraph_class = pdf_renderer._paragraph_class()
    real_wrap = paragraph_class.wrap
    laid_out_again = []

    def watching(self, width, height):
        if self._wrapped is not None and self._wrapped[0] == width and "blPara" not in self.__dict__:
            laid_out_again.append(self)
        return real_wrap(self, width, height)

    monkeypatch.setattr(paragraph_class, "wrap", watching)
    target = pdf_renderer.render_pdf(document, tmp_path / "長い資料.pdf")
    assert laid_out_again  # the case under test happened
    text_out = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert text_out.count("○") >= 5 and "※ 注記" in text_out


def test_paragraph_lines_are_the_lines_reportlab_breaks(document):
    from reportlab.platypus import Paragraph as RLParagraph

    styles = pdf_renderer._Styles()
    paragraph_class = pdf_renderer._paragraph_class()
    texts = [block.text for section in document.sections for block in section.blocks if not isinstance(block, Table)]
    texts += SAMPLES + ["ＡＢＣ　全角の空白と abc の混ざった文。" * 9, "  前後と途中の  空白  ", "a < b & c",
              "一行目\n二行目", "\n先頭の改行", "末尾の改行\n", "空の行\n\n次の行", "県における住民基本台帳\n（監査経過報告）について"]
    widths: dict = {}
    compared = 0
    paragraph_styles = [styles.paragraph(Paragraph("", bullet=b, indent=i, align=a)) for b in ("", "○") for i in (0, 1) for a in ("left", "center")]
    for text in texts:
        for style in (styles.body, styles.heading, styles.caption, styles.note, styles.title, styles.label, *paragraph_styles):
            for width in (469.89, 300.0, 120.5):
                ours = paragraph_class(pdf_renderer.markup(text), style)
                ours.char_widths = widths
                theirs = RLParagraph(pdf_renderer.markup(text), style)
                assert repr(ours.frags) == repr(theirs.frags) and ours.text == theirs.text, text
                ours.wrap(width, 800)
                theirs.wrap(width, 800)
                assert repr(ours.blPara) == repr(theirs.blPara), (text, width)
                assert ours.height == theirs.height
                compared += 1
    assert compared > 100 and widths  # the shared widths were used
    title = paragraph_class(pdf_renderer.markup("県における住民基本台帳\n（監査経過報告）について"), styles.title)
    assert title._lines_at_breaks([469.89]) is not None  # the lines at <br/> were made here, not by reportlab
    assert title._lines_at_breaks([60.0]) is None


def test_no_row_header_or_cell_is_lost_over_page_breaks(tmp_path):
    """A table over several pages: every body row's cells once, in order; the header rows at
    the top of every page the table is on; the rows a span joins on one page."""
    import re
    import subprocess

    from jukidesk.reports.document import Cell, Document, Paragraph, Section

    header = [
        [Cell("番号", header=True, rowspan=2, align="center"), Cell("内容", header=True, colspan=2, align="center")],
        [Cell("説明", header=True, align="center"), Cell("件数見出し", header=True, align="right")],
    ]
    body = []
    for n in range(1, 131):
        if n % 10 == 0:  # two rows joined by a span
            body.append([Cell(f"行{n:03d}番", rowspan=2), Cell(f"対{n:03d}上" + "説明の文章。" * (n % 4)), Cell(f"{n:03d} 件", align="right")])
            body.append([Cell(f"対{n:03d}下"), Cell(f"{n}b 件", align="center", bold=True)])
        else:
            body.append([Cell(f"行{n:03d}番"), Cell(f"説{n:03d}明" + "説明の文章が入ります。" * (n % 3)), Cell(f"{n:03d} 件", align="right")])
    table = Table(widths=[8, 30, 8], rows=[*header, *body], header_rows=2, caption="長い表")
    document = Document("長い表", sections=[Section("１ 表", [Paragraph("前置き。"), table, Paragraph("結び。")])])
    pdf = pdf_renderer.render_pdf(document, tmp_path / "long.pdf")
    pages = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [page.replace(" ", "").replace("\n", "") for page in pages.split("\f") if page.strip()]
    assert len(pages) >= 3
    seen = []
    for page in pages:
        rows = re.findall(r"行(\d{3})番", page)
        if rows:
            assert page.count("件数見出し") == 1 and page.count("番号") == 1, page[:80]
            assert page.index("件数見出し") < page.index("行" + rows[0])
        seen += [int(n) for n in rows]
        for n in range(10, 131, 10):
            if f"行{n:03d}番" in page:
                assert f"対{n:03d}上" in page and f"対{n:03d}下" in page and f"{n}b件" in page
    assert seen == list(range(1, 131))
    text = "".join(pages)
    for n in range(1, 131):
        assert text.count(f"{n:03d}件") == 1, n
        if n % 10:
            assert text.count(f"説{n:03d}明") == 1, n


def test_plain_paragraphs_are_not_parsed_one_by_one(monkeypatch):
    from reportlab.platypus.paraparser import ParaParser

    parsed = []
    real = ParaParser.parse

    def counting(self, text, style):
        parsed.append(text)
        return real(self, text, style)

    monkeypatch.setattr(ParaParser, "parse", counting)
    styles = pdf_renderer._styles()
    paragraph_class = pdf_renderer._paragraph_class()
    for n in range(5):
        paragraph_class(pdf_renderer.markup(f"平文の段落 {n}。"), styles.body)
    assert len(parsed) <= 1  # at most once for the style
    before = len(parsed)
    paragraph_class(pdf_renderer.markup("改行の\nある段落"), styles.body)  # markup: parsed
    assert len(parsed) == before + 1
