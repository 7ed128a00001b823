"""The registry from the organisation's own file (issue 16): CSV in CP932 or UTF-8, xlsx,
headers by Japanese name, 和暦 and full-width digits, the preview, all or nothing, every
error naming file, row and column, and export → import as a round trip."""

from __future__ import annotations

import json

import openpyxl
import pytest

from jukidesk.actions.registry_io import export_registry, import_registry
from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import parse_fiscal_year
from jukidesk.cli import main
from jukidesk.core.registry import list_institutions
from jukidesk.exchange.tabular import read_table
from jukidesk.storage.database import open_database
from tests.conftest import sql_dump

CP932_REGISTRY = (
    "機関コード,機関名,略称, 種別 ,業務端末設置,長の職名,所在地,開始年度,終了年度\r\n"
    "１０１,消防課,消防,事務利用機関,○,消防課長,長野市南長野,平成２０年度,\r\n"
    "102,職員課,,事務利用機関,×,職員課長,,H20,\r\n"
    "103,税務課（本庁）,税務,事務利用機関,あり,,,2008,平成25年度\r\n"
    "201,情報政策課,,運用機関,,,,令和元年度,\r\n"
    "202,=HYPERLINK(\"http://x\"),,事務利用機関,無,,,R2,\r\n"
)


@pytest.mark.parametrize(
    ("text", "fy"),
    [
        ("2008", 2008),
        ("H20", 2008),
        ("平成20年度", 2008),
        ("平成２０年度", 2008),
        ("R1", 2019),
        ("令和元年度", 2019),
        ("平成31年度", 2019),
        ("２０１３年度", 2013),
        ("Ｈ２５", 2013),
        (2014, 2014),
        ("令7", 2025),
    ],
)
def test_fiscal_years_as_people_write_them(text, fy):
    assert parse_fiscal_year(text) == fy


@pytest.mark.parametrize("text", ["", "平成", "H0", "来年", "1200", "20.5"])
def test_a_year_that_cannot_be_read_is_refused(text):
    with pytest.raises(ValueError):
        parse_fiscal_year(text)


def _names(path, fy=None) -> list[tuple]:
    db = open_database(path, create=False)
    try:
        with db.session() as session:
            return [
                (i.code, i.name, i.short_name, i.kind, i.has_terminal, i.head_title, i.address, i.valid_from_fy, i.valid_until_fy)
                for i in list_institutions(session, fy)
            ]
    finally:
        db.close()


def test_a_cp932_csv_registry_with_wareki_and_fullwidth_digits_goes_into_a_new_file(tmp_path, capsys):
    path = tmp_path / "new.sqlite"
    assert main(["new", "--db", str(path), "--organisation", "長野県", "--first-cycle", "平成20年度"]) == 0
    source = tmp_path / "台帳.csv"
    source.write_bytes(CP932_REGISTRY.encode("cp932"))
    capsys.readouterr()

    assert main(["institutions", "import", "--db", str(path), str(source), "--dry-run"]) == 0
    preview = capsys.readouterr().out
    assert "追加 5 件" in preview and "追加: 101 消防課" in preview
    assert _names(path) == []  # the preview stores nothing

    assert main(["institutions", "import", "--db", str(path), str(source), "--from-fy", "2008"]) == 0
    stored = _names(path)
    assert stored[0] == ("101", "消防課", "消防", "user", True, "消防課長", "長野市南長野", 2008, None)
    assert stored[1][:5] == ("102", "職員課", "", "user", False)
    assert stored[2][-2:] == (2008, 2013) and stored[2][4] is True
    assert stored[3][:4] == ("201", "情報政策課", "", "operator") and stored[3][-2] == 2019
    assert stored[4][1] == '=HYPERLINK("http://x")' and stored[4][-2] == 2020  # plain text, never a formula
    assert "税務課（本庁）" not in [row[1] for row in _names(path, 2014)]

    # … and it goes out as text, not as a formula
    out = tmp_path / "out.xlsx"
    assert main(["institutions", "export", "--db", str(path), "--xlsx", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    assert sheet["B6"].data_type == "s" and sheet["B6"].quotePrefix
    assert [c.value for c in sheet[1]] == ["コード", "名称", "略称", "区分", "業務端末", "長の職名", "所在地", "開始年度", "終了年度"]


def test_utf8_with_bom_is_read_and_a_file_in_neither_encoding_is_refused(tmp_path, empty_db):
    source = tmp_path / "bom.csv"
    source.write_bytes("\ufeffコード,名称\n1,総務課\n".encode())
    table = read_table(source, {"code": ("コード",), "name": ("名称",)}, required=("code", "name"))
    assert [(row.number, row["code"], row["name"]) for row in table.rows] == [(2, "1", "総務課")]

    broken = tmp_path / "broken.csv"
    broken.write_bytes("コード,名称\n1,".encode("cp932") + b"\x82\xff\xfe\n")
    with pytest.raises(ValidationError, match="broken.csv: 文字コードを判別できません"):
        import_registry(empty_db, broken)


def test_an_unknown_header_is_refused_naming_the_column(tmp_path, empty_db):
    source = tmp_path / "r.csv"
    source.write_text("コード,名称,備考欄\n1,総務課,x\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"r.csv の 1 行目・3 列: 見出し「備考欄」は読み取れません"):
        import_registry(empty_db, source)


def test_an_xlsx_registry_round_trip_changes_nothing(demo_db, demo_path, tmp_path):
    out = tmp_path / "台帳.xlsx"
    assert export_registry(demo_db, out).value == 19
    before = sql_dump(demo_path)
    done = import_registry(demo_db, out)
    assert done.value.empty and done.value.unchanged == 19
    assert not done.changes and done.backup is None
    assert sql_dump(demo_path) == before

    # edit in Excel: rename one, retire another, add one → exactly that
    book = openpyxl.load_workbook(out)
    sheet = book.active
    sheet["B3"] = "人事課"  # 102 職員課
    sheet["I4"] = "H30"  # 103 retired after FY2018
    sheet.append(["999", "新設課", "", "事務利用機関", "無", "", "", "R7", None])
    book.save(out)
    preview = import_registry(demo_db, out, dry_run=True).value
    assert [s.code for s in preview.changed] == ["102"] and [s.code for s in preview.retired] == ["103"]
    assert [s.code for s in preview.added] == ["999"]
    assert sql_dump(demo_path) == before
    done = import_registry(demo_db, out)
    assert done.backup is not None and done.backup.exists()
    rows = {row[0]: row for row in _names(demo_path)}
    assert rows["102"][1] == "人事課" and rows["103"][-1] == 2018 and rows["999"][-2] == 2025


def test_a_bad_registry_is_refused_with_its_rows_named_and_nothing_stored(demo_db, demo_path, tmp_path):
    source = tmp_path / "bad.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["コード", "名称", "区分", "開始年度", "終了年度"])
    sheet.append(["501", "新しい課", "事務利用機関", "R1", None])
    sheet.append(["501", "もう一つの課", "事務利用機関", "R1", None])
    sheet.append(["502", "三つ目の課", "窓口機関", "R1", None])
    sheet.append(["503", "四つ目の課", "運用機関", "R3", "R2"])
    book.save(source)
    before = sql_dump(demo_path)
    backups = set((demo_path.parent / "backups").glob("*")) if (demo_path.parent / "backups").exists() else set()
    with pytest.raises(ValidationError) as caught:
        import_registry(demo_db, source)
    message = str(caught.value)
    assert "bad.xlsx の 3 行目・「コード」列（A 列）: 重複したコード「501」です（2 行目と同じ）" in message
    assert "bad.xlsx の 4 行目・「区分」列（C 列）: 不明な区分「窓口機関」" in message
    assert "bad.xlsx の 5 行目・「終了年度」列（E 列）: 終了年度（2020年度）が開始年度（2021年度）より前です" in message
    assert sql_dump(demo_path) == before
    after = set((demo_path.parent / "backups").glob("*")) if (demo_path.parent / "backups").exists() else set()
    assert after == backups


def test_a_name_taken_by_another_institution_is_refused(demo_db, demo_path, tmp_path):
    source = tmp_path / "clash.csv"
    source.write_text("コード,名称\n777,消防課\n", encoding="utf-8")
    before = sql_dump(demo_path)
    with pytest.raises(ValidationError, match=r"clash.csv の 2 行目・「名称」列（2 列）: 名称「消防課」は機関コード 101"):
        import_registry(demo_db, source)
    assert sql_dump(demo_path) == before


def test_the_listing_form_still_works_and_the_json_preview(demo_path, tmp_path, capsys):
    assert main(["institutions", "--db", str(demo_path), "--fy", "2013", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 19
    source = tmp_path / "one.csv"
    source.write_text("コード,名称,区分\n888,新設課,事務利用機関\n", encoding="utf-8")
    assert main(["institutions", "--db", str(demo_path), "import", str(source), "--dry-run", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [a["code"] for a in data["added"]] == ["888"] and data["dry_run"] is True
    assert main(["institutions", "import", str(source)]) == 1
    assert "--db" in capsys.readouterr().err
