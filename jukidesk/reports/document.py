"""A paper as plain data: title, label, sections of paragraphs and tables.

Builders (``shiryo2.py``) fill it from the database; renderers (``xlsx_renderer.py``,
``pdf_renderer.py``) only draw it. The model knows nothing about fonts, points or Excel
columns: a table has relative column widths and cells with text, spans, alignment and
weight; a paragraph has a bullet mark and an indent level.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

ALIGNMENTS = ("left", "center", "right")

# A figure the renderers never break inside its cell: a count, a score or a year with its
# unit (19 機関, ５機関, 3.00 点, H25, R1) or a short remark in brackets ((実施中)). The
# renderers give its column the room it needs, or a smaller font when the table is wide.
WHOLE_FIGURE = re.compile(
    r"[(（]?[A-Z]?[0-9０-９][0-9０-９.,]*(?: ?[^\s0-9０-９(（)）]{1,3})?[)）]?|[(（][^\s()（）]{1,5}[)）]"
)


@dataclass
class Cell:
    """One table cell. ``text`` may hold ``\\n`` for forced line breaks."""

    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    align: str = "left"
    bold: bool = False
    header: bool = False  # a heading cell (shaded)
    # The figure this cell shows, for the drill-down (``core.trace.figure_ref``); renderers
    # that cannot link ignore it, and it is not part of the paper's content.
    ref: str = ""

    @property
    def whole(self) -> bool:
        """The text is a figure that must stay on one line (:data:`WHOLE_FIGURE`)."""
        return WHOLE_FIGURE.fullmatch(self.text) is not None

    def __post_init__(self):
        if self.align not in ALIGNMENTS:
            raise ValueError(f"unknown alignment {self.align!r}")
        if self.colspan < 1 or self.rowspan < 1:
            raise ValueError("spans must be at least 1")


KEEP_WHOLE_GROUPS = 4


@dataclass
class Table:
    """Rows of cells, HTML-style: a row lists only the cells that start in it; positions
    covered by a span from an earlier cell are skipped. ``widths`` are relative."""

    widths: list[float]
    rows: list[list[Cell]]
    header_rows: int = 0  # rows repeated on a new page (and kept with the first body rows)
    caption: str = ""
    note: str = ""  # a footnote printed under the table

    def placed(self) -> list[tuple[int, int, Cell]]:
        """(row, column, cell) for every cell; raises ValueError when spans do not tile."""
        columns, count = len(self.widths), len(self.rows)
        taken = [bytearray(columns) for _ in range(count)]  # one flag per grid position
        result = []
        for r, row in enumerate(self.rows):
            flags = taken[r]
            c = 0
            for cell in row:
                while c < columns and flags[c]:
                    c += 1
                if c + cell.colspan > columns:
                    raise ValueError(f"row {r}: cell {cell.text!r} runs past the last column")
                if r + cell.rowspan > count:
                    raise ValueError(f"row {r}: cell {cell.text!r} runs past the last row")
                for covered in taken[r : r + cell.rowspan]:
                    for dc in range(c, c + cell.colspan):
                        if covered[dc]:
                            raise ValueError(f"row {r}: cell {cell.text!r} overlaps another cell")
                        covered[dc] = 1
                result.append((r, c, cell))
                c += cell.colspan
        if any(0 in flags for flags in taken):
            missing = [(r, c) for r in range(count) for c in range(columns) if not taken[r][c]]
            raise ValueError(f"table has empty positions: {missing[:5]}")
        return result

    def kept_whole(self, groups: list[tuple[int, int]] | None = None) -> bool:
        """A short table (at most ``KEEP_WHOLE_GROUPS`` runs of body rows) is never split over
        two pages: its last row alone under a repeated header reads badly. Both renderers
        move it to the next page with what introduces it when it does not fit. ``groups``:
        :meth:`row_groups`, when the caller has them already."""
        groups = self.row_groups() if groups is None else groups
        return len(groups) - (1 if self.header_rows else 0) <= KEEP_WHOLE_GROUPS

    def with_rows_split(self, lines_of, max_lines: int) -> Table:
        """This table with every body row taller than ``max_lines`` lines (``lines_of(row,
        column, cell)``: the cell's lines as a renderer breaks them) cut into rows of at most
        ``max_lines`` lines, so no row is taller than the renderer can hold (Excel's highest
        row, 409 pt, for a cell listing 1,893 institutions; the PDF breaks such a row where
        each page ends instead). The other cells of the row stay in its first part; a row a
        span crosses is left whole. ``self`` when nothing is too tall."""
        placed = self.placed()
        spanned = {r + dr for r, _c, cell in placed for dr in range(1, cell.rowspan)}
        spanning = {r for r, _c, cell in placed if cell.rowspan > 1}
        lines = {(r, c): lines_of(r, c, cell) for r, c, cell in placed}
        starting: list[list[tuple[int, Cell]]] = [[] for _ in self.rows]  # the cells starting in each row
        for r, c, cell in placed:
            starting[r].append((c, cell))
        rows: list[list[Cell]] = []
        split = False
        for r, row in enumerate(self.rows):
            cells = starting[r]
            tallest = max((len(lines[(r, c)]) for c, _cell in cells), default=1)
            if r < self.header_rows or r in spanned or r in spanning or tallest <= max_lines:
                rows.append(row)
                continue
            split = True
            for start in range(0, tallest, max_lines):
                rows.append([
                    replace(cell, text="\n".join(lines[(r, c)][start:start + max_lines]), ref=cell.ref if not start else "")
                    for c, cell in cells
                ])
        return replace(self, rows=rows) if split else self

    def texts(self) -> Iterator[str]:
        for row in self.rows:
            for cell in row:
                yield cell.text

    def row_groups(self) -> list[tuple[int, int]]:
        """(first, last) row of each run of rows a page must not split: the header rows
        together, then the body rows joined by cells that span them (自己点検 over its
        対象機関数 and 平均点 rows)."""
        reach = list(range(len(self.rows)))
        for r, _c, cell in self.placed():
            reach[r] = max(reach[r], r + cell.rowspan - 1)
        groups = []
        start = 0
        end = max(reach[: self.header_rows], default=-1)
        if self.header_rows:
            groups.append((0, end))
            start = end + 1
        while start < len(self.rows):
            end = reach[start]
            r = start
            while r <= end:
                end = max(end, reach[r])
                r += 1
            groups.append((start, end))
            start = end + 1
        return groups


@dataclass
class Paragraph:
    """Running text. ``bullet`` (○, ・, ⇒ …) hangs in front; ``indent`` is a nesting level."""

    text: str
    bullet: str = ""
    indent: int = 0
    align: str = "left"


Block = Paragraph | Table


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class ChartImage:
    """A chart drawn elsewhere (the グラフ tab's painter) as PNG, placed by the xlsx renderer
    on a sheet グラフ; ``width_px`` is the size it is shown at (the picture keeps its ratio)."""

    title: str
    png: bytes
    note: str = ""
    width_px: int = 640


@dataclass
class Document:
    title: str
    label: str = ""  # e.g. 資料２, printed at the top right
    sections: list[Section] = field(default_factory=list)
    footer: str = ""
    images: list[ChartImage] = field(default_factory=list)  # charts for the workbook's グラフ sheet

    def tables(self) -> Iterator[Table]:
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, Table):
                    yield block

    def texts(self) -> Iterator[str]:
        """Every text of the document in reading order (tests compare renderers with it)."""
        yield self.label
        yield self.title
        for section in self.sections:
            yield section.heading
            for block in section.blocks:
                if isinstance(block, Table):
                    if block.caption:
                        yield block.caption
                    yield from block.texts()
                    if block.note:
                        yield block.note
                else:
                    yield block.bullet + block.text


BULLETS = ("○", "◯", "●", "・", "◆", "■", "□", "⇒", "→", "※", "-")


def paragraphs_from_text(text: str, *, default_bullet: str = "○") -> list[Paragraph]:
    """Split a setting's or note's text into paragraphs, one per line.

    A plain line gets ``default_bullet``. A line that starts with a mark of its own keeps
    it: ``○``/``●`` top level, ``・``/``◆``/``■``/``□`` one level in, ``⇒``/``→`` two levels in;
    a line in ＜…＞ or starting with a full-width space is indented without a mark.
    """
    paragraphs = []
    for raw in (text or "").splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        leading = len(line) - len(line.lstrip(" 　"))
        body = line.lstrip(" 　")
        mark = next((b for b in BULLETS if body.startswith(b)), "")
        if mark:
            rest = body[len(mark) :].lstrip(" 　")
            level = {"○": 0, "◯": 0, "●": 0, "⇒": 2, "→": 2, "※": 0}.get(mark, 1)
            paragraphs.append(Paragraph(rest, bullet=mark, indent=max(level, 1 if leading else 0)))
        elif body.startswith("＜") or leading:
            paragraphs.append(Paragraph(body, indent=1))
        else:
            paragraphs.append(Paragraph(body, bullet=default_bullet))
    return paragraphs
