"""The charts' figures (reports/charts.py) for the Nagano demo: the same numbers as 資料2."""

from __future__ import annotations

from fractions import Fraction

from jukidesk.base.fiscal import YearStyle
from jukidesk.core.scoring import format_score
from jukidesk.core.settings import load_settings
from jukidesk.reports.charts import chart_years, low_score_heatmap, score_bars, trend_chart


def _style(session):
    return YearStyle.from_settings(load_settings(session))


def test_trend_has_the_report_averages_and_the_cycle_starts(demo_db):
    with demo_db.session() as session:
        style = _style(session)
        years = chart_years(session, style)
        chart = trend_chart(session, style, years)
    assert years == [2008, 2009, 2010, 2011, 2012, 2013]
    assert chart.year_labels == ("H20", "H21", "H22", "H23", "H24", "H25")
    values = {s.kind: [format_score(v) for v in s.values] for s in chart.series}
    assert values == {
        "self": ["2.91", "2.96", "3.00", "3.00", "3.00", "3.00"],
        "internal": ["2.73", "2.70", "3.00", "3.00", "3.00", "3.00"],
        "external": [None, "3.00", "2.98", "3.00", "3.00", None],
    }
    assert [(m.index, m.label) for m in chart.cycles] == [(0, "１巡目"), (3, "２巡目")]
    # 2.70 is 2.69…: ticked every 0.05 (at most 11 ticks, issue 21), the axis starts at 2.65
    assert chart.y_min == Fraction(53, 20) and chart.y_max == 3 and chart.y_step == Fraction(1, 20)
    assert len(chart.y_ticks) == 8


def test_bars_follow_registry_order(demo_db):
    with demo_db.session() as session:
        bars = score_bars(session, _style(session), 2008, "internal")
    assert bars.labels == ("消防課", "職員課", "税務課", "佐久地方事務所", "上小地方事務所")
    assert all(v < 3 for v in bars.values)
    assert bars.title == "平成20年度 内部監査の機関別得点"


def test_heatmap_counts_institutions_under_three(demo_db):
    with demo_db.session() as session:
        style = _style(session)
        heat = low_score_heatmap(session, style, chart_years(session, style), "self")
    rows = {number: counts for (number, _), counts in zip(heat.items, heat.counts)}
    # 3-2 scored under 3 in FY2008 at 101, 102, 103, 104; in FY2009 at 106, 107
    assert rows["3-2"] == (4, 2, 0, 0, 0, 0)
    assert rows["6-4"][0] == 4 and rows["1-1"] == (0,) * 6
    assert heat.institutions == (19,) * 6 and heat.max_count == max(max(r) for r in heat.counts)
    assert all(sum(r[3:]) == 0 for r in heat.counts)  # H23 onward: everything 3


def test_empty_file_draws_nothing_but_does_not_fail(empty_db):
    with empty_db.session() as session:
        style = _style(session)
        years = chart_years(session, style)
        assert years == []
        assert trend_chart(session, style, years).series[0].values == ()
        assert score_bars(session, style, 2013, "self").labels == ()
        assert low_score_heatmap(session, style, years, "self").items == ()
