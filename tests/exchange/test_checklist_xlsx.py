"""The checklist Excel round-trip: export, fill as a person would with openpyxl, import.

Every kind of bad file is refused with a message that names the file, sheet and cell, and
the database is byte-for-byte unchanged (SQL dump before and after)."""

from __future__ import annotations

import json
import shutil
import zipfile
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

from jukidesk.base.progress import Cancelled, Progress
from jukidesk.cli import main
from jukidesk.core.scoring import checklist_score, format_score, mean
from jukidesk.exchange.checklist_xlsx import (
    MAIN_SHEET,
    META_KEYS,
    META_SHEET,
    SIGNATURE_KEY,
    export_checklists,
    meta_signature,
    plan_import,
)
from jukidesk.storage.database import open_database
from tests.conftest import sql_dump

# ---------------------------------------------------------------------------------------
# helpers: a person filling the form, and someone tampering with it


def export(db_path: Path, out: Path, *, fy=2014, kind="self", code: str | None = None) -> list[Path]:
    args = ["checklist", "export", "--db", str(db_path), "--fy", str(fy), "--kind", kind, "--out", str(out)]
    if code:
        args += ["--institution", code]
    assert main(args) == 0
    return sorted(out.glob("*.xlsx"))


def item_rows(ws) -> dict[str, int]:
    """Item number → row, read from the form as a person sees it."""
    return {
        ws[f"A{r}"].value: r
        for r in range(7, ws.max_row + 1)
        if ws[f"A{r}"].value and ws[f"D{r}"].protection.locked is False
    }


def fill(path: Path, scores: dict[str, object] | None = None, *, default=3, remarks=None, by="記入 太郎") -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[MAIN_SHEET]
    scores, remarks = scores or {}, remarks or {}
    for number, row in item_rows(ws).items():
        ws[f"D{row}"].value = scores.get(number, default)
        if number in remarks:
            ws[f"E{row}"].value = remarks[number]
    ws["B4"].value = by
    wb.save(path)


def workbook_key(db_path: Path) -> bytes:
    import sqlite3

    con = sqlite3.connect(db_path)
    try:
        return bytes.fromhex(con.execute("SELECT value FROM setting WHERE key = 'checklist_workbook_key'").fetchone()[0])
    finally:
        con.close()


def edit_meta(path: Path, changes: dict[str, str], *, db: Path | None = None) -> None:
    """Change metadata rows; with ``db`` the book is signed again with that file's key (as if
    jukidesk itself had written the changed metadata), so a deeper check is reached."""
    wb = openpyxl.load_workbook(path)
    ws = wb[META_SHEET]
    rows = {ws[f"A{r}"].value: r for r in range(1, ws.max_row + 1)}
    for key, value in changes.items():
        ws[f"B{rows[key]}"].value = value
    if db is not None:
        meta = {key: str(ws[f"B{rows[key]}"].value or "") for key in META_KEYS}
        ws[f"B{rows[SIGNATURE_KEY]}"].value = meta_signature(meta, workbook_key(db))
    wb.save(path)


def meta_row(path: Path, key: str) -> int:
    ws = openpyxl.load_workbook(path)[META_SHEET]
    return next(r for r in range(1, ws.max_row + 1) if ws[f"A{r}"].value == key)


def run_import(db_path: Path, *files: Path, extra=()) -> int:
    return main(["checklist", "import", "--db", str(db_path), *map(str, files), *extra])


@pytest.fixture
def saku(demo_path, tmp_path) -> Path:
    """The FY2014 self-inspection form of 佐久地方事務所 (code 201), freshly exported."""
    (path,) = export(demo_path, tmp_path / "out", code="201")
    assert path.name == "2014_自己点検_佐久地方事務所.xlsx"
    return path


def refused(demo_path, capsys, *files, extra=()) -> str:
    """Import must fail (exit 1) and leave the database exactly as it was."""
    before = sql_dump(demo_path)
    assert run_import(demo_path, *files, extra=extra) == 1
    err = capsys.readouterr().err
    assert "何も取り込んでいません" in err
    assert sql_dump(demo_path) == before
    return err


# ---------------------------------------------------------------------------------------
# the round trip


def test_round_trip_averages_in_summary_match_the_scores_written(demo_path, tmp_path, capsys):
    files = export(demo_path, tmp_path / "out")
    assert len(files) == 19
    written: dict[str, list[int | None]] = {}
    for index, path in enumerate(files):
        # every institution answers differently: a few 2s and 1s (with remarks), one 該当なし
        ws = openpyxl.load_workbook(path)[MAIN_SHEET]
        numbers = list(item_rows(ws))
        low = {numbers[(index * 7 + k) % len(numbers)]: (1 if k == 0 else 2) for k in range(index % 4)}
        na = numbers[(index * 3 + 11) % len(numbers)]
        scores = {**low, na: "該当なし"}
        fill(path, scores, remarks={n: "改善予定あり" for n in low})
        written[path.name] = [None if n == na else low.get(n, 3) for n in numbers]
    capsys.readouterr()
    assert run_import(demo_path, tmp_path / "out") == 0  # a folder stands for its .xlsx files
    assert "取り込みました: 19 ファイル" in capsys.readouterr().out
    expected = mean(checklist_score(scores) for scores in written.values())
    assert main(["summary", "--db", str(demo_path), "--fy", "2014", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["self"] == {"institutions": 19, "average": format_score(expected)}
    assert expected != 3  # the test would not notice a wrong average otherwise
    # importing the same files again changes nothing
    before = sql_dump(demo_path)
    assert run_import(demo_path, *files) == 0
    assert "変更のあったチェックリスト 0 件" in capsys.readouterr().out
    assert sql_dump(demo_path) == before


def test_the_form_is_protected_and_print_ready(saku):
    wb = openpyxl.load_workbook(saku)
    ws = wb[MAIN_SHEET]
    assert wb.security.lockStructure
    assert ws.protection.sheet
    assert wb[META_SHEET].sheet_state == "veryHidden" and wb[META_SHEET].protection.sheet
    rows = item_rows(ws)
    assert len(rows) == 50
    row = rows["1-1"]
    assert ws[f"B{row}"].protection.locked and ws[f"C{row}"].protection.locked
    assert not ws[f"E{row}"].protection.locked and ws[f"B{row}"].alignment.wrap_text
    assert ws[f"C{row}"].value == "3"  # FY2013's answer, shown read-only
    (validation,) = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert validation.formula1 == '"1,2,3,該当なし"' and validation.showErrorMessage
    assert validation.errorTitle and "該当なし" in validation.error
    assert f"D{min(rows.values())}" in str(validation.sqref)
    assert "3 = 実施" in validation.prompt  # score meanings from the settings
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$6:$6"
    assert "&P" in ws.oddFooter.center.text
    assert ws["B2"].value == "平成26年度（2014年度）" and ws["E2"].value == "自己点検"
    assert ws["B3"].value == "佐久地方事務所地域政策課"
    assert not ws["B4"].protection.locked and not ws["E3"].protection.locked


def test_text_a_user_typed_is_written_as_text_never_as_a_formula(demo_db, tmp_path):
    from sqlalchemy import select

    from jukidesk.core.checklists import Entry, find_checklist, load_sheet, save_answer, set_cover
    from jukidesk.storage.models import Institution

    with demo_db.transaction() as session:
        inst = session.scalars(select(Institution).where(Institution.code == "201")).one()
        item = load_sheet(session, 2014, "self", inst.id).items[0]
        save_answer(session, 2014, "self", inst.id, item.item_id, Entry(2, remark="=HYPERLINK(\"x\")"))
        set_cover(session, find_checklist(session, 2014, "self", inst.id), "+81 担当", None)
    with demo_db.session() as session:
        (path,) = export_checklists(session, 2014, "self", tmp_path, institution_code="201")
    ws = openpyxl.load_workbook(path)[MAIN_SHEET]
    row = item_rows(ws)[item.number]
    for ref in (f"E{row}", "B4"):
        assert ws[ref].data_type == "s" and ws[ref].quotePrefix
    assert ws[f"E{row}"].value == '=HYPERLINK("x")' and ws[f"D{row}"].value == 2


def test_export_cancelled_leaves_no_files(demo_db, tmp_path):
    progress = Progress()

    def cancel_after_three(done, total, label):
        if done == 3:
            progress.cancel()

    progress._callback = cancel_after_three
    with demo_db.session() as session:
        with pytest.raises(Cancelled):
            export_checklists(session, 2014, "self", tmp_path / "out", progress=progress)
    assert list((tmp_path / "out").iterdir()) == []  # no workbook, no half-written .part file


def test_import_cancelled_changes_nothing(demo_path, saku):
    fill(saku)
    before = sql_dump(demo_path)
    progress = Progress()
    progress.cancel()
    db = open_database(demo_path)
    try:
        with pytest.raises(Cancelled):
            with db.transaction() as session:
                plan_import(session, [saku], progress=progress)
    finally:
        db.close()
    assert sql_dump(demo_path) == before


def test_audit_kind_exports_the_audited_institutions(demo_path, tmp_path):
    files = export(demo_path, tmp_path / "out", fy=2014, kind="internal")
    assert [p.name for p in files] == sorted(
        ["2014_内部監査_職員課.xlsx", "2014_内部監査_税務課.xlsx", "2014_内部監査_建築指導課.xlsx"]
    )
    ws = openpyxl.load_workbook(files[0])[MAIN_SHEET]
    assert "10-1" not in item_rows(ws)  # a self-inspection-only item


# ---------------------------------------------------------------------------------------
# stored answers: identical, different (--replace), completed


def test_a_file_that_would_overwrite_stored_answers_is_refused_unless_replace(demo_path, saku, capsys):
    fill(saku)
    assert run_import(demo_path, saku) == 0
    fill(saku, {"2-1": 2}, remarks={"2-1": "手順書の改訂が遅れている"})
    err = refused(demo_path, capsys, saku)
    row = item_rows(openpyxl.load_workbook(saku)[MAIN_SHEET])["2-1"]
    assert f"シート「チェックリスト」 セル D{row}" in err and "--replace" in err
    assert run_import(demo_path, saku, extra=["--replace"]) == 0
    capsys.readouterr()
    assert main(["checklist", "status", "--db", str(demo_path), "--fy", "2014", "--kind", "self", "--json"]) == 0
    status = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert status["201"]["status"] == "complete"
    assert status["201"]["score"] == format_score(Fraction(49 * 3 + 2, 50))


def test_a_partly_filled_file_adds_to_what_is_stored(demo_path, saku, capsys):
    wb = openpyxl.load_workbook(saku)
    ws = wb[MAIN_SHEET]
    rows = item_rows(ws)
    ws[f"D{rows['1-1']}"].value = 3
    wb.save(saku)
    assert run_import(demo_path, saku) == 0
    fill(saku)  # now everything, 1-1 still 3
    assert run_import(demo_path, saku) == 0
    out = capsys.readouterr().out
    assert "新規 49 項目" in out and "完了にする" in out
    # completed from the answers stored before plus the ones just written (not reloaded)
    assert main(["checklist", "status", "--db", str(demo_path), "--fy", "2014", "--kind", "self", "--json"]) == 0
    status = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert status["201"]["status"] == "complete" and status["201"]["answered"] == 50


def test_under_three_without_remark_is_a_warning_and_the_checklist_stays_open(demo_path, saku, capsys):
    fill(saku, {"4-3": 2})
    assert run_import(demo_path, saku) == 0
    captured = capsys.readouterr()
    row = item_rows(openpyxl.load_workbook(saku)[MAIN_SHEET])["4-3"]
    assert "[警告]" in captured.err and f"セル E{row}" in captured.err and "備考" in captured.err
    assert "入力中のまま" in captured.out
    assert main(["checklist", "status", "--db", str(demo_path), "--fy", "2014", "--kind", "self", "--json"]) == 0
    status = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert status["201"]["status"] == "open" and status["201"]["answered"] == 50
    assert status["201"]["missing_remarks"] == 1  # counted in 入力済, shown apart


def test_a_completed_checklist_is_not_changed_without_replace(demo_path, tmp_path, capsys):
    # FY2013 self-inspections are complete in the demo; re-export one and change a remark
    (path,) = export(demo_path, tmp_path / "out", fy=2013, code="101")
    fill(path, remarks={"1-1": "追記"})
    err = refused(demo_path, capsys, path)
    assert "完了済み" in err


# ---------------------------------------------------------------------------------------
# bad files, one test per kind


def test_not_a_workbook(demo_path, tmp_path, capsys):
    path = tmp_path / "2014_自己点検_佐久地方事務所.xlsx"
    path.write_text("これは Excel ではありません", encoding="utf-8")
    err = refused(demo_path, capsys, path)
    assert f"{path.name}: Excel ブックとして読み込めません" in err


def test_a_broken_workbook(demo_path, saku, capsys):
    data = saku.read_bytes()
    saku.write_bytes(data[: len(data) // 2])
    err = refused(demo_path, capsys, saku)
    assert saku.name in err and "読み込めません" in err


def test_a_macro_workbook_is_refused(demo_path, saku, capsys):
    xlsm = saku.with_suffix(".xlsm")
    shutil.copy(saku, xlsm)
    err = refused(demo_path, capsys, xlsm)
    assert "マクロ" in err and xlsm.name in err
    # and a VBA project smuggled into a file named .xlsx
    with zipfile.ZipFile(saku, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\0" * 100)
    err = refused(demo_path, capsys, saku)
    assert "マクロ" in err


def test_a_zip_bomb_is_refused_before_it_is_inflated(demo_path, saku, capsys):
    with zipfile.ZipFile(saku, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (4 * 1024 * 1024))
    err = refused(demo_path, capsys, saku)
    assert "zip 爆弾" in err


def test_the_metadata_sheet_is_missing(demo_path, saku, capsys):
    wb = openpyxl.load_workbook(saku)
    del wb[META_SHEET]
    wb.save(saku)
    err = refused(demo_path, capsys, saku)
    assert f"シート「{META_SHEET}」" in err and "隠しシート" in err


def test_tampered_metadata_fails_the_checksum(demo_path, saku, capsys):
    fill(saku)
    edit_meta(saku, {"fy": "2013"})  # without the key, the checksum cannot be made again
    err = refused(demo_path, capsys, saku)
    assert f"セル B{meta_row(saku, SIGNATURE_KEY)}" in err and "改変" in err


def test_unknown_institution(demo_path, saku, capsys):
    fill(saku)
    edit_meta(saku, {"institution_code": "999"}, db=demo_path)
    err = refused(demo_path, capsys, saku)
    assert f"セル B{meta_row(saku, 'institution_code')}" in err and "999" in err


def test_institution_not_valid_in_that_year(demo_path, saku, capsys):
    fill(saku)
    edit_meta(saku, {"fy": "2001"}, db=demo_path)
    err = refused(demo_path, capsys, saku)
    assert f"セル B{meta_row(saku, 'institution_code')}" in err and "2001年度の機関台帳にありません" in err


def test_a_different_year_or_kind_than_the_command_expects(demo_path, saku, capsys):
    fill(saku)
    err = refused(demo_path, capsys, saku, extra=["--fy", "2015"])
    assert f"セル B{meta_row(saku, 'fy')}" in err and "2015年度" in err
    err = refused(demo_path, capsys, saku, extra=["--kind", "internal"])
    assert f"セル B{meta_row(saku, 'kind')}" in err and "内部監査" in err


def test_a_different_template_version(demo_path, saku, capsys):
    fill(saku)
    # the clerk changes the template for FY2014 after sending the forms out
    out = saku.parent.parent / "t.xlsx"
    assert main(["template", "export", "--db", str(demo_path), "--out", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    wb.active["C4"].value = "変更された項目"
    wb.save(out)
    assert main(["template", "import", "--db", str(demo_path), str(out), "--from-fy", "2014"]) == 0
    err = refused(demo_path, capsys, saku)
    assert f"セル B{meta_row(saku, 'template_version')}" in err and "版が違います" in err


def test_a_changed_item_list(demo_path, saku, capsys):
    fill(saku)
    edit_meta(saku, {"items_sha256": "0" * 64}, db=demo_path)
    err = refused(demo_path, capsys, saku)
    assert f"セル B{meta_row(saku, 'items_sha256')}" in err and "チェックサム" in err


def test_a_changed_item_text(demo_path, saku, capsys):
    fill(saku)
    wb = openpyxl.load_workbook(saku)
    ws = wb[MAIN_SHEET]
    row = item_rows(ws)["3-1"]
    ws[f"B{row}"].value = "書き換えた文言"
    wb.save(saku)
    err = refused(demo_path, capsys, saku)
    assert f"セル B{row}" in err and "3-1" in err


def test_a_missing_item_row(demo_path, saku, capsys):
    fill(saku)
    wb = openpyxl.load_workbook(saku)
    ws = wb[MAIN_SHEET]
    ws.delete_rows(item_rows(ws)["5-2"])
    wb.save(saku)
    err = refused(demo_path, capsys, saku)
    assert "セル A列" in err and "項目 5-2 の行がありません" in err


def test_a_duplicated_item_row(demo_path, saku, capsys):
    fill(saku)
    wb = openpyxl.load_workbook(saku)
    ws = wb[MAIN_SHEET]
    rows = item_rows(ws)
    ws[f"A{rows['6-2']}"].value = "6-1"
    wb.save(saku)
    err = refused(demo_path, capsys, saku)
    assert f"セル A{rows['6-2']}" in err and "重複" in err and "6-2 の行がありません" in err


@pytest.mark.parametrize("value", [4, 0, "x", "3点", 2.5])
def test_a_value_outside_the_choices(demo_path, saku, capsys, value):
    fill(saku, {"7-1": value})
    row = item_rows(openpyxl.load_workbook(saku)[MAIN_SHEET])["7-1"]
    err = refused(demo_path, capsys, saku)
    assert f"シート「チェックリスト」 セル D{row}" in err and "1、2、3、該当なし" in err


def test_a_formula_where_a_value_belongs(demo_path, saku, capsys):
    fill(saku, {"8-1": "=1+2"}, remarks={"8-2": "=A1"})
    wb = openpyxl.load_workbook(saku)
    wb[MAIN_SHEET]["E3"].value = "=TODAY()"
    wb.save(saku)
    rows = item_rows(openpyxl.load_workbook(saku)[MAIN_SHEET])
    err = refused(demo_path, capsys, saku)
    for cell in (f"D{rows['8-1']}", f"E{rows['8-2']}", "E3"):
        assert f"セル {cell}: 数式は入力できません" in err


def test_a_bad_date(demo_path, saku, capsys):
    fill(saku)
    wb = openpyxl.load_workbook(saku)
    wb[MAIN_SHEET]["E3"].value = "六月ごろ"
    wb.save(saku)
    err = refused(demo_path, capsys, saku)
    assert "セル E3" in err and "記入日" in err


def test_the_same_institution_twice_in_one_batch(demo_path, saku, capsys):
    fill(saku)
    copy = saku.with_name("コピー.xlsx")
    shutil.copy(saku, copy)
    err = refused(demo_path, capsys, saku, copy)
    assert "2つ指定" in err and saku.name in err


def test_one_bad_file_stops_the_whole_batch_and_every_error_is_listed(demo_path, tmp_path, capsys):
    files = export(demo_path, tmp_path / "out")
    for path in files:
        fill(path)
    fill(files[0], {"1-1": 9})
    fill(files[1], {"1-2": "=1"})
    err = refused(demo_path, capsys, *files)
    assert files[0].name in err and files[1].name in err
    assert "エラーが 2 件" in err
