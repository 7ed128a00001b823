"""The figures behind the グラフ tab, as plain data (Qt-free; the GUI only draws them).

* :func:`trend_chart` — yearly averages per kind across all years, with the 巡目 starts;
* :func:`score_bars` — each institution's score for one year and kind, in registry order;
* :func:`low_score_heatmap` — item × year: how many institutions scored an item under 3;
* :func:`radar_chart` — category averages of a year against the year before and against
  every institution, for one institution or a kind, on the comparable items
  (``core.revisions.category_radar``, the 前年度比 rule).

Readability rules kept here, so every painter follows them: the value axis is ticked every
0.01–0.05 (or coarser only for wide ranges, :func:`axis_ticks`) so two decimals can be read;
lines that meet are told apart by distinct markers and small offsets, with one value label
per group of equal values (:func:`trend_plan`); a bar axis that does not start at 0 says so
(``BarChart.note``; the painter draws a break mark).

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
from jukidesk.base.fiscal import YearStyle, num
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS
from jukidesk.core.past_results import past_last_year
from jukidesk.core.registry import list_institutions
from jukidesk.core.revisions import category_radar, comparable_items, low_score_counts
from jukidesk.core.scoring import FULL_SCORE, format_score
from jukidesk.core.summary import institution_scores, summaries
from jukidesk.storage.models import Checklist, Institution


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
    y_step: Fraction = Fraction(1, 10)

    @property
    def y_ticks(self) -> tuple[Fraction, ...]:
        return ticks_between(self.y_min, self.y_max, self.y_step)


@dataclass(frozen=True)
class BarChart:
    title: str
    labels: tuple[str, ...]
    values: tuple[Fraction, ...]
    y_min: Fraction
    y_max: Fraction
    y_step: Fraction = Fraction(1, 10)

    def value_texts(self) -> tuple[str, ...]:
        return tuple(format_score(v) for v in self.values)

    @property
    def y_ticks(self) -> tuple[Fraction, ...]:
        return ticks_between(self.y_min, self.y_max, self.y_step)

    @property
    def starts_at_zero(self) -> bool:
        return self.y_min == 0

    @property
    def note(self) -> str:
        """Said under the chart when the axis does not start at 0 (the bars' lengths are then
        not in proportion to the scores)."""
        if self.starts_at_zero or not self.values:
            return ""
        return (
            f"※ 横軸は 0 からではなく {format_score(self.y_min)} から始まっています（≈ の印）。"
            "棒の長さは得点に比例しません。"
        )


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


TICK_STEPS = tuple(Fraction(n, 100) for n in (1, 2, 5, 10, 20, 25, 50, 100))
MAX_TICKS = 11  # intervals on a value axis at most


def ticks_between(low: Fraction, high: Fraction, step: Fraction) -> tuple[Fraction, ...]:
    count = int((high - low) / step)
    return tuple(low + step * i for i in range(count + 1))


def axis_ticks(low: Fraction, high: Fraction = Fraction(FULL_SCORE), *, min_span: Fraction = Fraction(5, 100)) -> tuple[Fraction, Fraction]:
    """(axis start, tick step) for values from ``low`` to ``high``: the finest step of
    0.01, 0.02, 0.05, 0.1 … that needs at most MAX_TICKS intervals, the start rounded down
    to it. A range narrower than ``min_span`` is widened downwards (three lines at 3.00
    get the axis 2.95–3.00, ticked every 0.01)."""
    low, high = Fraction(low), Fraction(high)
    if high - low < min_span:
        low = high - min_span
    for step in TICK_STEPS:
        start = Fraction(math.floor(low / step)) * step
        if (high - start) / step <= MAX_TICKS:
            return start, step
    step = TICK_STEPS[-1]
    return Fraction(math.floor(low / step)) * step, step


MARKERS = ("circle", "square", "triangle", "diamond")  # one per series, in series order
LINE_STYLES = ("solid", "dash", "dashdot", "dot")


@dataclass(frozen=True)
class PlotPoint:
    series: int  # index in chart.series
    year: int  # index in chart.years
    value: Fraction
    slot: int  # place in its group of coinciding points (0 … group_size - 1)
    group_size: int

    @property
    def offset(self) -> float:
        """Where the point is moved, in marker widths: 0 alone; -1, 0, +1 for three that meet."""
        return self.slot - (self.group_size - 1) / 2


@dataclass(frozen=True)
class PointLabel:
    year: int
    value: Fraction  # where the label sits (the group's highest value)
    parts: tuple[tuple[int | None, str], ...]  # (series index or None for all of them, text)


@dataclass(frozen=True)
class TrendPlan:
    points: tuple[PlotPoint, ...]
    labels: tuple[PointLabel, ...]


def trend_plan(chart: TrendChart, closeness: float = 0.04) -> TrendPlan:
    """How the painter tells the lines apart: the points of each year that lie within
    ``closeness`` of the axis span of each other form a group; each point gets its slot in
    the group (the painter offsets it) and the group one value label — 「3.00」 when the
    values are equal, otherwise each series' value in its colour."""
    span = float(chart.y_max - chart.y_min) or 1.0
    points: list[PlotPoint] = []
    labels: list[PointLabel] = []
    for year in range(len(chart.years)):
        present = sorted(
            ((s, series.values[year]) for s, series in enumerate(chart.series) if series.values[year] is not None),
            key=lambda p: (-p[1], p[0]),
        )
        groups: list[list[tuple[int, Fraction]]] = []
        for s, value in present:
            if groups and abs(float(groups[-1][-1][1] - value)) / span <= closeness:
                groups[-1].append((s, value))
            else:
                groups.append([(s, value)])
        for group in groups:
            ordered = sorted(group)
            for slot, (s, value) in enumerate(ordered):
                points.append(PlotPoint(s, year, value, slot, len(ordered)))
            texts = {format_score(v) for _, v in ordered}
            if len(texts) == 1:
                parts: tuple = ((None if len(ordered) > 1 else ordered[0][0], texts.pop()),)
            else:
                parts = tuple((s, format_score(v)) for s, v in ordered)
            labels.append(PointLabel(year, max(v for _, v in ordered), parts))
    return TrendPlan(tuple(points), tuple(labels))


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
    y_min, y_step = axis_ticks(min(values) if values else Fraction(FULL_SCORE) - Fraction(1, 10))
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
        y_min=y_min,
        y_max=Fraction(FULL_SCORE),
        y_step=y_step,
    )


def score_bars(session: Session, style: YearStyle, fy: int, kind: str) -> BarChart:
    scores = institution_scores(session, [fy]).get((fy, kind), {})
    ordered = [inst for inst in list_institutions(session) if inst.id in scores]
    values = tuple(scores[inst.id] for inst in ordered)
    y_min, y_step = axis_ticks(min(values) if values else Fraction(2), min_span=Fraction(1, 10))
    return BarChart(
        title=f"{style.label(fy, fullwidth=False)} {CHECKLIST_KIND_LABELS[kind]}の機関別得点",
        labels=tuple(inst.report_name for inst in ordered),
        values=values,
        y_min=y_min,
        y_max=Fraction(FULL_SCORE),
        y_step=y_step,
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


@dataclass(frozen=True)
class RadarSeries:
    key: str  # 'current', 'previous' or 'everyone'
    label: str
    values: tuple[Fraction | None, ...]  # one per axis


@dataclass(frozen=True)
class RadarChart:
    title: str
    axes: tuple[str, ...]  # the categories, clockwise from the top
    series: tuple[RadarSeries, ...]
    r_min: Fraction  # the centre's value (said in ``note``)
    r_max: Fraction
    r_step: Fraction
    note: str

    @property
    def rings(self) -> tuple[Fraction, ...]:
        return ticks_between(self.r_min, self.r_max, self.r_step)


def radar_chart(session: Session, style: YearStyle, fy: int, kind: str, institution_id: int | None = None) -> RadarChart:
    """Category averages of ``fy`` against ``fy - 1`` (and, for one institution, against every
    institution of the kind), over the items comparable between the two years."""
    radar = category_radar(session, fy, kind, institution_id)
    subject = CHECKLIST_KIND_LABELS[kind]
    if institution_id is not None:
        institution = session.get(Institution, institution_id)
        subject = f"{institution.report_name if institution is not None else ''}（{subject}）"
    series = [
        RadarSeries("current", style.short(fy), radar.current),
        RadarSeries("previous", style.short(fy - 1), radar.previous),
    ]
    if radar.everyone is not None:
        series.append(RadarSeries("everyone", f"{style.short(fy)} 全機関", radar.everyone))
    values = [v for s in series for v in s.values if v is not None]
    r_min, r_step = axis_ticks(min(values) if values else Fraction(2), min_span=Fraction(1, 10))
    if values and r_min == min(values):
        r_min -= r_step  # the lowest value one ring out from the centre, not on it
    notes = [f"中心は {format_score(r_min)}、外周は {format_score(Fraction(FULL_SCORE))}（0 からではありません）。"]
    if radar.comparability.note():
        notes.append(radar.comparability.note() + "。")
    if radar.categories and all(v is None for v in radar.previous):
        notes.append(f"{style.short(fy - 1)} の結果はありません。")
    if not radar.categories or all(v is None for v in radar.current):
        notes.insert(0, "この年度の完了したチェックリストはありません。")
    return RadarChart(
        title=f"{subject} 区分別の平均点（{style.short(fy)} と {style.short(fy - 1)}）",
        axes=radar.categories,
        series=tuple(series),
        r_min=r_min,
        r_max=Fraction(FULL_SCORE),
        r_step=r_step,
        note="".join(notes),
    )
