"""Checklist answers, completion and reopening, and the per-category figures (core only)."""

from fractions import Fraction

import pytest
from sqlalchemy import select

from jukidesk.base.errors import ValidationError
from jukidesk.core.checklists import (
    Entry,
    category_averages,
    checklist_events,
    complete_checklist,
    find_checklist,
    incomplete_numbers,
    items_under_three,
    load_sheet,
    parse_score_value,
    reopen_checklist,
    save_answer,
)
from jukidesk.core.summary import year_summary
from jukidesk.storage.models import Institution


def _inst(session, code):
    return session.scalars(select(Institution).where(Institution.code == code)).one()


def test_answers_are_saved_and_counted(demo_db):
    with demo_db.transaction() as session:
        saku = _inst(session, "201")
        sheet = load_sheet(session, 2014, "self", saku.id)
        assert sheet.checklist_id is None and sheet.total == 50 and sheet.answered == 0
        assert sheet.status_text() == "0 / 50 入力済"
        first, second, third = sheet.items[:3]
        save_answer(session, 2014, "self", saku.id, first.item_id, Entry(3))
        save_answer(session, 2014, "self", saku.id, second.item_id, Entry(None, True))
        save_answer(session, 2014, "self", saku.id, third.item_id, Entry(2, remark="名簿の更新漏れ"))
    with demo_db.session() as session:
        sheet = load_sheet(session, 2014, "self", _inst(session, "201").id)
        assert sheet.answered == 3
        # 該当なし is left out of the mean: (3 + 2) / 2
        assert sheet.score == Fraction(5, 2)
        assert sheet.status_text() == "3 / 50 入力済　平均 2.50"
        assert sheet.items[1].entry == Entry(None, True)


def test_previous_year_answer_is_shown_beside_each_item(demo_db):
    with demo_db.session() as session:
        sheet = load_sheet(session, 2009, "self", _inst(session, "101").id)
        assert sheet.previous_fy == 2008
        previous = {row.number: row.previous.score for row in sheet.items}
        # nagano.toml, self 2008, 101: "1-3:2 3-2:1 3-3:2 5-5:2 9-3:2"
        assert previous["1-3"] == 2 and previous["3-2"] == 1 and previous["1-1"] == 3


def _all_three_but_one(session):
    """Institution 102's FY2014 self-check: every item 3 but the fifth, 1 with no remark."""
    inst = _inst(session, "102")
    sheet = load_sheet(session, 2014, "self", inst.id)
    for row in sheet.items:
        save_answer(session, 2014, "self", inst.id, row.item_id, Entry(3))
    low = sheet.items[4]
    save_answer(session, 2014, "self", inst.id, low.item_id, Entry(1))
    return inst, sheet, low


def test_a_score_under_three_needs_a_remark_before_completion(demo_db):
    with demo_db.transaction() as session:
        inst, sheet, low = _all_three_but_one(session)
        sheet = load_sheet(session, 2014, "self", inst.id)
        assert sheet.answered == 50 and sheet.missing_remarks == 1 and not sheet.can_complete
        assert [row.number for row in sheet.incomplete_items] == [low.number]
        with pytest.raises(ValidationError, match=low.number):
            complete_checklist(session, sheet.checklist_id)
        save_answer(session, 2014, "self", inst.id, low.item_id, Entry(1, remark="手順書がない"))
        assert load_sheet(session, 2014, "self", inst.id).can_complete
        complete_checklist(session, sheet.checklist_id)
    with demo_db.session() as session:
        figures = year_summary(session, 2014)["self"]
        assert figures.results == 1
        assert figures.average == Fraction(49 * 3 + 1, 50)


def test_completion_judged_from_entries_the_caller_has_follows_the_same_rule(demo_db):
    """The import passes the entries it has just written instead of reloading the answers:
    the same items are missing, with the same message, as when they are read back."""
    with demo_db.transaction() as session:
        inst, sheet, low = _all_three_but_one(session)
        checklist = find_checklist(session, 2014, "self", inst.id)
        stored = {a.item_id: Entry.of(a) for a in checklist.answers}
        assert incomplete_numbers(checklist, stored) == incomplete_numbers(checklist) == [low.number]
        with pytest.raises(ValidationError) as from_answers:
            complete_checklist(session, checklist.id)
        with pytest.raises(ValidationError) as from_entries:
            complete_checklist(session, checklist.id, entries=stored)
        assert str(from_entries.value) == str(from_answers.value)
        assert low.number in str(from_entries.value)
        missing_one = {**stored, low.item_id: Entry(1, remark="手順書がない")}
        del missing_one[sheet.items[0].item_id]
        assert incomplete_numbers(checklist, missing_one) == [sheet.items[0].number]
        done = {**stored, low.item_id: Entry(1, remark="手順書がない")}
        save_answer(session, 2014, "self", inst.id, low.item_id, done[low.item_id])
        complete_checklist(session, checklist.id, entries=done)
        assert checklist.status == "complete"


def test_completed_checklist_is_read_only_until_reopened_and_reopening_is_recorded(demo_db):
    with demo_db.transaction() as session:
        inst = _inst(session, "101")
        checklist = find_checklist(session, 2013, "self", inst.id)
        item_id = checklist.answers[0].item_id
        with pytest.raises(ValidationError, match="完了済み"):
            save_answer(session, 2013, "self", inst.id, item_id, Entry(2, remark="x"))
        reopen_checklist(session, checklist.id, "記入誤りの訂正")
        save_answer(session, 2013, "self", inst.id, item_id, Entry(2, remark="訂正"))
        events = checklist_events(session, checklist.id)
        assert [(e.action, e.note) for e in events] == [("reopen", "記入誤りの訂正")]
    with demo_db.session() as session:
        # a reopened checklist leaves the averages until it is completed again
        assert year_summary(session, 2013)["self"].results == 18


def test_item_applicability_per_kind(demo_db):
    with demo_db.session() as session:
        inst = _inst(session, "101")
        self_numbers = [row.number for row in load_sheet(session, 2013, "self", inst.id).items]
        internal_numbers = [row.number for row in load_sheet(session, 2013, "internal", inst.id).items]
        assert "10-1" in self_numbers and "10-1" not in internal_numbers
        assert len(internal_numbers) == len(self_numbers) - 1


def test_an_item_of_another_kind_cannot_be_answered(demo_db):
    with demo_db.transaction() as session:
        inst = _inst(session, "103")
        item = next(row for row in load_sheet(session, 2014, "self", inst.id).items if row.number == "10-1")
        with pytest.raises(ValidationError, match="対象外"):
            save_answer(session, 2014, "internal", inst.id, item.item_id, Entry(3))


def test_institution_outside_the_registry_year_is_refused(demo_db):
    with demo_db.session() as session:
        with pytest.raises(ValidationError, match="機関台帳にありません"):
            load_sheet(session, 2001, "self", _inst(session, "101").id)


def test_items_under_three_and_category_averages_match_the_demo_definition(demo_db):
    with demo_db.session() as session:
        low = items_under_three(session, 2008, "internal")
        # nagano.toml: the five 2008 internal audits list 13 + 12 + 12 + 12 + 12 scores under 3
        assert len(low) == 61
        assert (low[0].institution_code, low[0].number, low[0].score) == ("101", "1-2", 2)
        assert low[0].remark == "セキュリティ会議で規程の遵守状況を確認した記録がない。"
        categories = {c.name: c for c in category_averages(session, 2008, "internal")}
        assert len(categories) == 10
        assert categories["点検・監査"].average == 3 and categories["点検・監査"].institutions == 5
        # 組織体制 has 5 items: 101 has 1-2,1-3 at 2 → 13/5; 102 → 3; 103 1-2:2,1-3:1 → 12/5;
        # 201 1-2,1-3 at 2 → 13/5; 202 → 3. Mean of the five institution scores:
        expected = (Fraction(13, 5) + 3 + Fraction(12, 5) + Fraction(13, 5) + 3) / 5
        assert categories["組織体制"].average == expected
        assert not items_under_three(session, 2013, "self")


@pytest.mark.parametrize(
    "value, expected",
    [(3, (3, False)), (2.0, (2, False)), ("１", (1, False)), (" 3 ", (3, False)), ("該当なし", (None, True)),
     (None, (None, False)), ("", (None, False))],
)
def test_score_values_accepted(value, expected):
    assert parse_score_value(value) == expected


@pytest.mark.parametrize("value", [0, 4, 2.5, "4", "x", "該当", True])
def test_score_values_refused(value):
    with pytest.raises(ValueError):
        parse_score_value(value)


def test_figures_command_reports_categories_and_items_under_three(demo_path, capsys):
    import json

    from jukidesk.cli import main

    assert main(["checklist", "figures", "--db", str(demo_path), "--fy", "2008", "--kind", "内部監査", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["categories"]) == 10 and len(data["under_three"]) == 61
    assert data["categories"][-1] == {"code": "10", "name": "点検・監査", "average": "3.00", "institutions": 5}
    with pytest.raises(SystemExit) as exit_info:
        main(["checklist", "figures", "--db", str(demo_path), "--fy", "2008", "--kind", "audit"])
    assert exit_info.value.code == 2


def test_dry_run_checks_without_storing(demo_path, tmp_path, capsys):
    import openpyxl

    from jukidesk.cli import main
    from tests.conftest import sql_dump

    out = tmp_path / "out"
    assert main(["checklist", "export", "--db", str(demo_path), "--fy", "2014", "--kind", "self", "--out", str(out),
                 "--institution", "301"]) == 0
    (path,) = out.glob("*.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["チェックリスト"]["D8"].value = 3
    wb.save(path)
    before = sql_dump(demo_path)
    assert main(["checklist", "import", "--db", str(demo_path), str(path), "--dry-run"]) == 0
    assert "新規 1 項目" in capsys.readouterr().out
    assert sql_dump(demo_path) == before


def test_answered_and_average_count_the_same_entries_with_missing_remarks_apart():
    from fractions import Fraction

    from jukidesk.core.checklists import ChecklistSheet, Entry, ItemRow

    def row(n, entry):
        return ItemRow(n, f"1-{n}", "", "", False, "1", "", entry=entry)

    sheet = ChecklistSheet(2014, "self", 1, "101", "", "", 1, "", 1, None, "open", "", None, None, [
        row(1, Entry(3)), row(2, Entry(2)), row(3, Entry(None, True)), row(4, Entry(1, False, "理由")),
        row(5, Entry(3, confirmed=False)), row(6, None),
    ])
    assert sheet.answered == 4 and sheet.missing_remarks == 1
    assert sheet.score == Fraction(3 + 2 + 1, 3)
    assert sheet.status_text() == "4 / 6 入力済（備考なし 1）　未確認 1　平均 2.00"
    assert not sheet.can_complete


def test_a_low_score_changed_to_3_or_not_applicable_loses_its_remark():
    from jukidesk.core.checklists import Entry

    assert Entry(2, False, "理由").rescored(3) == Entry(3, False, "")
    assert Entry(2, False, "理由").rescored(None, True) == Entry(None, True, "")
    assert Entry(2, False, "理由").rescored(1) == Entry(1, False, "理由")
    assert Entry(3, False, "補足").rescored(3) == Entry(3, False, "補足")
    assert Entry(3, False, "補足", confirmed=False).rescored(3).confirmed


def test_a_sheet_read_in_the_same_transaction_sees_changes_not_flushed_yet(demo_db):
    """load_sheet reads plain table columns; like an ORM query it flushes pending changes first."""
    from jukidesk.core.checklists import ensure_checklist, set_cover

    with demo_db.transaction() as session:
        saku = _inst(session, "201")
        checklist = ensure_checklist(session, 2014, "self", saku.id)
        assert set_cover(session, checklist, "山田 花子", None)  # pending, not flushed
        assert load_sheet(session, 2014, "self", saku.id).filled_by == "山田 花子"
