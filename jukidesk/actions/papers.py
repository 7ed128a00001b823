"""The papers of the year: 資料2, the committee summary, the audit notices, 発行済 and the
year's notes of 資料2 — one door each for the home tab, the 資料2 tab and the ``report`` /
``notices`` commands.

Every paper is looked up in the registry ``reports.papers``: its document is built ONCE
and drawn by each renderer asked for; a paper with a year event (資料2: ``report_generated``,
step 8 of the home tab) records it whichever door made it, with the change-log position
(``core.year_events.record_event``), so "changed since generated" is exact. Default file
names are made safe for Windows. Dates default to the organisation's reference date
(``actions.base.today``), never the PC clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from jukidesk.actions.base import Area, Outcome, outcome, read, today, write
from jukidesk.base.errors import JukideskError, ValidationError
from jukidesk.base.progress import Progress
from jukidesk.storage.database import Database

if TYPE_CHECKING:
    from jukidesk.reports.document import ChartImage


def _check(progress: Progress | None) -> None:
    if progress is not None:
        progress.check()


def _targets(
    session: Session,
    code: str,
    fy: int,
    parameters: Mapping[str, Any],
    targets: Mapping[str, Path | str | None] | None,
    folder: Path | str | None,
) -> dict[str, Path]:
    from jukidesk.reports.papers import default_file_name, get_paper

    paper = get_paper(code)
    chosen = {fmt: Path(path) for fmt, path in (targets or {}).items() if path is not None}
    if folder is not None:
        folder = Path(folder)
        if folder.exists() and not folder.is_dir():
            raise JukideskError(f"{folder} はフォルダではありません。")
        for fmt in paper.formats:
            chosen.setdefault(fmt, folder / default_file_name(session, code, fy, fmt, parameters))
    if not chosen:
        raise ValidationError(f"{paper.label}の保存先を指定してください。")
    return chosen


def make_paper(
    db: Database,
    code: str,
    fy: int,
    *,
    targets: Mapping[str, Path | str | None] | None = None,
    folder: Path | str | None = None,
    options: Mapping[str, Any] | None = None,
    progress: Progress | None = None,
    charts: Sequence[ChartImage] = (),
) -> Outcome[dict[str, Path]]:
    """Build the paper ``code`` of ``fy`` once and draw it to ``targets`` (format → file)
    and/or into ``folder`` under its default names (every format it has). Returns the files
    written (format → path); a paper with a year event records it. ``charts`` (PNG images,
    reports.document.ChartImage) go on a sheet グラフ of the workbook."""
    from jukidesk.reports.papers import get_paper, render_paper

    paper = get_paper(code)

    def work(session: Session) -> dict[str, Path]:
        parameters = paper.parameters(session, options or {})
        chosen = _targets(session, code, fy, parameters, targets, folder)
        document = paper.build(session, fy, parameters)
        if charts:
            document.images = list(charts)
        written = {}
        for fmt, target in chosen.items():
            _check(progress)
            written[fmt] = render_paper(code, document, fmt, target)
        if paper.event is not None:
            from jukidesk.core.year_events import record_event  # not year_workflow: no planner for a paper

            detail = str(folder) if folder is not None else ", ".join(str(p) for p in written.values())
            record_event(session, fy, paper.event, count=len(written), detail=detail)
        return written

    if paper.event is not None:
        return write(db, [Area.YEAR], work)
    return outcome(read(db, work))


def make_shiryo2(
    db: Database,
    fy: int,
    *,
    xlsx: Path | str | None = None,
    pdf: Path | str | None = None,
    folder: Path | str | None = None,
    progress: Progress | None = None,
    charts: Sequence[ChartImage] = (),
) -> Outcome[dict[str, Path]]:
    """資料2 of ``fy`` from one document model, as Excel and/or PDF (``folder``: both, named
    after the report label and the year); always recorded as generated. ``charts``: PNG
    images placed on the workbook's sheet グラフ."""
    return make_paper(
        db, "shiryo2", fy, targets={"xlsx": xlsx, "pdf": pdf}, folder=folder, progress=progress, charts=charts
    )


def chart_images(paths: Sequence[Path | str]) -> list[ChartImage]:
    """Saved PNG files (「PNGで保存」 of the グラフ tab) as charts for the 資料2 workbook, with
    the title and note the tab wrote into each file (the file name where it has none). A
    file that is not a PNG is refused, naming it."""
    from jukidesk.exchange.png_text import png_text
    from jukidesk.reports.document import ChartImage  # a paper's model: not needed until a paper is made

    images = []
    for path in map(Path, paths):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ValidationError(f"グラフの画像 {path} を読み込めません: {exc.strerror or exc}") from exc
        if not data.startswith(b"\x89PNG\r\n\x1a\n"):
            raise ValidationError(f"グラフの画像 {path.name} は PNG ではありません。")
        texts = png_text(data)
        images.append(ChartImage(texts.get("Title") or path.stem, data, texts.get("Description", "")))
    return images


def make_committee(
    db: Database,
    fy: int,
    *,
    as_of: dt.date | None = None,
    xlsx: Path | str | None = None,
    pdf: Path | str | None = None,
    folder: Path | str | None = None,
    progress: Progress | None = None,
) -> Outcome[dict[str, Path]]:
    """The committee summary of ``fy``, inspections counted to ``as_of`` (default: the
    reference date)."""
    return make_paper(
        db, "committee", fy, targets={"xlsx": xlsx, "pdf": pdf}, folder=folder, options={"as_of": as_of}, progress=progress
    )


def make_internal_audit(
    db: Database,
    fy: int,
    *,
    audit_id: int | None = None,
    institution: str | None = None,
    xlsx: Path | str | None = None,
    pdf: Path | str | None = None,
    folder: Path | str | None = None,
    progress: Progress | None = None,
) -> Outcome[dict[str, Path]]:
    """The 内部監査報告書 of one internal audit of ``fy`` (by id, or by the institution's code)."""
    audit_id = _internal_audit_id(db, fy, audit_id, institution)
    return make_paper(
        db, "internal_audit", fy, targets={"xlsx": xlsx, "pdf": pdf}, folder=folder, options={"audit_id": audit_id},
        progress=progress,
    )


def _internal_audit_id(db: Database, fy: int, audit_id: int | None, institution: str | None) -> int:
    if audit_id is not None:
        return audit_id
    from jukidesk.core.municipal.internal_audit import audit_of

    return read(db, lambda session: audit_of(session, fy, institution or "").id)


def issue_internal_audit(
    db: Database,
    fy: int,
    *,
    audit_id: int | None = None,
    institution: str | None = None,
    note: str = "",
    progress: Progress | None = None,
):
    """発行済 for the 内部監査報告書 of one internal audit of ``fy`` (by id, or by the
    institution's code), like 資料2 and the committee summary (``issue_paper``)."""
    audit_id = _internal_audit_id(db, fy, audit_id, institution)
    return issue_paper(db, "internal_audit", fy, options={"audit_id": audit_id}, note=note, progress=progress)


def issue_paper(
    db: Database,
    paper: str,
    fy: int,
    *,
    as_of: dt.date | None = None,
    options: Mapping[str, Any] | None = None,
    note: str = "",
    issued_by: str | None = None,
    progress: Progress | None = None,
):
    """発行済: the paper as today's data gives it, kept with its files and hashes
    (``reports.issued``). The same for the home tab, the 資料2 tab and ``report issue``."""
    from jukidesk.reports.issued import issue_paper as keep

    def work(session: Session):
        _check(progress)
        return keep(session, paper, fy, as_of=as_of, options=options, note=note, issued_by=issued_by)

    return write(db, [Area.PAPERS, Area.YEAR], work)


# ---------------------------------------------------------------------- notices


@dataclass(frozen=True)
class NoticesPrinted:
    """The notice letters written to ``path``: ``dates`` each audit's letter date (audit id →
    date; ``core.audits.notice_date``), ``date`` the date asked for, else the earliest of
    them; ``pending`` the audits of the letters still 予定 afterwards, ``marked`` the names
    made 通知済 (``mark_notified``), each on its letter's date."""

    path: Path
    date: dt.date
    letters: list = field(default_factory=list)
    pending: list[int] = field(default_factory=list)
    marked: list[str] = field(default_factory=list)
    dates: dict[int, dt.date] = field(default_factory=dict)

    def dates_text(self) -> str:
        """'2014-10-07' when every letter has the same date, else '2014-10-07〜2014-10-14'."""
        days = sorted(set(self.dates.values())) or [self.date]
        return days[0].isoformat() if len(days) == 1 else f"{days[0].isoformat()}〜{days[-1].isoformat()}"


def print_notices(
    db: Database,
    fy: int,
    *,
    target: Path | str,
    audit_ids: list[int] | None = None,
    kind: str | None = None,
    institution: str | None = None,
    date: dt.date | None = None,
    first_number: int | None = None,
    mark_notified: bool = False,
    progress: Progress | None = None,
) -> Outcome[NoticesPrinted]:
    """監査実施通知 as one PDF (one page per audit): the given ``audit_ids`` (any kinds), or
    every audit of ``kind`` (one ``institution`` code's if given). Every letter is dated
    ``date`` when given (refused, ``ValidationError``, for an audit before that day), else by
    its own audit (``core.audits.notice_date``): the reference date inside the notice
    window, else the window's last day. ``mark_notified``: the audits still 予定 become
    通知済 on their letter's date, in the same transaction, once the PDF is written."""
    from jukidesk.core import year_workflow
    from jukidesk.reports.papers import get_paper, render_paper

    paper = get_paper("notices")
    path = Path(target)

    def work(session: Session) -> NoticesPrinted:
        reference = today(session)
        options = {
            "audit_ids": audit_ids,
            "kind": kind,
            "institution": institution,
            "date": date,
            "reference": reference,
            "first_number": first_number,
        }
        parameters = paper.parameters(session, options)
        letters = paper.build(session, fy, parameters)
        _check(progress)
        written = render_paper("notices", letters, "pdf", path)
        dates = {letter.audit_id: letter.day for letter in letters}
        ids = list(dates)
        marked = year_workflow.mark_notified(session, ids, dates) if mark_notified else []
        day = date or min(dates.values(), default=reference)
        return NoticesPrinted(written, day, letters, _still_planned(session, ids), marked, dates)

    if mark_notified:
        return write(db, [Area.AUDITS], work)
    return outcome(read(db, work))


def _still_planned(session: Session, audit_ids: list[int]) -> list[int]:
    from jukidesk.core.audits import get_audit

    return [audit_id for audit_id in audit_ids if get_audit(session, audit_id).status == "planned"]


def mark_notified(
    db: Database, audit_ids: list[int], *, date: dt.date | None = None, dates: Mapping[int, dt.date] | None = None
) -> Outcome[list[str]]:
    """予定 → 通知済 for each given audit still 予定, notice date its own in ``dates`` (the
    letters' dates, ``NoticesPrinted.dates``), else ``date`` (default: the reference
    date); returns the names marked."""
    from jukidesk.core import year_workflow

    def work(session: Session) -> list[str]:
        fallback = today(session, date)
        on = {audit_id: (dates or {}).get(audit_id, fallback) for audit_id in audit_ids}
        return year_workflow.mark_notified(session, audit_ids, on)

    return write(db, [Area.AUDITS], work)


# ---------------------------------------------------------------------- notes


def save_year_notes(db: Database, fy: int, notes: Mapping[str, str]) -> Outcome[dict[str, str]]:
    """The year's paragraphs of 資料2 (sections ３ and ４); returns them as stored."""
    from jukidesk.core import notes as year_notes

    def work(session: Session) -> dict[str, str]:
        year_notes.save_year_notes(session, fy, dict(notes))
        return {key: (text or "").rstrip() for key, text in notes.items()}

    return write(db, [Area.NOTES], work)
