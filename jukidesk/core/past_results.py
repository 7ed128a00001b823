"""Past yearly results: the figures of the years before jukidesk, one per year and kind.

A prefecture that adopts jukidesk in a later year brings its earlier results from its own
file (``jukidesk results import``, ``exchange.results_io`` reads it). Each row gives the
number of institutions and the average of one kind in one fiscal year; ``core.summary``
uses it for a year and kind that has NO checklist and NO audit of its own — so 資料2's
trend table, the charts, ``jukidesk summary`` and 前年度比 all see it, and a year that has
answers is never silently mixed with an imported figure: importing over it is refused.

Averages are kept exactly as given (decimal text, ``"2.91"``) and read as a ``Fraction``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cache

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from jukidesk.base import audit_kinds
from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import fiscal_year_of
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS
from jukidesk.core.settings import reference_date, year_style
from jukidesk.storage.models import Audit, Checklist
from jukidesk.storage.models_past import PastResult
from jukidesk.storage.plain import plain_rows

MIN_AVERAGE, MAX_AVERAGE = Decimal(1), Decimal(3)
MAX_INSTITUTIONS = 10000


@dataclass(frozen=True)
class PastRow:
    """One row of a results file, already parsed (``exchange.results_io``)."""

    row: int  # the row number in the file (1 = the first line / row)
    fy: int
    kind: str
    institutions: int
    average: Decimal | None  # None for a kind that is only counted (フォローアップ)
    performed_by: str = ""
    findings: str = ""

    def average_text(self) -> str | None:
        return None if self.average is None else format(self.average, "f")


@dataclass(frozen=True)
class PastSource:
    """Where an imported figure came from (shown by ``report trace``)."""

    file_name: str
    row: int
    imported_at: dt.datetime
    imported_by: str

    def text(self) -> str:
        by = f"、{self.imported_by}" if self.imported_by else ""
        return (
            f"この数値は取り込んだ過去の実績です（ファイル「{self.file_name}」の {self.row} 行目、"
            f"{self.imported_at:%Y-%m-%d %H:%M} に取り込み{by}）。回答の明細はありません。"
        )

    def as_json(self) -> dict:
        return {
            "file": self.file_name,
            "row": self.row,
            "imported_at": self.imported_at.isoformat(timespec="seconds"),
            "imported_by": self.imported_by,
        }


@dataclass(frozen=True)
class PastFigure:
    """An imported figure as ``core.summary`` uses it."""

    fy: int
    kind: str
    institutions: int
    average: Fraction | None
    source: PastSource


def figure_of(row) -> PastFigure:
    """The figure of a ``PastResult`` (or of a row of its table's columns)."""
    average = None if row.average is None else Fraction(Decimal(row.average))
    source = PastSource(row.source_file, row.source_row, row.imported_at, row.imported_by or "")
    return PastFigure(row.fy, row.kind, row.institutions, average, source)


def answered_pairs(session: Session, fys: Iterable[int]) -> set[tuple[int, str]]:
    """(fy, kind) that has checklists or audits of its own (any status): jukidesk's own data."""
    fys = list(fys)
    pairs = set(plain_rows(session, select(_CHECKLIST.fy, _CHECKLIST.kind).where(_CHECKLIST.fy.in_(fys)).distinct()).all())
    pairs |= set(plain_rows(session, select(_AUDIT.fy, _AUDIT.kind).where(_AUDIT.fy.in_(fys)).distinct()).all())
    return {(fy, kind) for fy, kind in pairs}


# Table columns (storage.plain): 資料2 and the summaries read these in every build.
_PAST = PastResult.__table__.c
_CHECKLIST = Checklist.__table__.c
_AUDIT = Audit.__table__.c


@cache
def _past_queries() -> dict[str, Select]:
    """The statements read for every summary, made once (``fys`` a bound parameter)."""
    return {
        "figures": select(
            _PAST.fy, _PAST.kind, _PAST.institutions, _PAST.average,
            _PAST.source_file, _PAST.source_row, _PAST.imported_at, _PAST.imported_by,
        ).where(_PAST.fy.in_(bindparam("fys", expanding=True))),
        "first_years": select(_PAST.kind, func.min(_PAST.fy)).group_by(_PAST.kind),
    }


def past_figures(session: Session, fys: Iterable[int]) -> dict[tuple[int, str], PastFigure]:
    """The imported figures of ``fys`` that stand for a year and kind without answers."""
    fys = sorted(set(fys))
    rows = plain_rows(session, _past_queries()["figures"], {"fys": fys}).all()
    if not rows:
        return {}
    answered = answered_pairs(session, fys)
    return {(r.fy, r.kind): figure_of(r) for r in rows if (r.fy, r.kind) not in answered}


def past_first_years(session: Session) -> dict[str, int]:
    """The first fiscal year of each kind among the imported results."""
    return dict(plain_rows(session, _past_queries()["first_years"]).all())


def past_last_year(session: Session) -> int | None:
    return session.scalar(select(func.max(PastResult.fy)))


def list_past_results(session: Session) -> list[PastResult]:
    rows = session.scalars(select(PastResult)).all()
    return sorted(rows, key=lambda r: (r.fy, audit_kinds.order(r.kind)))


@dataclass
class PastImportPlan:
    """What an import does: new rows and rows replaced (same year and kind imported before)."""

    file_name: str
    added: list[PastRow] = field(default_factory=list)
    replaced: list[PastRow] = field(default_factory=list)
    unchanged: list[PastRow] = field(default_factory=list)

    @property
    def rows(self) -> list[PastRow]:
        return sorted(self.added + self.replaced + self.unchanged, key=lambda r: r.row)

    def lines(self, style_label=str) -> list[str]:
        out = []
        for title, rows in (("追加", self.added), ("置き換え", self.replaced), ("変更なし", self.unchanged)):
            for r in rows:
                average = f"、平均点 {r.average_text()}" if r.average is not None else ""
                out.append(
                    f"{title}: {style_label(r.fy)} {CHECKLIST_KIND_LABELS[r.kind]} {r.institutions}機関{average}"
                )
        return out


def _where(file_name: str, row: int, column: str) -> str:
    return f"{file_name} の {row} 行目「{column}」"


def plan_import(session: Session, file_name: str, rows: list[PastRow], *, today: dt.date | None = None) -> PastImportPlan:
    """Check ``rows`` against the file's data and say what importing them does; a
    ``ValidationError`` names every problem (file, row, column) and nothing is planned."""
    style = year_style(session)
    current_fy = fiscal_year_of(reference_date(session, today))
    problems: list[str] = []
    answered = answered_pairs(session, {r.fy for r in rows})
    for r in rows:
        if r.fy < style.cycle_first_fy:
            problems.append(
                f"{_where(file_name, r.row, '年度')}: {style.label(r.fy)}（{r.fy}年度）は監査の１巡目"
                f"（{style.label(style.cycle_first_fy)}）より前です。"
            )
        elif r.fy >= current_fy:
            problems.append(
                f"{_where(file_name, r.row, '年度')}: {style.label(r.fy)}（{r.fy}年度）は過去の年度ではありません"
                f"（取り込めるのは {current_fy - 1}年度まで）。"
            )
        elif (r.fy, r.kind) in answered:
            problems.append(
                f"{_where(file_name, r.row, '区分')}: {style.label(r.fy)}の{CHECKLIST_KIND_LABELS[r.kind]}には"
                "jukidesk の回答（チェックリストまたは監査）があるため、過去の実績は取り込めません（混在させません）。"
            )
    if problems:
        raise ValidationError(_problems_text(problems), "file")
    existing = {(p.fy, p.kind): p for p in session.scalars(select(PastResult))}
    plan = PastImportPlan(file_name)
    for r in rows:
        old = existing.get((r.fy, r.kind))
        if old is None:
            plan.added.append(r)
        elif (old.institutions, old.average, old.performed_by, old.findings) == (
            r.institutions,
            r.average_text(),
            r.performed_by,
            r.findings,
        ):
            plan.unchanged.append(r)
        else:
            plan.replaced.append(r)
    return plan


def apply_import(session: Session, plan: PastImportPlan, sha256: str, *, by: str = "") -> int:
    """Store the planned rows (in the caller's transaction); returns how many were written."""
    existing = {(p.fy, p.kind): p for p in session.scalars(select(PastResult))}
    now = dt.datetime.now()
    written = 0
    for r in plan.added + plan.replaced:
        row = existing.get((r.fy, r.kind))
        if row is None:
            row = PastResult(fy=r.fy, kind=r.kind)
            session.add(row)
        row.institutions = r.institutions
        row.average = r.average_text()
        row.performed_by = r.performed_by
        row.findings = r.findings
        row.source_file = plan.file_name[:255]
        row.source_sha256 = sha256
        row.source_row = r.row
        row.imported_at = now
        row.imported_by = by[:200]
        written += 1
    session.flush()
    return written


def _problems_text(problems: list[str], limit: int = 20) -> str:
    shown = problems[:limit]
    more = f"\nほか {len(problems) - limit} 件" if len(problems) > limit else ""
    return "過去の実績を取り込めません（何も保存していません）。\n" + "\n".join(shown) + more


problems_text = _problems_text
