"""The figures behind the グラフ tab, as plain data (Qt-free; the GUI only draws them).

* :func:`trend_chart` — yearly averages per kind across all years, with the 巡目 starts;
* :func:`score_bars` — each institution's score for one year and kind, in registry order;
* :func:`low_score_heatmap` — item × year: how many institutions scored an item under 3.

Averages come from ``core.summary`` and scores from ``core.summary.institution_scores``;
nothing here computes an average of its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jukidesk.base import audit_kinds
from jukidesk.base.fiscal import YearStyle
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS
from jukidesk.core.past_results import past_last_year
from jukidesk.core.registry import list_institutions
from jukidesk.core.revisions import comparable_items, low_score_counts
from jukidesk.core.scoring import FULL_SCORE, format_score
from jukidesk.core.summary import institution_scores, summaries
from jukidesk.reports.shiryo2 import num
from jukidesk.storage.models import Checklist


def chart_kinds() -> tuple[str, ...]:
    """The kinds the charts show: the scored ones of ``base.audit_kinds`` (self, internal, external)."""
    return audit_kinds.scored_codes()


CHART_KINDS = chart_kinds()  # as at import


@dataclass(frozen=True)
class Series:
    kind: str
    label: str
    values: tuple[Fraction | None, ...]  # one per year; None = no result that year


@dataclass(frozen=True)
class CycleMark:
    index: int  # the first year's position on the x axis
    label: str  # １巡目


@dataclass(frozen=True)
class TrendChart:
    title: str
    years: tuple[int, ...]
    year_labels: tuple[str, ...]
    series: tuple[Series, ...]
    cycles: tuple[CycleMark, ...]
    y_min: Fraction
    y_max: Fraction


@dataclass(frozen=True)
class BarChart:
    title: str
    labels: tuple[str, ...]
    values: tuple[Fraction, ...]
    y_min: Fraction
    y_max: Fraction

    def value_texts(self) -> tuple[str, ...]:
        return tuple(format_score(v) for v in self.values)


@dataclass(frozen=True)
class HeatMap:
    title: str
    years: tuple[int, ...]
    year_labels: tuple[str, ...]
    items: tuple[tuple[str, str], ...]  # (number, text) in template order
    counts: tuple[tuple[int, ...], ...]  # counts[item][year]
    institutions: tuple[int, ...]  # completed checklists per year (the denominator)
    # Items left out because they are not the same question in every year shown
    # (core.revisions.comparable_items), and the sentence that says so.
    excluded: int = 0
    note: str = ""

    @property
    def max_count(self) -> int:
        return max((c for row in self.counts for c in row), default=0)


def _floor_tenth(value: Fraction) -> Fraction:
    return Fraction(math.floor(value * 10), 10)


def chart_years(session: Session, style: YearStyle, last_fy: int | None = None) -> list[int]:
    """From cycle 1 to ``last_fy`` (default: the last year with a completed checklist)."""
    if last_fy is None:
        last_fy = session.scalar(select(func.max(Checklist.fy)).where(Checklist.status == "complete"))
        imported = past_last_year(session)  # results imported from before jukidesk
        if imported is not None and (last_fy is None or imported > last_fy):
            last_fy = imported
    if last_fy is None:
        return []
    return list(range(min(style.cycle_first_fy, last_fy), last_fy + 1))


def trend_chart(session: Session, style: YearStyle, years: list[int]) -> TrendChart:
    figures = summaries(session, years) if years else {}
    series = tuple(
        Series(kind, CHECKLIST_KIND_LABELS[kind], tuple(figures[y][kind].average for y in years)) for kind in chart_kinds()
    )
    values = [v for s in series for v in s.values if v is not None]
    low = _floor_tenth(min(values)) if values else Fraction(2)
    cycles = tuple(
        CycleMark(i, f"{num(style.cycle(y).number)}巡目")
        for i, y in enumerate(years)
        if style.cycle(y).first_fy == y or i == 0
    )
    return TrendChart(
        title="監査区分別の平均点の推移",
        years=tuple(years),
        year_labels=tuple(style.short(y) for y in years),
        series=series,
        cycles=cycles,
        y_min=min(low, Fraction(FULL_SCORE) - Fraction(1, 10)),
        y_max=Fraction(FULL_SCORE),
    )


def score_bars(session: Session, style: YearStyle, fy: int, kind: str) -> BarChart:
    scores = institution_scores(session, [fy]).get((fy, kind), {})
    ordered = [inst for inst in list_institutions(session) if inst.id in scores]
    values = tuple(scores[inst.id] for inst in ordered)
    low = _floor_tenth(min(values)) if values else Fraction(2)
    return BarChart(
        title=f"{style.label(fy, fullwidth=False)} {CHECKLIST_KIND_LABELS[kind]}の機関別得点",
        labels=tuple(inst.report_name for inst in ordered),
        values=values,
        y_min=min(low, Fraction(FULL_SCORE) - Fraction(1, 2)),
        y_max=Fraction(FULL_SCORE),
    )


def low_score_heatmap(session: Session, style: YearStyle, years: list[int], kind: str) -> HeatMap:
    """Rows: the items that are the same question in every year shown (a reworded, added or
    removed item is left out and counted in ``excluded``), in the newest version's order."""
    comparability = comparable_items(session, years, kind) if years else None
    items = comparability.items if comparability is not None else ()
    counts = low_score_counts(session, years, kind, comparability) if comparability is not None else {}
    completed = institution_scores(session, years) if years else {}
    return HeatMap(
        title=f"{CHECKLIST_KIND_LABELS[kind]}で３点未満だった機関の数（項目×年度）",
        years=tuple(years),
        year_labels=tuple(style.short(y) for y in years),
        items=tuple((item.number, item.text) for item in items),
        counts=tuple(tuple(counts.get((item.item_id, fy), 0) for fy in years) for item in items),
        institutions=tuple(len(completed.get((fy, kind), {})) for fy in years),
        excluded=comparability.excluded_count if comparability is not None else 0,
        note=comparability.note() if comparability is not None else "",
    )
