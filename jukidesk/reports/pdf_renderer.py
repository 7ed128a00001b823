"""Draw a :class:`~jukidesk.reports.document.Document` as an A4 PDF with reportlab platypus.

Body text in IPAex明朝, tables in IPAexゴシック, title and headings in BIZ UDゴシック Bold —
all embedded as subsets, so the text is selectable and searchable. Every paragraph is a
``Paragraph`` with ``wordWrap='CJK'`` (Japanese line breaking: a closing mark that would
start a line hangs at the end of the previous one). Table cells are laid out once, here:
broken into lines by ``base.text_layout.break_lines`` (the same 禁則 rules, measured with
the cached width tables, as the Excel sheet) and given to the table as plain lines, so
reportlab measures strings instead of parsing and wrapping a paragraph per cell each time
the table is wrapped or split. Spans are the same as the Excel sheet's merges. Table columns are sized so that no figure breaks inside its
cell (:func:`table_layout`); headings and table heads are kept with what they introduce
(:func:`document_flowables`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from jukidesk.base.files import atomic_output
from jukidesk.base.text_layout import break_lines, fit_table, measurer, text_width, title_lines
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
        self._ParagraphStyle = ParagraphStyle

    def paragraph(self, block: Paragraph):
        """A hanging bullet: wrapped lines line up with the text after the mark."""
        indent = block.indent * BODY_SIZE
        hang = BODY_SIZE if block.bullet else 0
        return self._ParagraphStyle(
            f"p-{block.indent}-{bool(block.bullet)}", parent=self.body, leftIndent=indent + hang,
            firstLineIndent=-hang, alignment=self.align[block.align],
        )


CELL_PADDING = 3  # left and right, points
MIN_TABLE_SIZE = 6.5  # a wide table's font shrinks at most to this (points)


def table_layout(block: Table, width: float) -> tuple[float, list[float]]:
    """The font size and column widths (points) of ``block`` in a frame ``width`` wide:
    every figure cell (:attr:`Cell.whole`: ``19 機関``, ``(実施中)``, ``2.98 点``) on one line,
    short labels too, at the largest size from ``TABLE_SIZE`` down to ``MIN_TABLE_SIZE``
    that allows it (``base.text_layout.fit_table``)."""
    cells = [(c, cell.text, cell.whole, cell.bold) for _r, c, cell in block.placed() if cell.colspan == 1]
    return fit_table(
        block.widths, cells, width, size=TABLE_SIZE, min_size=MIN_TABLE_SIZE, padding=CELL_PADDING,
        role="gothic", bold_role="gothic_bold",
    )


CELL_LEADING = 1.4  # line height of a table cell, in font sizes


def cell_lines(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """A table cell's text broken into the lines it is drawn in, ``width`` points wide."""
    role = "gothic_bold" if bold else "gothic"
    return break_lines(text, width, lambda line: text_width(line, size, role))


@lru_cache(maxsize=None)
def _cell_style(size: float):
    """reportlab's per-cell style with every table cell's settings at font ``size`` as its
    defaults: the font, size, leading, paddings and vertical centring that table-wide style
    commands would otherwise set cell by cell (one command per setting, each applied to every
    cell, each time a table is made)."""
    from reportlab.platypus.tables import CellStyle

    return type(
        "TableCellStyle",
        (CellStyle,),
        {
            "fontname": GOTHIC,  # also the empty cells under spans (else Helvetica)
            "fontsize": size,
            "leading": size * CELL_LEADING,
            "leftPadding": CELL_PADDING,
            "rightPadding": CELL_PADDING,
            "topPadding": 2.5,
            "bottomPadding": 3.5,
            "valign": "MIDDLE",
        },
    )


ROW_SHARE_OF_PAGE = 0.8  # no table row taller than this share of the frame (it could not be placed)


def _table(block: Table, styles: _Styles, width: float, frame_height: float = 760.0):
    from reportlab.lib import colors
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    size, col_widths = table_layout(block, width)
    broken: dict[tuple, list[str]] = {}  # each cell is broken into lines once (split check, then grid)

    def lines_of(_r, c, cell):
        key = (cell.text, c, cell.colspan, cell.bold)
        if key not in broken:
            broken[key] = cell_lines(cell.text, sum(col_widths[c : c + cell.colspan]) - 2 * CELL_PADDING, size, cell.bold)
        return broken[key]

    block = block.with_rows_split(lines_of, max(1, int(frame_height * ROW_SHARE_OF_PAGE / (size * CELL_LEADING))))
    columns, rows = len(block.widths), len(block.rows)
    grid = [[""] * columns for _ in range(rows)]
    cell_style = _cell_style(size)
    cell_styles = [[cell_style(repr((r, c))) for c in range(columns)] for r in range(rows)]
    header_fill = colors.HexColor(HEADER_FILL)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
    ]
    for r, c, cell in block.placed():
        grid[r][c] = "\n".join(lines_of(r, c, cell))
        end = (c + cell.colspan - 1, r + cell.rowspan - 1)
        if cell.bold or cell.align != "left":
            for covered in cell_styles[r : r + cell.rowspan]:
                for style in covered[c : c + cell.colspan]:
                    if cell.bold:
                        style.fontname = GOTHIC_BOLD
                    if cell.align != "left":
                        style.alignment = cell.align.upper()
        if cell.colspan > 1 or cell.rowspan > 1:
            commands.append(("SPAN", (c, r), end))
        if cell.header:
            commands.append(("BACKGROUND", (c, r), end, header_fill))
    table = RLTable(grid, colWidths=col_widths, repeatRows=block.header_rows, hAlign="CENTER", cellStyles=cell_styles)
    table.setStyle(TableStyle(commands))
    return table


def _height(flowable, width: float, frame_height: float) -> float:
    _w, h = flowable.wrap(width, frame_height)
    return h + flowable.getSpaceBefore() + flowable.getSpaceAfter()


def _head_height(parts: list, block, width: float, frame_height: float) -> float:
    """How much of a block must stay with what comes before it: a paragraph's first two
    lines, a table's caption, header rows and first group of body rows."""
    if not isinstance(block, Table):
        paragraph = parts[0]
        full = _height(paragraph, width, frame_height)
        lines = len(paragraph.blPara.lines) if getattr(paragraph, "blPara", None) is not None else 1
        if lines <= 3:
            return full
        return paragraph.getSpaceBefore() + 2 * paragraph.style.leading
    from reportlab.platypus import Table as RLTable

    height = 0.0
    for part in parts:
        if isinstance(part, RLTable):
            part.wrap(width, frame_height)
            groups = block.row_groups()
            last = groups[-1 if block.kept_whole() else min(len(groups) - 1, 1 if block.header_rows else 0)][1]
            return height + sum(part._rowHeights[: last + 1])
        height += _height(part, width, frame_height)
    return height


FRAME_PADDING = 6  # platypus' Frame keeps this much inside each edge of the page's frame (points)


@lru_cache(maxsize=None)
def _paragraph_class():
    """reportlab's ``Paragraph``, laid out once per width.

    The keeping below measures a paragraph (``wrap``) to decide page breaks, and platypus
    then wraps it again at the same width to place it: the second time returns the first
    result instead of breaking the lines again character by character. A paragraph split
    over two pages becomes two new paragraphs, laid out afresh; one that could not be split
    (platypus then drops its lines, ``blPara``, to move it whole to the next page) is laid
    out again."""
    from reportlab.lib.textsplit import dumbSplit
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph as RLParagraph

    class WrappedOnce(RLParagraph):
        _wrapped: tuple | None = None
        # {(font, size): {character: width}} shared by the paragraphs of one document: reportlab
        # measures a paragraph character by character (one font lookup each); the widths of
        # the characters met before are taken from here, the others measured as reportlab does.
        char_widths: dict | None = None

        def breakLinesCJK(self, maxWidths):
            """reportlab's line breaking of a paragraph in one font (``wordSplit``: each
            character's width, then ``dumbSplit``) with the widths looked up once per character
            and font; anything else (several fonts, a bullet, a split paragraph) goes to reportlab."""
            frags = self.frags
            if (
                len(frags) != 1
                or hasattr(frags[0], "cbDefn")
                or self.style.endDots
                or self.bulletText
                or getattr(self, "_splitpara", 0)
                or not isinstance(getattr(frags[0], "text", None), str)
            ):
                return super().breakLinesCJK(maxWidths)
            if not isinstance(maxWidths, (list, tuple)):
                maxWidths = [maxWidths]
            self.height = 0
            frag = frags[0]
            text, font, size = frag.text, frag.fontName, frag.fontSize
            cache = self.char_widths if self.char_widths is not None else {}
            known = cache.setdefault((font, size), {})
            widths = []
            for ch in text:
                width = known.get(ch)
                if width is None:
                    width = known[ch] = stringWidth(ch, font, size)
                widths.append(width)
            lines = dumbSplit(text, widths, maxWidths)
            return frag.clone(
                kind=0, lines=[(space, [line]) for space, line in lines], ascent=size, descent=-0.2 * size
            )

        def wrap(self, availWidth, availHeight):
            if self._wrapped is not None and self._wrapped[0] == availWidth and "blPara" in self.__dict__:
                return self._wrapped[1]
            size = super().wrap(availWidth, availHeight)
            self._wrapped = (availWidth, size)
            return size

    return WrappedOnce


def document_flowables(document: Document, width: float, frame_height: float = 760.0) -> list:
    """The platypus flowables of ``document`` for a frame ``width`` × ``frame_height`` points.

    Keeping: a heading stays with the start of what follows it, and a paragraph that
    introduces a table stays with the table's caption, header rows and first rows (a
    ``CondPageBreak`` before each such chain moves it to the next page when the start
    would not fit). Tables may then run on over pages, repeating their header rows.
    Heights are measured in the room platypus lays the text out in: the frame less its
    padding (``FRAME_PADDING``), so each paragraph is broken into lines once."""
    from reportlab.platypus import CondPageBreak, TableStyle
    from reportlab.platypus import Table as RLTable

    widths: dict = {}

    def RLParagraph(text, style):  # noqa: N802 - stands for reportlab's Paragraph
        paragraph = _paragraph_class()(text, style)
        paragraph.char_widths = widths
        return paragraph

    styles = _Styles()
    room = width - 2 * FRAME_PADDING  # what platypus lays a paragraph out in
    story: list = []
    if document.label:
        label = RLTable(
            [[RLParagraph(markup(document.label), styles.label)]],
            colWidths=[max(18 * 2.835, len(document.label) * (BODY_SIZE + 1) + 14)],
            hAlign="RIGHT",
        )
        label.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.9, "black"), ("FONTNAME", (0, 0), (-1, -1), GOTHIC), ("TOPPADDING", (0, 0), (-1, -1), 1)]))
        story.append(label)
    title = title_lines(document.title, width, measurer(TITLE_SIZE, "gothic_bold"))
    story.append(RLParagraph("<br/>".join(markup(line) for line in title), styles.title))
    # (flowables, block or None for a heading, keep with the next item)
    items: list[tuple[list, object, bool]] = []
    for section in document.sections:
        items.append(([RLParagraph(markup(section.heading), styles.heading)], None, True))
        for index, block in enumerate(section.blocks):
            if isinstance(block, Table):
                parts = []
                if block.caption:
                    parts.append(RLParagraph(markup(block.caption), styles.caption))
                parts.append(_table(block, styles, width, frame_height))
                if block.note:
                    parts.append(RLParagraph(markup(block.note), styles.note))
                items.append((parts, block, False))
            else:
                text = markup(block.bullet + ("" if not block.bullet else " ") + block.text)
                following = section.blocks[index + 1] if index + 1 < len(section.blocks) else None
                items.append(([RLParagraph(text, styles.paragraph(block))], block, isinstance(following, Table)))
    for i, (parts, block, keep) in enumerate(items):
        starts_chain = i == 0 or not items[i - 1][2]
        if starts_chain:
            needed = 0.0
            j = i
            while True:
                chain_parts, chain_block, chain_keep = items[j]
                if chain_keep and j + 1 < len(items):
                    needed += sum(_height(p, room, frame_height) for p in chain_parts)
                    j += 1
                    continue
                needed += (
                    _height(chain_parts[0], room, frame_height)
                    if chain_block is None
                    else _head_height(chain_parts, chain_block, room, frame_height)
                )
                break
            if needed < frame_height:
                story.append(CondPageBreak(needed))
        story.extend(parts)
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
        doc.build(document_flowables(document, doc.width, doc.height), onFirstPage=footer, onLaterPages=footer)
    return target
