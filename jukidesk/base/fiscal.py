"""Fiscal years (年度, 1 April – 31 March), Japanese eras (和暦) and audit cycles (巡目).

Fiscal years are stored as the 西暦 year of their 1 April (FY2013 = 2013-04-01 … 2014-03-31).
Python has no era support, so the era table is explicit and tested at each boundary.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Era:
    name: str
    short: str  # one-letter romaji abbreviation used in short forms (H25, R7)
    start: dt.date
    announced: dt.date | None = None  # when its name became known, if before ``start``

    def known_on(self, day: dt.date) -> bool:
        return (self.announced or self.start) <= day


ERAS: tuple[Era, ...] = (
    Era("明治", "M", dt.date(1868, 1, 25)),
    Era("大正", "T", dt.date(1912, 7, 30)),
    Era("昭和", "S", dt.date(1926, 12, 25)),
    Era("平成", "H", dt.date(1989, 1, 8)),
    Era("令和", "R", dt.date(2019, 5, 1), announced=dt.date(2019, 4, 1)),
)

WEEKDAYS = "月火水木金土日"

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def to_fullwidth(text: str) -> str:
    """Turn ASCII digits into full-width digits (printed letters commonly use them)."""
    return text.translate(_FULLWIDTH)


_SINGLE_DIGIT = re.compile(r"(?<![0-9])[0-9](?![0-9])")


def num(value: int) -> str:
    """A count in a paper: one digit full-width, more digits half-width (４, 17)."""
    return to_fullwidth(str(value)) if 0 <= value <= 9 else str(value)


def wide_single_digits(text: str) -> str:
    """Apply :func:`num`'s convention to the numbers inside a generated text."""
    return _SINGLE_DIGIT.sub(lambda m: to_fullwidth(m.group(0)), text)


def _eras(known_on: dt.date | None) -> tuple[Era, ...]:
    return ERAS if known_on is None else tuple(era for era in ERAS if era.known_on(known_on))


def era_of_date(day: dt.date, *, known_on: dt.date | None = None) -> tuple[Era, int]:
    """The era in force on ``day`` and the year within it (1 = 元年); with ``known_on``, as
    written on that day (an era not yet announced is not used: 平成32年 for 2020 in 2018)."""
    for era in reversed(_eras(known_on)):
        if day >= era.start:
            return era, day.year - era.start.year + 1
    raise ValueError(f"{day} は和暦の対象外です")


def era_of_fiscal_year(fy: int, *, new_era_for_change_year: bool = True, known_on: dt.date | None = None) -> tuple[Era, int]:
    """The era label of a fiscal year.

    A fiscal year takes the era of its 1 April. When an era begins later in the same
    calendar year (令和 on 2019-05-01), most offices call the whole year by the new era
    (令和元年度); others kept 平成31年度. ``new_era_for_change_year`` selects which.
    ``known_on``: only the eras announced by that day (a plan written in 2014 for FY2019
    says 平成31年度).
    """
    era, year = era_of_date(dt.date(fy, 4, 1), known_on=known_on)
    if new_era_for_change_year:
        for later in _eras(known_on):
            if later.start.year == fy and later.start > dt.date(fy, 4, 1):
                return later, 1
    return era, year


def _era_year_text(year: int) -> str:
    return "元" if year == 1 else str(year)


def fiscal_year_label(
    fy: int, *, fullwidth: bool = False, new_era_for_change_year: bool = True, known_on: dt.date | None = None
) -> str:
    """平成25年度 / 令和元年度."""
    era, year = era_of_fiscal_year(fy, new_era_for_change_year=new_era_for_change_year, known_on=known_on)
    text = f"{era.name}{_era_year_text(year)}年度"
    return to_fullwidth(text) if fullwidth else text


def fiscal_year_short(fy: int, *, new_era_for_change_year: bool = True, known_on: dt.date | None = None) -> str:
    """H25 / R1: the column headers of the trend table."""
    era, year = era_of_fiscal_year(fy, new_era_for_change_year=new_era_for_change_year, known_on=known_on)
    return f"{era.short}{year}"


def fiscal_year_display(fy: int, *, new_era_for_change_year: bool = True) -> str:
    """The year picker's text: 平成25年度（2013年度）."""
    return f"{fiscal_year_label(fy, new_era_for_change_year=new_era_for_change_year)}（{fy}年度）"


def fiscal_year_of(day: dt.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(fy: int) -> tuple[dt.date, dt.date]:
    return dt.date(fy, 4, 1), dt.date(fy + 1, 3, 31)


def wareki_date(day: dt.date, *, fullwidth: bool = False, weekday: bool = False) -> str:
    """令和7年6月10日（火）."""
    era, year = era_of_date(day)
    text = f"{era.name}{_era_year_text(year)}年{day.month}月{day.day}日"
    if weekday:
        text += f"（{WEEKDAYS[day.weekday()]}）"
    return to_fullwidth(text) if fullwidth else text


def wareki_short(day: dt.date) -> str:
    """R7.4.1."""
    era, year = era_of_date(day)
    return f"{era.short}{year}.{day.month}.{day.day}"


def screen_date(day: dt.date | None, *, weekday: bool = True) -> str:
    """How every screen shows a date: R8.11.20（金）, or R8.11.20 where a table has no room
    for the weekday. Papers and letters keep the long form (``wareki_date``)."""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = day.date()
    text = wareki_short(day)
    return text + (f"（{WEEKDAYS[day.weekday()]}）" if weekday else "")


def screen_datetime(moment: dt.datetime | None) -> str:
    """R8.11.20（金）10:30 — a moment on screen (backups, issued papers, the change log)."""
    if moment is None:
        return ""
    return f"{screen_date(moment.date())}{moment:%H:%M}"


def month_heading(year: int, month: int) -> str:
    """2013年10月 — a calendar month's heading."""
    return f"{year}年{month}月"


def japanese_time(moment: dt.time, *, fullwidth: bool = False) -> str:
    """午後1時30分 / 午前10時 (noon is 午後0時)."""
    half = "午前" if moment.hour < 12 else "午後"
    hour = moment.hour % 12
    text = f"{half}{hour}時" + (f"{moment.minute}分" if moment.minute else "")
    return to_fullwidth(text) if fullwidth else text


@dataclass(frozen=True)
class Cycle:
    """An audit cycle (巡目): ``length`` consecutive fiscal years."""

    number: int
    first_fy: int
    length: int = 3

    @property
    def years(self) -> range:
        return range(self.first_fy, self.first_fy + self.length)

    @property
    def last_fy(self) -> int:
        return self.first_fy + self.length - 1

    def label(self, *, fullwidth: bool = True) -> str:
        text = f"{self.number}巡目"
        return to_fullwidth(text) if fullwidth else text


def cycle_of(fy: int, *, first_fy: int, length: int = 3) -> Cycle:
    """The cycle a fiscal year belongs to; cycles start at ``first_fy`` (cycle 1)."""
    if length < 1:
        raise ValueError("巡目の年数は1以上でなければなりません")
    number = (fy - first_fy) // length + 1
    return Cycle(number, first_fy + (number - 1) * length, length)


@dataclass(frozen=True)
class YearStyle:
    """How this organisation writes fiscal years and cycles (from its settings)."""

    reiwa_for_fy2019: bool = True
    fullwidth: bool = False
    cycle_first_fy: int = 2008
    cycle_length: int = 3
    known_on: dt.date | None = None  # a paper of a past year: only the eras announced by then

    @classmethod
    def from_settings(cls, values: dict) -> YearStyle:
        return cls(
            reiwa_for_fy2019=bool(values.get("reiwa_for_fy2019", True)),
            fullwidth=bool(values.get("fullwidth_digits", False)),
            cycle_first_fy=int(values.get("cycle_first_fy", 2008)),
            cycle_length=int(values.get("cycle_length", 3)),
        )

    def label(self, fy: int, *, fullwidth: bool | None = None) -> str:
        wide = self.fullwidth if fullwidth is None else fullwidth
        return fiscal_year_label(fy, fullwidth=wide, new_era_for_change_year=self.reiwa_for_fy2019, known_on=self.known_on)

    def short(self, fy: int) -> str:
        return fiscal_year_short(fy, new_era_for_change_year=self.reiwa_for_fy2019, known_on=self.known_on)

    def as_written_in(self, fy: int) -> YearStyle:
        """This style as a paper of ``fy`` writes years: with only the eras announced by the
        end of that fiscal year (a FY2014 plan heads FY2019 H31, as it was printed then)."""
        return replace(self, known_on=dt.date(fy + 1, 3, 31))

    def display(self, fy: int) -> str:
        return fiscal_year_display(fy, new_era_for_change_year=self.reiwa_for_fy2019)

    def short_western(self, fy: int) -> str:
        """「H24（2012）」: the short 和暦 with the 西暦 in brackets (import previews)."""
        return f"{self.short(fy)}（{fy}）"

    def cycle(self, fy: int) -> Cycle:
        return cycle_of(fy, first_fy=self.cycle_first_fy, length=self.cycle_length)


_ERA_BY_WORD = {**{era.name: era for era in ERAS}, **{era.short: era for era in ERAS}, **{era.name[0]: era for era in ERAS}}


def parse_fiscal_year(text: object) -> int:
    """A fiscal year as people write it in their own lists → the 西暦 year stored.

    Accepts ``2008``, ``2008年度``, ``FY2008``, ``H20``, ``H.20``, ``平成20年度``, ``平20``,
    ``R1``, ``令和元年度`` and the same with full-width digits, letters or spaces
    (NFKC). An era year counts from the era's first calendar year: 平成31年度 and 令和元年度
    are both 2019. Raises ``ValueError`` with a Japanese message for anything else."""
    import re
    import unicodedata

    if isinstance(text, bool):
        raise ValueError(f"年度として読めません: {text}")
    if isinstance(text, int):
        word = str(text)
    elif isinstance(text, float) and text.is_integer():
        word = str(int(text))
    else:
        word = str(text or "")
    shown = word.strip()
    word = re.sub(r"\s+", "", unicodedata.normalize("NFKC", word)).upper()
    word = word.removesuffix("年度").removesuffix("年").removesuffix("度")
    match = re.fullmatch(r"(?:FY)?(\d{4})(?:\.0)?", word)
    if match:
        year = int(match.group(1))
        if 1868 <= year <= 2200:
            return year
        raise ValueError(f"年度の範囲外です: {shown}")
    match = re.fullmatch(r"(明治|大正|昭和|平成|令和|[明大昭平令MTSHR])\.?(元|\d{1,2})", word)
    if not match:
        raise ValueError(f"年度として読めません（例: 2008、H20、平成20年度、令和元年度）: {shown or '（空）'}")
    era = _ERA_BY_WORD[match.group(1)]
    number = 1 if match.group(2) == "元" else int(match.group(2))
    if number < 1:
        raise ValueError(f"年度として読めません（{era.name}0年はありません）: {shown}")
    return era.start.year + number - 1
