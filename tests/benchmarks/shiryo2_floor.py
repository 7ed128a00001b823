"""The 資料2 benchmark: jukidesk computing and rendering the paper for one year, against the
libraries writing the same texts with no logic.

* jukidesk: what ``jukidesk report shiryo2`` does for one format — open a session, compute
  the document (``reports.shiryo2.build_shiryo2``), render it (``reports.xlsx_renderer`` /
  ``reports.pdf_renderer``) through ``atomic_output``.
* xlsx floor: openpyxl writes the very sheet jukidesk wrote — the same values, fonts,
  alignments, borders, fills, merged ranges, column widths and row heights, read back from
  jukidesk's file beforehand — and saves it: the same sheet with none of the logic (no
  queries, no document, no layout computation).
* PDF floor: reportlab's canvas draws every text of the same document with the same three
  embedded TrueType fonts (body Mincho, tables Gothic, headings Gothic Bold) in lines of 40
  characters over as many A4 pages as jukidesk's PDF has, and saves it.
"""

from __future__ import annotations

from pathlib import Path


def shiryo2_outputs(db_path: Path, fy: int, workdir: Path):
    """(build_xlsx, build_pdf, document) for jukidesk, or ``None`` while the report is missing."""
    try:
        from jukidesk.reports.pdf_renderer import render_pdf
        from jukidesk.reports.shiryo2 import build_shiryo2
        from jukidesk.reports.xlsx_renderer import render_xlsx
    except ImportError:
        return None
    from jukidesk.storage.database import open_database

    db = open_database(db_path, create=False)

    def document():
        with db.session() as session:
            return build_shiryo2(session, fy)

    def build_xlsx():
        render_xlsx(document(), workdir / "shiryo2.xlsx")

    def build_pdf():
        render_pdf(document(), workdir / "shiryo2.pdf")

    return build_xlsx, build_pdf, document()


def sheet_replay(xlsx: Path) -> dict:
    """Everything jukidesk's sheet holds, read back from its file (not timed): the floor
    writes exactly this — values, styles, merged ranges, widths and heights — with no logic."""
    from copy import copy

    from openpyxl import load_workbook

    ws = load_workbook(xlsx).active
    cells = []
    for row in ws.iter_rows():
        for cell in row:
            if cell.has_style or cell.value is not None:
                # Only the parts that differ from the workbook's defaults (index 0), as jukidesk
                # sets them; the floor must not do more styling than jukidesk did.
                ids = cell._style
                cells.append(
                    (
                        cell.row,
                        cell.column,
                        getattr(cell, "value", None),
                        copy(cell.font) if ids.fontId else None,
                        copy(cell.alignment) if ids.alignmentId else None,
                        copy(cell.border) if ids.borderId else None,
                        copy(cell.fill) if ids.fillId else None,
                    )
                )
    return {
        "title": ws.title,
        "widths": {key: dim.width for key, dim in ws.column_dimensions.items() if dim.width},
        "heights": {key: dim.height for key, dim in ws.row_dimensions.items() if dim.height},
        "merged": [str(r) for r in ws.merged_cells.ranges],
        "cells": cells,
    }


def floor_xlsx(replay: dict, target: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = replay["title"]
    for key, width in replay["widths"].items():
        ws.column_dimensions[key].width = width
    for merged in replay["merged"]:  # merged first, then styled: as jukidesk does
        ws.merge_cells(merged)
    for row, column, value, font, alignment, border, fill in replay["cells"]:
        cell = ws.cell(row=row, column=column)
        if value is not None:
            cell.value = value
        if font is not None:
            cell.font = font
        if alignment is not None:
            cell.alignment = alignment
        if border is not None:
            cell.border = border
        if fill is not None:
            cell.fill = fill
    for key, height in replay["heights"].items():
        ws.row_dimensions[key].height = height
    wb.save(target)


def pdf_pages(pdf: Path) -> int:
    import re

    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def floor_pdf(document, target: Path, pages: int = 2) -> int:
    """Every text of ``document`` in lines of 40 characters spread over ``pages`` A4 pages
    (more when they do not fit in 10.5 pt lines); returns the number of pages written."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from jukidesk.reports.document import Table
    from jukidesk.reports.fonts import GOTHIC, GOTHIC_BOLD, MINCHO, register_fonts

    register_fonts()
    texts: list[tuple[str, str]] = [(GOTHIC_BOLD, document.label), (GOTHIC_BOLD, document.title)]
    for section in document.sections:
        texts.append((GOTHIC_BOLD, section.heading))
        for block in section.blocks:
            if isinstance(block, Table):
                texts.extend((GOTHIC, t) for t in (block.caption, *block.texts(), block.note) if t)
            else:
                texts.append((MINCHO, block.bullet + block.text))
    lines = [
        (font, part[start : start + 40])
        for font, text in texts
        for part in text.split("\n")
        for start in range(0, max(len(part), 1), 40)
    ]
    width, height = A4
    per_page = max(-(-len(lines) // pages), 1)
    step = max(min((height - 100) / per_page, 18), 13)
    canvas = Canvas(str(target), pagesize=A4)
    y = height - 50
    written = 1
    for n, (font, line) in enumerate(lines):
        if n and (n % per_page == 0 or y < 50):
            canvas.showPage()
            written += 1
            y = height - 50
        canvas.setFont(font, 10.5)
        canvas.drawString(50, y, line)
        y -= step
    canvas.save()
    return written


if __name__ == "__main__":  # the whole-process floor of ``jukidesk report shiryo2 --xlsx``
    import pickle
    import sys

    floor_xlsx(pickle.loads(Path(sys.argv[1]).read_bytes()), Path(sys.argv[2]))
