"""The papers of the clerk's year, written from the home tab (今年度の進捗) and ``jukidesk year``:

- 資料2 as Excel and PDF from ONE document model (``shiryo2.build_shiryo2``), named after the
  organisation's report label and the year (``資料２_平成26年度.xlsx``), recorded as generated;
- the audit notice letters for a chosen set of audits of a year, any kinds, in one PDF
  (``notices.build_notices`` per kind, in date order).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from sqlalchemy.orm import Session

from jukidesk.base.errors import JukideskError
from jukidesk.base.fiscal import YearStyle
from jukidesk.core.audits import get_audit
from jukidesk.core.settings import load_settings
from jukidesk.core.year_workflow import record_event
from jukidesk.reports.notices import NoticeLetter, build_notices, render_notices_pdf

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\s]')


def shiryo2_paths(session: Session, fy: int, folder: Path | str) -> tuple[Path, Path]:
    settings = load_settings(session)
    style = YearStyle.from_settings(settings)
    stem = _UNSAFE.sub("_", f"{settings['report_label'] or '資料2'}_{style.label(fy, fullwidth=False)}").strip("._")
    folder = Path(folder)
    return folder / f"{stem}.xlsx", folder / f"{stem}.pdf"


def write_shiryo2(session: Session, fy: int, folder: Path | str) -> list[Path]:
    """Build 資料2 once, draw it as Excel and PDF into ``folder`` and record it as generated
    (in the caller's transaction)."""
    from jukidesk.reports.pdf_renderer import render_pdf
    from jukidesk.reports.shiryo2 import build_shiryo2
    from jukidesk.reports.xlsx_renderer import render_xlsx

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise JukideskError(f"{folder} はフォルダではありません。")
    document = build_shiryo2(session, fy)
    xlsx, pdf = shiryo2_paths(session, fy, folder)
    written = [render_xlsx(document, xlsx), render_pdf(document, pdf)]
    record_event(session, fy, "report_generated", count=len(written), detail=str(folder))
    return written


def notices_for(session: Session, fy: int, audit_ids: list[int], date: dt.date) -> list[NoticeLetter]:
    """One letter per given audit (they may be of different kinds), in the audits' date order."""
    if not audit_ids:
        raise JukideskError("通知する監査がありません。")
    audits = sorted(
        (get_audit(session, audit_id) for audit_id in audit_ids),
        key=lambda a: (a.starts_at or dt.datetime.max, a.institution.sort_order),
    )
    letters = []
    for audit in audits:
        # One audit at a time: another audit of the kind still without a date must not stop it.
        letters += build_notices(session, fy, audit.kind, institution_code=audit.institution.code, date=date)
    return letters


def write_notices(session: Session, fy: int, audit_ids: list[int], target: Path | str, date: dt.date) -> list[NoticeLetter]:
    letters = notices_for(session, fy, audit_ids, date)
    render_notices_pdf(letters, target)
    return letters
