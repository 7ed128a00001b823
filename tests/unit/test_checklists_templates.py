"""Template versioning (copy forward) and the template Excel sheet."""

import copy
import json

import openpyxl
import pytest
from sqlalchemy import select

from jukidesk.base.errors import ValidationError
from jukidesk.base.paths import resource
from jukidesk.cli import main
from jukidesk.core.checklists import Entry, find_checklist, load_sheet, save_answer
from jukidesk.core.summary import year_summary
from jukidesk.core.templates import (
    definition_of,
    latest_template,
    list_templates,
    read_template_toml,
    save_template,
    template_for_year,
)
from jukidesk.exchange.template_xlsx import read_template_xlsx, write_template_xlsx
from jukidesk.storage.models import Answer, Institution
from tests.conftest import sql_dump


def _edited(definition):
    changed = copy.deepcopy(definition)
    changed.categories[0].items[0].text = "セキュリティ責任者の役割が規程に定められ、周知されているか。"
    return changed


def test_editing_a_template_with_answers_makes_a_new_version_for_the_coming_year(demo_db):
    with demo_db.session() as session:
        before_2013 = {k: s.average for k, s in year_summary(session, 2013).items()}
        before_2008 = {k: s.average for k, s in year_summary(session, 2008).items()}
    with demo_db.transaction() as session:
        old = latest_template(session)
        old_item = old.items[0]
        result = save_template(session, _edited(definition_of(old)))
        assert result.action == "new_version"
        new = result.template
        assert (new.version, new.valid_from_fy) == (2, 2014)  # demo answers run to FY2013
        assert template_for_year(session, 2013).id == old.id
        assert template_for_year(session, 2014).id == new.id
        assert new.items[0].text.startswith("セキュリティ責任者の役割")
        assert old_item.text.startswith("住基ネットのセキュリティ責任者")  # the old version is untouched
    with demo_db.session() as session:
        # past answers still point at the item version they answered
        answered_items = set(session.scalars(select(Answer.item_id)))
        assert answered_items <= {item.id for item in list_templates(session)[0].items}
        assert {k: s.average for k, s in year_summary(session, 2013).items()} == before_2013
        assert {k: s.average for k, s in year_summary(session, 2008).items()} == before_2008
        # a new year's checklist uses the new version
        saku = session.scalars(select(Institution).where(Institution.code == "201")).one()
        assert load_sheet(session, 2014, "self", saku.id).template_version == 2


def test_a_new_version_may_not_reach_back_into_answered_years(demo_db):
    with demo_db.transaction() as session:
        with pytest.raises(ValidationError, match="2014年度以降"):
            save_template(session, _edited(definition_of(latest_template(session))), from_fy=2013)


def test_an_unchanged_definition_changes_nothing(demo_path):
    from jukidesk.storage.database import open_database

    before = sql_dump(demo_path)
    db = open_database(demo_path)
    try:
        with db.transaction() as session:
            assert save_template(session, definition_of(latest_template(session))).action == "unchanged"
    finally:
        db.close()
    assert sql_dump(demo_path) == before


def test_a_version_without_answers_is_edited_in_place(empty_db):
    definition = read_template_toml(resource("templates", "standard_checklist.toml"))
    with empty_db.transaction() as session:
        first = save_template(session, definition, from_fy=2020)
        assert first.action == "new_version" and first.template.version == 1
        again = save_template(session, _edited(definition), from_fy=2020)
        assert again.action == "edited" and again.template.id == first.template.id
        assert len(list_templates(session)) == 1
        assert latest_template(session).items[0].text.startswith("セキュリティ責任者の役割")


def test_empty_checklists_of_the_coming_year_follow_the_new_version(demo_db):
    with demo_db.transaction() as session:
        saku = session.scalars(select(Institution).where(Institution.code == "201")).one()
        sheet = load_sheet(session, 2014, "self", saku.id)
        save_answer(session, 2014, "self", saku.id, sheet.items[0].item_id, Entry(3))
        save_answer(session, 2014, "self", saku.id, sheet.items[0].item_id, None)  # cleared again
        assert find_checklist(session, 2014, "self", saku.id) is not None
        new = save_template(session, _edited(definition_of(latest_template(session))), from_fy=2014).template
        assert find_checklist(session, 2014, "self", saku.id).template_id == new.id


def test_template_sheet_round_trip(demo_db, tmp_path):
    path = tmp_path / "template.xlsx"
    with demo_db.session() as session:
        template = latest_template(session)
        write_template_xlsx(template, path)
        original = definition_of(template)
    definition, problems = read_template_xlsx(path)
    assert problems == []
    assert definition == original
    # the self-only item keeps its applicability, spelled in Japanese in the sheet
    ws = openpyxl.load_workbook(path).active
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "10-1")
    assert ws.cell(row, 6).value == "自己点検"


def _sheet(tmp_path, rows, name="自治体の点検表"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "テンプレート"
    ws.append(["名称", name])
    ws.append(["区分", "番号", "項目", "確認の着眼点", "重要", "対象区分"])
    for row in rows:
        ws.append(row)
    path = tmp_path / "mine.xlsx"
    wb.save(path)
    return path


def test_an_organisations_own_sheet_is_read(tmp_path):
    path = _sheet(
        tmp_path,
        [
            ["体制", "1", "責任者を定めているか。", "", "", ""],
            ["体制", 2, "名簿を更新しているか。", "名簿を見る", "○", "自己点検、内部監査"],
            ["端末", "3", "インターネットに接続していないか。", "", "○", ""],
        ],
    )
    definition, problems = read_template_xlsx(path)
    assert problems == []
    assert definition.name == "自治体の点検表"
    assert [c.name for c in definition.categories] == ["体制", "端末"]
    item = definition.categories[0].items[1]
    assert (item.number, item.important, item.kinds) == ("2", True, ("self", "internal"))


def test_bad_template_rows_are_reported_with_their_cells(tmp_path):
    path = _sheet(
        tmp_path,
        [
            ["体制", "1", "責任者を定めているか。", "", "", ""],
            ["体制", "1", "重複した番号。", "", "", ""],
            ["体制", "2", "", "", "", ""],
            ["体制", "3", "区分が変。", "", "", "監査"],
            ["体制", "4", "=1+1", "", "", ""],
            ["体制", "5", "重要が変。", "", "たぶん", ""],
        ],
    )
    definition, problems = read_template_xlsx(path)
    assert definition is None
    cells = {p.cell: p.message for p in problems}
    assert "重複" in cells["B4"] and "空" in cells["C5"] and "監査" in cells["F6"]
    assert "数式" in cells["C7"] and "○" in cells["E8"]
    assert all(p.sheet == "テンプレート" and p.file == "mine.xlsx" for p in problems)


def test_template_cli_export_and_import(demo_path, tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert main(["template", "export", "--db", str(demo_path), "--out", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    ws["C4"].value = "役割分担が規程に定められているか。"
    wb.save(out)
    assert main(["template", "import", "--db", str(demo_path), str(out)]) == 0
    assert "新しい版" in capsys.readouterr().out
    assert main(["template", "list", "--db", str(demo_path), "--json"]) == 0
    versions = json.loads(capsys.readouterr().out)
    assert [(v["version"], v["valid_from_fy"]) for v in versions] == [(1, 2008), (2, 2014)]
    assert versions[0]["answered_years"] == list(range(2008, 2014))
    # a broken sheet: exit 1, the cell named, nothing stored
    ws["B5"].value = "1-1"
    wb.save(out)
    before = sql_dump(demo_path)
    assert main(["template", "import", "--db", str(demo_path), str(out)]) == 1
    assert "セル B5" in capsys.readouterr().err
    assert sql_dump(demo_path) == before


def test_an_organisations_own_list_is_found_by_its_headers(tmp_path, demo_path, capsys):
    """Issue 16: the list a prefecture already keeps (番号, 点検項目, 章, 着眼点 in its own
    order, a title above, a merged 章 cell, extra columns for answers) becomes a template."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "R6点検表"
    ws.append(["住基ネット セキュリティ点検表（みなみ県）"])
    ws.append([])
    ws.append(["Ｎｏ．", "点 検 項 目", "章", "着眼点（監査用）", "評価", "備考"])
    ws.append(["１－１", "責任者を定めているか。", "第1章 組織体制", "任命文書", None, None])
    ws.append(["1-2", "名簿を更新しているか。", None, "", None, None])  # the 章 cell merged above
    ws.merge_cells("C4:C5")
    ws.append(["2-1", "=+規程を定めているか。", "第2章 規程", "", None, None])
    path = tmp_path / "自前の点検表.xlsx"
    wb.save(path)
    definition, problems = read_template_xlsx(path)
    assert len(problems) == 1 and definition is None and "数式" in problems[0].message and problems[0].cell == "B6"

    ws["B6"].value = "規程を定めているか。"
    wb.save(path)
    definition, problems = read_template_xlsx(path)
    assert problems == []
    assert [(c.name, [(i.number, i.text, i.guidance) for i in c.items]) for c in definition.categories] == [
        ("第1章 組織体制", [("1-1", "責任者を定めているか。", "任命文書"), ("1-2", "名簿を更新しているか。", "")]),
        ("第2章 規程", [("2-1", "規程を定めているか。", "")]),
    ]

    # a CSV (CP932) with chapter heading rows and no 章 column
    csv_path = tmp_path / "点検表.csv"
    csv_path.write_bytes(
        "番号,項目,着眼点\r\n,1 組織体制,\r\n1-1,責任者を定めているか。,任命文書\r\n,2 端末,\r\n2-1,端末を施錠しているか。,\r\n".encode("cp932")
    )
    definition, problems = read_template_xlsx(csv_path)
    assert problems == []
    assert [(c.name, [i.number for i in c.items]) for c in definition.categories] == [
        ("1 組織体制", ["1-1"]),
        ("2 端末", ["2-1"]),
    ]
    assert main(["template", "import", "--db", str(demo_path), str(csv_path)]) == 0
    assert "点検表" in capsys.readouterr().out
