"""The yearly summary for the committee: built on the 資料2 model and renderers, and its
figures match the stored records (counted here straight from the SQLite file)."""

import shutil
import sqlite3
import subprocess

import openpyxl
import pytest

from jukidesk.cli import main
from jukidesk.reports.committee import build_committee
from jukidesk.reports.document import Table

from .conftest import DEMO_FY


def _cells(document, heading_start):
    section = next(s for s in document.sections if s.heading.startswith(heading_start))
    table = next(b for b in section.blocks if isinstance(b, Table))
    return section, [[c.text for c in row] for row in table.rows]


def _sql(path, query, *params):
    con = sqlite3.connect(path)
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def test_training_figures_match_the_stored_completions(city_db, city_path):
    with city_db.session() as session:
        document = build_committee(session, DEMO_FY)
    _, rows = _cells(document, "３")
    stored = dict(_sql(city_path, """
        SELECT c.title, count(t.id) FROM training_course c LEFT JOIN training_completion t ON t.course_id = c.id
        WHERE c.fy = ? GROUP BY c.id""", DEMO_FY))
    in_post = _sql(city_path, "SELECT count(*) FROM staff WHERE ends_on IS NULL OR ends_on >= '2027-03-31'")[0][0]
    for row in rows[1:]:
        title = row[1].removesuffix("（任意）")
        assert row[4] == f"{stored[title]}名"
    elearning = next(r for r in rows if r[0] == "e-ラーニング")
    # in post at the due date, plus the one who completed and then left
    assert elearning[3] == f"{in_post + 1}名" and elearning[5] == "86.2%"


def test_audit_inspection_drill_and_finding_figures_match(city_db, city_path, capsys):
    with city_db.session() as session:
        document = build_committee(session, DEMO_FY)
    _, audits = _cells(document, "１")
    assert main(["summary", "--db", str(city_path), "--fy", str(DEMO_FY), "--json"]) == 0
    import json

    summary = json.loads(capsys.readouterr().out)
    internal_average = next(r for r in audits if r[0] == "内部監査の平均")
    assert internal_average[1] == f"{summary['internal']['average']} 点"
    stored_audits = _sql(city_path, "SELECT count(*) FROM audit WHERE fy = ?", DEMO_FY)[0][0]
    assert sum(1 for r in audits if r[0] in ("内部監査", "外部監査", "フォローアップ")) == stored_audits

    _, checks = _cells(document, "５")
    daily = next(r for r in checks if r[0] == "日次点検")
    recorded = _sql(city_path, "SELECT count(*) FROM inspection_record WHERE kind = 'daily' AND period BETWEEN '2026-04-01' AND '2026-11-19'")[0][0]
    ng = _sql(city_path, """SELECT count(DISTINCT r.id) FROM inspection_record r JOIN inspection_result x ON x.record_id = r.id
                            WHERE r.kind = 'daily' AND NOT x.ok""")[0][0]
    assert daily[2] == f"{recorded}件" and daily[4] == f"{ng}件" and daily[3] == "2件"

    drills, _ = _cells(document, "４")
    held = _sql(city_path, "SELECT count(*) FROM drill WHERE held_on BETWEEN '2026-04-01' AND '2027-03-31'")[0][0]
    caption = next(b for b in drills.blocks if isinstance(b, Table)).caption
    assert caption == f"緊急時対応訓練（{chr(ord('０') + held)}回）"

    findings, rows = _cells(document, "６")
    open_count = _sql(city_path, """SELECT count(*) FROM finding f JOIN audit a ON a.id = f.audit_id
                                    WHERE f.status != 'confirmed' AND a.fy <= ?""", DEMO_FY)[0][0]
    assert len(rows) - 1 == open_count == 4  # 203: 3-4 and 6-5; 202: 4-5 (the key ledger of the 現地調査); one from FY2025


def test_meeting_outcomes_are_listed(city_db):
    with city_db.session() as session:
        document = build_committee(session, DEMO_FY)
    section, agenda = _cells(document, "２")
    assert [r[1] for r in agenda[1:3]] == ["住基ネット管理運用に係る責任体制について", "緊急時対応計画及び連絡体制について"]
    texts = [b.text for b in section.blocks if not isinstance(b, Table)]
    assert any("回答 ５/６名（意見あり １件）" in t for t in texts)
    assert any("ログ解析手順書を早期に整備されたい" in t for t in texts)


def test_the_report_command_writes_xlsx_and_pdf(city_path, tmp_path, artifacts):
    xlsx, pdf = tmp_path / "committee.xlsx", tmp_path / "committee.pdf"
    assert main(["report", "committee", "--db", str(city_path), "--fy", str(DEMO_FY), "--xlsx", str(xlsx), "--pdf", str(pdf)]) == 0
    shutil.copy(pdf, artifacts / "committee_city_2026.pdf")
    shutil.copy(xlsx, artifacts / "committee_city_2026.xlsx")
    sheet = openpyxl.load_workbook(xlsx).active
    values = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "86.2%" in values and any("住民基本台帳ネットワークシステムの管理運用状況について" in v for v in values)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "研修の実施状況" in text and "98.5%" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "IPAex" in fonts and " no " not in fonts.split("\n", 2)[2]


def test_a_prefecture_without_municipal_records_still_gets_a_report(demo_db):
    with demo_db.session() as session:
        document = build_committee(session, 2013)
    texts = list(document.texts())
    assert "○この年度の研修計画は登録されていない。" in texts
    assert "○この年度の緊急時対応訓練の記録はない。" in texts


@pytest.mark.parametrize("argv", [["--fy", "2026"], ["--fy", "x", "--pdf", "a.pdf"]])
def test_report_committee_argument_mistakes_exit_2(city_path, argv):
    with pytest.raises(SystemExit) as info:
        main(["report", "committee", "--db", str(city_path), *argv])
    assert info.value.code == 2
