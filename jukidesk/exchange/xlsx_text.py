"""Writing text a user typed into an xlsx cell safely (no formula injection).

openpyxl turns any ``str`` starting with ``=`` into a formula, and Excel also evaluates
cells starting with ``+``, ``-`` or ``@`` (and, after a leading tab or CR, those again) when
the text is re-entered. Names, remarks, findings, responses, places, auditors and any other
free text that ends up in a workbook MUST be written with ``write_text(cell, value)``
instead of ``cell.value = value`` — in every exporter (checklists, reports, history, …).

Numbers and dates the app computes (scores, fiscal years) are not user text: assign them
normally so that they stay numbers.
"""

from __future__ import annotations

from typing import Any

from jukidesk.base.text import without_control_characters

# Characters that make Excel (or LibreOffice) read a cell as a formula or a DDE call.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def write_text(cell, value: Any) -> None:
    """Store ``value`` in ``cell`` as a plain string, never as a formula.

    ``None`` and ``""`` leave the cell empty (0 is written as "0"). Text that starts with a formula trigger additionally
    gets Excel's quote prefix (shown as ``'`` in the formula bar, not printed), so editing
    the cell in Excel does not turn it into a formula either."""
    if value is None or value == "":
        cell.value = None
        return
    text = without_control_characters(str(value))  # an xlsx cannot hold them (IllegalCharacterError)
    cell.value = text  # may have been taken for a formula by openpyxl: fix the type below
    cell.data_type = "s"
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
