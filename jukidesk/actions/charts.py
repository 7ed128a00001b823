"""What the グラフ tab shows, read in one go (read-only): the tab calls these on the worker
thread and gets plain, frozen data back (no ORM object crosses threads). The figures are
computed where they always were (``reports.charts``, ``core.summary``, ``core.revisions``);
this module only gathers them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from jukidesk.actions.base import read
from jukidesk.base.fiscal import YearStyle
from jukidesk.core.registry import list_institutions
from jukidesk.core.revisions import year_over_year
from jukidesk.core.summary import institution_scores
from jukidesk.reports.charts import (
    BarChart,
    HeatMap,
    RadarChart,
    TrendChart,
    chart_kinds,
    chart_years,
    low_score_heatmap,
    radar_chart,
    score_bars,
    trend_chart,
)
from jukidesk.storage.database import Database


@dataclass(frozen=True)
class ChartFigures:
    """Everything the グラフ tab shows for one year and kind.

    ``subjects``: (institution id, report name) of the institutions scored in the year and
    kind, in registry order (the radar's choices besides the kind as a whole); ``radar`` is
    drawn for ``subject`` (None: the kind as a whole). ``year_over_year``: 前年度比, its
    first line for the label, the whole text for the tooltip."""

    fy: int
    kind: str
    trend: TrendChart
    bars: BarChart
    heat: HeatMap
    subjects: tuple[tuple[int, str], ...]
    subject: int | None
    radar: RadarChart
    year_over_year: str


def _subjects(session: Session, fy: int, kind: str) -> tuple[tuple[int, str], ...]:
    scored = institution_scores(session, [fy]).get((fy, kind), {})
    return tuple((i.id, i.report_name) for i in list_institutions(session) if i.id in scored)


def chart_figures(db: Database, style: YearStyle, fy: int, kind: str, subject: int | None = None) -> ChartFigures:
    """The trend over the years up to the latest with results, ``fy``'s bars and radar for
    ``kind`` (the radar for ``subject`` when it is still scored, else for the kind as a
    whole), the heat map of scores under 3 and the year-over-year comparison."""
    def work(session: Session) -> ChartFigures:
        years = chart_years(session, style)
        subjects = _subjects(session, fy, kind)
        chosen = subject if subject in {i for i, _name in subjects} else None
        return ChartFigures(
            fy=fy,
            kind=kind,
            trend=trend_chart(session, style, years),
            bars=score_bars(session, style, fy, kind),
            heat=low_score_heatmap(session, style, years, kind),
            subjects=subjects,
            subject=chosen,
            radar=radar_chart(session, style, fy, kind, chosen),
            year_over_year=year_over_year(session, fy, kind).text(style),
        )

    return read(db, work)


def radar(db: Database, style: YearStyle, fy: int, kind: str, subject: int | None = None) -> RadarChart:
    """The radar of ``kind`` in ``fy`` for one institution (``subject``) or the kind as a whole."""
    return read(db, lambda session: radar_chart(session, style, fy, kind, subject))


@dataclass(frozen=True)
class WorkbookCharts:
    """The charts placed on 資料2's sheet グラフ: the trend up to ``fy``, then for each scored
    kind with results that year its institutions' scores and its radar."""

    trend: TrendChart
    kinds: tuple[tuple[BarChart, RadarChart], ...]


def workbook_charts(db: Database, style: YearStyle, fy: int) -> WorkbookCharts:
    def work(session: Session) -> WorkbookCharts:
        trend = trend_chart(session, style, chart_years(session, style, fy))
        scored = institution_scores(session, [fy])
        kinds = tuple(
            (score_bars(session, style, fy, kind), radar_chart(session, style, fy, kind))
            for kind in chart_kinds()
            if scored.get((fy, kind))
        )
        return WorkbookCharts(trend, kinds)

    return read(db, work)
