"""The PDF renderer's shortcuts give what the plain way gives (issue 20: 資料2 PDF).

- a text that fits on its line is kept whole without being cut into clusters;
- table cells get from their per-cell defaults exactly the style the table-wide commands set;
- a paragraph is broken into lines once, though the keeping measures it before platypus
  places it, into the same lines as reportlab breaks it (widths looked up once per character).
"""

from __future__ import annotations

import random

import pytest

from jukidesk.base import text_layout
from jukidesk.base.text_layout import break_lines, measurer
from jukidesk.reports import pdf_renderer
from jukidesk.reports.document import Table
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


def _cell_values(table):
    names = ("fontname", "fontsize", "leading", "leftPadding", "rightPadding", "topPadding", "bottomPadding",
             "valign", "alignment")
    return [[tuple(getattr(style, name) for name in names) for style in row] for row in table._cellStyles]


def test_table_cells_get_the_style_the_table_wide_commands_set(document):
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    styles = pdf_renderer._Styles()
    tables = [block for section in document.sections for block in section.blocks if isinstance(block, Table)]
    assert len(tables) >= 3
    for block in tables:
        made = pdf_renderer._table(block, styles, 481.89)
        size, _widths = pdf_renderer.table_layout(block, 481.89)
        plain = RLTable([[""] * len(block.widths) for _ in block.rows])
        commands = [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONTNAME", (0, 0), (-1, -1), pdf_renderer.GOTHIC),
            ("FONTSIZE", (0, 0), (-1, -1), size),
            ("LEADING", (0, 0), (-1, -1), size * pdf_renderer.CELL_LEADING),
            ("LEFTPADDING", (0, 0), (-1, -1), pdf_renderer.CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), pdf_renderer.CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ]
        for r, c, cell in block.placed():
            end = (c + cell.colspan - 1, r + cell.rowspan - 1)
            if cell.bold:
                commands.append(("FONTNAME", (c, r), end, pdf_renderer.GOTHIC_BOLD))
            if cell.align != "left":
                commands.append(("ALIGN", (c, r), end, cell.align.upper()))
        plain.setStyle(TableStyle(commands))
        assert _cell_values(made) == _cell_values(plain)
        assert any(v[-1] == "CENTER" for row in _cell_values(made) for v in row)


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
    texts += SAMPLES + ["ＡＢＣ　全角の空白と abc の混ざった文。" * 9]
    widths: dict = {}
    compared = 0
    for text in texts:
        for style in (styles.body, styles.heading, styles.caption, styles.note):
            for width in (469.89, 300.0, 120.5):
                ours = paragraph_class(pdf_renderer.markup(text), style)
                ours.char_widths = widths
                theirs = RLParagraph(pdf_renderer.markup(text), style)
                ours.wrap(width, 800)
                theirs.wrap(width, 800)
                assert repr(ours.blPara) == repr(theirs.blPara), (text, width)
                assert ours.height == theirs.height
                compared += 1
    assert compared > 100 and widths  # the shared widths were used
