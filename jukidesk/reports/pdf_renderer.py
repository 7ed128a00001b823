"""Draw a :class:`~jukidesk.reports.document.Document` as an A4 PDF with reportlab platypus.

Body text in IPAex明朝, tables in IPAexゴシック, title and headings in BIZ UDゴシック Bold —
all embedded as subsets, so the text is selectable and searchable. Every paragraph is a
``Paragraph`` with ``wordWrap='CJK'`` (Japanese line breaking: a closing mark that would
start a line hangs at the end of the previous one). Table cells are laid out once, here
(:class:`GridLayout`): broken into lines by ``base.text_layout.break_lines`` (the same 禁則
rules, measured with the cached width tables, as the Excel sheet), rows as high as
reportlab's ``Table`` made them; a table is our own flowable (``GridTable``) that splits
between rows, repeating the header rows, and draws its fills, text and lines in one go.
Spans are the same as the Excel sheet's merges. Table columns are sized so that no figure
breaks inside its cell (:func:`table_layout`); headings and table heads are kept with what
they introduce (:func:`document_flowables`).
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
        self._paragraph: dict[tuple, object] = {}

    def paragraph(self, block: Paragraph):
        """A hanging bullet: wrapped lines line up with the text after the mark."""
        key = (block.indent, bool(block.bullet), block.align)
        style = self._paragraph.get(key)
        if style is None:
            indent = block.indent * BODY_SIZE
            hang = BODY_SIZE if block.bullet else 0
            style = self._paragraph[key] = self._ParagraphStyle(
                f"p-{block.indent}-{bool(block.bullet)}", parent=self.body, leftIndent=indent + hang,
                firstLineIndent=-hang, alignment=self.align[block.align],
            )
        return style


@lru_cache(maxsize=None)
def _styles() -> _Styles:
    """The paper's styles, made once per process (the fragments of plain paragraphs are
    copied from one parsed per style)."""
    return _Styles()


CELL_PADDING = 3  # left and right, points
MIN_TABLE_SIZE = 6.5  # a wide table's font shrinks at most to this (points)


def table_layout(block: Table, width: float, placed: list | None = None) -> tuple[float, list[float]]:
    """The font size and column widths (points) of ``block`` in a frame ``width`` wide:
    every figure cell (:attr:`Cell.whole`: ``19 機関``, ``(実施中)``, ``2.98 点``) on one line,
    short labels too, at the largest size from ``TABLE_SIZE`` down to ``MIN_TABLE_SIZE``
    that allows it (``base.text_layout.fit_table``). ``placed``: ``block.placed()``, when known."""
    placed = block.placed() if placed is None else placed
    cells = [(c, cell.text, cell.whole, cell.bold) for _r, c, cell in placed if cell.colspan == 1]
    return fit_table(
        block.widths, cells, width, size=TABLE_SIZE, min_size=MIN_TABLE_SIZE, padding=CELL_PADDING,
        role="gothic", bold_role="gothic_bold",
    )


CELL_LEADING = 1.4  # line height of a table cell, in font sizes


def cell_lines(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """A table cell's text broken into the lines it is drawn in, ``width`` points wide."""
    role = "gothic_bold" if bold else "gothic"
    return break_lines(text, width, lambda line: text_width(line, size, role))


MIN_SPLIT_LINES = 3  # a row broken at a page end keeps at least this many lines on each side
TOP_PADDING = 2.5  # inside a table cell, above and below its lines (points)
BOTTOM_PADDING = 3.5
GRID_WIDTH = 0.5  # the lines between cells …
BOX_WIDTH = 0.9  # … and around the table (points)


class GridLayout:
    """A table laid out once: font size, column widths, every cell broken into its lines,
    row heights and the rows a page must not split between. The :class:`GridTable` parts of
    one table (before and after a page break) share it.

    The rules are reportlab ``Table``'s for a string per cell, centred vertically (what the
    tables were drawn with before): a row is as high as its tallest cell that does not span
    rows (lines × leading + paddings; a position under a column span counts as one line);
    a cell spanning rows that needs more than its rows give them the difference in equal
    parts (largest spans first).

    A body row no span touches may be broken where a page ends (:meth:`split_row`): a cell
    listing 1,893 institutions runs on over pages, and the page its table starts on is not
    left empty for it."""

    def __init__(self, block: Table, width: float, frame_height: float):
        placed = block.placed()
        size, col_widths = table_layout(block, width, placed)
        leading = size * CELL_LEADING
        broken: dict[tuple, list[str]] = {}  # each cell is broken into lines once (split check, then grid)

        def lines_of(_r, c, cell):
            key = (cell.text, c, cell.colspan, cell.bold)
            if key not in broken:
                broken[key] = cell_lines(cell.text, sum(col_widths[c : c + cell.colspan]) - 2 * CELL_PADDING, size, cell.bold)
            return broken[key]

        count = len(block.rows)
        self.block, self.size, self.leading = block, size, leading
        self.header_rows = block.header_rows
        self.columns = [0.0]  # the x of each column's left edge, then of the right edge
        for w in col_widths:
            self.columns.append(self.columns[-1] + w)
        self.width = self.columns[-1]
        pad = TOP_PADDING + BOTTOM_PADDING
        one_line = leading + pad
        heights = [0.0] * count
        under_row_span: set[tuple[int, int]] = set()
        spans: dict[tuple[int, int], float] = {}
        self.by_row: dict[int, list] = {}  # row: [(column, cell, lines)] of the cells starting in it
        self.joined: set[int] = set()  # row r: no page break between r - 1 and r
        self.h_blocked: dict[int, list[tuple[int, int]]] = {}  # row r: columns with no line above r
        self.v_blocked: dict[int, set[int]] = {}  # row r: column edges with no line in r
        for r, c, cell in placed:
            lines = lines_of(r, c, cell)
            self.by_row.setdefault(r, []).append((c, cell, lines))
            last = r + cell.rowspan - 1
            if cell.rowspan > 1:
                need = leading * len(lines) + pad
                spans[(r, last)] = max(spans.get((r, last), need), need)
                under_row_span.update((rr, cc) for rr in range(r, last + 1) for cc in range(c, c + cell.colspan))
                for rr in range(r + 1, last + 1):
                    self.joined.add(rr)
                    self.h_blocked.setdefault(rr, []).append((c, c + cell.colspan))
            else:
                heights[r] = max(heights[r], leading * len(lines) + pad)
            if cell.colspan > 1:
                for rr in range(r, last + 1):
                    self.v_blocked.setdefault(rr, set()).update(range(c + 1, c + cell.colspan))
        columns = len(col_widths)
        for r in range(count):  # a position no row span covers holds at least one (empty) line
            if any((r, c) not in under_row_span for c in range(columns)):
                heights[r] = max(heights[r], one_line)
        # reportlab's spanFixDim: the rows of a span share what the span lacks
        extra: dict[int, float] = {}
        for need, (first, last) in sorted(((v, k) for k, v in spans.items()), reverse=True):
            has = sum(heights[x] + extra.get(x, 0) for x in range(first, last + 1))
            if has >= need - 1e-8:
                continue
            share = (need - has) / (last - first + 1)
            for x in range(first, last + 1):
                extra[x] = extra.get(x, 0) + share
        for x, v in extra.items():
            heights[x] += v
        for blocked in self.h_blocked.values():
            blocked.sort()
        self.heights = heights
        spanning = {r for r, _c, cell in placed if cell.rowspan > 1}
        # rows that may be broken at a page end: body rows no row span starts in or crosses
        self.breakable = {r for r in range(self.header_rows, count) if r not in spanning and r not in self.joined}

    def row_lines(self, r: int) -> int:
        return max((len(lines) for _c, _cell, lines in self.by_row.get(r, ())), default=1)

    def lines_fitting(self, r: int, room: float) -> int:
        """How many lines of row ``r`` to put in ``room`` points, 0 when it cannot be broken
        there (not breakable, or fewer than ``MIN_SPLIT_LINES`` lines on either side)."""
        if r not in self.breakable:
            return 0
        fit = int((room - TOP_PADDING - BOTTOM_PADDING) / self.leading + 1e-9)
        fit = min(fit, self.row_lines(r) - MIN_SPLIT_LINES)
        return fit if fit >= MIN_SPLIT_LINES else 0

    def split_row(self, r: int, lines: int) -> tuple[int, int]:
        """Row ``r`` broken after its first ``lines`` lines into two new rows (their numbers):
        each cell keeps its first lines in the first and the rest in the second, and both
        are as high as their tallest cell (at least one line)."""
        pad = TOP_PADDING + BOTTOM_PADDING
        parts = []
        for take in (slice(None, lines), slice(lines, None)):
            cells = [(c, cell, cell_lines[take]) for c, cell, cell_lines in self.by_row.get(r, ())]
            new = len(self.heights)
            self.by_row[new] = cells
            self.heights.append(max(1, max((len(x) for _c, _cell, x in cells), default=1)) * self.leading + pad)
            if r in self.v_blocked:
                self.v_blocked[new] = self.v_blocked[r]
            self.breakable.add(new)
            parts.append(new)
        return parts[0], parts[1]

    def head_height(self, frame_height: float) -> float:
        """What must stay with what introduces the table: all of it when it is kept whole
        and fits on a page, else the header rows and the first group of body rows — of a
        first row that may be broken at a page end, its first ``MIN_SPLIT_LINES`` lines."""
        groups = self.block.row_groups()
        total = sum(self.heights)
        if self.block.kept_whole(groups) and total <= frame_height:
            return total
        first, last = groups[min(len(groups) - 1, 1 if self.header_rows else 0)]
        head = sum(self.heights[:first])
        if first == last and self.lines_fitting(first, frame_height):
            return head + MIN_SPLIT_LINES * self.leading + TOP_PADDING + BOTTOM_PADDING
        return head + sum(self.heights[first : last + 1])


@lru_cache(maxsize=None)
def _grid_table_class():
    """The platypus flowable of a table (or of its part on one page): :class:`GridLayout`'s
    rows, split between rows with the header rows repeated, drawn as one path of fills, one
    text object and one path of lines — reportlab's ``Table`` made a style, a command and a
    string drawing per cell, and measured every cell again."""
    from reportlab.lib import colors
    from reportlab.platypus.flowables import Flowable

    header_fill = colors.HexColor(HEADER_FILL)
    black = colors.black

    class GridTable(Flowable):
        def __init__(self, layout: GridLayout, rows: list[int] | None = None, continued: bool = False):
            super().__init__()
            self.layout = layout
            self.rows = list(range(len(layout.heights))) if rows is None else rows
            self.continued = continued  # the table goes on on the next page
            self.hAlign = "CENTER"
            self.width = layout.width
            self.height = sum(layout.heights[r] for r in self.rows)

        def wrap(self, availWidth, availHeight):
            return self.width, self.height

        def split(self, availWidth, availHeight):
            """As reportlab's ``Table`` splits by rows: the most rows that fit, never inside a
            row span nor before the first body row; the rest starts with the header rows. A
            row that does not fit and may be broken (``GridLayout.lines_fitting``) is broken
            there, so a very tall cell runs on from page to page."""
            layout, rows = self.layout, self.rows
            used, at = 0.0, 0
            for k, r in enumerate(rows):
                if used + layout.heights[r] > availHeight:
                    lines = layout.lines_fitting(r, availHeight - used) if k >= layout.header_rows else 0
                    if lines:
                        first, rest = layout.split_row(r, lines)
                        return [
                            GridTable(layout, rows[:k] + [first], True),
                            GridTable(layout, rows[: layout.header_rows] + [rest] + rows[k + 1 :]),
                        ]
                    break
                if k + 1 == len(rows) or rows[k + 1] not in layout.joined:
                    at = k + 1
                used += layout.heights[r]
            if at <= layout.header_rows:
                return []
            if at == len(rows):
                return [self]
            return [GridTable(layout, rows[:at], True), GridTable(layout, rows[: layout.header_rows] + rows[at:])]

        def draw(self):
            layout, rows, canv = self.layout, self.rows, self.canv
            heights, columns, size, leading = layout.heights, layout.columns, layout.size, layout.leading
            tops = []  # the top of each row shown, from the part's bottom (y = 0)
            y = self.height
            for r in rows:
                tops.append(y)
                y -= heights[r]
            tops.append(0.0)
            fills = canv.beginPath()
            filled = False
            texts: dict[str, list] = {GOTHIC: [], GOTHIC_BOLD: []}
            for k, r in enumerate(rows):
                for c, cell, lines in layout.by_row.get(r, ()):
                    x0, x1 = columns[c], columns[c + cell.colspan]
                    top, bottom = tops[k], tops[k + cell.rowspan]
                    if cell.header:
                        fills.rect(x0, bottom, x1 - x0, top - bottom)
                        filled = True
                    # reportlab's MIDDLE: the block of lines centred between the paddings
                    y = bottom + (BOTTOM_PADDING + top - bottom - TOP_PADDING + len(lines) * leading) / 2 - size
                    role = "gothic_bold" if cell.bold else "gothic"
                    out = texts[GOTHIC_BOLD if cell.bold else GOTHIC]
                    for line in lines:
                        if line:
                            if cell.align == "left":
                                x = x0 + CELL_PADDING
                            elif cell.align == "right":
                                x = x1 - CELL_PADDING - text_width(line, size, role)
                            else:
                                x = (x0 + x1 - text_width(line, size, role)) / 2
                            out.append((x, y, line))
                        y -= leading
            canv.saveState()
            if filled:
                canv.setFillColor(header_fill)
                canv.drawPath(fills, stroke=0, fill=1)
                canv.setFillColor(black)
            text = canv.beginText()
            for font, lines in texts.items():
                if lines:
                    text.setFont(font, size, leading)
                    for x, y, line in lines:
                        text.setTextOrigin(x, y)
                        text.textLine(line)
            canv.drawText(text)
            canv.setStrokeColor(black)
            canv.setLineCap(1)  # round, as reportlab's table lines
            canv.setLineJoin(1)
            canv.setLineWidth(GRID_WIDTH)
            grid = canv.beginPath()
            left, right = columns[0], columns[-1]
            for k in range(1, len(rows)):  # lines between rows, except under a cell spanning both
                r = rows[k]
                x = left
                if rows[k - 1] == r - 1:
                    for c0, c1 in layout.h_blocked.get(r, ()):
                        if columns[c0] > x:
                            grid.moveTo(x, tops[k])
                            grid.lineTo(columns[c0], tops[k])
                        x = max(x, columns[c1])
                if x < right:
                    grid.moveTo(x, tops[k])
                    grid.lineTo(right, tops[k])
            for j in range(1, len(columns) - 1):  # lines between columns, except through a span
                start = None
                for k, r in enumerate(rows):
                    if j in layout.v_blocked.get(r, ()):
                        if start is not None:
                            grid.moveTo(columns[j], tops[start])
                            grid.lineTo(columns[j], tops[k])
                        start = None
                    elif start is None:
                        start = k
                if start is not None:
                    grid.moveTo(columns[j], tops[start])
                    grid.lineTo(columns[j], 0.0)
            edges = [(left, self.height, right, self.height), (left, 0, left, self.height), (right, 0, right, self.height)]
            if self.continued:  # the bottom edge is thin where the table goes on on the next page, as reportlab drew it
                grid.moveTo(left, 0)
                grid.lineTo(right, 0)
            else:
                edges.insert(1, (left, 0, right, 0))
            canv.drawPath(grid, stroke=1, fill=0)
            canv.setLineWidth(BOX_WIDTH)
            box = canv.beginPath()  # lines with round ends, not a closed rectangle: as reportlab's BOX
            for x0, y0, x1, y1 in edges:
                box.moveTo(x0, y0)
                box.lineTo(x1, y1)
            canv.drawPath(box, stroke=1, fill=0)
            canv.restoreState()

    return GridTable


LABEL_PADDING = (6, 1, 3)  # around the label's text: left and right, above, below (points)


@lru_cache(maxsize=None)
def _label_box_class():
    """The label (資料２) at the top right: its paragraph in a box, placed as the one-cell
    reportlab ``Table`` it was drawn with placed it (text at the bottom of the cell), without
    a table's machinery."""
    from reportlab.lib import colors
    from reportlab.platypus.flowables import Flowable

    class LabelBox(Flowable):
        def __init__(self, paragraph, width: float):
            super().__init__()
            self.paragraph, self.width, self.hAlign = paragraph, width, "RIGHT"
            self.height = 0.0

        def wrap(self, availWidth, availHeight):
            side, above, below = LABEL_PADDING
            _w, h = self.paragraph.wrap(self.width - 2 * side, availHeight)
            self.height = h + above + below
            return self.width, self.height

        def draw(self):
            canv = self.canv
            side, _above, below = LABEL_PADDING
            self.paragraph.drawOn(canv, side, below)
            canv.saveState()
            canv.setStrokeColor(colors.black)
            canv.setLineCap(1)
            canv.setLineJoin(1)
            canv.setLineWidth(BOX_WIDTH)
            w, h = self.width, self.height
            box = canv.beginPath()
            for x0, y0, x1, y1 in ((0, h, w, h), (0, 0, w, 0), (0, 0, 0, h), (w, 0, w, h)):
                box.moveTo(x0, y0)
                box.lineTo(x1, y1)
            canv.drawPath(box, stroke=1, fill=0)
            canv.restoreState()

    return LabelBox


def _table(block: Table, width: float, frame_height: float = 760.0):
    """The flowable of ``block`` in a frame ``width`` × ``frame_height`` points."""
    return _grid_table_class()(GridLayout(block, width, frame_height))


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
    height = 0.0
    for part in parts:
        if isinstance(part, _grid_table_class()):
            return height + part.layout.head_height(frame_height)
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
    from reportlab.lib.rl_accel import sameFrag
    from reportlab.lib.textsplit import dumbSplit
    from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus.paragraph import FragLine, ParaLines
    from reportlab.platypus.paraparser import ParaParser
    from reportlab.rl_config import _FUZZ

    templates: dict = {}  # {style: the fragment reportlab's parser makes of a plain text in it}

    class WrappedOnce(RLParagraph):
        _wrapped: tuple | None = None
        # {(font, size): {character: width}}: reportlab measures a paragraph character by
        # character (one font lookup each); the widths of the characters met before are taken
        # from here, the others measured as reportlab does. The fonts are registered once per
        # process from the bundled files, so their widths never change.
        char_widths: dict = {}

        def _setup(self, text, style, bulletText, frags, cleaner):
            """A plain text (no markup, no character reference) is one fragment in the
            paragraph's style: a copy of the fragment reportlab's parser made of a plain text
            in that style, instead of parsing each paragraph."""
            if frags is None and not bulletText and "<" not in text and "&" not in text and not style.textTransform:
                cleaned = cleaner(text)
                if cleaned:
                    template = templates.get(style)
                    if template is None:
                        parsed = ParaParser().parse("x", style)[1]
                        template = templates[style] = parsed[0] if parsed and len(parsed) == 1 else False
                    if template:
                        text, frags = cleaned, [template.clone(text=cleaned)]
            super()._setup(text, style, bulletText, frags, cleaner)

        def breakLinesCJK(self, maxWidths):
            """reportlab's line breaking of a paragraph in one font (``wordSplit``: each
            character's width, then ``dumbSplit``) with the widths looked up once per character
            and font; anything else (several fonts, a bullet, a split paragraph) goes to reportlab."""
            frags = self.frags
            if len(frags) > 1 and not self.bulletText and not self.style.endDots and not getattr(self, "_splitpara", 0):
                lines = self._lines_at_breaks(maxWidths)
                if lines is not None:
                    return lines
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
            known = self.char_widths.setdefault((font, size), {})
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

        def _lines_at_breaks(self, maxWidths):
            """reportlab's ``cjkFragSplit`` of a text with forced line breaks (``<br/>``: the
            title) when no line is too long: one line per part, built as its
            ``makeCJKParaLine`` builds it (a word per run of like fragments), with the widths
            looked up once per character and font; None when a part must be broken (reportlab
            then breaks the whole paragraph)."""
            if getattr(self, "autoLeading", getattr(self.style, "autoLeading", "")) not in ("", "off"):
                return None
            if not isinstance(maxWidths, (list, tuple)):
                maxWidths = [maxWidths]
            lines = []
            runs: list = []  # (fragment, its characters on the current line)
            used = 0
            limit = maxWidths[0]
            for frag in self.frags:
                text = getattr(frag, "text", None)
                if not isinstance(text, str) or hasattr(frag, "cbDefn"):
                    return None
                known = self.char_widths.setdefault((frag.fontName, frag.fontSize), {})
                for ch in text or ("",):  # an empty fragment (a line break) is one character, 0 wide
                    width = known.get(ch)
                    if width is None:
                        width = known[ch] = stringWidth(ch, frag.fontName, frag.fontSize)
                    used += width
                    if used > limit + _FUZZ and used > 0 and not hasattr(frag, "lineBreak"):
                        return None
                if hasattr(frag, "lineBreak"):
                    runs.append((frag, text))
                    lines.append(self._cjk_line(runs, limit, used, True))
                    limit = maxWidths[min(len(lines), len(maxWidths) - 1)]
                    runs, used = [], 0
                else:
                    runs.append((frag, text))
            if used > 0:
                lines.append(self._cjk_line(runs, limit, used, False))
            return ParaLines(kind=1, lines=lines)

        @staticmethod
        def _cjk_line(runs, limit, used, line_break):
            """reportlab's ``makeCJKParaLine`` (without ``calcBounds``) of whole fragments."""
            words = []
            size = ascent = descent = 0
            previous, chars = FragLine(), []
            for frag, text in runs:
                a, d = getAscentDescent(frag.fontName, frag.fontSize)
                size, ascent, descent = max(size, frag.fontSize), max(ascent, a), min(descent, d)
                for ch in text or ("",):
                    if (frag is not previous or hasattr(frag, "lineBreak")) and not sameFrag(previous, frag):
                        word = previous.clone()
                        word.text = "".join(chars)
                        words.append(word)
                        previous, chars = frag, []
                    chars.append(ch)
            if chars:
                word = previous.clone()
                word.text = "".join(chars)
                words.append(word)
            return FragLine(kind=1, extraSpace=limit - used, wordCount=1, words=words[1:], fontSize=size,
                            ascent=ascent, descent=descent, maxWidth=limit, currentWidth=used, lineBreak=line_break)

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
    from reportlab.platypus import CondPageBreak

    RLParagraph = _paragraph_class()  # noqa: N806 - stands for reportlab's Paragraph
    styles = _styles()
    room = width - 2 * FRAME_PADDING  # what platypus lays a paragraph out in
    story: list = []
    if document.label:
        label_width = max(18 * 2.835, len(document.label) * (BODY_SIZE + 1) + 14)
        story.append(_label_box_class()(RLParagraph(markup(document.label), styles.label), label_width))
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
                parts.append(_table(block, width, frame_height))
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
