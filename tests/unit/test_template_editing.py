"""The template editor's rules, Qt-free: the version rule said before saving (core.templates.
plan_save, shared with the Excel import), the diff of an unsaved definition, renumbering and
the refusal of duplicate numbers naming the items."""

from __future__ import annotations

import copy
import sqlite3

import pytest

from jukidesk.actions import checklists as act
from jukidesk.base.errors import ValidationError
from jukidesk.core.templates import ItemDefinition, renumbered


def _with_new_item(definition, text="USBメモリの持ち出しを記録しているか"):
    changed = copy.deepcopy(definition)
    changed.categories[0].items.insert(0, ItemDefinition("1-99", text))
    return changed


def test_the_rule_is_told_before_saving_and_followed_by_the_save(demo_db, demo_path):
    current = act.current_template(demo_db)
    assert sum(len(c.items) for c in current.categories) == 50
    assert act.preview_template(demo_db, current).action == "unchanged"

    edited = _with_new_item(current)
    preview = act.preview_template(demo_db, edited, 2015)
    assert preview.action == "new_version" and preview.plan.version == 2 and preview.plan.from_fy == 2015
    assert preview.plan.answered == (2008, 2009, 2010, 2011, 2012, 2013)
    assert preview.plan.text() == (
        "第1版には回答があるため（2008年度～2013年度）書き換えず、第2版を作って2015年度から使います。"
        "これまでの回答と平均点は変わりません。"
    )
    assert preview.diff.counts()["added"] == 1 and preview.diff.counts()["unchanged"] == 50
    with pytest.raises(ValidationError, match="2014年度以降から適用してください"):
        act.preview_template(demo_db, edited, 2013)  # the same refusal as the save and the Excel import
    with pytest.raises(ValidationError, match="2014年度以降から適用してください"):
        act.save_template(demo_db, edited, 2013)

    saved = act.save_template(demo_db, edited, 2015).value
    assert (saved.version, saved.valid_from_fy, saved.action) == (2, 2015, "new_version")
    # version 2 has no answers: the next change edits it in place, and says so first
    again = renumbered(_with_new_item(act.current_template(demo_db), "第2版で足した項目"))
    preview = act.preview_template(demo_db, again, 2015)
    assert preview.action == "edited" and preview.plan.text() == (
        "第2版にはまだ回答がないため、この版をそのまま書き換えます（2015年度から適用）。"
    )
    assert act.save_template(demo_db, again, 2015).value.action == "edited"
    with sqlite3.connect(demo_path) as con:
        rows = con.execute(
            "SELECT t.version, i.number, i.text FROM template_item i JOIN checklist_template t ON t.id = i.template_id"
            " WHERE t.version = 2 ORDER BY i.position LIMIT 3"
        ).fetchall()
        versions = con.execute("SELECT count(*) FROM checklist_template").fetchone()[0]
    assert versions == 2
    assert rows == [(2, "1-1", "第2版で足した項目"), (2, "1-2", "USBメモリの持ち出しを記録しているか"), (2, "1-3", rows[2][2])]


def test_duplicate_numbers_are_refused_naming_the_items(demo_db):
    edited = _with_new_item(act.current_template(demo_db))
    edited.categories[0].items[0].number = "1-1"
    with pytest.raises(ValidationError) as refused:
        act.preview_template(demo_db, edited, 2015)
    message = str(refused.value)
    assert message.startswith("項目番号が重複しています: 1-1（「USBメモリの持ち出しを記録しているか」と「住基ネットの")
    assert "番号を振り直す" in message
    assert act.preview_template(demo_db, renumbered(edited), 2015).action == "new_version"


def test_renumbering_follows_the_order():
    from jukidesk.core.templates import CategoryDefinition, TemplateDefinition

    definition = TemplateDefinition(
        "t",
        [
            CategoryDefinition("9", "a", [ItemDefinition("x", "一"), ItemDefinition("y", "二")]),
            CategoryDefinition("8", "b", [ItemDefinition("1-1", "三")]),
        ],
    )
    result = renumbered(definition)
    assert [(c.code, [i.number for i in c.items]) for c in result.categories] == [("1", ["1-1", "1-2"]), ("2", ["2-1"])]
    assert [i.number for c in definition.categories for i in c.items] == ["x", "y", "1-1"]  # the original is kept
