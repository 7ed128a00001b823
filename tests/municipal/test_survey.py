"""The yearly 調査票 (issue 18) on a copy of the city demo, through the command line and the
real SQLite file: the demo's 未整備 items are exactly the register's 未整備 procedures, a new
year carries last year's answers as 未確認 (未整備 from the register), a disagreement with
the register is a warning, the workbook reads back as printed A4 sheets, and a wrong item
list is refused naming its row without changing anything."""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest

from jukidesk.cli import main
from tests.conftest import sql_dump

from .conftest import DEMO_FY


def _status(capsys, path, fy) -> dict:
    capsys.readouterr()
    assert main(["survey", "status", "--db", str(path), "--fy", str(fy), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _register_missing(path) -> set[str]:
    import sqlite3

    con = sqlite3.connect(path)
    try:
        return {row[0] for row in con.execute("SELECT title FROM rule_document WHERE status = 'missing'")}
    finally:
        con.close()


def test_the_city_demo_survey_lists_exactly_the_registers_missing_procedures(city_path, capsys):
    data = _status(capsys, city_path, DEMO_FY)
    missing_items = [item for item in data["items"] if item["status"] == "missing"]
    assert missing_items, "the demo reports at least one 未整備 item"
    listed = {title for item in missing_items for title in item["procedures"]}
    assert listed == _register_missing(city_path) == {"ログ解析手順書"}
    # … and no item tied to a 整備済 procedure says 未整備, none tied to a 未整備 one says otherwise
    assert data["warnings"] == []
    assert all(item["status"] == "missing" for item in data["items"] if "ログ解析手順書" in item["procedures"])
    assert len(data["items"]) == 34 and data["previous_fy"] == DEMO_FY - 1


def test_a_new_year_carries_last_years_answers_as_unconfirmed_and_the_register_prefills(city_path, capsys):
    import sqlite3

    before = {i["number"]: i for i in _status(capsys, city_path, DEMO_FY)["items"]}
    # The register now says the 操作者カード管理手順書 is missing: item 5-3 (done last year) starts 未整備.
    con = sqlite3.connect(city_path)
    con.execute("UPDATE rule_document SET status = 'missing' WHERE title = '操作者カード管理手順書'")
    con.commit()
    con.close()
    assert main(["survey", "start", "--db", str(city_path), "--fy", str(DEMO_FY + 1)]) == 0
    assert "未整備 1 件" in capsys.readouterr().out
    after = {i["number"]: i for i in _status(capsys, city_path, DEMO_FY + 1)["items"]}
    assert not any(item["confirmed"] for item in after.values())
    for number, item in after.items():
        expected = "missing" if number == "5-3" else before[number]["status"]
        assert item["status"] == expected, number
        assert item["label"].startswith("未確認"), number
        assert item["note"] == before[number]["note"]
    assert after["5-3"]["label"] == "未確認（未整備）"
    # Starting the same year twice is refused.
    assert main(["survey", "start", "--db", str(city_path), "--fy", str(DEMO_FY + 1)]) != 0
    assert "既に開始" in capsys.readouterr().err
    # Reviewing an item confirms it.
    assert main(["survey", "answer", "--db", str(city_path), "--fy", str(DEMO_FY + 1), "4-1", "整備・運用済"]) == 0
    item = {i["number"]: i for i in _status(capsys, city_path, DEMO_FY + 1)["items"]}["4-1"]
    assert item["confirmed"] and item["label"] == "整備・運用済"


@pytest.mark.parametrize(
    ("number", "status", "expected"),
    [
        ("5-6", "整備・運用済", "関連する「ログ解析手順書」は例規・手順書の一覧で未整備です"),
        ("4-6", "未整備", "関連する「記録媒体管理手順書」は例規・手順書の一覧で整備済です"),
    ],
)
def test_a_mismatch_with_the_register_is_a_warning_either_way(city_path, capsys, number, status, expected):
    assert main(["warnings", "--db", str(city_path)]) == 0
    assert "調査票" not in capsys.readouterr().out
    assert main(["survey", "answer", "--db", str(city_path), "--fy", str(DEMO_FY), number, status]) == 0
    data = _status(capsys, city_path, DEMO_FY)
    assert len(data["warnings"]) == 1 and expected in data["warnings"][0] and number in data["warnings"][0]
    assert main(["warnings", "--db", str(city_path)]) == 0
    out = capsys.readouterr().out
    assert "[調査票と例規・手順書の不一致]" in out and expected in out


def test_an_unknown_answer_is_refused(city_path, capsys):
    before = sql_dump(city_path)
    assert main(["survey", "answer", "--db", str(city_path), "--fy", str(DEMO_FY), "5-6", "たぶん"]) != 0
    assert "整備・運用済・一部未整備・未整備・該当なし" in capsys.readouterr().err
    assert main(["survey", "answer", "--db", str(city_path), "--fy", str(DEMO_FY), "99-9", "未整備"]) != 0
    assert "99-9" in capsys.readouterr().err
    assert sql_dump(city_path) == before


def test_the_export_reads_back_as_printable_a4_sheets(city_path, tmp_path, capsys):
    out = tmp_path / "調査票.xlsx"
    assert main(["survey", "export", "--db", str(city_path), "--fy", str(DEMO_FY), "--xlsx", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["回答一覧", "未整備の項目と手順", "前年度からの変更"]
    for ws in book.worksheets:
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows == "$3:$3"
        assert ws.print_area, ws.title
    answers = book["回答一覧"]
    assert "令和8年度" in answers["A1"].value
    assert answers.print_area == f"'回答一覧'!$A$1:$G${3 + 34 + 2}"  # the counts under the table
    assert answers.cell(3 + 34 + 2, 1).value.startswith("集計　項目 34 件: 整備・運用済 32")
    assert answers["G3"].value == "前年度（令和7年度）"
    rows = {row[1]: row for row in answers.iter_rows(min_row=4, values_only=True)}
    assert rows["5-6"][3] == "未整備" and "ログ解析手順書（未整備）" in rows["5-6"][5]
    assert rows["9-2"][3] == "未確認（該当なし）"
    open_rows = list(book["未整備の項目と手順"].iter_rows(min_row=4, values_only=True))
    assert [(r[0], r[3], r[4]) for r in open_rows] == [("5-6", "ログ解析手順書", "未整備")]
    changes = {r[0]: r for r in book["前年度からの変更"].iter_rows(min_row=4, values_only=True)}
    assert set(changes) == {"8-3", "8-4"}
    assert changes["8-4"][2:4] == ("一部未整備", "整備・運用済")


def _write_items(path, rows):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["調査票の項目一覧（市の様式）"])
    ws.append(["章", "番号", "質問", "関連手順"])
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def test_an_item_list_with_a_bad_row_is_refused_naming_the_row(city_path, tmp_path, capsys):
    before = sql_dump(city_path)
    bad = _write_items(tmp_path / "items.xlsx", [
        ["アクセス管理", "1", "操作者をICカードで認証しているか。", ""],
        ["", "2", "アクセスログを解析しているか。", "ログ解析手順書"],
        ["", "3", "権限を最小限にしているか。", "存在しない手順書"],
    ])
    assert main(["survey", "import", "--db", str(city_path), str(bad)]) != 0
    err = capsys.readouterr().err
    assert "items.xlsx の 5 行目" in err and "「関連手順」列（D 列）" in err and "存在しない手順書" in err
    assert sql_dump(city_path) == before
    empty = _write_items(tmp_path / "empty.xlsx", [["アクセス管理", "1", "", ""]])
    assert main(["survey", "import", "--db", str(city_path), str(empty)]) != 0
    assert "empty.xlsx の 3 行目" in capsys.readouterr().err
    assert sql_dump(city_path) == before


def test_a_good_item_list_becomes_a_new_version_after_the_answered_years(city_path, tmp_path, capsys):
    good = tmp_path / "items.csv"
    with good.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["章", "番号", "項目", "関連手順"])
        writer.writerow(["アクセス管理", "A-1", "アクセスログを定期的に解析し、時間外・権限外の操作や不正な利用がないか確認しているか。", "ログ解析手順書"])
        writer.writerow(["", "A-2", "操作者の管理簿を整備しているか。", ""])
    assert main(["survey", "import", "--db", str(city_path), str(good)]) == 0
    assert "第2版（2027年度から、項目 2 件）" in capsys.readouterr().out
    assert len(_status(capsys, city_path, DEMO_FY)["items"]) == 34  # the answered year keeps its version
    assert main(["survey", "start", "--db", str(city_path), "--fy", str(DEMO_FY + 1)]) == 0
    items = {i["number"]: i for i in _status(capsys, city_path, DEMO_FY + 1)["items"]}
    # the same question under another number carries its answer; the rest by their text
    assert items["A-1"]["label"] == "未確認（未整備）" and items["A-1"]["previous"] == "未整備"
    assert items["A-2"]["label"] == "未確認（整備・運用済）"


def test_a_new_city_file_starts_from_the_standard_items(tmp_path, capsys):
    path = tmp_path / "new.sqlite"
    assert main(["new", "--db", str(path), "--organisation", "テスト市", "--kind", "city"]) == 0
    assert main(["survey", "status", "--db", str(path), "--fy", "2026"]) == 0
    assert "項目一覧がありません" in capsys.readouterr().out
    assert main(["survey", "export", "--db", str(path), "--fy", "2026", "--xlsx", str(tmp_path / "x.xlsx")]) != 0
    assert main(["survey", "import", "--db", str(path), "--standard", "--from-fy", "2026"]) == 0
    assert "第1版（2026年度から、項目 34 件）" in capsys.readouterr().out
    # Before any answer the list is edited in place (still version 1) …
    items = tmp_path / "items.csv"
    items.write_text("章,番号,質問\n組織体制,1,役割を定めているか。\n", encoding="utf-8")
    assert main(["survey", "import", "--db", str(path), str(items)]) == 0
    assert "更新しました" in capsys.readouterr().out
    assert main(["survey", "import", "--db", str(path), "--standard"]) == 0
    assert "第1版（2026年度から、項目 34 件）" in capsys.readouterr().out
    assert main(["survey", "start", "--db", str(path), "--fy", "2026"]) == 0
    data = _status(capsys, path, 2026)
    assert {item["label"] for item in data["items"]} == {"未回答"}
    assert main(["survey", "answer", "--db", str(path), "--fy", "2026", "1-1", "done", "--note", "規程第3条"]) == 0
    data = _status(capsys, path, 2026)
    assert data["summary"] == "項目 34 件: 整備・運用済 1、未回答 33。登録簿との不一致 0 件。"


def test_the_item_list_round_trips_through_excel(city_path, tmp_path, capsys):
    out = tmp_path / "項目一覧.xlsx"
    assert main(["survey", "items", "--db", str(city_path), "--fy", str(DEMO_FY), "--xlsx", str(out)]) == 0
    ws = openpyxl.load_workbook(out).active
    rows = {row[1]: row for row in ws.iter_rows(min_row=3, values_only=True)}
    assert len(rows) == 34 and rows["5-6"][3] == "ログ解析手順書" and rows["1-1"][0] == "組織体制"
    assert int(ws.page_setup.paperSize) == 9
    # Unchanged, it imports as "no change"; with a reworded question it becomes version 2 from FY2027.
    assert main(["survey", "import", "--db", str(city_path), str(out)]) == 0
    assert "変更はありません" in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    book.active.cell(3, 3).value = "セキュリティ組織の役割を規程で定め、周知しているか。"
    book.save(out)
    assert main(["survey", "import", "--db", str(city_path), str(out)]) == 0
    assert "第2版（2027年度から、項目 34 件）" in capsys.readouterr().out


def test_a_procedure_tied_to_a_survey_item_is_not_deleted(city_db, city_path):
    from sqlalchemy import select

    from jukidesk.actions.municipal import delete_record
    from jukidesk.base.errors import ValidationError
    from jukidesk.storage.models_municipal import RuleDocument

    with city_db.session() as session:
        rule_id = session.scalars(select(RuleDocument.id).where(RuleDocument.title == "ログ解析手順書")).one()
    before = sql_dump(city_path)
    with pytest.raises(ValidationError, match="調査票の項目"):
        delete_record(city_db, "rule", rule_id)
    assert sql_dump(city_path) == before
