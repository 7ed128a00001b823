"""Checklist revisions: the diff of two template versions, carrying answers forward only to
unchanged questions (未確認 until re-checked, 要再回答 for reworded items), and year-over-year
comparisons that leave out the items that are not comparable."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import select

from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import YearStyle
from jukidesk.cli import main
from jukidesk.core import checklists
from jukidesk.core.carry_forward import start_from_previous
from jukidesk.core.checklists import Entry, complete_checklist, find_checklist, load_sheet, save_answer
from jukidesk.core.registry import list_institutions
from jukidesk.core.revisions import (
    ItemSide,
    comparable_items,
    diff_items,
    diff_templates,
    low_score_counts,
    year_over_year,
)
from jukidesk.core.scoring import checklist_score, mean
from jukidesk.core.settings import load_settings
from jukidesk.core.templates import definition_of, latest_template, save_template
from jukidesk.reports.charts import low_score_heatmap
from jukidesk.storage.models import Answer, Checklist, TemplateItem

REWORDED = "4-3"  # its text is reworded in version 2
REWORDED_TEXT = "許可者以外が入室する際は、入退室記録簿に記帳させ、職員が常に立ち会い、記録簿を毎月点検しているか。"
MOVED_FROM, MOVED_TO = "1-1", "1-9"  # the same text under a new number
ADDED = "10-9"
REMOVED = "2-5"


def _side(i, number, text, category="A"):
    return ItemSide(i, number, text, category)


def test_diff_classifies_added_removed_reworded_moved():
    old = [
        _side(1, "1", "操作者の名簿を毎年4月に更新しているか。"),
        _side(2, "2", "端末のパスワードは8文字以上か。"),
        _side(3, "3", "研修の記録を残しているか。"),
        _side(4, "4", "入退室記録簿を備えているか。"),
    ]
    new = [
        _side(11, "1", "操作者の名簿を毎年4月に更新しているか。"),  # unchanged
        _side(12, "2", "端末のパスワードは12文字以上か。"),  # reworded (same number)
        _side(14, "3", "入退室記録簿を備えているか。"),  # moved (same text, new number)
        _side(15, "5", "委託先のプライバシーマークを確認しているか。"),  # added
        _side(16, "6", "研修の記録を残しているか。", category="B"),  # moved to another category
    ]
    changes = {(c.old.item_id if c.old else None, c.new.item_id if c.new else None): c.change for c in diff_items(old, new)}
    assert changes == {
        (1, 11): "unchanged",
        (2, 12): "reworded",
        (4, 14): "moved",
        (None, 15): "added",
        (3, 16): "moved",
    }
    assert "removed" not in changes.values()
    removed = diff_items(old, new[:2])
    assert [c.old.number for c in removed if c.change == "removed"] == ["3", "4"]
    # full-width digits and blanks do not make a change
    same = diff_items([_side(1, "1", "パスワードは８文字以上か。")], [_side(2, "1", "パスワードは 8文字以上か。")])
    assert same[0].change == "unchanged"


def _new_version(session):
    """Version 2 from FY2014: one item reworded, one renumbered, one added, one removed."""
    definition = copy.deepcopy(definition_of(latest_template(session)))
    items = {item.number: item for cat in definition.categories for item in cat.items}
    items[REWORDED].text = REWORDED_TEXT
    items[MOVED_FROM].number = MOVED_TO
    definition.categories[-1].items.append(copy.deepcopy(items["2-1"]))
    definition.categories[-1].items[-1].number = ADDED
    definition.categories[-1].items[-1].text = "前回の監査の指摘事項について、改善計画を期限内に報告しているか。"
    for cat in definition.categories:
        cat.items = [item for item in cat.items if item.number != REMOVED]
    result = save_template(session, definition, from_fy=2014)
    assert result.action == "new_version"
    return result.template


def test_template_diff_of_the_demo_revision_and_cli(demo_db, demo_path, capsys):
    with demo_db.transaction() as session:
        _new_version(session)
    with demo_db.session() as session:
        from jukidesk.core.revisions import find_version

        diff = diff_templates(find_version(session, 1), find_version(session, 2))
    counts = diff.counts()
    assert counts == {"added": 1, "removed": 1, "reworded": 1, "moved": 1, "unchanged": 47}
    assert [c.new.number for c in diff.of("reworded")] == [REWORDED]
    assert [(c.old.number, c.new.number) for c in diff.of("moved")] == [(MOVED_FROM, MOVED_TO)]
    assert len(diff.links()) == 48  # unchanged + moved: the same questions

    assert main(["template", "diff", "--db", str(demo_path), "--from-version", "1", "--to-version", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["reworded"] == 1
    assert {c["change"] for c in data["changes"]} == {"added", "removed", "reworded", "moved"}
    assert main(["template", "diff", "--db", str(demo_path), "--from-version", "1", "--to-version", "2"]) == 0
    out = capsys.readouterr().out
    assert "文言変更　4-3" in out and "移動　1-9" in out and "番号 1-1 → 1-9" in out
    assert main(["template", "diff", "--db", str(demo_path), "--from-version", "1", "--to-version", "7"]) == 1
    assert "第7版がありません" in capsys.readouterr().err


def _carry_all(session, fy=2014, kind="self"):
    return {
        inst.code: start_from_previous(session, fy, kind, inst.id) for inst in list_institutions(session, fy)
    }


def test_a_reworded_item_is_not_carried_forward_and_is_marked_for_reanswer(demo_db):
    with demo_db.transaction() as session:
        _new_version(session)
        results = _carry_all(session)
    fire = results["101"]
    assert fire.reanswer == (REWORDED,)
    assert fire.new_items == (ADDED,)
    assert fire.carried == 48  # 50 - reworded - removed; the moved item is carried
    with demo_db.session() as session:
        inst = next(i for i in list_institutions(session, 2014) if i.code == "101")
        sheet = load_sheet(session, 2014, "self", inst.id)
        rows = {row.number: row for row in sheet.items}
        assert rows[REWORDED].entry is None and rows[REWORDED].reanswer
        assert rows[REWORDED].previous is None  # last year's answer was to another question
        assert rows[MOVED_TO].entry is not None and not rows[MOVED_TO].entry.confirmed
        assert rows[MOVED_TO].previous is not None  # same question under its new number
        assert rows[ADDED].entry is None and not rows[ADDED].reanswer
        # every carried answer is 未確認: nothing counts as entered, completion is refused
        assert sheet.answered == 0
        statuses = set(session.scalars(select(Answer.status).join(Checklist).where(Checklist.fy == 2014)))
        assert statuses == {"unconfirmed"}
        checklist_id = sheet.checklist_id
    with pytest.raises(ValidationError, match="未確認"):
        with demo_db.transaction() as session:
            complete_checklist(session, checklist_id)
    # starting again over answers is refused
    with pytest.raises(ValidationError, match="既に回答があります"):
        with demo_db.transaction() as session:
            start_from_previous(session, 2014, "self", inst.id)
    # re-typing the same score confirms the answer: a re-checked item is told apart
    with demo_db.transaction() as session:
        item_id = rows[MOVED_TO].item_id
        save_answer(session, 2014, "self", inst.id, item_id, Entry(rows[MOVED_TO].entry.score, False, rows[MOVED_TO].entry.remark))
    with demo_db.session() as session:
        sheet = load_sheet(session, 2014, "self", inst.id)
        confirmed = [row.number for row in sheet.items if row.entry is not None and row.entry.confirmed]
        assert confirmed == [MOVED_TO] and sheet.answered == 1


def _finish_2014(demo_db, reworded_score: int):
    """Confirm every carried answer, answer the new items, complete every checklist."""
    with demo_db.transaction() as session:
        _new_version(session)
        _carry_all(session)
    with demo_db.transaction() as session:
        for checklist in session.scalars(select(Checklist).where(Checklist.fy == 2014, Checklist.kind == "self")):
            for item in checklists.applicable_items(checklist.template, "self"):
                answer = next((a for a in checklist.answers if a.item_id == item.id), None)
                if answer is not None:
                    entry = Entry(answer.score, bool(answer.not_applicable), answer.remark)
                elif item.number == REWORDED:
                    entry = Entry(reworded_score, False, "記録簿の毎月の点検をしていない。")
                else:
                    entry = Entry(3)
                checklists.write_entry(session, checklist, item, entry)
            session.flush()
            complete_checklist(session, checklist.id)


def test_a_reworded_item_is_excluded_from_year_over_year_comparison(demo_db, capsys, demo_path):
    _finish_2014(demo_db, reworded_score=1)
    with demo_db.session() as session:
        comparison = year_over_year(session, 2014, "self")
        assert comparison.compared_items == 48
        excluded = {item.number for item in comparison.comparability.excluded}
        assert excluded == {REWORDED, ADDED, REMOVED}
        assert "3 項目を除いています" in comparison.comparability.note()
        # recompute by hand over the comparable items only (matched by text, not number)
        old_template_items = {i.id: i for i in session.scalars(select(TemplateItem).join(TemplateItem.template)) if i.template.version == 1}
        comparable_texts = {i.text for i in old_template_items.values() if i.number not in (REWORDED, REMOVED)}

        def by_hand(fy):
            per_institution = []
            for checklist in session.scalars(select(Checklist).where(Checklist.fy == fy, Checklist.kind == "self")):
                per_institution.append(
                    checklist_score(a.score for a in checklist.answers if a.item.text in comparable_texts)
                )
            return mean(per_institution)

        assert comparison.current == by_hand(2014) == 3  # the reworded item's 1 point is left out
        assert comparison.previous == by_hand(2013)
        # with the reworded item the year would not be 3.00: the exclusion is what keeps it
        from jukidesk.core.summary import year_summary

        assert year_summary(session, 2014)["self"].average < 3
        heat = low_score_heatmap(session, YearStyle.from_settings(load_settings(session)), [2013, 2014], "self")
        assert REWORDED not in [number for number, _ in heat.items] and heat.excluded == 3
        assert MOVED_TO in [number for number, _ in heat.items]
        assert "除いています" in heat.note
    assert main(["report", "compare", "--db", str(demo_path), "--fy", "2014", "--kind", "self"]) == 0
    out = capsys.readouterr().out
    assert "比較できる 48 項目" in out and "H25 3.00 → H26 3.00" in out and "4-3" in out


def test_comparable_items_of_one_version_leave_nothing_out(demo_db):
    with demo_db.session() as session:
        comparability = comparable_items(session, range(2008, 2014), "self")
        assert len(comparability.items) == 50 and comparability.excluded == () and comparability.note() == ""


def test_cli_checklist_carry_is_all_or_nothing(demo_db, demo_path, capsys):
    with demo_db.transaction() as session:
        _new_version(session)
    from tests.conftest import sql_dump

    before = sql_dump(demo_path)
    assert main(["checklist", "carry", "--db", str(demo_path), "--fy", "2014", "--kind", "self", "--institution", "101", "999"]) == 1
    assert "999" in capsys.readouterr().err
    assert sql_dump(demo_path) == before
    assert main(["checklist", "carry", "--db", str(demo_path), "--fy", "2014", "--kind", "self", "--institution", "all"]) == 0
    out = capsys.readouterr().out
    assert out.count("を「未確認」として引き継ぎました") == 19 and "要再回答: 4-3" in out
    with demo_db.session() as session:
        assert len(session.scalars(select(Checklist).where(Checklist.fy == 2014)).all()) == 19
        assert find_checklist(session, 2014, "internal", 1) is None


def test_low_score_counts_are_the_institutions_under_three_counted_by_hand(demo_db):
    """The heat map's counts, counted by SQLite per year, version and item, are what counting
    each completed checklist's comparable answers by hand gives, over two template versions
    (2008–2013 on the first, 2014 on the revision with a reworded item scored 1)."""
    _finish_2014(demo_db, reworded_score=1)
    years = list(range(2008, 2015))
    with demo_db.session() as session:
        comparability = comparable_items(session, years, "self")
        text_of = {item.item_id: item.text for item in comparability.items}
        counts = {(text_of[item_id], fy): n for (item_id, fy), n in low_score_counts(session, years, "self", comparability).items()}
        by_hand: dict[tuple[str, int], int] = {}
        for checklist in session.scalars(
            select(Checklist).where(Checklist.fy.in_(years), Checklist.kind == "self", Checklist.status == "complete")
        ):
            for answer in checklist.answers:
                if answer.item.text in text_of.values() and answer.score is not None and answer.score < 3:
                    key = (answer.item.text, checklist.fy)
                    by_hand[key] = by_hand.get(key, 0) + 1
    assert counts == by_hand
    assert {fy for _text, fy in counts} >= {2008, 2009}  # the demo's early years have scores under 3
    assert all(fy != 2014 for _text, fy in counts)  # the reworded item's 1 point is not comparable
