"""The open findings (指摘事項) as an xlsx list for chasing the institutions: by due date,
overdue rows in red (the home tab's 指摘事項のフォローアップ; data from core.year_progress)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from jukidesk.base.fiscal import YearStyle
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS, FINDING_STATUS_LABELS
from jukidesk.base.workbook import font, new_workbook
from jukidesk.core.settings import year_style
from jukidesk.core.year_progress import OpenFinding, open_findings_until
from jukidesk.exchange.list_sheet import finish_list_sheet
from jukidesk.exchange.xlsx_text import write_text

HEADERS = ("期限", "超過日数", "機関", "年度", "監査", "監査日", "項目", "指摘内容", "対応", "状況")
COLUMN_WIDTHS = (12, 9, 22, 14, 12, 12, 36, 40, 40, 12)
SHEET_TITLE = "指摘事項"


def finding_cells(finding: OpenFinding, style: YearStyle) -> list:
    return [
        finding.due_date,
        finding.days_overdue or None,
        finding.institution,
        style.label(finding.fy, fullwidth=False),
        CHECKLIST_KIND_LABELS[finding.kind],
        finding.audit_date,
        finding.item,
        finding.content,
        finding.response,
        FINDING_STATUS_LABELS.get(finding.status, finding.status),
    ]


def write_open_findings(session: Session, fy: int, path: Path | str, *, today: dt.date) -> tuple[Path, int]:
    """Every finding of audits up to ``fy`` not yet confirmed, as of ``today``. Returns the
    path and the number of findings written."""
    from openpyxl.styles import Alignment, PatternFill

    style = year_style(session)
    findings = open_findings_until(session, fy, today)
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    write_text(sheet.cell(1, 1), f"未確認の指摘事項（{style.label(fy, fullwidth=False)}まで、{today:%Y-%m-%d} 現在）")
    sheet.cell(1, 1).font = font(bold=True, size=12)
    header_row = 3
    header_fill = PatternFill("solid", fgColor="DDE7F0")
    for col, header in enumerate(HEADERS, 1):
        cell = sheet.cell(header_row, col)
        write_text(cell, header)
        cell.font = font(bold=True)
        cell.fill = header_fill
    wrap = Alignment(wrap_text=True, vertical="top")
    red = font(color="C00000", bold=True)
    for row, finding in enumerate(findings, header_row + 1):
        for col, value in enumerate(finding_cells(finding, style), 1):
            cell = sheet.cell(row, col)
            if isinstance(value, (dt.date, int)) or value is None:
                cell.value = value
                if isinstance(value, dt.date):
                    cell.number_format = "yyyy/mm/dd"
            else:
                write_text(cell, value)
            cell.alignment = wrap
            if finding.days_overdue:
                cell.font = red
    path = Path(path)
    finish_list_sheet(workbook, sheet, header_row, COLUMN_WIDTHS, path)
    return path, len(findings)
