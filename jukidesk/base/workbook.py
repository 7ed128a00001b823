"""New Excel workbooks in jukidesk's house font.

openpyxl starts every workbook with Calibri 11 as the Normal font, and a ``Font()`` without
a name inherits nothing from it in Excel: Japanese text then falls back to whatever the PC
links to Calibri, and column widths are measured in a font that many Linux desktops lack.
Every workbook jukidesk writes starts here instead, with BIZ UDゴシック (on every Windows 10+
PC, and bundled for our own PDFs) as the Normal font, and cell fonts made by ``font``.
"""

from __future__ import annotations

FONT_NAME = "BIZ UDゴシック"
NORMAL_SIZE = 10.5


def font(**style):
    """An openpyxl ``Font`` in the house font (``bold=True``, ``size=12``, ``color=…``)."""
    from openpyxl.styles import Font

    return Font(name=FONT_NAME, **style)


def use_normal_font(workbook) -> None:
    """Make BIZ UDゴシック 10.5 pt the workbook's Normal font (before any cell is styled).

    Excel and LibreOffice measure column widths in digits of the Normal font. BIZ UDゴシック
    10.5 pt has 7 px digits at 96 dpi, like Calibri 11, so widths computed for one hold for
    the other."""
    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList

    normal = Font(name=FONT_NAME, size=NORMAL_SIZE, family=3, charset=128)  # 3 = modern, 128 = SHIFTJIS
    workbook._fonts = IndexedList([normal])  # openpyxl has no public API for the default font
    workbook._named_styles["Normal"].font = normal


def new_workbook():
    """An empty openpyxl workbook whose Normal font is the house font."""
    from openpyxl import Workbook

    workbook = Workbook()
    use_normal_font(workbook)
    return workbook
