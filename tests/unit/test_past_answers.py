"""Past answers per item (issue 16): a long table of 年度・区分・機関・項目番号・評価・備考
imported into a new file, so summary, the heat map and 前年度比 work from the first day."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy import func, select

from jukidesk.actions import files as act_files
from jukidesk.actions import past_answers as act
from jukidesk.actions import registry as act_registry
from jukidesk.base.errors import ValidationError
from jukidesk.cli import main
from jukidesk.core.registry import InstitutionData
from jukidesk.core.settings import year_style
from jukidesk.reports.charts import low_score_heatmap
from jukidesk.storage.database import open_database
from jukidesk.storage.models import Answer, Audit, Checklist
from tests.tables import write_csv

FIRST_RUN = {
    "org_name": "みなみ県",
    "security_officer_title": "総務部長",
    "network_admin_title": "市町村課長",
    "cycle_first_fy": 2008,
}
HEADER = ["年度", "区分", "機関", "項目番号", "評価", "備考"]


@pytest.fixture
def new_file(tmp_path):
    path = tmp_path / "new.sqlite"
    db = open_database(path)
    act_files.start_organisation(db, FIRST_RUN)
    act_registry.save_institution(db, InstitutionData(code="001", name="消防課", valid_from_fy=2008))
    act_registry.save_institution(db, InstitutionData(code="002", name="職員課", valid_from_fy=2008))
    db.close()
    return path


def counts(path) -> tuple[int, int, int]:
    con = sqlite3.connect(path)
    try:
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("checklist", "answer", "audit"))
    finally:
        con.close()


def every_item(fy, kind, institution, low=(), remark=""):
    numbers = [f"{c}-{i}" for c in range(1, 11) for i in range(1, 6)]
    if kind != "自己点検":
        numbers.remove("10-1")  # asked in the self-inspection only
    return [[fy, kind, institution, n, "2" if n in low else "3", remark if n in low else ""] for n in numbers]


def test_past_answers_go_into_a_new_file_and_show_in_summary_and_the_heat_map(new_file, tmp_path, capsys):
    rows = [HEADER]
    # 和暦, full-width digits, codes and names, 該当なし, a formula-looking remark
    rows += every_item("H20", "自己点検", "001", low=("1-1",), remark="=SUM(A1)")
    rows += every_item("平成２０年度", "自己点検", "職員課")
    rows += every_item("2009", "自己点検", "消防課")
    rows += every_item("H21", "内部監査", "００２", low=("1-1", "2-3"), remark="規程が未整備")
    rows[-1][4] = "該当なし"
    rows[5][3] = "１－５"
    source = write_csv(tmp_path / "過去の回答.csv", rows, encoding="cp932")

    assert main(["answers", "import", "--db", str(new_file), str(source), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "H20（2008） 自己点検 2機関・回答 100件" in out and "H21（2009） 内部監査 1機関・回答 49件" in out
    assert "確認のみ" in out and "チェックリスト 4件、回答 199件" in out
    assert counts(new_file) == (0, 0, 0)

    assert main(["answers", "import", "--db", str(new_file), str(source)]) == 0
    assert "取り込みました" in capsys.readouterr().out
    assert counts(new_file) == (4, 199, 1)

    def summary(fy):
        assert main(["summary", "--db", str(new_file), "--fy", str(fy), "--json"]) == 0
        return json.loads(capsys.readouterr().out)

    s2008, s2009 = summary(2008), summary(2009)
    # 消防課 49×3 + 2 over 50 = 2.98; 職員課 3.00 → mean 2.99
    assert s2008["self"] == {"institutions": 2, "average": "2.99"}
    assert s2009["self"]["average"] == "3.00"
    # 内部監査 H21: 職員課, 48 applicable answers (one 該当なし), two of them 2 → 142/48 = 2.96
    assert s2009["internal"] == {"institutions": 1, "average": "2.96"}

    db = open_database(new_file, create=False)
    try:
        with db.session() as session:
            remark = session.scalar(select(Answer.remark).where(Answer.remark.like("=%")))
            assert remark == "=SUM(A1)"  # stored as the plain text it was
            statuses = set(session.scalars(select(Checklist.status)))
            assert statuses == {"complete"}
            assert session.scalar(select(Audit.status)) == "reported"
            heat = low_score_heatmap(session, year_style(session), [2008, 2009], "self")
    finally:
        db.close()
    first = heat.items.index(("1-1", heat.items[0][1]))
    assert heat.counts[first] == (1, 0) and heat.institutions == (2, 1)

    # exported again (the 2008 workbook of 消防課), the formula-looking remark stays text
    from openpyxl import load_workbook

    assert main(["checklist", "export", "--db", str(new_file), "--fy", "2008", "--kind", "self", "--out", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    book = load_workbook(next((tmp_path / "out").glob("*消防課*.xlsx")))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value == "=SUM(A1)"]
    assert cells and all(c.data_type == "s" for c in cells)

    # the same year, kind and institution again: refused, nothing added
    again = write_csv(tmp_path / "again.csv", [HEADER, ["H20", "自己点検", "001", "1-1", "3", ""]])
    assert main(["answers", "import", "--db", str(new_file), str(again)]) == 1
    err = capsys.readouterr().err
    assert "again.csv の 2 行目・「機関」列（3 列）" in err and "既に回答があります" in err
    assert counts(new_file) == (4, 199, 1)


@pytest.mark.parametrize(
    ("row", "where"),
    [
        (["H22", "定期点検", "001", "1-1", "3", ""], "3 行目・「区分」列（2 列）"),
        (["H22", "自己点検", "001", "1-1", "4", ""], "3 行目・「評価」列（5 列）"),
        (["H22", "自己点検", "001", "1-1", "", ""], "3 行目・「評価」列（5 列）"),
        (["H19", "自己点検", "001", "1-1", "3", ""], "3 行目・「年度」列（1 列）"),  # before the first cycle
        (["2040", "自己点検", "001", "1-1", "3", ""], "3 行目・「年度」列（1 列）"),  # not yet past
        (["H22", "自己点検", "999", "1-1", "3", ""], "3 行目・「機関」列（3 列）"),
        (["H22", "自己点検", "001", "99-1", "3", ""], "3 行目・「項目番号」列（4 列）"),
        (["H23", "自己点検", "消防課", "1-1", "3", ""], "3 行目・「項目番号」列（4 列）"),  # twice (code and name)
        (["平成", "自己点検", "001", "1-1", "3", ""], "3 行目・「年度」列（1 列）"),
    ],
)
def test_a_bad_file_is_refused_with_row_and_column_and_nothing_stored(new_file, tmp_path, row, where):
    source = write_csv(tmp_path / "bad.csv", [HEADER, ["H23", "自己点検", "001", "1-1", "3", ""], row])
    db = open_database(new_file, create=False)
    try:
        with pytest.raises(ValidationError) as refused:
            act.import_answers(db, source)
    finally:
        db.close()
    assert f"bad.csv の {where}" in str(refused.value)
    assert "何も保存していません" in str(refused.value)
    assert counts(new_file) == (0, 0, 0)


def test_an_xlsx_with_synonym_headers(new_file, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["過去の回答（令和6年 整理）"])
    sheet.append(["実施年度", "種別", "機関コード", "番号", "点数", "指摘事項"])
    sheet.append([2010, "外部監査", "001", "3-2", 1, "@echo"])
    sheet.append([2010, "外部", "001", "3-3", 3, None])
    book.save(tmp_path / "回答.xlsx")
    db = open_database(new_file, create=False)
    try:
        done = act.import_answers(db, tmp_path / "回答.xlsx").value
        with db.session() as session:
            assert session.scalar(select(func.count(Answer.id))) == 2
            assert session.scalar(select(Answer.remark).where(Answer.score == 1)) == "@echo"
    finally:
        db.close()
    assert (done.checklists, done.answers, done.dry_run) == (1, 2, False)


def test_bulk_written_past_answers_leave_the_same_answers_and_change_log_as_the_orm_path(new_file, tmp_path, monkeypatch):
    """core.past_answers writes the answers with one INSERT (storage.history.bulk_write);
    the same file imported the ORM way into a copy gives the same rows and history."""
    import shutil

    from jukidesk.core import past_answers

    rows = [HEADER]
    rows += every_item("H20", "自己点検", "001", low=("1-1", "3-2"), remark="規程が未整備")
    rows += every_item("H21", "内部監査", "002", low=("2-3",), remark="記録なし")
    rows[-1][4] = "該当なし"
    source = write_csv(tmp_path / "過去の回答.csv", rows)
    orm_file = tmp_path / "orm.sqlite"
    shutil.copy(new_file, orm_file)

    def dump(path):
        con = sqlite3.connect(path)
        try:
            answers = con.execute(
                "SELECT id, checklist_id, item_id, score, not_applicable, remark, status FROM answer ORDER BY id"
            ).fetchall()
            history = con.execute(
                "SELECT os_user, table_name, row_key, row_label, action, field, old, new, institution_id, fy"
                " FROM change_log WHERE table_name = 'answer'"
            ).fetchall()
            others = con.execute("SELECT count(*) FROM change_log WHERE table_name != 'answer'").fetchone()[0]
        finally:
            con.close()
        return answers, sorted(history, key=repr), others

    monkeypatch.setattr(past_answers, "BULK_ANSWERS", False)
    assert main(["answers", "import", "--db", str(orm_file), str(source)]) == 0
    monkeypatch.setattr(past_answers, "BULK_ANSWERS", True)
    assert main(["answers", "import", "--db", str(new_file), str(source)]) == 0
    bulk, orm = dump(new_file), dump(orm_file)
    assert len(bulk[0]) == 99 and len(bulk[1]) == 99
    assert bulk == orm
