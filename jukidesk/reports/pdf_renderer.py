"""Draw a :class:`~jukidesk.reports.document.Document` as an A4 PDF with reportlab platypus.

Body text in IPAex明朝, tables in IPAexゴシック, title and headings in BIZ UDゴシック Bold —
all embedded as subsets, so the text is selectable and searchable. Every paragraph and
table cell is a ``Paragraph`` with ``wordWrap='CJK'`` (Japanese line breaking with
line-start kinsoku); spans are the same as the Excel sheet's merges.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from jukidesk.base.files import atomic_output
from jukidesk.reports.document import Document, Paragraph, Table
from jukidesk.reports.fonts import GOTHIC, GOTHIC_BOLD, MINCHO, register_fonts

BODY_SIZE = 10.5
TABLE_SIZE = 9
TITLE_SIZE = 13
HEADING_SIZE = 11.5
HEADER_FILL = "#E6E6E6"
MARGINS_MM = {"left": 20, "right": 20, "top": 18, "bottom": 18}


def markup(text: str) -> str:
    """Paragraph markup of plain text: escaped, line breaks kept, and full-width spaces
    written as character references (a literal U+3000 is collapsed like a blank)."""
    return escape(text).replace("\n", "<br/>").replace("\u3000", "&#12288;")


class _Styles:
    def __init__(self):
        from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        register_fonts()
        self.align = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
        base = dict(wordWrap="CJK", splitLongWords=True)
        self.title = ParagraphStyle(
            "title", fontName=GOTHIC_BOLD, fontSize=TITLE_SIZE, leading=TITLE_SIZE * 1.5,
            alignment=TA_CENTER, spaceBefore=4, spaceAfter=10, **base,
        )
        self.heading = ParagraphStyle(
            "heading", fontName=GOTHIC_BOLD, fontSize=HEADING_SIZE, leading=HEADING_SIZE * 1.5,
            spaceBefore=9, spaceAfter=3, **base,
        )
        self.body = ParagraphStyle(
            "body", fontName=MINCHO, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.6, spaceAfter=2, **base
        )
        self.label = ParagraphStyle(
            "label", fontName=GOTHIC, fontSize=BODY_SIZE + 1, leading=(BODY_SIZE + 1) * 1.3, alignment=TA_CENTER, **base
        )
        self.caption = ParagraphStyle(
            "caption", fontName=GOTHIC, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.5, spaceBefore=8, spaceAfter=3, **base
        )
        self.note = ParagraphStyle(
            "note", fontName=MINCHO, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.5, spaceBefore=2, **base
        )
        self._cells: dict[tuple[str, bool], ParagraphStyle] = {}
        self._ParagraphStyle = ParagraphStyle

    def cell(self, align: str, bold: bool):
        key = (align, bold)
        if key not in self._cells:
            self._cells[key] = self._ParagraphStyle(
                f"cell-{align}-{bold}", fontName=GOTHIC_BOLD if bold else GOTHIC, fontSize=TABLE_SIZE,
                leading=TABLE_SIZE * 1.4, alignment=self.align[align], wordWrap="CJK", splitLongWords=True,
            )
        return self._cells[key]

    def paragraph(self, block: Paragraph):
        """A hanging bullet: wrapped lines line up with the text after the mark."""
        indent = block.indent * BODY_SIZE
        hang = BODY_SIZE if block.bullet else 0
        return self._ParagraphStyle(
            f"p-{block.indent}-{bool(block.bullet)}", parent=self.body, leftIndent=indent + hang,
            firstLineIndent=-hang, alignment=self.align[block.align],
        )


def _table(block: Table, styles: _Styles, width: float):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    total = sum(block.widths)
    col_widths = [width * w / total for w in block.widths]
    grid = [["" for _ in block.widths] for _ in block.rows]
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), GOTHIC),  # for the empty cells under spans (else Helvetica)
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]
    for r, c, cell in block.placed():
        grid[r][c] = RLParagraph(markup(cell.text), styles.cell(cell.align, cell.bold))
        end = (c + cell.colspan - 1, r + cell.rowspan - 1)
        if cell.colspan > 1 or cell.rowspan > 1:
            commands.append(("SPAN", (c, r), end))
        if cell.header:
            commands.append(("BACKGROUND", (c, r), end, colors.HexColor(HEADER_FILL)))
    table = RLTable(grid, colWidths=col_widths, repeatRows=block.header_rows, hAlign="CENTER")
    table.setStyle(TableStyle(commands))
    return table


def document_flowables(document: Document, width: float) -> list:
    """The platypus flowables of ``document`` for a frame ``width`` points wide."""
    from reportlab.platypus import KeepTogether, TableStyle
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import Table as RLTable

    styles = _Styles()
    story: list = []
    if document.label:
        label = RLTable(
            [[RLParagraph(markup(document.label), styles.label)]],
            colWidths=[max(18 * 2.835, len(document.label) * (BODY_SIZE + 1) + 14)],
            hAlign="RIGHT",
        )
        label.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.9, "black"), ("FONTNAME", (0, 0), (-1, -1), GOTHIC), ("TOPPADDING", (0, 0), (-1, -1), 1)]))
        story.append(label)
    story.append(RLParagraph(markup(document.title), styles.title))
    for section in document.sections:
        heading = RLParagraph(markup(section.heading), styles.heading)
        pending = [heading]  # keep a heading with what follows it
        for block in section.blocks:
            if isinstance(block, Table):
                parts = []
                if block.caption:
                    parts.append(RLParagraph(markup(block.caption), styles.caption))
                parts.append(_table(block, styles, width))
                if block.note:
                    parts.append(RLParagraph(markup(block.note), styles.note))
                story.append(KeepTogether(pending + parts))
            else:
                text = markup(block.bullet + ("" if not block.bullet else " ") + block.text)
                story.append(KeepTogether(pending + [RLParagraph(text, styles.paragraph(block))]))
            pending = []
        story.extend(pending)
    return story


def render_pdf(document: Document, target: Path | str) -> Path:
    """Write ``document`` to ``target`` (through ``atomic_output``)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    target = Path(target)

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(MINCHO, 9)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"- {doc.page} -")
        canvas.restoreState()

    with atomic_output(target) as tmp:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=A4,
            leftMargin=MARGINS_MM["left"] * mm,
            rightMargin=MARGINS_MM["right"] * mm,
            topMargin=MARGINS_MM["top"] * mm,
            bottomMargin=MARGINS_MM["bottom"] * mm,
            title=document.title,
            author=document.footer or "",
            creator="jukidesk",
            initialFontName=MINCHO,  # else every page names Helvetica, which is not embedded
        )
        doc.build(document_flowables(document, doc.width), onFirstPage=footer, onLaterPages=footer)
    return target
