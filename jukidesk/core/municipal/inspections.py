"""Daily and monthly inspections (日次点検・月次点検) per site, their editable item sheets
and the grids that show gaps.

Sites are the registry's institutions with a business terminal (業務端末設置機関) valid
in the fiscal year. A daily inspection is due on every working day (``core.calendar``: not
a weekend, a national holiday or a closing day of the settings); a monthly one for every month. A day
or month counts as a gap only once it is over (today's sheet may still be filled in).
Item sheets are versioned like checklists: a changed sheet is a new version from a date,
and each record keeps the version it answered.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import era_of_date, fiscal_year_bounds, fiscal_year_of
from jukidesk.base.vocabulary import INSPECTION_KIND_LABELS
from jukidesk.core.calendar import closed_days, is_working_day
from jukidesk.core.municipal.records import Column, Context, RecordKind
from jukidesk.core.registry import list_institutions
from jukidesk.core.settings import reference_date, year_style
from jukidesk.storage.models import Institution
from jukidesk.storage.models_municipal import (
    INSPECTION_KINDS,
    InspectionItem,
    InspectionRecord,
    InspectionResult,
    InspectionTemplate,
)

OK, NG, MISSING, CLOSED, PENDING, NO_SHEET = "ok", "ng", "missing", "closed", "pending", "no_sheet"
STATUS_LABELS = {OK: "○", NG: "×", MISSING: "未", CLOSED: "", PENDING: "", NO_SHEET: "－"}

# ---------------------------------------------------------------- calendar


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def period_of(kind: str, day: dt.date) -> dt.date:
    """The stored period: the day itself for daily, the first of the month for monthly."""
    return month_start(day) if kind == "monthly" else day


def fiscal_months(fy: int) -> list[dt.date]:
    return [dt.date(fy + (m < 4), m, 1) for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]


def month_label(day: dt.date) -> str:
    """令和8年10月: a calendar month in the era of its own days (April 2019 is 平成31年4月
    whatever the year style; the fiscal year's label is ``YearStyle.label``)."""
    era, year = era_of_date(day)
    return f"{era.name}{'元' if year == 1 else year}年{day.month}月"


def inspection_sites(session: Session, fy: int) -> list[Institution]:
    return [inst for inst in list_institutions(session, fy) if inst.has_terminal]


# ---------------------------------------------------------------- item sheets


def template_for(session: Session, kind: str, day: dt.date) -> InspectionTemplate | None:
    """The sheet in force on ``day``: the newest version that starts on or before it."""
    return session.scalars(
        select(InspectionTemplate)
        .where(InspectionTemplate.kind == kind, InspectionTemplate.valid_from <= day)
        .order_by(InspectionTemplate.valid_from.desc(), InspectionTemplate.version.desc())
    ).first()


def save_template(session: Session, kind: str, items: list[str], valid_from: dt.date) -> InspectionTemplate:
    """Store ``items`` as the next version of the kind's sheet, in force from ``valid_from``."""
    if kind not in INSPECTION_KINDS:
        raise ValidationError(f"点検の区分が正しくありません: {kind}", "kind")
    label = INSPECTION_KIND_LABELS[kind]
    texts = [text.strip() for text in items if text and text.strip()]
    if not texts:
        raise ValidationError(f"{label}の点検項目を1つ以上入力してください。", "items")
    duplicates = sorted({t for t in texts if texts.count(t) > 1})
    if duplicates:
        raise ValidationError(f"{label}の点検項目が重複しています: {'、'.join(duplicates)}", "items")
    if valid_from is None:
        raise ValidationError("「適用開始日」を入力してください。", "valid_from")
    used_later = session.scalar(
        select(func.count(InspectionRecord.id)).where(
            InspectionRecord.kind == kind, InspectionRecord.period >= period_of(kind, valid_from)
        )
    )
    if used_later:
        raise ValidationError(
            f"{valid_from.isoformat()} 以降の{label}が既に{used_later}件記録されています。"
            "点検項目の変更は、まだ記録のない日から適用してください。",
            "valid_from",
        )
    version = (session.scalar(select(func.max(InspectionTemplate.version)).where(InspectionTemplate.kind == kind)) or 0) + 1
    template = InspectionTemplate(kind=kind, version=version, valid_from=valid_from)
    for position, text in enumerate(texts, start=1):
        template.items.append(InspectionItem(position=position, text=text))
    session.add(template)
    session.flush()
    return template


# ---------------------------------------------------------------- records


@dataclass
class InspectionEntry:
    """What a person enters for one sheet: the items found wrong (by item id) with remarks."""

    kind: str
    institution_id: int | None
    day: dt.date | None
    failed: dict[int, str] = field(default_factory=dict)  # item id -> remark
    inspector: str = ""
    note: str = ""


def record_inspection(
    session: Session, entry: InspectionEntry, *, record_id: int | None = None, today: dt.date | None = None
) -> InspectionRecord:
    """Check and store one sheet (a new one, or ``record_id`` replaced). A period after
    ``today`` (by default the organisation's reference date) is refused."""
    today = reference_date(session, today)
    if entry.kind not in INSPECTION_KINDS:
        raise ValidationError(f"点検の区分が正しくありません: {entry.kind}", "kind")
    label = INSPECTION_KIND_LABELS[entry.kind]
    if entry.day is None:
        raise ValidationError("「点検日」を入力してください。" if entry.kind == "daily" else "「点検月」を入力してください。", "day")
    period = period_of(entry.kind, entry.day)
    if period > today:
        raise ValidationError(f"{period.isoformat()} はまだ来ていない日です。{label}は当日以降に記録してください。", "day")
    if entry.institution_id is None:
        raise ValidationError("「点検場所」を選んでください。", "institution_id")
    site = session.get(Institution, entry.institution_id)
    fy = fiscal_year_of(period)
    if site is None or not site.has_terminal or not site.valid_in(fy):
        raise ValidationError(
            f"「点検場所」は{fy}年度の業務端末設置機関から選んでください。", "institution_id"
        )
    template = template_for(session, entry.kind, period)
    if template is None:
        raise ValidationError(f"{period.isoformat()} に適用される{label}の点検項目が登録されていません。", "day")
    item_ids = {item.id for item in template.items}
    unknown = set(entry.failed) - item_ids
    if unknown:
        raise ValidationError(f"{label}（第{template.version}版）にない点検項目が指定されました。", "failed")
    clash = select(InspectionRecord).where(
        InspectionRecord.kind == entry.kind,
        InspectionRecord.institution_id == site.id,
        InspectionRecord.period == period,
    )
    if record_id is not None:
        clash = clash.where(InspectionRecord.id != record_id)
    if session.scalars(clash).first() is not None:
        when = period.isoformat() if entry.kind == "daily" else month_label(period)
        raise ValidationError(f"{site.name}の{when}の{label}は既に記録されています。", "day")

    if record_id is not None:
        record = session.get(InspectionRecord, record_id)
        if record is None:
            raise ValidationError("点検記録が見つかりません（削除された可能性があります）。")
    else:
        record = InspectionRecord()
        session.add(record)
    record.kind, record.institution_id, record.period = entry.kind, site.id, period
    record.template_id = template.id
    record.inspector, record.note = entry.inspector.strip(), entry.note.strip()
    # An edited sheet keeps its result rows and changes only what changed, so the edit
    # history (storage/history.py) shows e.g. one item turned from × to ○ with its remark.
    existing = {result.item_id: result for result in record.results}
    wanted = {item.id for item in template.items}
    for result in [r for r in record.results if r.item_id not in wanted]:  # another sheet version
        record.results.remove(result)
    for item in template.items:
        remark = entry.failed.get(item.id)
        ok, text = remark is None, (remark or "").strip()
        result = existing.get(item.id)
        if result is None:
            record.results.append(InspectionResult(item_id=item.id, ok=ok, remark=text))
        else:
            result.ok, result.remark = ok, text
    session.flush()
    return record


def failed_items(record: InspectionRecord) -> list[InspectionResult]:
    return [r for r in sorted(record.results, key=lambda r: r.item.position) if not r.ok]


def record_status(record: InspectionRecord) -> str:
    return NG if failed_items(record) else OK


# ---------------------------------------------------------------- grids


@dataclass
class Cell:
    status: str
    record_id: int | None = None


@dataclass
class Grid:
    """Sites × periods (days of a month, or months of a fiscal year)."""

    kind: str
    title: str
    sites: list[Institution]
    periods: list[dt.date]
    cells: dict[tuple[int, dt.date], Cell]

    def cell(self, site_id: int, period: dt.date) -> Cell:
        return self.cells[(site_id, period)]

    @property
    def gaps(self) -> list[tuple[Institution, dt.date]]:
        return [(s, p) for s in self.sites for p in self.periods if self.cells[(s.id, p)].status == MISSING]

    def count(self, status: str) -> int:
        return sum(1 for c in self.cells.values() if c.status == status)


def first_sheet_day(session: Session, kind: str) -> dt.date | None:
    """The day the first item sheet of ``kind`` comes into force (nothing is due before)."""
    return session.scalar(select(func.min(InspectionTemplate.valid_from)).where(InspectionTemplate.kind == kind))


def _records(session: Session, kind: str, first: dt.date, last: dt.date) -> dict[tuple[int, dt.date], InspectionRecord]:
    rows = session.scalars(
        select(InspectionRecord).where(
            InspectionRecord.kind == kind, InspectionRecord.period >= first, InspectionRecord.period <= last
        )
    )
    return {(r.institution_id, r.period): r for r in rows}


def daily_grid(session: Session, year: int, month: int, today: dt.date) -> Grid:
    first = dt.date(year, month, 1)
    days = [first + dt.timedelta(days=i) for i in range(calendar.monthrange(year, month)[1])]
    sites = inspection_sites(session, fiscal_year_of(first))
    records = _records(session, "daily", days[0], days[-1])
    closed = closed_days(session)
    start = first_sheet_day(session, "daily")
    cells = {}
    for site in sites:
        for day in days:
            record = records.get((site.id, day))
            if record is not None:
                cells[(site.id, day)] = Cell(record_status(record), record.id)
            elif start is None or day < start:
                cells[(site.id, day)] = Cell(NO_SHEET)
            elif not is_working_day(day, closed):
                cells[(site.id, day)] = Cell(CLOSED)
            elif day >= today:
                cells[(site.id, day)] = Cell(PENDING)
            else:
                cells[(site.id, day)] = Cell(MISSING)
    return Grid("daily", f"{month_label(first)} 日次点検", sites, days, cells)


def monthly_grid(session: Session, fy: int, today: dt.date) -> Grid:
    months = fiscal_months(fy)
    sites = inspection_sites(session, fy)
    records = _records(session, "monthly", months[0], months[-1])
    start = first_sheet_day(session, "monthly")
    cells = {}
    for site in sites:
        for month in months:
            record = records.get((site.id, month))
            if record is not None:
                cells[(site.id, month)] = Cell(record_status(record), record.id)
            elif start is None or month_end(month) < start:
                cells[(site.id, month)] = Cell(NO_SHEET)
            elif month_end(month) >= today:
                cells[(site.id, month)] = Cell(PENDING)
            else:
                cells[(site.id, month)] = Cell(MISSING)
    style = year_style(session)  # FY2019: 令和元年度 or 平成31年度
    return Grid("monthly", f"{style.label(fy, fullwidth=False)} 月次点検", sites, months, cells)


def daily_gaps(session: Session, first: dt.date, last: dt.date, today: dt.date) -> list[tuple[Institution, dt.date]]:
    """Office days in [first, last] (before ``today``) without a daily sheet, per site."""
    gaps = []
    month = month_start(first)
    while month <= last:
        grid = daily_grid(session, month.year, month.month, today)
        gaps.extend((site, day) for site, day in grid.gaps if first <= day <= last)
        month = month_end(month) + dt.timedelta(days=1)
    return sorted(gaps, key=lambda g: (g[1], g[0].sort_order))


@dataclass
class Completeness:
    kind: str
    expected: int  # sheets due so far (office days or ended months, per site)
    recorded: int  # of those, sheets recorded
    with_findings: int  # recorded sheets with an item found wrong

    @property
    def missing(self) -> int:
        return self.expected - self.recorded


def completeness(session: Session, fy: int, today: dt.date) -> dict[str, Completeness]:
    """How many sheets were due in the fiscal year up to ``today`` and how many exist."""
    result = {}
    grids = [daily_grid(session, m.year, m.month, today) for m in fiscal_months(fy)]
    daily = Completeness("daily", 0, 0, 0)
    for grid in grids:
        for cell in grid.cells.values():
            if cell.status in (OK, NG, MISSING):
                daily.expected += 1
                daily.recorded += cell.status != MISSING
                daily.with_findings += cell.status == NG
    result["daily"] = daily
    grid = monthly_grid(session, fy, today)
    monthly = Completeness("monthly", 0, 0, 0)
    for cell in grid.cells.values():
        if cell.status in (OK, NG, MISSING):
            monthly.expected += 1
            monthly.recorded += cell.status != MISSING
            monthly.with_findings += cell.status == NG
    result["monthly"] = monthly
    return result


# ---------------------------------------------------------------- the list of records


def _records_in_year(session: Session, ctx: Context) -> list[InspectionRecord]:
    first, last = fiscal_year_bounds(ctx.fy)
    return list(
        session.scalars(
            select(InspectionRecord)
            .join(Institution)
            .where(InspectionRecord.period >= first, InspectionRecord.period <= last)
            .order_by(InspectionRecord.kind, InspectionRecord.period, Institution.sort_order)
        )
    )


def _period_text(record: InspectionRecord):
    return record.period if record.kind == "daily" else month_label(record.period)


INSPECTION = RecordKind(
    key="inspection",
    label="日次・月次点検",
    model=InspectionRecord,
    fields=(),  # entered through record_inspection (a sheet of items), not a generic form
    columns=(
        Column("区分", lambda r: INSPECTION_KIND_LABELS[r.kind], 8),
        Column("日付・月", _period_text, 12),
        Column("点検場所", lambda r: r.institution.name, 22),
        Column("結果", lambda r: "異常なし" if record_status(r) == OK else f"不備 {len(failed_items(r))} 件", 10),
        Column("不備の項目", lambda r: "、".join(f"{x.item.text}（{x.remark}）" if x.remark else x.item.text for x in failed_items(r)), 40),
        Column("点検者", lambda r: r.inspector, 12),
        Column("備考", lambda r: r.note, 20),
    ),
    list_records=_records_in_year,
    record_label=lambda r: f"{r.institution.name} {r.period}",
)
