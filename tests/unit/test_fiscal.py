import datetime as dt

import pytest

from jukidesk.base.fiscal import (
    YearStyle,
    cycle_of,
    era_of_date,
    fiscal_year_label,
    fiscal_year_of,
    fiscal_year_short,
    japanese_time,
    wareki_date,
)


@pytest.mark.parametrize(
    "day, expected",
    [
        (dt.date(1989, 1, 7), ("昭和", 64)),
        (dt.date(1989, 1, 8), ("平成", 1)),
        (dt.date(2019, 4, 30), ("平成", 31)),
        (dt.date(2019, 5, 1), ("令和", 1)),
        (dt.date(2025, 6, 10), ("令和", 7)),
    ],
)
def test_era_boundaries(day, expected):
    era, year = era_of_date(day)
    assert (era.name, year) == expected


@pytest.mark.parametrize(
    "fy, label",
    [(2013, "平成25年度"), (2018, "平成30年度"), (2019, "令和元年度"), (2020, "令和2年度"), (1988, "昭和63年度"), (1989, "平成元年度")],
)
def test_fiscal_year_labels(fy, label):
    assert fiscal_year_label(fy) == label


def test_fy2019_can_be_kept_as_heisei():
    assert fiscal_year_label(2019, new_era_for_change_year=False) == "平成31年度"
    assert YearStyle(reiwa_for_fy2019=False).label(2019) == "平成31年度"


def test_fullwidth_and_short_forms():
    assert fiscal_year_label(2025, fullwidth=True) == "令和７年度"
    assert fiscal_year_short(2013) == "H25"
    assert wareki_date(dt.date(2025, 6, 10), fullwidth=True, weekday=True) == "令和７年６月１０日（火）"
    assert japanese_time(dt.time(13, 30)) == "午後1時30分"
    assert japanese_time(dt.time(10, 0)) == "午前10時"
    assert japanese_time(dt.time(12, 0)) == "午後0時"


def test_fiscal_year_runs_april_to_march():
    assert fiscal_year_of(dt.date(2014, 3, 31)) == 2013
    assert fiscal_year_of(dt.date(2014, 4, 1)) == 2014


def test_cycles_are_three_years_from_the_first():
    assert cycle_of(2008, first_fy=2008).number == 1
    assert list(cycle_of(2013, first_fy=2008).years) == [2011, 2012, 2013]
    third = cycle_of(2014, first_fy=2008)
    assert (third.number, third.first_fy, third.last_fy) == (3, 2014, 2016)
    assert third.label() == "３巡目"


def test_a_paper_of_a_past_year_names_only_the_eras_known_then():
    import datetime as dt

    from jukidesk.base.fiscal import YearStyle, era_of_date

    style = YearStyle()
    assert style.short(2019) == "R1" and style.label(2020) == "令和2年度"
    in_2014 = style.as_written_in(2014)
    assert [in_2014.short(fy) for fy in (2017, 2018, 2019, 2020)] == ["H29", "H30", "H31", "H32"]
    assert in_2014.label(2019) == "平成31年度"
    # FY2018 ended 2019-03-31, the day before 令和 was announced; FY2019's paper knows it
    assert style.as_written_in(2018).label(2019) == "平成31年度"
    assert style.as_written_in(2019).label(2019) == "令和元年度"
    assert style.as_written_in(2019).short(2021) == "R3"
    assert era_of_date(dt.date(2020, 5, 1), known_on=dt.date(2019, 3, 31))[0].name == "平成"
