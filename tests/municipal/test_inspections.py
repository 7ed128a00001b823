"""Inspection sheets: entry rules, versioned item sheets, grids."""

import datetime as dt

import pytest
from sqlalchemy import select

from jukidesk.base.errors import ValidationError
from jukidesk.core.calendar import is_working_day
from jukidesk.core.municipal.inspections import (
    CLOSED,
    MISSING,
    NG,
    OK,
    InspectionEntry,
    daily_grid,
    failed_items,
    monthly_grid,
    record_inspection,
    save_template,
    template_for,
)
from jukidesk.storage.models import Institution
from jukidesk.storage.models_municipal import InspectionRecord
from tests.conftest import sql_dump

from .conftest import DEMO_TODAY


def _site(session, code):
    return session.scalars(select(Institution).where(Institution.code == code)).one().id


def test_a_gap_is_filled_in_a_few_keystrokes_and_findings_are_kept(city_db):
    with city_db.transaction() as session:
        template = template_for(session, "daily", dt.date(2026, 11, 12))
        entry = InspectionEntry("daily", _site(session, "203"), dt.date(2026, 11, 12),
                                {template.items[0].id: "昼休みに１台ロックなし"}, "今井 進")
        record = record_inspection(session, entry, today=DEMO_TODAY)
        assert [r.item.text for r in failed_items(record)] == [template.items[0].text]
    with city_db.session() as session:
        grid = daily_grid(session, 2026, 11, DEMO_TODAY)
        assert grid.cell(_site(session, "203"), dt.date(2026, 11, 12)).status == NG
        assert len(grid.gaps) == 1


@pytest.mark.parametrize(
    ("entry", "field", "match"),
    [
        (lambda s: InspectionEntry("daily", _site(s, "201"), dt.date(2026, 11, 21)), "day", "まだ来ていない日"),
        (lambda s: InspectionEntry("daily", _site(s, "104"), dt.date(2026, 11, 5)), "institution_id", "業務端末設置機関"),
        (lambda s: InspectionEntry("daily", _site(s, "201"), dt.date(2026, 11, 4)), "day", "既に記録されています"),
        (lambda s: InspectionEntry("daily", _site(s, "201"), dt.date(2026, 9, 4)), "day", "点検項目が登録されていません"),
        (lambda s: InspectionEntry("monthly", _site(s, "201"), dt.date(2026, 10, 20)), "day", "令和8年10月の月次点検は既に"),
        (lambda s: InspectionEntry("daily", None, dt.date(2026, 11, 5)), "institution_id", "点検場所"),
        (lambda s: InspectionEntry("daily", _site(s, "201"), dt.date(2026, 11, 5), {999999: "x"}), "failed", "にない点検項目"),
        (lambda s: InspectionEntry("weekly", _site(s, "201"), dt.date(2026, 11, 5)), "kind", "区分"),
    ],
)
def test_bad_sheets_are_refused_and_nothing_is_stored(city_db, city_path, entry, field, match):
    before = sql_dump(city_path)
    with pytest.raises(ValidationError, match=match) as info:
        with city_db.transaction() as session:
            record_inspection(session, entry(session), today=DEMO_TODAY)
    assert info.value.field == field
    assert sql_dump(city_path) == before


def test_editing_a_sheet_replaces_its_results(city_db):
    with city_db.transaction() as session:
        site = _site(session, "202")
        record = session.scalars(select(InspectionRecord).where(
            InspectionRecord.institution_id == site, InspectionRecord.period == dt.date(2026, 10, 14))).one()
        assert len(failed_items(record)) == 1
        record_inspection(session, InspectionEntry("daily", site, dt.date(2026, 10, 14), inspector="前田 綾"),
                          record_id=record.id, today=DEMO_TODAY)
    with city_db.session() as session:
        assert daily_grid(session, 2026, 10, DEMO_TODAY).cell(site, dt.date(2026, 10, 14)).status == OK


def test_item_sheets_are_versioned_and_records_keep_theirs(city_db, city_path):
    before = sql_dump(city_path)
    with pytest.raises(ValidationError, match="既に.*件記録されています"):
        with city_db.transaction() as session:
            save_template(session, "daily", ["新しい項目"], dt.date(2026, 11, 1))
    for items, match in ((["", " "], "1つ以上"), (["a", "a"], "重複")):
        with pytest.raises(ValidationError, match=match):
            with city_db.transaction() as session:
                save_template(session, "daily", items, dt.date(2026, 12, 1))
    assert sql_dump(city_path) == before
    with city_db.transaction() as session:
        old = template_for(session, "daily", dt.date(2026, 11, 19))
        new = save_template(session, "daily", ["画面ロック", "カード保管"], dt.date(2026, 11, 21))
        assert (old.version, new.version) == (1, 2)
    with city_db.session() as session:
        assert template_for(session, "daily", dt.date(2026, 11, 20)).version == 1
        assert [i.text for i in template_for(session, "daily", dt.date(2026, 11, 21)).items] == ["画面ロック", "カード保管"]
        record = session.scalars(select(InspectionRecord).where(InspectionRecord.kind == "daily")).first()
        assert record.template.version == 1


def test_office_days_and_closing_days():
    closed = frozenset({(12, 29), (1, 3)})
    assert not is_working_day(dt.date(2026, 11, 3), closed)  # 文化の日
    assert not is_working_day(dt.date(2026, 12, 29), closed)
    assert not is_working_day(dt.date(2026, 11, 21), closed)  # Saturday
    assert is_working_day(dt.date(2026, 11, 4), closed)


def test_monthly_grid_marks_missing_months(city_db):
    with city_db.session() as session:
        grid = monthly_grid(session, 2027, dt.date(2027, 6, 1))
        site = grid.sites[0].id
        assert grid.cell(site, dt.date(2027, 4, 1)).status == MISSING
        assert grid.cell(site, dt.date(2027, 5, 1)).status == MISSING
        assert grid.cell(site, dt.date(2027, 6, 1)).status not in (MISSING, CLOSED)
        assert grid.title == "令和9年度 月次点検"


@pytest.mark.parametrize(("reiwa", "year"), [(True, "令和元年度"), (False, "平成31年度")])
def test_fy2019_is_written_in_the_organisations_year_style(city_db, tmp_path, reiwa, year):
    import openpyxl

    from jukidesk.core.municipal.records import Context
    from jukidesk.core.settings import save_settings
    from jukidesk.exchange.municipal_xlsx import export_year

    with city_db.transaction() as session:
        save_settings(session, {"reiwa_for_fy2019": reiwa})
    with city_db.session() as session:
        assert monthly_grid(session, 2019, dt.date(2019, 6, 1)).title == f"{year} 月次点検"
        # A calendar month keeps the era of its own days, whichever way the year is written.
        assert daily_grid(session, 2019, 4, dt.date(2019, 6, 1)).title == "平成31年4月 日次点検"
        assert daily_grid(session, 2019, 5, dt.date(2019, 6, 1)).title == "令和元年5月 日次点検"
        path = export_year(session, Context(2019, dt.date(2020, 3, 31)), tmp_path / "fy2019.xlsx")
    names = openpyxl.load_workbook(path).sheetnames
    assert f"{year} 月次点検" in names
    assert not [name for name in names if "年度" in name and year not in name]


def test_grid_tooltips_show_screen_dates_not_iso(city_db, qapp):
    from PySide6.QtCore import Qt

    from jukidesk.gui.models.record_model import GridModel

    with city_db.session() as session:
        daily, monthly = daily_grid(session, 2026, 11, DEMO_TODAY), monthly_grid(session, 2026, DEMO_TODAY)
    model = GridModel()
    model.set_grid(daily)
    tip = model.data(model.index(0, 11), Qt.ItemDataRole.ToolTipRole)
    assert "R8.11.12（木）" in tip and "2026-" not in tip
    model.set_grid(monthly)
    assert "2026年4月" in model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
