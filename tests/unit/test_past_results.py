"""Past yearly results (issue 16): the seed's H20–H24 figures brought into a new file."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from jukidesk.actions import files as act_files
from jukidesk.actions import past_results as act
from jukidesk.actions import registry as act_registry
from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import parse_fiscal_year
from jukidesk.cli import main
from jukidesk.core.registry import InstitutionData
from jukidesk.exchange import results_io
from jukidesk.reports.shiryo2 import build_shiryo2
from jukidesk.storage.database import open_database
from jukidesk.storage.models import Checklist
from jukidesk.storage.models_past import PastResult
from tests.tables import write_csv

FIRST_RUN = {
    "org_name": "みなみ県",
    "security_officer_title": "総務部長",
    "network_admin_title": "市町村課長",
    "cycle_first_fy": 2008,
}

# The seed's trend table (shared/spec/shiryo2.md), as a clerk would have kept it in Excel:
# 和暦 in several spellings, full-width digits, units on the values.
SEED_ROWS = [
    ["年度", "区分", "対象機関数", "平均点", "実施機関", "指摘内容"],
    ["H20", "自己点検", "19機関", "2.91 点", "", ""],
    ["平成21年度", "自己点検", "１９機関", "２．９６点", "", ""],
    ["平成２２年度", "自己点検", "19", "3.00", "", ""],
    ["2011", "自己点検", "19 機関", "3.00 点", "", ""],
    ["2012年度", "自己点検", "19", "3", "", ""],
    ["H20", "内部監査", "５機関", "2.73 点", "消防課、職員課、税務課、地域福祉課、国際課", "=SUM(A1)"],
    ["H21", "内部監査", "4", "2.70", "", ""],
    ["H22", "内部監査", "5", "3.00", "", ""],
    ["H23", "内部監査", "3", "3.00", "", ""],
    ["H24", "内部監査", "4", "3.00", "", ""],
    ["H20", "外部監査", "―", "―", "", ""],
    ["H21", "外部監査", "2機関", "3.00 点", "", ""],
    ["H22", "外部監査", "2", "2.98", "", ""],
    ["H23", "外部監査", "2", "3.00", "", ""],
    ["H24", "外部監査", "2", "3.00", "", ""],
    ["H23", "フォローアップ", "10 機関", "", "", "1巡目の3点未満の項目を確認"],
]


@pytest.fixture
def new_file(tmp_path):
    path = tmp_path / "new.sqlite"
    db = open_database(path)
    act_files.start_organisation(db, FIRST_RUN)
    act_registry.save_institution(db, InstitutionData(code="001", name="消防課", valid_from_fy=2008))
    db.close()
    return path


def stored(path) -> int:
    db = open_database(path, create=False)
    try:
        with db.session() as session:
            return session.scalar(select(func.count(PastResult.id)))
    finally:
        db.close()


def test_the_seeds_results_in_a_new_file_show_in_summary_and_the_trend_table(new_file, tmp_path, capsys):
    source = write_csv(tmp_path / "実績.csv", SEED_ROWS, encoding="cp932")
    assert main(["results", "import", "--db", str(new_file), str(source), "--dry-run"]) == 0
    assert "追加 15件" in capsys.readouterr().out
    assert stored(new_file) == 0  # a dry run stores nothing

    assert main(["results", "import", "--db", str(new_file), str(source)]) == 0
    assert "取り込みました" in capsys.readouterr().out
    import sqlite3

    con = sqlite3.connect(new_file)
    logged = con.execute("SELECT count(*), min(row_label) FROM change_log WHERE table_name = 'past_result' AND action = 'insert'").fetchone()
    con.close()
    assert logged[0] == 15 and "実績.csv" in logged[1]  # in 変更履歴, with the file and row

    def summary(fy):
        assert main(["summary", "--db", str(new_file), "--fy", str(fy), "--json"]) == 0
        return json.loads(capsys.readouterr().out)

    s2008, s2009, s2010, s2011 = (summary(fy) for fy in (2008, 2009, 2010, 2011))
    assert s2008["self"] == {"institutions": 19, "average": "2.91", "source": s2008["self"]["source"]}
    assert s2008["self"]["source"]["file"] == "実績.csv" and s2008["self"]["source"]["row"] == 2
    assert s2009["self"]["average"] == "2.96"
    assert (s2008["internal"]["average"], s2008["internal"]["institutions"]) == ("2.73", 5)
    assert s2009["internal"]["average"] == "2.70"
    assert s2010["external"]["average"] == "2.98"
    assert s2008["external"]["average"] is None  # 外部監査 began in H21
    assert s2011["followup"]["institutions"] == 10

    assert main(["summary", "--db", str(new_file), "--fy", "2008"]) == 0
    out = capsys.readouterr().out
    assert "2.91" in out and "2.73" in out

    db = open_database(new_file, create=False)
    try:
        with db.session() as session:
            stored_row = session.scalar(select(PastResult).where(PastResult.fy == 2012, PastResult.kind == "self"))
            assert stored_row.average == "3.00"  # "3" kept with two decimals, exactly
            report = build_shiryo2(session, 2013)
    finally:
        db.close()
    trend = list(report.tables())[-1]
    rows = [[cell.text for cell in row] for row in trend.rows]
    assert rows[3][1:6] == ["2.91 点", "2.96 点", "3.00 点", "3.00 点", "3.00 点"]
    assert rows[2][2:7] == ["19 機関"] * 5
    assert rows[4][2:7] == ["５機関", "４機関", "５機関", "３機関", "４機関"]
    assert rows[5][1:6] == ["2.73 点", "2.70 点", "3.00 点", "3.00 点", "3.00 点"]
    assert rows[6][2:7] == ["―", "２機関", "２機関", "２機関", "２機関"]
    assert rows[7][1:6] == ["―", "3.00 点", "2.98 点", "3.00 点", "3.00 点"]
    assert rows[8][1:6] == ["―", "―", "―", "10 機関", "―"]

    # report trace: the figure came from that file, on that day
    assert main(["report", "trace", "--db", str(new_file), "--fy", "2009", "--kind", "external"]) == 0
    out = capsys.readouterr().out
    assert "3.00" in out and "実績.csv" in out and "取り込んだ過去の実績" in out


def test_export_and_import_again_is_a_round_trip(new_file, tmp_path, capsys):
    source = write_csv(tmp_path / "実績.csv", SEED_ROWS)
    assert main(["results", "import", "--db", str(new_file), str(source)]) == 0
    for suffix in ("xlsx", "csv"):
        out = tmp_path / f"書き出し.{suffix}"
        assert main(["results", "export", "--db", str(new_file), "--out", str(out)]) == 0
        rows = results_io.read_results(out)
        assert len(rows) == 15
        again = {(r.fy, r.kind): (r.institutions, r.average_text(), r.performed_by, r.findings) for r in rows}
        assert again[(2008, "self")] == (19, "2.91", "", "")
        assert again[(2008, "internal")][3] == "=SUM(A1)"  # kept as text, never a formula
        capsys.readouterr()
        assert main(["results", "import", "--db", str(new_file), str(out)]) == 0
        assert "変更なし 15件" in capsys.readouterr().out
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "書き出し.xlsx").active
    finding = next(c for row in sheet.iter_rows() for c in row if c.value == "=SUM(A1)")
    assert finding.data_type == "s"


def test_a_year_and_kind_with_answers_is_refused(demo_path, tmp_path, capsys):
    db = open_database(demo_path, create=False)
    with db.session() as session:
        fy = session.scalar(select(func.min(Checklist.fy)).where(Checklist.kind == "self"))
    db.close()
    source = write_csv(tmp_path / "実績.csv", [SEED_ROWS[0], [str(fy), "自己点検", "19", "2.50"]])
    assert main(["results", "import", "--db", str(demo_path), str(source)]) == 1
    err = capsys.readouterr().err
    assert "実績.csv の 2 行目「区分」" in err and "回答" in err
    assert stored(demo_path) == 0


@pytest.mark.parametrize(
    ("row", "where"),
    [
        (["H22", "定期点検", "19", "2.90"], "3 行目「区分」"),
        (["H22", "自己点検", "19", "3.20"], "3 行目「平均点」"),
        (["H22", "自己点検", "19", "0.5 点"], "3 行目「平均点」"),
        (["S60", "自己点検", "19", "2.90"], "3 行目「年度」"),
        (["H19", "自己点検", "19", "2.90"], "3 行目「年度」"),  # before the first cycle (H20)
        (["2040", "自己点検", "19", "2.90"], "3 行目「年度」"),  # not a past year
        (["H23", "自己点検", "19", "2.90"], "3 行目「区分」"),  # H23 twice
        (["H22", "自己点検", "十九", "2.90"], "3 行目「対象機関数」"),
    ],
)
def test_a_bad_file_is_refused_with_row_and_column_and_nothing_stored(new_file, tmp_path, row, where):
    source = write_csv(tmp_path / "bad.csv", [SEED_ROWS[0], ["H23", "自己点検", "19", "3.00"], row])
    db = open_database(new_file, create=False)
    try:
        with pytest.raises(ValidationError) as refused:
            act.import_results(db, source)
    finally:
        db.close()
    assert f"bad.csv の {where}" in str(refused.value)
    assert stored(new_file) == 0


def test_encodings_and_headers(tmp_path):
    rows = [["", "", ""], ["年　度", "区 分", "機関数", "平均"], ["令和元年度", "外部", "２", "2.995"]]
    for encoding in ("utf-8", "utf-8-sig", "cp932"):
        parsed = results_io.read_results(write_csv(tmp_path / f"{encoding}.csv", rows, encoding))
        assert [(r.row, r.fy, r.kind, r.institutions, r.average_text()) for r in parsed] == [
            (3, 2019, "external", 2, "2.995")
        ]
    latin = tmp_path / "latin.csv"
    latin.write_bytes("年度,区分,対象機関数,平均点\n".encode() + b"H20,\xff\xfe,1,2\n")
    with pytest.raises(ValidationError, match="文字コード"):
        results_io.read_results(latin)
    assert [parse_fiscal_year(t) for t in ("2008", "H20", "平成２０年度", "R1", "令和元年度", "h.20")] == [
        2008, 2008, 2008, 2019, 2019, 2008,
    ]


def test_the_trace_dialog_says_where_an_imported_figure_came_from(new_file, tmp_path):
    pytest.importorskip("PySide6")
    from PySide6.QtWidgets import QApplication

    from jukidesk.gui.context import AppContext
    from jukidesk.gui.trace_dialog import TraceDialog

    app = QApplication.instance() or QApplication([])
    source = write_csv(tmp_path / "実績.csv", SEED_ROWS)
    assert main(["results", "import", "--db", str(new_file), str(source)]) == 0
    ctx = AppContext(open_database(new_file, create=False))
    try:
        dialog = TraceDialog(ctx, 2010, "external")
        text = dialog.summary_label.text()
        assert "2.98 点" in text and "実績.csv" in text and "14 行目" in text
        assert dialog.checklist_model.rowCount() == 0
        dialog.close()
    finally:
        ctx.close()
    assert app is not None
