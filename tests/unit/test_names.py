"""The one rule that merges institution names for reports (core/names.py)."""

from jukidesk.base.fiscal import to_fullwidth
from jukidesk.core.names import merge_names, parse_suffixes, shared_suffix

SUFFIXES = parse_suffixes("地方事務所\n建設事務所\n事務所\n支所\nセンター")

OFFICES = [f"{place}地方事務所地域政策課" for place in "佐久 上小 諏訪 上伊那 下伊那 木曽 松本 北安曇 長野 北信".split()]


def test_two_offices_merge_with_a_middle_dot():
    assert merge_names(["消防課", "地域福祉課", "佐久地方事務所", "上小地方事務所"], SUFFIXES) == [
        "消防課",
        "地域福祉課",
        "佐久・上小地方事務所",
    ]


def test_sections_ending_in_ka_are_not_merged():
    assert shared_suffix("消防課", "職員課", SUFFIXES) == ""
    assert merge_names(["消防課", "職員課", "税務課"], SUFFIXES) == ["消防課", "職員課", "税務課"]


def test_a_long_run_is_counted_when_asked():
    names = ["消防課", "職員課", "国際課", *OFFICES]
    assert merge_names(names, SUFFIXES, count_from=3) == ["消防課", "職員課", "国際課", "10地方事務所地域政策課"]
    small = lambda n: to_fullwidth(str(n)) if n < 10 else str(n)  # noqa: E731
    assert merge_names(OFFICES[:3], SUFFIXES, count_from=3, number=small) == ["３地方事務所地域政策課"]
    assert merge_names(OFFICES[:2], SUFFIXES, count_from=3) == ["佐久・上小地方事務所地域政策課"]


def test_the_cut_never_splits_a_place_name():
    assert shared_suffix("北佐久地方事務所", "南佐久地方事務所", SUFFIXES) == "地方事務所"
    assert merge_names(["北佐久地方事務所", "南佐久地方事務所"], SUFFIXES) == ["北佐久・南佐久地方事務所"]
    assert merge_names(["佐久建設事務所", "上田建設事務所"], SUFFIXES) == ["佐久・上田建設事務所"]


def test_only_consecutive_names_merge_and_order_is_kept():
    names = ["佐久地方事務所", "消防課", "上小地方事務所", "松本地方事務所"]
    assert merge_names(names, SUFFIXES) == ["佐久地方事務所", "消防課", "上小・松本地方事務所"]


def test_a_run_stops_where_the_suffix_changes():
    names = ["中央支所市民課", "北支所市民課", "南市民課"]
    assert merge_names(names, SUFFIXES) == ["中央・北支所市民課", "南市民課"]
    names = ["佐久地方事務所地域政策課", "上小地方事務所地域政策課", "諏訪地方事務所"]
    assert merge_names(names, SUFFIXES) == ["佐久・上小地方事務所地域政策課", "諏訪地方事務所"]


def test_a_bare_office_word_or_no_suffixes_never_merges():
    assert merge_names(["地方事務所", "佐久地方事務所"], SUFFIXES) == ["地方事務所", "佐久地方事務所"]
    assert merge_names(["佐久地方事務所", "上小地方事務所"], ()) == ["佐久地方事務所", "上小地方事務所"]
    assert merge_names([], SUFFIXES) == []


def test_parse_suffixes_accepts_lines_commas_and_ideographic_commas():
    assert parse_suffixes("地方事務所、支所\nセンター, 支所\n\n") == ("地方事務所", "支所", "センター")
