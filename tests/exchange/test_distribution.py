"""Sending the workbooks out and taking a folder of returned ones in: every valid file in one
transaction, the rejected ones listed with file/sheet/cell and reason, never a file twice."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from jukidesk.base.errors import ValidationError
from jukidesk.base.progress import Cancelled, Progress
from jukidesk.cli import main
from jukidesk.core.year_progress import returned_institutions, year_overview
from jukidesk.exchange.checklist_xlsx import HEADER_ROW, MAIN_SHEET
from jukidesk.exchange.distribution import distribute_workbooks, import_returned
from jukidesk.storage.models import ChecklistEvent, ImportedFile, YearEvent
from tests.conftest import sql_dump


def fill(path, *, score=3, first=None) -> None:
    """Every item ``score``; ``first`` replaces the first item's score cell (e.g. a formula)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[MAIN_SHEET]
    rows = [r for r in range(HEADER_ROW + 1, ws.max_row + 1) if ws[f"A{r}"].value and ws[f"D{r}"].protection.locked is False]
    for row in rows:
        ws[f"D{row}"] = score
    if first is not None:
        ws[f"D{rows[0]}"] = first
    wb.save(path)


@pytest.fixture
def sent(demo_db, tmp_path):
    with demo_db.transaction() as session:
        paths = distribute_workbooks(session, 2014, tmp_path / "out")
    return paths


def test_distribution_writes_every_workbook_and_records_it(demo_db, sent, tmp_path):
    assert len(sent) == 19 and all(p.parent == tmp_path / "out" for p in sent)
    with demo_db.session() as session:
        event = session.scalars(select(YearEvent)).one()
        assert (event.fy, event.action, event.count, event.detail) == (2014, "export", 19, str(tmp_path / "out"))
        assert year_overview(session, 2014).step("distribute").status == "done"


def test_a_folder_is_imported_with_the_rejected_files_listed(demo_db, sent, tmp_path):
    folder = tmp_path / "returned"
    folder.mkdir()
    good = [shutil.copy(p, folder / p.name) for p in sent[:3]]
    for path in good:
        fill(path)
    bad = shutil.copy(sent[3], folder / sent[3].name)
    fill(bad, first="=1+2")
    shutil.copy(good[0], folder / "同じ内容のコピー.xlsx")
    (folder / "~$開いている.xlsx").write_bytes(b"x")
    (folder / "送付状.pdf").write_bytes(b"%PDF")
    with demo_db.transaction() as session:
        outcome = import_returned(session, [folder], fy=2014)
    assert sorted(outcome.imported) == sorted(p.name for p in good)
    assert [r.name for r in outcome.rejected] == [bad.name]
    assert "シート「チェックリスト」 セル D8" in outcome.rejected[0].text() and "数式" in outcome.rejected[0].text()
    assert [s.name for s in outcome.skipped] == ["同じ内容のコピー.xlsx"]  # same bytes as a file of the batch
    assert outcome.ignored == ["送付状.pdf"]
    text = "\n".join(outcome.lines())
    assert "取り込み 3件" in text and "[取り込めません]" in text and "対象外です" in text
    with demo_db.session() as session:
        assert len(session.scalars(select(ImportedFile)).all()) == 3
        assert len(returned_institutions(session, 2014)) == 3

    # again: nothing is imported twice and nothing changes
    before = sql_dump(demo_db.path)
    with demo_db.transaction() as session:
        again = import_returned(session, [folder], fy=2014)
    assert again.imported == [] and len(again.skipped) == 4 and "取り込み済み" in again.skipped[0].reason
    assert sql_dump(demo_db.path) == before


def test_a_batch_of_only_bad_files_changes_nothing(demo_db, sent, tmp_path):
    folder = tmp_path / "returned"
    folder.mkdir()
    for path in sent[:2]:
        fill(shutil.copy(path, folder / path.name), score="4")
    before = sql_dump(demo_db.path)
    with demo_db.transaction() as session:
        outcome = import_returned(session, [folder], fy=2014)
    assert outcome.imported == [] and len(outcome.rejected) == 2
    assert "1、2、3、該当なし のいずれか" in outcome.rejected[0].text()
    assert sql_dump(demo_db.path) == before


def test_a_file_of_another_year_is_rejected_when_a_year_is_expected(demo_db, sent, tmp_path):
    fill(sent[0])
    with demo_db.transaction() as session:
        outcome = import_returned(session, [sent[0]], fy=2015)
    assert outcome.imported == [] and "2014年度のチェックリストです" in outcome.rejected[0].text()


def test_an_empty_folder_is_a_clear_error(demo_db, tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValidationError, match="取り込む Excel ブック"):
        with demo_db.transaction() as session:
            import_returned(session, [tmp_path / "empty"])


def test_a_cancelled_import_stores_nothing(demo_db, sent):
    for path in sent[:4]:
        fill(path)
    progress = Progress(lambda done, total, label: progress.cancel() if done == 2 else None)
    before = sql_dump(demo_db.path)
    with pytest.raises(Cancelled):
        with demo_db.transaction() as session:
            import_returned(session, sent[:4], progress=progress)
    assert sql_dump(demo_db.path) == before


def test_year_commands(demo_path, tmp_path, capsys):
    assert main(["year", "prepare", "--db", str(demo_path), "--fy", "2014", "--dry-run"]) == 0
    assert "作成します" in capsys.readouterr().out
    assert main(["year", "prepare", "--db", str(demo_path), "--fy", "2014"]) == 0
    before = sql_dump(demo_path)
    assert main(["year", "prepare", "--db", str(demo_path), "--fy", "2014"]) == 0
    assert "変更はありません" in capsys.readouterr().out and sql_dump(demo_path) == before
    assert main(["year", "export", "--db", str(demo_path), "--fy", "2014", "--out", str(tmp_path / "out")]) == 0
    files = sorted((tmp_path / "out").glob("*.xlsx"))
    for path in files[:5]:
        fill(path)
    fill(files[5], first="=A1")
    capsys.readouterr()
    assert main(["year", "import", "--db", str(demo_path), "--fy", "2014", str(tmp_path / "out")]) == 1  # one refused
    out = capsys.readouterr().out
    assert "取り込み 5件" in out and files[5].name in out
    assert main(["year", "status", "--db", str(demo_path), "--fy", "2014", "--date", "2014-07-01", "--json"]) == 0
    import json

    status = json.loads(capsys.readouterr().out)
    assert status["counts"]["returned"] == 5 and status["counts"]["targets"] == 19
    assert [s["key"] for s in status["steps"]][:3] == ["prepare", "distribute", "collect"]
    assert status["steps"][2]["status"] == "attention" and "1日超過" in status["steps"][2]["detail"]
    assert main(["year", "status", "--db", str(demo_path), "--fy", "2014"]) == 0
    assert "3. 回収状況" in capsys.readouterr().out
    with pytest.raises(SystemExit) as info:
        main(["year", "status", "--db", str(demo_path), "--fy", "2014", "--date", "7月1日"])
    assert info.value.code == 2


def test_imported_checklists_carry_an_import_event(demo_db, sent):
    fill(sent[0])
    with demo_db.transaction() as session:
        import_returned(session, [sent[0]])
    with demo_db.session() as session:
        notes = [e.note for e in session.scalars(select(ChecklistEvent))]
    assert any(sent[0].name in note for note in notes)


def test_open_findings_list_by_due_date_with_overdue_in_red(demo_db, tmp_path):
    import datetime as dt

    from jukidesk.core.audits import list_audits
    from jukidesk.exchange.findings_xlsx import HEADERS, write_open_findings
    from jukidesk.storage.models import Finding

    with demo_db.transaction() as session:
        first, second = list_audits(session, 2013, kind="internal")[:2]
        session.add(Finding(audit_id=first.id, content="=HYPERLINK(\"x\")", due_date=dt.date(2014, 3, 31), status="open"))
        session.add(Finding(audit_id=second.id, content="入退室記録の確認漏れ", due_date=dt.date(2014, 6, 30), status="in_progress"))
        session.add(Finding(audit_id=second.id, content="期限なし", status="open"))
    with demo_db.session() as session:
        path, count = write_open_findings(session, 2013, tmp_path / "指摘.xlsx", today=dt.date(2014, 4, 7))
    assert count == 3
    ws = openpyxl.load_workbook(path).active
    assert [ws.cell(3, c).value for c in range(1, len(HEADERS) + 1)] == list(HEADERS)
    assert ws["A4"].value.date() == dt.date(2014, 3, 31) and ws["B4"].value == 7  # days overdue
    assert ws["H4"].value == '=HYPERLINK("x")' and ws["H4"].data_type == "s"  # text, never a formula
    assert ws["H4"].font.color.rgb.endswith("C00000") and not ws["H5"].font.b  # not overdue: plain
    assert ws["H6"].value == "期限なし" and ws["A6"].value is None  # undated last



def test_a_file_name_that_is_not_utf8_is_kept_readable():
    import os

    from jukidesk.base.files import readable_name
    from jukidesk.exchange.distribution import FolderImport, Rejected

    name = Path(os.fsdecode(b"/tmp/\x82\xa0_2014.xlsx"))  # Shift_JIS bytes on disk
    assert readable_name(name) == "\ufffd\ufffd_2014.xlsx"
    outcome = FolderImport(rejected=[Rejected(name.name, ("理由",))], ignored=[readable_name(name)])
    assert all(line.encode("utf-8") for line in outcome.lines())  # printable, storable
